/**
 * The velocity run's time estimate against real runs (issue 14, point 7): each case is a real `pathreg fit` with the
 * velocity method (the default), run in a child process of its own through the same runFit the command line calls,
 * timing every step of the fit in wall and CPU seconds (process.cpuUsage: user + system, the idle-equivalent of a
 * single-threaded fit on a busy machine). The estimate is the one the run made before training (metrics.json
 * velocity.estimate_seconds, src-shared/velocity-run-estimate.ts). Prints a Markdown table for docs/benchmarks.md.
 *
 *   nice npx tsx scripts/bench-velocity-estimate.ts [--cases example-wasm,example-native,hsmm-native,beeline-wasm]
 *                                                    [--out /tmp/velocity-estimate]
 *
 * The per-step rows ("path", "cut-off", …) are what VELOCITY_COSTS in src-shared/velocity-run-estimate.ts is
 * calibrated on; the whole-run rows are the check (within 2× of the CPU time).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { optionText } from './command-line-options.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SHARED = path.resolve(ROOT, '..', 'shared', 'data');
const shared = (...parts: string[]) => path.join(SHARED, ...parts);

/** The cases of issue 14's check: the bundled example on wasm and native, HSMM with all 2,000 genes, a BEELINE model. */
const CASES: Record<string, string[]> = {
  'example-wasm': ['--data', path.join(ROOT, 'resources/examples/hematopoiesis'), '--train', '12', '--test', '21', '--engine', 'wasm'],
  'example-native': ['--data', path.join(ROOT, 'resources/examples/hematopoiesis'), '--train', '12', '--test', '21', '--engine', 'native'],
  // TFs ∪ the 2,000 most variable genes of a 2,000-gene file: every gene, named by gene_short_name (the default).
  'hsmm-native': ['--data', shared('hsmm', 'hsmm.h5ad'), '--time', 'Hours', '--n-top-genes', '2000', '--engine', 'native'],
  'hsmm-wasm': ['--data', shared('hsmm', 'hsmm.h5ad'), '--time', 'Hours', '--n-top-genes', '2000', '--engine', 'wasm'],
  'beeline-wasm': ['--data', shared('beeline-dev', 'dyn-LI_2000_0'), '--engine', 'wasm'],
  'beeline-native': ['--data', shared('beeline-dev', 'dyn-LI_2000_0'), '--engine', 'native'],
  // Not used to calibrate VELOCITY_COSTS: other settings and another BEELINE model, to check the model out of sample.
  'example-wasm-short': [
    '--data',
    path.join(ROOT, 'resources/examples/hematopoiesis'),
    '--train',
    '12',
    '--test',
    '21',
    '--engine',
    'wasm',
    '--velocity',
    'batch=128,stages=10',
  ],
  'beeline-hsc-native': ['--data', shared('beeline-dev', 'HSC_2000_0'), '--engine', 'native'],
};

/** One moment of the fit: what began, and the wall and CPU seconds since runFit was called. */
interface Mark {
  what: string;
  wall: number;
  cpu: number;
}

/** Child: one fit, every step time-stamped; writes marks.json beside the run folder. */
async function runOne(name: string, out: string): Promise<void> {
  const { parseOptions } = await import('../src-main/cli/option-parser.ts');
  const { fitOptionSpecs, fitSettingsFromOptions } = await import('../src-main/cli/commands/fit.ts');
  const { runFit } = await import('../src-main/fit/run-fit.ts');
  const { defaultEngineRegistry } = await import('../src-main/engine/engine-registry.ts');
  const argv = [...CASES[name], '--out', path.join(out, 'run')];
  const settings = await fitSettingsFromOptions(parseOptions('fit', argv, fitOptionSpecs()), ['pathreg', 'fit', ...argv].join(' '));
  const marks: Mark[] = [];
  const wall0 = performance.now();
  const cpu0 = process.cpuUsage();
  const mark = (what: string) => {
    const cpu = process.cpuUsage(cpu0);
    marks.push({ what, wall: (performance.now() - wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 });
  };
  const seen = new Set<string>();
  const once = (what: string) => {
    if (!seen.has(what)) mark(what);
    seen.add(what);
  };
  const log = (line: string) => {
    process.stderr.write(`${line}\n`);
    if (line.startsWith('refining the field')) once('refinement');
    if (line.startsWith('refinement:')) once('refinement-done');
  };
  mark('start');
  const outcome = await runFit(settings, {
    registry: defaultEngineRegistry({ tfjsBackend: 'auto', memoryLimitBytes: settings.memoryLimitBytes }),
    sink: {
      log,
      stage: (report) => {
        if (report.stage === 'training' && report.done === 0) once('path');
        if (report.stage !== 'training') once(report.stage);
      },
      progress: (p) => {
        if (p.iteration === p.iterations) once('path-done');
      },
    },
  });
  mark('end');
  if (outcome.status !== 'completed') throw new Error(`${name}: the fit ended ${outcome.status}`);
  writeFileSync(path.join(out, 'marks.json'), JSON.stringify(marks, null, 1));
}

/** Seconds between two marks (wall and CPU); null when either is missing. */
function between(marks: Mark[], from: string, to: string): { wall: number; cpu: number } | null {
  const a = marks.find((m) => m.what === from);
  const b = marks.find((m) => m.what === to);
  return a && b ? { wall: b.wall - a.wall, cpu: b.cpu - a.cpu } : null;
}

const f = (x: number | undefined | null, digits = 1) => (x === undefined || x === null || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** CPU seconds per cell × gene × window cell of velocityTargets, on synthetic data of the example's and HSMM's shapes. */
async function targetCosts(): Promise<string[]> {
  const { velocityTargets } = await import('../src-main/engine/velocity/velocity-targets.ts');
  return [
    [1272, 529],
    [271, 2000],
  ].map(([cells, genes]) => {
    const values = Float32Array.from({ length: cells * genes }, (_, i) => Math.sin(i * 0.37) + 1);
    const lineage = {
      name: 'a',
      cells: Int32Array.from({ length: cells }, (_, i) => i),
      times: Float64Array.from({ length: cells }, (_, i) => i),
    };
    const data = { genes: Array.from({ length: genes }, (_, g) => `g${g}`), values, lineages: [lineage] };
    velocityTargets(data, { neighbours: 5, window: 40 });
    const start = process.cpuUsage();
    for (let k = 0; k < 5; k++) velocityTargets(data, { neighbours: 5, window: 40 });
    const cpu = process.cpuUsage(start);
    const seconds = (cpu.user + cpu.system) / 1e6 / 5;
    return `velocity targets, ${cells} cells × ${genes} genes, window 40: ${seconds.toFixed(3)} CPU s, ${(seconds / (cells * genes * 40)).toExponential(2)} s per cell × gene × window cell`;
  });
}

async function main(): Promise<void> {
  const one = optionText('one');
  const out = path.resolve(optionText('out') ?? path.join(ROOT, '.tmp', 'velocity-estimate'));
  if (one) {
    runOne(one, out).catch((error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
    return;
  }
  for (const line of await targetCosts()) process.stdout.write(`${line}\n`);
  const names = (optionText('cases') ?? 'example-wasm,example-native,hsmm-native,beeline-wasm').split(',');
  for (const name of names) if (!CASES[name]) throw new Error(`Unknown case ${name}; known: ${Object.keys(CASES).join(', ')}`);
  const whole: string[] = [];
  const steps: string[] = [];
  for (const name of names) {
    const dir = path.join(out, name);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const loadBefore = loadavg()[0];
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--one', name, '--out', dir], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    writeFileSync(path.join(dir, 'log.txt'), child.stderr + child.stdout);
    if (child.status !== 0) {
      process.stderr.write(`${name} failed (exit ${child.status}); see ${path.join(dir, 'log.txt')}\n${child.stderr.slice(-2000)}\n`);
      continue;
    }
    const load = `${loadBefore.toFixed(1)}–${loadavg()[0].toFixed(1)}`;
    const marks = JSON.parse(readFileSync(path.join(dir, 'marks.json'), 'utf8')) as Mark[];
    const metrics = JSON.parse(readFileSync(path.join(dir, 'run', 'metrics.json'), 'utf8'));
    const e = metrics.velocity.estimate_seconds as Record<string, number>;
    const total = between(marks, 'start', 'end')!;
    const settings = metrics.velocity.settings;
    whole.push(
      `| ${name} | ${metrics.genes} × ${settings.sources} sources, ${metrics.velocity.cells} cells | ${metrics.engine} | ${load} | ` +
        `${f(e.total)} | ${f(total.cpu)} | ${f(total.wall)} | **${f(e.total / total.cpu, 2)}** | ${f(e.total / total.wall, 2)} |`,
    );
    const step = (label: string, estimate: number, from: string, to: string) => {
      const real = between(marks, from, to);
      steps.push(
        `| ${name} | ${label} | ${f(estimate, 2)} | ${f(real?.cpu, 2)} | ${f(real?.wall, 2)} | ${real ? f(estimate / real.cpu, 2) : '—'} |`,
      );
    };
    step('reading and preparing', e.reading ?? 0, 'start', 'path');
    step('velocity targets + path', e.targets + e.path, 'path', 'path-done');
    step('cut-off and read-out', e.cutoff, 'path-done', 'refinement');
    step('refinement', e.refinement, 'refinement', 'refinement-done');
    step('evaluation', e.evaluation, 'evaluating', 'writing');
    step('after refinement (sign check, network)', 0, 'refinement-done', 'evaluating');
    step('files', e.writing, 'writing', 'end');
    process.stderr.write(`${whole.at(-1)}\n`);
  }
  const table = [
    '| case | size | engine | load (1-min, before–after) | estimate (s) | real CPU (s) | real wall (s) | estimate ÷ CPU | estimate ÷ wall |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...whole,
    '',
    '| case | step | estimate (s) | real CPU (s) | real wall (s) | estimate ÷ CPU |',
    '| --- | --- | --- | --- | --- | --- |',
    ...steps,
  ].join('\n');
  writeFileSync(path.join(out, 'table.md'), `${table}\n`);
  process.stdout.write(`${table}\n`);
}

void main();
