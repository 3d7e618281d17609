/**
 * `pathreg sweep`: many fits of the same data (src-main/sweep/) over λ values, seeds, stratified subsamples of the
 * cells and permuted-pseudotime nulls, on this machine's cores or through Slurm; resumable and cancellable, and
 * summarised (consensus network, empirical FDR, λ path) from whatever tasks have finished. Every option that is not
 * the sweep's own is a `pathreg fit` option shared by all tasks.
 */
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { packageVersion } from '../../run/package-version.ts';
import { readReferenceEdgeList } from '../../scoring/reference-edge-list.ts';
import { sweepProvenance, sweepResults, writeSweepResults } from '../../sweep/sweep-results.ts';
import { SETTING_LIMITS as L, RECOMMENDED_DEFAULTS } from '../../../src-shared/run-config.ts';
import { localExecutor } from '../../sweep/local-executor.ts';
import { createSweep, runSweep, sweepProgress } from '../../sweep/run-sweep.ts';
import type { SweepExecutor } from '../../sweep/sweep-executor.ts';
import { BOOTSTRAP_DISTINCT_SHARE, DEFAULT_STRATA } from '../../fit/resample-cells.ts';
import { readManifest, type SweepGrid } from '../../sweep/sweep-manifest.ts';
import { DEFAULT_THROTTLE, slurmExecutor, type SlurmOptions } from '../../sweep/slurm-executor.ts';
import { execSlurm } from '../../sweep/slurm-commands.ts';
import { defaultSweepLambda, sweepMethod, taskFitArguments } from '../../sweep/task-arguments.ts';
import { UsageError, type Command } from '../command.ts';
import {
  choiceOption,
  formatOptionHelp,
  integerOption,
  listOption,
  numberOption,
  parseOptions,
  repeatedValues,
  type OptionSpec,
} from '../option-parser.ts';
import { fitOptionSpecs, fitSettingsFromOptions } from './fit.ts';

const SWEEP_OPTIONS: OptionSpec[] = [
  { name: 'out', value: 'DIR', help: 'the sweep folder: sweep.json, one run folder per task under tasks/, logs/; required' },
  { name: 'resume', help: 'run the tasks of the sweep in --out that are missing, failed or were cancelled (the grid is the one recorded)' },
  { name: 'cancel', help: 'cancel the Slurm arrays of the sweep in --out (a sweep running here stops on Ctrl-C)' },
  { name: 'status', help: 'print the state of every task of the sweep in --out as JSON' },
  {
    name: 'results',
    help: 'write the consensus networks, FDRs and λ path of the tasks finished so far into DIR/results/ (a finished sweep writes them itself)',
  },
  {
    name: 'reference',
    value: 'FILE',
    help: 'a known network (BEELINE refNetwork.csv or an edge list): adds AUPRC ratios to the λ path and checks the FDR on its non-edges',
  },
  { name: 'lambdas', value: 'LIST', defaultText: String(RECOMMENDED_DEFAULTS.regularizer.lambda), help: 'λ values, comma-separated' },
  { name: 'seeds', value: 'LIST', defaultText: '0', help: 'seeds, comma-separated' },
  {
    name: 'subsamples',
    value: 'N',
    defaultText: '0',
    help: 'stratified subsamples of the training cells per λ and seed (stability selection)',
  },
  { name: 'nulls', value: 'N', defaultText: '0', help: 'fits on permuted pseudotime per λ and seed (the null for the empirical FDR)' },
  {
    name: 'subsample-share',
    value: 'X',
    defaultText: String(BOOTSTRAP_DISTINCT_SHARE),
    help: 'share of each pseudotime stratum a subsample keeps, above 0 and at most 1',
  },
  { name: 'strata', value: 'N', defaultText: String(DEFAULT_STRATA), help: 'pseudotime strata per trajectory for subsampling' },
  { name: 'executor', value: 'NAME', defaultText: 'local', help: 'local (worker processes here) or slurm (job arrays through sbatch)' },
  { name: 'workers', value: 'N', defaultText: 'one per core, fewer if memory is short', help: 'local worker processes' },
  { name: 'time', value: 'D-HH:MM:SS', help: 'Slurm time limit per task (--time of sbatch)' },
  { name: 'account', value: 'NAME', help: 'Slurm account' },
  { name: 'partition', value: 'NAME', help: 'Slurm partition' },
  { name: 'throttle', value: 'K', defaultText: String(DEFAULT_THROTTLE), help: 'Slurm: at most K tasks of an array at once (--array=…%K)' },
  { name: 'sbatch', value: 'OPTION', repeatable: true, help: 'another sbatch option passed as it is, e.g. --sbatch=--mem=4G; repeatable' },
  { name: 'help', help: 'show this help' },
];

/** Fit options the sweep sets per task. */
const PER_TASK = new Set(['out', 'lambda', 'seed', 'resume', 'help']);

export function sweepHelp(): string {
  return [
    'Usage: pathreg sweep --data PATH --out DIR [sweep options] [pathreg fit options]',
    '       pathreg sweep --out DIR --resume | --status | --cancel',
    '',
    'Fits every λ × seed × (all cells, each subsample, each null), each task an ordinary run folder under DIR/tasks/.',
    '',
    'Sweep options:',
    formatOptionHelp(SWEEP_OPTIONS),
    '',
    'Every other option is a pathreg fit option shared by all tasks (pathreg fit --help), except --out, --lambda,',
    '--seed and --resume, which the sweep sets.',
    '',
    'Example: pathreg sweep --data example/ --out sweeps/s1 --lambdas 0.001,0.01 --seeds 0,1 --subsamples 20 --nulls 5 --method velocity',
    '',
  ].join('\n');
}

/** Splits the command line into the sweep's own options and the fit's. */
export function splitSweepArguments(argv: string[]): { sweep: string[]; fit: string[] } {
  const sweepSpecs = new Map(SWEEP_OPTIONS.map((s) => [s.name, s]));
  const fitSpecs = new Map(fitOptionSpecs().map((s) => [s.name, s]));
  const sweep: string[] = [];
  const fit: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const name = arg.startsWith('--') ? arg.slice(2).split('=', 1)[0] : '';
    const spec = sweepSpecs.get(name) ?? fitSpecs.get(name);
    const target = sweepSpecs.has(name) ? sweep : fit;
    if (name && PER_TASK.has(name) && !sweepSpecs.has(name)) {
      throw new UsageError(`--${name} is set by the sweep for each task; use --lambdas and --seeds (pathreg sweep --help).`);
    }
    target.push(arg);
    if (spec?.value && !arg.includes('=') && i + 1 < argv.length) target.push(argv[++i]);
  }
  return { sweep, fit };
}

function numbers(name: string, raw: string | undefined, fallback: number[], parse: (item: string) => number): number[] {
  return raw === undefined ? fallback : listOption(name, raw).map(parse);
}

export const sweepCommand: Command = {
  name: 'sweep',
  summary: 'many fits over λ, seeds, subsamples of cells and permuted-time nulls, here or on Slurm; resumable',
  async run(argv) {
    if (argv.includes('--help')) {
      process.stdout.write(sweepHelp());
      return 0;
    }
    const { sweep, fit } = splitSweepArguments(argv);
    const options = parseOptions('sweep', sweep, SWEEP_OPTIONS);
    const text = (name: string) => {
      const v = options.get(name);
      return typeof v === 'string' ? v : undefined;
    };
    const out = text('out');
    if (!out) throw new UsageError('--out DIR is required: the sweep folder (pathreg sweep --help).');
    const log = (line: string) => process.stderr.write(`${line}\n`);

    if (options.has('status')) {
      const manifest = await readManifest(out);
      process.stdout.write(`${JSON.stringify({ progress: sweepProgress(manifest), tasks: manifest.tasks }, null, 2)}\n`);
      return 0;
    }
    const summarise = async () => {
      const manifest = await readManifest(out);
      const reference = text('reference') ? await readReferenceEdgeList(text('reference')!) : null;
      const results = await sweepResults(resolve(out), manifest, reference);
      const files = await writeSweepResults(resolve(out), results, sweepProvenance(manifest, results, await packageVersion(), reference));
      log(
        `results of ${results.tasksUsed} finished task(s)${results.tasksMissing ? ` (${results.tasksMissing} not finished)` : ''}: ${files.join(', ')}`,
      );
      for (const p of results.lambdaPath) {
        const c = results.consensus.find((x) => x.lambda === p.lambda)!;
        const fixed = (v: number | null, d: number) => (v === null ? 'n/a' : v.toFixed(d));
        log(
          `λ ${p.lambda}: held-out MSE ${fixed(p.heldOutMse, 4)}, ${fixed(p.edges, 1)} edges, non-TF sources ${fixed(p.spuriousRegulatorFraction, 3)}` +
            (p.auprcRatio !== null ? `, AUPRC ratio ${p.auprcRatio.toFixed(3)}` : '') +
            `; consensus over ${c.fits} fit(s), ${c.nullFits} null(s): ${c.edges.filter((e) => e.confidence >= 0.5).length} edges in at least half` +
            (c.reference ? `, consensus AUPRC ratio ${c.reference.auprcRatio.toFixed(3)}` : ''),
        );
      }
    };
    if (options.has('results')) {
      await summarise();
      return 0;
    }
    if (options.has('cancel')) {
      const manifest = await readManifest(out);
      const jobs = manifest.slurmSubmissions.map((s) => s.jobId);
      if (jobs.length === 0) {
        log('this sweep submitted nothing to Slurm; a sweep running on this machine stops with Ctrl-C in its terminal.');
        return 0;
      }
      await execSlurm('scancel', jobs);
      log(`cancelled Slurm array(s) ${jobs.join(', ')}; pathreg sweep --out ${out} --resume runs what did not finish.`);
      return 0;
    }

    const executorName = choiceOption('executor', text('executor') ?? 'local', ['local', 'slurm'] as const);
    const slurm: SlurmOptions = {
      ...(text('time') ? { time: text('time') } : {}),
      ...(text('account') ? { account: text('account') } : {}),
      ...(text('partition') ? { partition: text('partition') } : {}),
      extra: repeatedValues(options, 'sbatch'),
      throttle: text('throttle') === undefined ? DEFAULT_THROTTLE : integerOption('throttle', text('throttle')!, 1, 100_000),
    };
    const executor: SweepExecutor =
      executorName === 'slurm'
        ? slurmExecutor(slurm)
        : localExecutor(
            text('workers') === undefined ? {} : { workers: integerOption('workers', text('workers')!, 1, availableParallelism() * 4) },
          );

    if (!options.has('resume')) {
      const grid: SweepGrid = {
        lambdas: numbers('lambdas', text('lambdas'), [defaultSweepLambda(fit, RECOMMENDED_DEFAULTS.regularizer.lambda)], (x) =>
          numberOption('lambdas', x, L.lambda),
        ),
        seeds: numbers('seeds', text('seeds'), [0], (x) => integerOption('seeds', x, L.seed.min, L.seed.max)),
        subsamples: text('subsamples') === undefined ? 0 : integerOption('subsamples', text('subsamples')!, 0, 100_000),
        nulls: text('nulls') === undefined ? 0 : integerOption('nulls', text('nulls')!, 0, 100_000),
        subsampleFraction:
          text('subsample-share') === undefined
            ? BOOTSTRAP_DISTINCT_SHARE
            : numberOption('subsample-share', text('subsample-share')!, { min: 0, max: 1, minExclusive: true }),
        strata: text('strata') === undefined ? DEFAULT_STRATA : integerOption('strata', text('strata')!, 1, 10_000),
      };
      if (sweepMethod(fit) === 'linear' && grid.lambdas.length > 1) {
        throw new UsageError('--method linear follows its whole lasso path and has no λ to choose: give one value of --lambdas, or none.');
      }
      // The fit's options are checked once here, so a mistake is one message, not one failed task per grid point.
      const check = taskFitArguments(fit, grid.lambdas[0], grid.seeds[0], join(out, 'tasks', 'check'));
      const settings = await fitSettingsFromOptions(parseOptions('fit', check, fitOptionSpecs()), 'check');
      await createSweep({
        sweepDir: out,
        dataPath: settings.dataPath,
        fitArgs: fit,
        grid,
        executor: { kind: executorName, options: executorName === 'slurm' ? { ...slurm } : {} },
      });
    } else if (fit.length) {
      throw new UsageError(
        `--resume runs the sweep as it was set up; leave out ${fit[0]} (its fit options are in ${join(out, 'sweep.json')}).`,
      );
    }

    const controller = new AbortController();
    const stop = () => {
      if (controller.signal.aborted) return;
      log('cancelling the sweep: running tasks stop and keep nothing; pathreg sweep --resume runs them again');
      controller.abort();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    try {
      const manifest = await runSweep(out, executor, { signal: controller.signal, log });
      const p = sweepProgress(manifest);
      if (p.done > 0) await summarise();
      return p.done === p.total ? 0 : controller.signal.aborted ? 130 : 1;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
  },
};
