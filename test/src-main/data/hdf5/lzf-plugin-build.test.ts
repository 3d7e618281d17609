import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..', '..');
const hasClang = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v clang && command -v wasm-ld'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// The committed plugin must be what its source builds to, so a reviewer can trust the binary (as check:kernels does).
describe.skipIf(!hasClang)('LZF plugin build', () => {
  it('rebuilds byte-identical to the committed liblzf_filter.so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lzf-plugin-'));
    try {
      const out = join(dir, 'liblzf_filter.so');
      execFileSync('bash', [join(root, 'scripts', 'build-hdf5-plugins.sh'), out], { cwd: root, stdio: 'ignore' });
      expect(readFileSync(out).equals(readFileSync(join(root, 'src-main', 'data', 'hdf5', 'hdf5-plugins', 'liblzf_filter.so')))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
