/**
 * Training robustness check (issue 12; run by hand, not part of npm test): trains the issue's grid with the real
 * `pathreg fit` command, one run at a time, and prints one table row per run and a verdict per group:
 *
 * - every run's held-out MSE (training MSE where there is no held-out donor) within 1.25× of its group's median,
 * - no non-finite value in any metric,
 * - the README example under 0.045 held-out MSE on every seed and engine.
 *
 * npm run check:training -- [--groups readme,paper,paper-preset,hsmm,beeline] [--seeds 0-4] [--engines wasm,native]
 *                            [--out /tmp/check-training] [--iterations N]
 * Results (and each run's folder and log) go under --out; the table is also written there as table.md.
 * Exits 1 when a check fails, 2 when a run could not be started.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { optionText } from './command-line-options.ts';

const ROOT = resolve(import.meta.dirname, '..');
const SHARED = resolve(ROOT, '..', 'shared');
const README_MSE_LIMIT = 0.045;
const MEDIAN_RATIO_LIMIT = 1.25;

interface Run {
  group: string;
  name: string;
  engine: string;
  seed: number;
  args: string[];
}

interface RunResult extends Run {
  ok: boolean;
  /** Held-out mean MSE, or training MSE when the run has no held-out donor. */
  mse: number;
  heldOut: boolean;
  featureSparsity: number;
  seconds: number;
  wallSeconds: number;
  /** CPU seconds of the fit process (user + system): comparable between runs on a loaded machine, unlike wall time. */
  cpuSeconds: number;
  bestIteration: number | null;
  rejected: number;
  restarts: number;
  finite: boolean;
  failure: string;
}

/** "0-19" or "0,3,5" → numbers. */
function parseSeeds(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

function grid(groups: string[], seedsOverride: number[] | null, engines: string[]): Run[] {
  const runs: Run[] = [];
  const seeds = (count: number) => seedsOverride ?? Array.from({ length: count }, (_, i) => i);
  const example = ['--data', join(ROOT, 'resources/examples/hematopoiesis'), '--train', '12', '--test', '21'];
  const paper = ['--data', join(SHARED, 'data/pathreg-hematopoiesis/trajectories'), '--train', '12', '--test', '21,36,11'];
  for (const group of groups) {
    if (group === 'readme')
      // Seed by seed, both engines each, so a partial run still compares them.
      for (const seed of seeds(20))
        for (const engine of engines) runs.push({ group: `readme-${engine}`, name: 'README example', engine, seed, args: example });
    if (group === 'paper')
      for (const seed of seeds(10))
        runs.push({ group: 'paper-default', name: 'paper data, default preset', engine: 'native', seed, args: paper });
    if (group === 'paper-preset')
      for (const seed of seeds(10))
        runs.push({
          group: 'paper-preset',
          name: 'paper data, --preset paper',
          engine: 'native',
          seed,
          args: [...paper, '--preset', 'paper'],
        });
    if (group === 'hsmm')
      for (const seed of seeds(5))
        runs.push({
          group: 'hsmm',
          name: 'HSMM',
          engine: 'native',
          seed,
          args: ['--data', join(SHARED, 'data/hsmm/hsmm.h5ad'), '--time', 'Hours'],
        });
    if (group === 'beeline') {
      const folder = join(SHARED, 'data/beeline-dev');
      const sets = existsSync(folder) ? readdirSync(folder).filter((name) => name.endsWith('_2000_0')) : [];
      for (const set of sets)
        for (const seed of seeds(3))
          runs.push({
            group: `beeline-${set}`,
            name: `BEELINE ${set}`,
            engine: 'native',
            seed,
            args: ['--data', join(folder, set), '--tf-list', 'none'],
          });
    }
  }
  return runs;
}

function runOne(run: Run, outRoot: string, iterations: string | undefined): RunResult {
  const out = join(outRoot, `${run.group}-seed${run.seed}`);
  mkdirSync(out, { recursive: true });
  // The method is named: issue 12 is about the trajectory training, whatever `pathreg fit` defaults to.
  const args = [
    join(ROOT, 'bin/pathreg.mjs'),
    'fit',
    ...run.args,
    '--method',
    'trajectory',
    '--engine',
    run.engine,
    '--seed',
    String(run.seed),
    '--out',
    out,
  ];
  if (iterations) args.push('--iterations', iterations);
  const started = performance.now();
  // GNU time's last stderr line gives the child's CPU seconds; without it the column stays empty.
  const timed = existsSync('/usr/bin/time');
  const child = timed
    ? spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', process.execPath, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 })
    : spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
  const wallSeconds = (performance.now() - started) / 1000;
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(child.stderr ?? '');
  const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN;
  writeFileSync(join(out, 'fit.log'), `${child.stdout ?? ''}${child.stderr ?? ''}`);
  const empty = {
    mse: NaN,
    heldOut: false,
    featureSparsity: NaN,
    seconds: NaN,
    bestIteration: null,
    rejected: 0,
    restarts: 0,
    finite: false,
  };
  const metricsPath = join(out, 'metrics.json');
  if (child.status !== 0 || !existsSync(metricsPath)) {
    const tail = `${child.stderr ?? ''}`.trim().split('\n').slice(-1)[0] ?? '';
    return { ...run, ...empty, ok: false, wallSeconds, cpuSeconds, failure: `exit ${child.status}: ${tail}` };
  }
  const metrics = JSON.parse(readFileSync(metricsPath, 'utf8')) as Record<string, unknown>;
  const heldOut = Object.keys((metrics.test_mse as Record<string, number>) ?? {}).length > 0;
  const mse = Number(heldOut ? metrics.test_mse_mean : metrics.train_mse);
  const finite = ['train_mse', 'test_mse_mean', 'feature_sparsity', 'model_sparsity'].every((key) =>
    key === 'test_mse_mean' && !heldOut ? true : Number.isFinite(Number(metrics[key])),
  );
  return {
    ...run,
    ok: true,
    mse,
    heldOut,
    featureSparsity: Number(metrics.feature_sparsity),
    seconds: Number(metrics.seconds),
    wallSeconds,
    cpuSeconds,
    bestIteration: typeof metrics.best_iteration === 'number' ? metrics.best_iteration : null,
    rejected: Number(metrics.rejected_iterations ?? 0),
    restarts: Number(metrics.restarts ?? 0),
    finite,
    failure: '',
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function main(): number {
  const groups = (optionText('groups') ?? 'readme,paper,paper-preset,hsmm,beeline').split(',');
  const seeds = optionText('seeds');
  const engines = (optionText('engines') ?? 'wasm,native').split(',');
  const outRoot = resolve(optionText('out') ?? '/tmp/check-training');
  mkdirSync(outRoot, { recursive: true });
  const runs = grid(groups, seeds ? parseSeeds(seeds) : null, engines);
  const lines: string[] = [
    `check:training on ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, load ${loadavg()[0].toFixed(1)} at start, ${new Date().toISOString()}`,
    '',
    '| group | seed | engine | MSE | feature sparsity | training s | wall s | CPU s | best iteration | rejected | restarts | note |',
    '| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const print = (line: string) => {
    lines.push(line);
    console.log(line);
  };
  lines.forEach((line) => console.log(line));
  const results: RunResult[] = [];
  for (const run of runs) {
    const result = runOne(run, outRoot, optionText('iterations'));
    results.push(result);
    print(
      `| ${run.group} | ${run.seed} | ${run.engine} | ${result.mse.toFixed(4)}${result.heldOut ? '' : ' (train)'} | ${result.featureSparsity.toFixed(3)} | ` +
        `${result.seconds.toFixed(1)} | ${result.wallSeconds.toFixed(1)} | ${result.cpuSeconds.toFixed(1)} | ${result.bestIteration ?? '–'} | ${result.rejected} | ${result.restarts} | ${result.failure} |`,
    );
    writeFileSync(join(outRoot, 'table.md'), lines.join('\n') + '\n');
  }
  print('');
  print('| group | runs | median MSE | worst / median | median feature sparsity | median training s | median CPU s | verdict |');
  print('| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  let failed = false;
  for (const group of [...new Set(results.map((r) => r.group))]) {
    const members = results.filter((r) => r.group === group);
    const mses = members.filter((r) => r.ok).map((r) => r.mse);
    const mid = median(mses);
    const worst = Math.max(...mses.map((m) => m / mid));
    const problems: string[] = [];
    if (members.some((r) => !r.ok)) problems.push(`${members.filter((r) => !r.ok).length} run(s) failed`);
    if (members.some((r) => r.ok && !r.finite)) problems.push('a non-finite metric');
    if (!(worst <= MEDIAN_RATIO_LIMIT)) problems.push(`a run at ${worst.toFixed(2)}× the median`);
    if (group.startsWith('readme-') && mses.some((m) => !(m < README_MSE_LIMIT))) problems.push(`a run at or above ${README_MSE_LIMIT}`);
    if (problems.length) failed = true;
    print(
      `| ${group} | ${members.length} | ${mid.toFixed(4)} | ${worst.toFixed(3)} | ${median(members.map((r) => r.featureSparsity)).toFixed(3)} | ` +
        `${median(members.map((r) => r.seconds)).toFixed(1)} | ${median(members.map((r) => r.cpuSeconds)).toFixed(1)} | ${problems.length ? `FAIL: ${problems.join('; ')}` : 'ok'} |`,
    );
  }
  print('');
  print(`load ${loadavg()[0].toFixed(1)} at the end`);
  writeFileSync(join(outRoot, 'table.md'), lines.join('\n') + '\n');
  if (results.some((r) => !r.ok && r.failure.startsWith('exit null'))) return 2;
  return failed ? 1 : 0;
}

process.exitCode = main();
