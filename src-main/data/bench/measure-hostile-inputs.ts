/**
 * Time and memory to refuse the inputs issue 15's probe used to exhaust the machine, each opened as `inspect` and
 * `fit` open them (summary, then the data set). Prints one JSON line per file.
 *
 *   npx tsx src-main/data/bench/measure-hostile-inputs.ts [FILE …]
 *
 * Without arguments: the committed fixtures (an h5ad declaring 100 million cells, a loom declaring 1e6 × 1e6, a
 * 1 GiB chunk) and a gzip line bomb written to the temp folder (1 MB inflating to 1 GiB on one line).
 * Memory is the growth of resident memory over what the process held once h5wasm was loaded (under tsx that base is
 * several hundred MB: tsx transforms h5wasm's 4 MB module), sampled every 10 ms while the file is read.
 */
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { loadH5wasm } from '../hdf5/h5wasm-loader.ts';
import { inspectDataset, openDataset } from '../open-dataset.ts';

async function writeLineBomb(path: string): Promise<void> {
  const gzip = createGzip({ level: 9 });
  const out = createWriteStream(path);
  gzip.pipe(out);
  gzip.write('cell,Gata1\nc1,');
  const piece = Buffer.alloc(16 * 1024 ** 2, 0x30);
  for (let i = 0; i < 64; i++) if (!gzip.write(piece)) await new Promise<void>((resolve) => gzip.once('drain', () => resolve()));
  gzip.end();
  await new Promise<void>((resolve) => out.on('close', () => resolve()));
}

async function measure(path: string): Promise<void> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const started = performance.now();
  let outcome = 'read';
  try {
    await inspectDataset(path);
    (await openDataset(path)).close();
  } catch (error) {
    outcome = error instanceof Error ? error.message : String(error);
  }
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage().rss);
  const ms = Math.round(performance.now() - started);
  process.stdout.write(`${JSON.stringify({ file: path, ms, growthMB: Math.round((peak - base) / 1024 ** 2), outcome })}\n`);
}

await loadH5wasm();
const temp = mkdtempSync(join(tmpdir(), 'hostile-inputs-'));
try {
  let files = process.argv.slice(2);
  if (files.length === 0) {
    const fixtures = join(import.meta.dirname, '..', '..', '..', 'test', 'src-main', 'data', 'hdf5', 'fixtures');
    const bomb = join(temp, 'line-bomb-1gib.csv.gz');
    await writeLineBomb(bomb);
    files = [
      join(fixtures, 'h5ad-declares-1e8-cells.h5ad'),
      join(fixtures, 'loom-declares-1e6-by-1e6.loom'),
      join(fixtures, 'h5py-1gib-chunk.h5ad'),
      bomb,
    ];
  }
  for (const file of files) await measure(file);
} finally {
  rmSync(temp, { recursive: true, force: true });
}
