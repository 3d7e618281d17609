/**
 * How honest `pathreg fit`'s ETA is on a loaded machine (issue 14): HSMM with all 2,000 genes, fitted while a second
 * fit of the same data runs beside it (both niced, so the other sessions on the box keep their share). Every
 * progress line is time-stamped; when the fit ends, each line's ETA is compared with the time that was really left
 * (until the process exited: the ETA covers the read-out, evaluation and writing). Prints a Markdown table with the
 * lines nearest 25, 50 and 75 % of the iterations and the median ETA ÷ real over all lines, for docs/benchmarks.md.
 *
 *   nice npx tsx scripts/measure-eta-under-load.ts --iterations 60 --out /tmp/eta-after
 *   nice npx tsx scripts/measure-eta-under-load.ts --checkout /tmp/pathreg-before --out /tmp/eta-before
 *       # another checkout (a `git archive` of the commit before, node_modules linked in), timed the same way
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionNumber, optionText } from './command-line-options.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const checkout = path.resolve(optionText('checkout') ?? ROOT);
const outDir = path.resolve(optionText('out') ?? path.join(ROOT, '.tmp', 'eta-under-load'));
const iterations = optionNumber('iterations', 60);
const HSMM = path.resolve(ROOT, '..', 'shared', 'data', 'hsmm', 'hsmm.h5ad');
const HSMM_VAR = path.resolve(ROOT, '..', 'shared', 'data', 'hsmm', 'hsmm_var.tsv');

interface Line {
  seconds: number;
  iteration: number;
  etaSeconds: number | null;
  text: string;
}

/** Seconds from `pathreg fit`'s durations ("12s", "3m 04s", "1h 02m"); null for "?" and anything else. */
export function parseDuration(text: string): number | null {
  const hours = /^(\d+)h (\d+)m$/.exec(text);
  if (hours) return Number(hours[1]) * 3600 + Number(hours[2]) * 60;
  const minutes = /^(\d+)m (\d+)s$/.exec(text);
  if (minutes) return Number(minutes[1]) * 60 + Number(minutes[2]);
  const seconds = /^(\d+)s$/.exec(text);
  return seconds ? Number(seconds[1]) : null;
}

/** The point ETA of a progress line, before ("ETA 3m 04s  [native]") and after ("ETA about 3m 04s (2m 50s – …)"). */
function etaOf(text: string): number | null {
  const match = /ETA (?:uncertain, )?(?:about )?(\d+[hms](?: \d+[ms])?)/.exec(text);
  return match ? parseDuration(match[1]) : null;
}

/** Progress lines of a time-stamped log ("seconds<TAB>line"). */
function progressLines(log: string[]): Line[] {
  return log.flatMap((row) => {
    const [stamp, text = ''] = row.split('\t');
    const progress = /^iteration (\d+)\/(\d+)/.exec(text);
    return progress ? [{ seconds: Number(stamp), iteration: Number(progress[1]), etaSeconds: etaOf(text), text }] : [];
  });
}

function fit(out: string, genesFile: string, count: number, niceness: number): ChildProcess {
  const args = [
    '-n',
    String(niceness),
    'node',
    path.join(checkout, 'bin', 'pathreg.mjs'),
    'fit',
    '--data',
    HSMM,
    '--time',
    'Hours',
    '--gene-names',
    'index',
    '--genes',
    `@${genesFile}`,
    '--iterations',
    String(count),
    '--out',
    out,
  ];
  return spawn('nice', args, { cwd: checkout, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Re-reads a measured.log written earlier: `--analyze LOG --total SECONDS` (the wall time the script printed). */
async function analyzeOnly(logFile: string, total: number): Promise<void> {
  const log = (await readFile(logFile, 'utf8')).split('\n').filter(Boolean);
  report(progressLines(log), total, []);
}

async function main(): Promise<void> {
  const analyze = optionText('analyze');
  if (analyze) return analyzeOnly(analyze, optionNumber('total', NaN));
  await mkdir(outDir, { recursive: true });
  const ids = (await readFile(HSMM_VAR, 'utf8'))
    .split('\n')
    .slice(1)
    .map((row) => row.split('\t')[0])
    .filter(Boolean);
  const genesFile = path.join(outDir, 'hsmm-all-ids.txt');
  await writeFile(genesFile, ids.join('\n') + '\n');

  // The load: a second fit of the same size, long enough to outlast the measured one, stopped when it ends.
  const burden = fit(path.join(outDir, 'burden'), genesFile, 100_000, 15);
  burden.stdout?.resume();
  burden.stderr?.resume();
  const loads: number[] = [];
  const loadTimer = setInterval(() => loads.push(loadavg()[0]), 5000);
  await new Promise((resolve) => setTimeout(resolve, 15_000));

  const started = performance.now();
  const measured = fit(path.join(outDir, 'measured'), genesFile, iterations, 10);
  const log: string[] = [];
  let pending = '';
  const take = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const text of parts) {
      const seconds = (performance.now() - started) / 1000;
      log.push(`${seconds.toFixed(1)}\t${text}`);
    }
  };
  measured.stdout?.on('data', take);
  measured.stderr?.on('data', take);
  const code = await new Promise<number | null>((resolve) => measured.on('exit', resolve));
  const total = (performance.now() - started) / 1000;
  burden.kill('SIGTERM');
  clearInterval(loadTimer);
  await writeFile(path.join(outDir, 'measured.log'), log.join('\n') + '\n');
  if (code !== 0) throw new Error(`the measured fit exited with ${code}; see ${path.join(outDir, 'measured.log')}`);
  console.log(`checkout ${checkout}; HSMM, 2,000 genes, ${iterations} iterations; wall ${total.toFixed(1)} s`);
  report(progressLines(log), total, loads);
}

function report(lines: Line[], total: number, loads: number[]): void {
  const iterations = lines.at(-1)?.iteration ?? 0;

  const rated = lines.filter((line) => line.etaSeconds !== null && line.iteration < iterations);
  const ratio = (line: Line) => line.etaSeconds! / (total - line.seconds);
  const ratios = rated.map(ratio).sort((a, b) => a - b);
  const median = ratios.length ? ratios[Math.floor((ratios.length - 1) / 2)] : NaN;
  const within2 = ratios.filter((r) => r >= 0.5 && r <= 2).length;
  const sortedLoads = [...loads].sort((a, b) => a - b);
  if (loads.length)
    console.log(
      `load average (1 min) during the run: ${sortedLoads[0]?.toFixed(1)}–${sortedLoads.at(-1)?.toFixed(1)}, median ${sortedLoads[Math.floor(sortedLoads.length / 2)]?.toFixed(1)}`,
    );
  console.log('| at | line | ETA shown | real time left | ETA ÷ real |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const share of [0.25, 0.5, 0.75]) {
    const line = rated.reduce<Line | null>(
      (best, candidate) =>
        !best || Math.abs(candidate.iteration - share * iterations) < Math.abs(best.iteration - share * iterations) ? candidate : best,
      null,
    );
    if (!line) continue;
    console.log(
      `| ${share * 100} % | iteration ${line.iteration}/${iterations} at ${line.seconds.toFixed(1)} s | ${line.etaSeconds} s | ${(total - line.seconds).toFixed(1)} s | ${ratio(line).toFixed(2)} |`,
    );
  }
  console.log(`all ${ratios.length} lines with an ETA: median ETA ÷ real ${median.toFixed(2)}, ${within2} within 2×`);
}

await main();
