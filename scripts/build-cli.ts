/**
 * Bundles the command line, the browser-shell server and the worker threads into dist/cli/ with esbuild, so that
 * `pathreg` starts from plain JavaScript instead of compiling TypeScript through tsx at every start (and again in
 * every worker). npm runs this as the package's own `prepare` step on `npm install` / `npm ci`;
 * bin/pathreg.mjs uses the bundle only while dist/cli/build-manifest.json says every source file is unchanged.
 *
 *   npm run build:cli
 *   npx tsx scripts/build-cli.ts --out dist/cli-copy   # another folder; it must sit two levels below the root
 *
 * npm packages stay external (they ship in node_modules). Source code that locates a file with
 * `new URL('./relative', import.meta.url)` is rewritten so the URL still reaches the same file from dist/cli/,
 * and worker entries (`./training-worker.ts`) point at their bundled `.mjs` beside the chunks.
 */
import { build, type Plugin } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_OUT = path.join(root, 'dist', 'cli');

/** Every module started as its own thread or process, bundled as an entry of its own: output name → source. */
const ENTRIES: Record<string, string> = {
  main: 'src-main/cli/main.ts',
  'training-worker': 'src-main/jobs/training-worker.ts',
  'dataset-worker': 'src-main/jobs/dataset-worker.ts',
  'reader-worker': 'src-main/data/reader-worker.ts',
  'perturbation-worker': 'src-main/jobs/perturbation-worker.ts',
};
const WORKER_OUTPUT = new Map(Object.entries(ENTRIES).map(([name, source]) => [path.join(root, source), `./${name}.mjs`]));

/** What bin/pathreg.mjs checks before trusting the bundle: each source file's size and modification time. */
export interface CliBuildManifest {
  builtAt: string;
  inputs: Array<{ path: string; size: number; mtimeMs: number }>;
}

const RELATIVE_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g;
// reader-worker.ts starts itself as the worker (`new URL(import.meta.url)`); in the bundle, "itself" is its entry.
const SELF_URL = /new URL\(\s*import\.meta\.url\s*\)/;

/** Rewrites file URLs relative to a source file so they resolve from the output folder to the same place. */
function relocateUrls(out: string): Plugin {
  return {
    name: 'relocate-import-meta-urls',
    setup(esbuild) {
      esbuild.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.includes(`${path.sep}node_modules${path.sep}`)) return undefined;
        const original = readFileSync(args.path, 'utf8');
        if (!original.includes('import.meta.url')) return undefined;
        let contents = original.replace(RELATIVE_URL, (_match, _quote: string, relative: string) => {
          const target = path.resolve(path.dirname(args.path), relative);
          let rewritten = WORKER_OUTPUT.get(target);
          if (!rewritten) {
            if (target.endsWith('.ts')) {
              throw new Error(
                `${path.relative(root, args.path)} starts ${relative} by URL, which is not an entry of scripts/build-cli.ts: add it to ENTRIES.`,
              );
            }
            rewritten = path.relative(out, target).split(path.sep).join('/') + (relative.endsWith('/') ? '/' : '');
            if (!rewritten.startsWith('.')) rewritten = `./${rewritten}`;
          }
          return `new URL(${JSON.stringify(rewritten)}, import.meta.url)`;
        });
        const selfOutput = WORKER_OUTPUT.get(args.path);
        if (SELF_URL.test(contents)) {
          if (!selfOutput)
            throw new Error(`${path.relative(root, args.path)} starts itself as a worker but is not an entry of build-cli.ts.`);
          contents = contents.replace(new RegExp(SELF_URL.source, 'g'), `new URL(${JSON.stringify(selfOutput)}, import.meta.url)`);
        }
        return { contents, loader: 'ts' };
      });
    },
  };
}

/**
 * Builds into `out` (default dist/cli; the tests build a copy beside it, at the same depth, so that URLs relative to
 * the repository stay right and a running `pathreg` never sees a half-written dist/cli).
 */
export async function buildCli(out: string = CLI_OUT): Promise<CliBuildManifest> {
  // Chunk names carry content hashes: chunks of an earlier build must not stay beside the new ones.
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, source]) => [name, path.join(root, source)])),
    absWorkingDir: root,
    outdir: out,
    outExtension: { '.js': '.mjs' },
    // Every chunk in the one folder, so that import.meta.url-relative paths are the same from each of them.
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    metafile: true,
    plugins: [relocateUrls(out)],
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs)
    .filter((input) => !input.includes('node_modules/'))
    .sort()
    .map((input) => {
      const stat = statSync(path.join(root, input));
      return { path: input, size: stat.size, mtimeMs: stat.mtimeMs };
    });
  const manifest: CliBuildManifest = { builtAt: new Date().toISOString(), inputs };
  writeFileSync(path.join(out, 'build-manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = performance.now();
  const outIndex = process.argv.indexOf('--out');
  const out = outIndex >= 0 ? path.resolve(process.argv[outIndex + 1]) : CLI_OUT;
  if (path.relative(root, path.dirname(path.dirname(out))) !== '') {
    process.stderr.write(`--out must be a folder two levels below the repository root (like dist/cli), got ${out}.\n`);
    process.exit(2);
  }
  buildCli(out)
    .then((manifest) => {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(
        `Bundled the command line, server and workers into ${path.relative(root, out)}/ in ${seconds} s (${manifest.inputs.length} source files).\n`,
      );
    })
    .catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    });
}
