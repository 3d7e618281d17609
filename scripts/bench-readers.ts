/**
 * Times the readers on the large h5ad written by scripts/generate-large-h5ad.ts, through the reader worker as the
 * app uses them, and prints JSON.
 *
 *   npx tsx scripts/bench-readers.ts [PATH] [--genes 2000] [--seed 7]
 *   (default PATH: /tmp/pathreg-large-100000x30000.h5ad)
 *
 * Targets (issue 4): summary ≤ 3 s; 2,000 genes for all cells ≤ 20 s within ≤ 2 GB peak memory. Peak memory is the
 * process's maximum resident set (getrusage), which includes the worker thread and h5wasm's WebAssembly heap.
 */
import { cpus, totalmem } from 'node:os';
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { ReaderWorker } from '../src-main/data/reader-worker.ts';
import { SeededRandom } from '../src-main/engine/model/random.ts';
import { optionNumber, positionalArguments } from './command-line-options.ts';

function seconds(since: number): number {
  return Number(((performance.now() - since) / 1000).toFixed(2));
}

async function main(): Promise<void> {
  const path = positionalArguments()[0] ?? '/tmp/pathreg-large-100000x30000.h5ad';
  const geneCount = optionNumber('genes', 2000);
  const reader = new ReaderWorker({ timeoutMs: 10 * 60_000 });
  try {
    // Worker start-up (tsx + h5wasm compile) is paid once per app session; it is timed apart from the readers.
    let started = performance.now();
    await reader.inspect('/dev/null').catch(() => undefined);
    const workerStart = seconds(started);

    started = performance.now();
    const summary = await reader.inspect(path);
    const summaryTime = seconds(started);

    started = performance.now();
    const dataset = await reader.open(path);
    const openTime = seconds(started);

    // 2,000 distinct genes spread over the whole gene range, from a fixed seed.
    const random = new SeededRandom(optionNumber('seed', 7));
    const chosen = new Set<number>();
    while (chosen.size < Math.min(geneCount, summary.genes)) chosen.add(Math.floor(random.uniform() * summary.genes));
    const genes = [...chosen];
    started = performance.now();
    const block = await dataset.readGenes(genes);
    const readTime = seconds(started);
    let nonZero = 0;
    for (let i = 0; i < block.length; i++) if (block[i] !== 0) nonZero++;
    dataset.close();
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    process.stdout.write(
      `${JSON.stringify(
        {
          file: path,
          file_bytes: statSync(path).size,
          cells: summary.cells,
          genes: summary.genes,
          sparsity: summary.sparsity,
          value_kind: summary.valueKind,
          worker_start_s: workerStart,
          summary_s: summaryTime,
          open_s: openTime,
          open_includes: 'cell and gene names, obs/var columns, SHA-256 of the whole file',
          read_genes: genes.length,
          read_genes_s: readTime,
          block_mb: Math.round(block.byteLength / 1024 ** 2),
          block_non_zero_share: Number((nonZero / block.length).toFixed(4)),
          peak_rss_mb: peakRssMb,
          machine: { cpus: cpus().length, cpu: cpus()[0]?.model, memory_gb: Math.round(totalmem() / 1024 ** 3), node: process.version },
          targets: { summary_s: 3, read_genes_s: 20, peak_rss_mb: 2048 },
          meets_targets: summaryTime <= 3 && readTime <= 20 && peakRssMb <= 2048,
        },
        null,
        2,
      )}\n`,
    );
  } finally {
    await reader.terminate();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
