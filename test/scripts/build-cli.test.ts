import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliBuildManifest } from '../../scripts/build-cli.ts';
import { SHARED_DATA } from '../shared-data.ts';

const root = path.resolve(import.meta.dirname, '../..');
// A copy beside dist/cli (same depth, so repository-relative URLs hold): tests running bin/pathreg.mjs meanwhile
// keep a whole dist/cli.
const out = path.join(root, 'dist', `cli-test-${process.pid}`);
const HSMM = path.join(SHARED_DATA, 'hsmm', 'hsmm.h5ad');
const DYN_LI = path.join(SHARED_DATA, 'beeline-dev', 'dyn-LI_2000_0');

let scratch: string;

/**
 * Runs the bundled CLI's main() in a fresh Node, as bin/pathreg.mjs does with a fresh bundle (from a script file:
 * workers inherit `node -e`'s --input-type and then refuse to start).
 */
function runBundled(args: string[]): { stdout: string; stderr: string } {
  const runner = path.join(scratch, 'run-bundled.mjs');
  try {
    const stdout = execFileSync(process.execPath, [runner, ...args], { cwd: scratch, encoding: 'utf8', stdio: 'pipe' });
    return { stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    throw new Error(`bundled pathreg ${args.join(' ')} exited with ${e.status}: ${e.stderr}`, { cause: error });
  }
}

/** Starts a bundled worker entry as the app does and returns its first message. */
function firstMessage(entry: string, payload: unknown): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(pathToFileURL(path.join(out, entry)), { workerData: { entry: '', payload } });
    worker.once('message', (message) => {
      void worker.terminate();
      resolve(message);
    });
    worker.once('error', reject);
  });
}

beforeAll(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'pathreg-build-cli-'));
  const main = JSON.stringify(pathToFileURL(path.join(out, 'main.mjs')).href);
  await writeFile(
    path.join(scratch, 'run-bundled.mjs'),
    `const { main } = await import(${main});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  execFileSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-cli.ts', '--out', out], {
    cwd: root,
    stdio: 'pipe',
  });
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
  await rm(out, { recursive: true, force: true });
});

/** npm's prepare step builds this; bin/pathreg.mjs runs it instead of compiling TypeScript at every start. */
describe('npm run build:cli', () => {
  it('bundles the CLI and the three workers, and records every source file with its size and time', () => {
    for (const file of ['main.mjs', 'training-worker.mjs', 'dataset-worker.mjs', 'reader-worker.mjs', 'perturbation-worker.mjs']) {
      expect(existsSync(path.join(out, file)), file).toBe(true);
    }
    const manifest = JSON.parse(readFileSync(path.join(out, 'build-manifest.json'), 'utf8')) as CliBuildManifest;
    const inputs = manifest.inputs.map((input) => input.path);
    expect(inputs).toContain('src-main/cli/main.ts');
    expect(inputs).toContain('src-main/data/reader-worker.ts');
    expect(inputs).toContain('src-main/jobs/training-worker.ts');
    expect(inputs.every((input) => !input.includes('node_modules'))).toBe(true);
  });

  it('`--help` and the inspect of a CSV and an h5ad run from the bundle (the reader worker is the bundled one)', async () => {
    expect(runBundled(['--help']).stdout).toMatch(/Commands:\n {2}fit/);
    const csv = path.join(scratch, 'small.csv');
    await writeFile(csv, 'cell,GATA1,SPI1\nc1,1,2\nc2,3,4\n');
    expect(JSON.parse(runBundled(['inspect', csv]).stdout)).toMatchObject({ format: 'csv', cells: 2, genes: 2 });
    expect(JSON.parse(runBundled(['inspect', HSMM]).stdout)).toMatchObject({ format: 'h5ad', cells: 271 });
  });

  it('fit finds the wasm kernels and the bundled TF lists from dist/cli', () => {
    const runOut = path.join(scratch, 'fit');
    // The bundled mouse list is found (its genes do not match BoolODE's g1…g7: the message names it).
    expect(() => runBundled(['fit', '--data', DYN_LI, '--iterations', '2', '--tf-list', 'mouse', '--out', runOut])).toThrow(
      /The TF list "mouse" \(1479 symbols/,
    );
    runBundled(['fit', '--data', DYN_LI, '--iterations', '2', '--hidden', '8', '--engine', 'wasm', '--out', runOut]);
    const metrics = JSON.parse(readFileSync(path.join(runOut, 'metrics.json'), 'utf8')) as { engine: string; train_mse: number };
    expect(metrics.engine).toBe('wasm');
    expect(Number.isFinite(metrics.train_mse)).toBe(true);
  });

  it('the bundled dataset and training workers start and answer', async () => {
    const described = (await firstMessage('dataset-worker.mjs', HSMM)) as { ok: boolean; info: { cells: number } };
    expect(described).toMatchObject({ ok: true, info: { cells: 271 } });
    // A job without a data set is refused with a message: the worker loaded its engines and pipeline and runs.
    const refused = (await firstMessage('training-worker.mjs', {})) as { type: string };
    expect(refused.type).toBe('failed');
  });
});
