/**
 * Bundles the renderer (React app, views, figures) with esbuild into dist/renderer/: index.html with a strict
 * Content-Security-Policy meta tag, app.js (one ES module, no eval) and app.css. The same folder is loaded by the
 * Electron window and served by the browser shell.
 *
 *   npm run build:renderer            # minified production bundle
 *   npm run build:renderer -- --dev   # readable bundle with inline source maps
 *   npm run build:renderer -- --out DIR
 *   npm run build:renderer -- --names  # minified, but functions keep their names (readable CPU profiles)
 */
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { contentSecurityPolicy } from '../src-shared/content-security-policy.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const source = path.join(root, 'src-renderer');
const outIndex = process.argv.indexOf('--out');
const out = outIndex >= 0 ? path.resolve(process.argv[outIndex + 1]) : path.join(root, 'dist', 'renderer');
const dev = process.argv.includes('--dev');
const keepNames = process.argv.includes('--names');

/** The app's one policy (src-shared/content-security-policy.ts), in the page itself as well as in the headers. */
export const RENDERER_CSP = contentSecurityPolicy({ asMetaTag: true });

async function main(): Promise<void> {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const started = performance.now();
  const result = await build({
    entryPoints: [path.join(source, 'main.tsx')],
    outfile: path.join(out, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome120'],
    jsx: 'automatic',
    minifyWhitespace: !dev,
    minifySyntax: !dev,
    // Mangled names make a CPU profile unreadable; --names keeps them (the code runs the same).
    minifyIdentifiers: !dev && !keepNames,
    sourcemap: dev ? 'inline' : false,
    legalComments: 'linked',
    define: { 'process.env.NODE_ENV': JSON.stringify(dev ? 'development' : 'production') },
    metafile: true,
    logLevel: 'warning',
  });
  // Node built-ins must never reach the sandboxed renderer; fail the build if one slipped in.
  const nodeImports = Object.values(result.metafile.outputs).flatMap((output) =>
    output.imports.filter((entry) => entry.external).map((entry) => entry.path),
  );
  if (nodeImports.length)
    throw new Error(
      `The renderer bundle imports Node or external modules: ${nodeImports.join(', ')}. The renderer runs sandboxed without Node.`,
    );
  await copyFile(path.join(source, 'styles.css'), path.join(out, 'app.css'));
  const template = await readFile(path.join(source, 'index.html'), 'utf8');
  if (!template.includes('<!-- CSP_META -->')) throw new Error('src-renderer/index.html lost its <!-- CSP_META --> placeholder.');
  await writeFile(
    path.join(out, 'index.html'),
    template.replace('<!-- CSP_META -->', `<meta http-equiv="Content-Security-Policy" content="${RENDERER_CSP}">`),
  );
  const bytes = Object.values(result.metafile.outputs).reduce((sum, output) => sum + output.bytes, 0);
  console.log(
    `Renderer built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${path.relative(root, out)}/ (app.js ${(bytes / 1024).toFixed(0)} KiB${dev ? ', dev' : ''}).`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
