/**
 * Times the summary of the text formats before and after the streaming inspectors (issue 4), and measures memory.
 *
 *   npm run bench:text-inspect            (npx tsx src-main/data/csv/bench/measure-text-inspect.ts)
 *
 * "before" is what `inspectDataset` did until the streaming inspectors: open the whole data set (parse, hash the
 * inputs) and keep its summary. "after" is `inspectDataset` now. Medians of 9 runs in one warm process, on
 * ../shared/data/hsmm (hsmm.csv, 271 × 2,000; the 10x folder) and a generated 200,000 × 50 gzipped CSV; for that
 * table also the peak growth of heap + array buffers during one pass, each in a fresh child with a small young
 * generation so garbage does not hide what the pass keeps.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { inspectDataset, openDataset } from '../../open-dataset.ts';

const HSMM = fileURLToPath(new URL('../../../../../shared/data/hsmm', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

async function summaryBy(mode: string, path: string): Promise<unknown> {
  if (mode === 'before') {
    const dataset = await openDataset(path);
    dataset.close();
    return dataset.summary;
  }
  return inspectDataset(path);
}

async function medianMs(mode: string, path: string, runs = 9): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await summaryBy(mode, path);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)]);
}

function writeLargeTable(path: string, rows: number, genes: number): void {
  const lines = [`cell,${Array.from({ length: genes }, (_, g) => `gene${g}`).join(',')}`];
  for (let r = 0; r < rows; r++) {
    const row = [`cell${r}`];
    for (let g = 0; g < genes; g++) row.push(String((r * 31 + g * 17) % 13 < 5 ? 0 : (r + g) % 9));
    lines.push(row.join(','));
  }
  writeFileSync(path, gzipSync(lines.join('\n'), { level: 1 }));
}

if (process.argv[2] === '--peak-growth') {
  // Child: one pass, then the peak growth in bytes on stdout.
  const used = (): number => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const baseline = used();
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, used());
  }, 2);
  await summaryBy(process.argv[3], process.argv[4]);
  clearInterval(sampler);
  process.stdout.write(String(Math.max(peak, used()) - baseline));
} else {
  const dir = mkdtempSync(join(tmpdir(), 'text-inspect-bench-'));
  try {
    const large = join(dir, 'large-200000x50.csv.gz');
    writeLargeTable(large, 200_000, 50);
    const results: Record<string, unknown> = {};
    for (const [name, path] of [
      ['hsmm.csv', join(HSMM, 'hsmm.csv')],
      ['hsmm 10x folder', join(HSMM, '10x')],
      ['200,000 × 50 csv.gz', large],
    ]) {
      results[name] = {
        beforeMs: await medianMs('before', path, name.startsWith('200') ? 3 : 9),
        afterMs: await medianMs('after', path, name.startsWith('200') ? 3 : 9),
      };
    }
    const growth = (mode: string): number =>
      Number(
        execFileSync(process.execPath, ['--import', 'tsx', '--max-semi-space-size=1', SELF, '--peak-growth', mode, large], {
          encoding: 'utf8',
        }),
      );
    results['200,000 × 50 peak heap + array buffer growth (MB)'] = {
      before: Math.round(growth('before') / 1e5) / 10,
      after: Math.round(growth('after') / 1e5) / 10,
      matrixFloat32: 40,
    };
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
