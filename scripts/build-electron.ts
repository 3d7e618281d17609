/**
 * Bundles the desktop app's Node side with esbuild: main (CommonJS, as package.json "main" says), the sandboxed
 * preload (CommonJS, everything inlined: a sandboxed preload can require only "electron"), and the worker
 * entries (ESM). npm packages stay external for main and workers; they ship in node_modules.
 */
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'dist', 'electron');

// Chunk names carry content hashes: stale chunks from an earlier build must not ship beside the new ones.
rmSync(out, { recursive: true, force: true });

// Code that locates files with import.meta.url keeps working in the CommonJS bundle.
const importMetaShim = { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" };

await build({
  entryPoints: [path.join(root, 'src-main/electron/main.ts')],
  outfile: path.join(out, 'main.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  packages: 'external',
  external: ['electron'],
  banner: importMetaShim,
  define: { 'import.meta.url': '__importMetaUrl' },
  sourcemap: true,
  logLevel: 'warning',
});

await build({
  entryPoints: [path.join(root, 'src-main/electron/preload.ts')],
  outfile: path.join(out, 'preload.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'chrome130',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});

await build({
  entryPoints: {
    'training-worker': path.join(root, 'src-main/jobs/training-worker.ts'),
    'dataset-worker': path.join(root, 'src-main/jobs/dataset-worker.ts'),
    'perturbation-worker': path.join(root, 'src-main/jobs/perturbation-worker.ts'),
  },
  outdir: out,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

// The fused engines find their binaries next to the bundle that imports them (wasm-kernels.ts, native-addon.ts).
copyFileSync(path.join(root, 'src-main/engine/wasm/pathreg-kernels.wasm'), path.join(out, 'pathreg-kernels.wasm'));
// HDF5's LZF filter plugin (anndata's compression='lzf'), found next to the bundle that imports h5wasm-loader.ts.
mkdirSync(path.join(out, 'hdf5-plugins'), { recursive: true });
for (const f of readdirSync(path.join(root, 'src-main/data/hdf5/hdf5-plugins')).filter((name) => name.endsWith('.so'))) {
  copyFileSync(path.join(root, 'src-main/data/hdf5/hdf5-plugins', f), path.join(out, 'hdf5-plugins', f));
}
const nativeBuild = path.join(root, 'src-main/engine/kernels/build/native/build/Release');
const nativeFiles = existsSync(nativeBuild) ? readdirSync(nativeBuild).filter((f) => f.endsWith('.node')) : [];
if (nativeFiles.length) {
  mkdirSync(path.join(out, 'native'), { recursive: true });
  for (const f of nativeFiles) copyFileSync(path.join(nativeBuild, f), path.join(out, 'native', f));
}
const nativeNote = nativeFiles.length
  ? `native engine ${nativeFiles.join(', ')}`
  : 'no native engine (run npm run build:native first to ship it)';
process.stdout.write(`Bundled main, preload and workers into ${path.relative(root, out)}/ with the wasm kernels; ${nativeNote}\n`);
