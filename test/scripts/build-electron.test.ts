import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { EngineFactory } from '../../src-main/engine/engine-interface.ts';

const root = path.resolve(import.meta.dirname, '../..');
const out = path.join(root, 'dist', 'electron');

/** The packaged app runs these bundles, not the TypeScript: they must find the fused engines' binaries. */
describe('npm run build:electron', () => {
  it('bundles main, preload and workers, and ships the wasm kernels the bundled engine can load', async () => {
    execFileSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-electron.ts'], {
      cwd: root,
      stdio: 'pipe',
    });
    for (const file of [
      'main.cjs',
      'preload.cjs',
      'training-worker.mjs',
      'dataset-worker.mjs',
      'perturbation-worker.mjs',
      'pathreg-kernels.wasm',
    ]) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
    const chunks = readdirSync(out).filter((f) => /^wasm-engine-.*\.mjs$/.test(f));
    expect(chunks).toHaveLength(1);
    const bundle = (await import(pathToFileURL(path.join(out, chunks[0])).href)) as Record<string, unknown>;
    const factory = Object.values(bundle).find((v): v is () => EngineFactory => typeof v === 'function' && /Factory/.test(v.name));
    expect(factory, 'the bundled wasm engine exports its factory').toBeDefined();
    const availability = await factory!().availability();
    expect(availability, availability.reason).toMatchObject({ name: 'wasm', available: true });
  });
});
