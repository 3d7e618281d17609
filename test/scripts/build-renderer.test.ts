/**
 * The renderer bundle builds, has a strict CSP with no network origin and no eval, and contains no Node built-ins
 * (the Electron renderer is sandboxed). Runs the real build into a temporary folder (about a second).
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

describe('build-renderer', () => {
  it('writes index.html with a strict CSP, app.js and app.css', async () => {
    const out = await mkdtemp(path.join(os.tmpdir(), 'pathreg-renderer-build-'));
    try {
      await run(process.execPath, ['--import', 'tsx', 'scripts/build-renderer.ts', '--out', out], {
        cwd: path.resolve(import.meta.dirname, '..', '..'),
      });
      const html = await readFile(path.join(out, 'index.html'), 'utf8');
      const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
      expect(html).toContain('<script type="module" src="./app.js"></script>');
      const js = await readFile(path.join(out, 'app.js'), 'utf8');
      expect(js.length).toBeGreaterThan(100_000);
      expect(js).not.toMatch(/require\(["']node:|from ["']node:/);
      expect((await readFile(path.join(out, 'app.css'), 'utf8')).length).toBeGreaterThan(1000);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});
