/**
 * `pathreg fit`: the command line's adapter around the one fit (src-main/fit/run-fit.ts), which the app's training
 * worker calls too. Every option is checked here, before any file is read, with a message naming the option and its
 * allowed range (the ranges are SETTING_LIMITS, the same the app's schema uses); refusals that the fit returns as
 * data are worded here in terms of options.
 */
import type {
  ActivationPlacement,
  EngineChoice,
  RegulatorChoice,
  RegularizerKind,
  SolverConfig,
  TrainingConfig,
} from '../../../src-shared/run-config.ts';
import {
  PAPER_DEFAULTS,
  RECOMMENDED_DEFAULTS,
  SETTING_LIMITS as L,
  SETTINGS_PRESETS,
  type SettingsPreset,
} from '../../../src-shared/run-config.ts';
import { PAPER_PREPARATION } from '../../data/prepare/prepare-trajectory.ts';
import {
  defaultEngineRegistry,
  defaultMemoryLimit,
  formatBytes,
  parseByteSize,
  TFJS_BACKEND_CHOICES,
  type TfjsBackendChoice,
} from '../../engine/engine-registry.ts';
import { TrainingControl } from '../../engine/training/training-control.ts';
import { VALIDATE_EVERY, type TrainingProgress } from '../../engine/training/run-training.ts';
import { runFit, type FitOutcome, type FitRequest, type FitSink } from '../../fit/run-fit.ts';
import { checkpointPath, EDGES_FILE, METRICS_FILE } from '../../run/run-folder.ts';
import { modelChoiceHint, wordFitRefusalForCommandLine } from '../fit-refusals.ts';
import { stopFitOnSignals } from '../stop-on-signals.ts';
import { DEFAULT_EVALUATION } from '../../fit/fit-defaults.ts';
import { packageVersion } from '../../run/package-version.ts';
import { UsageError, type Command } from '../command.ts';
import {
  choiceOption,
  formatOptionHelp,
  integerOption,
  listOption,
  numberOption,
  parseOptions,
  type OptionSpec,
  type ParsedOptions,
} from '../option-parser.ts';
import { loadTfListOption, TF_LIST_DEFAULT_TEXT } from '../tf-list-option.ts';
import { DATASET_FIT_OPTIONS, datasetFitOptions } from '../fit-dataset-options.ts';
import { stageReporter } from '../stage-reporter.ts';
import { formatEta, type EtaEstimate } from '../../../src-shared/eta-under-load.ts';
import { fitMethodOfCommandLine, parseVelocityOption, VELOCITY_OPTION_HELP } from '../velocity-option.ts';

/** Defaults shown in --help: the recommended preset; `--preset paper` switches every model setting to the paper's. */
const D = RECOMMENDED_DEFAULTS;
const PAPER_TOLERANCE = DEFAULT_EVALUATION.rtol;
const DEFAULT_MAX_STEPS = DEFAULT_EVALUATION.maxSteps;

const OPTIONS: OptionSpec[] = [
  {
    name: 'data',
    value: 'PATH',
    help: 'trajectory table (LINEAGE_DONOR_norm.tsv[.gz]) or a folder of them, or a data set: h5ad, loom, 10x folder or .h5, CSV/TSV, BEELINE folder; required',
  },
  {
    name: 'train',
    value: 'DONORS',
    defaultText: 'every donor not in --test; with neither, every donor but the last',
    help: 'donors to train on, comma-separated (the paper: 12)',
  },
  {
    name: 'test',
    value: 'DONORS',
    defaultText: 'the last donor when neither --train nor --donor is given, else none',
    help: 'held-out donors to evaluate, comma-separated (the paper: 21,36,11,24)',
  },
  { name: 'lineages', value: 'LIST', defaultText: 'all found', help: 'lineages to use, comma-separated (e.g. eryth,mono,B)' },
  ...DATASET_FIT_OPTIONS,
  { name: 'out', value: 'DIR', defaultText: 'runs/fit-<date>-<time>', help: 'run folder for metrics.json, edges.csv and checkpoint.bin' },
  {
    name: 'preset',
    value: 'NAME',
    defaultText: 'recommended',
    help: `starting settings: recommended (λ ${RECOMMENDED_DEFAULTS.regularizer.lambda}, ELU after every hidden layer) or paper (λ ${PAPER_DEFAULTS.regularizer.lambda}, ELU after the first layer, as in Aliee et al. 2022); options given explicitly override it`,
  },
  {
    name: 'method',
    value: 'NAME',
    defaultText:
      'velocity; trajectory when --preset, --resume or a setting of the trajectory method (--iterations, --lambda, --hidden, …) is given',
    help: 'how the network is learned: velocity (a linear field per gene pair with decay, fitted to per-cell velocities from pseudotime neighbours; the network is cut along its sparsity path per target gene, on held-out cells), trajectory (the paper: a gated MLP trained so its solve follows the binned trajectories) or linear (a sparse linear model of the same velocities; no MSE)',
  },
  { name: 'velocity', value: 'KEY=VALUE,…', defaultText: "the method's defaults", help: VELOCITY_OPTION_HELP },
  {
    name: 'model',
    value: 'WHICH',
    defaultText: 'best',
    help: `the trained model the network, metrics and figures come from: best (lowest validation loss, checked every ${VALIDATE_EVERY} iterations) or last`,
  },
  { name: 'resume', help: 'continue the run in --out from its checkpoint, exactly as if it had never stopped' },
  { name: 'iterations', value: 'N', defaultText: String(D.iterations), help: 'training iterations, 1 to 10,000,000' },
  {
    name: 'engine',
    value: 'NAME',
    defaultText: D.engine,
    help: 'tfjs, wasm, native, webgpu, auto (the fastest here; the GPU only on a hardware GPU for a large enough problem) or cpu (the fastest without a GPU); see pathreg engines',
  },
  {
    name: 'tfjs-backend',
    value: 'NAME',
    defaultText: 'auto',
    help: 'backend of the tfjs engine: auto (wasm when it loads), wasm, cpu, node (libtensorflow, needs @tensorflow/tfjs-node) or node-gpu (CUDA, needs @tensorflow/tfjs-node-gpu)',
  },
  { name: 'seed', value: 'N', defaultText: String(D.seed), help: 'random seed for initialisation and gate noise, 0 to 4,294,967,295' },
  {
    name: 'tf-list',
    value: 'NAME|PATH',
    defaultText: TF_LIST_DEFAULT_TEXT,
    help: 'transcription factors: a bundled list, a file with one symbol per line, or none; the regulators (see --regulators) and the spurious-feature sparsity',
  },
  {
    name: 'regulators',
    value: 'tfs|all',
    defaultText:
      'tfs when the TF list names some of the genes (velocity and linear methods; all on a panel of at most 30 genes with the list left automatic), else all',
    help: 'which genes may regulate: only the transcription factors of the TF list (the others are targets only), or every gene',
  },
  { name: 'regularizer', value: 'KIND', defaultText: D.regularizer.kind, help: 'pathreg, l1, l0, group-lasso or none' },
  { name: 'lambda', value: 'X', defaultText: String(D.regularizer.lambda), help: 'regularization strength λ, 0 to 1,000' },
  {
    name: 'hidden',
    value: 'SIZES',
    defaultText: D.model.hidden.join(','),
    help: 'hidden layer sizes, comma-separated, each 1 to 4,096; "none" for a linear field',
  },
  {
    name: 'activation',
    value: 'WHERE',
    defaultText: D.model.activation,
    help: 'ELU after the first layer only (first, the paper) or after every hidden layer (all)',
  },
  {
    name: 'solver',
    value: 'KIND',
    defaultText: D.solver.kind,
    help: 'rk4 (fixed step on binned targets) or dopri5 (adaptive, per-cell targets, the paper)',
  },
  { name: 'bins', value: 'K', defaultText: '50', help: 'pseudotime bins per trajectory for rk4, 2 to 10,000' },
  { name: 'substeps', value: 'N', defaultText: '1', help: 'rk4 steps per bin interval, 1 to 100' },
  {
    name: 'rtol',
    value: 'X',
    defaultText: String(PAPER_TOLERANCE),
    help: 'relative tolerance of dopri5 (training with --solver dopri5, and evaluation), above 0 and at most 1',
  },
  { name: 'atol', value: 'X', defaultText: String(PAPER_TOLERANCE), help: 'absolute tolerance of dopri5, above 0 and at most 1' },
  { name: 'max-steps', value: 'N', defaultText: String(DEFAULT_MAX_STEPS), help: 'most dopri5 steps per solve, 10 to 1,000,000' },
  { name: 'lr', value: 'X', defaultText: String(D.optimizer.learningRate), help: 'Adam learning rate, above 0 and at most 10' },
  {
    name: 'plateau-patience',
    value: 'N',
    defaultText: String(D.optimizer.plateauPatience),
    help: 'iterations without improvement before the learning rate halves; 0 = off',
  },
  {
    name: 'checkpoint-every',
    value: 'N',
    defaultText: String(D.checkpointEvery),
    help: 'write a checkpoint every N iterations (and at the end), 1 to 10,000,000',
  },
  {
    name: 'memory-limit',
    value: 'SIZE',
    defaultText: 'half the free memory',
    help: 'refuse a problem whose engine needs more, e.g. 4G, 512M',
  },
  {
    name: 'drop-first',
    value: 'N',
    defaultText: String(PAPER_PREPARATION.dropFirst),
    help: 'cells dropped at the start of each sorted trajectory',
  },
  {
    name: 'drop-last',
    value: 'N',
    defaultText: String(PAPER_PREPARATION.dropLast),
    help: 'cells dropped at the end of each sorted trajectory',
  },
  {
    name: 'initial-cells',
    value: 'N',
    defaultText: String(PAPER_PREPARATION.initialCells),
    help: 'first cells averaged into the initial state',
  },
  { name: 'help', help: 'show this help' },
];

/** The option table, for tests and for tools that build forms from it. */
export function fitOptionSpecs(): OptionSpec[] {
  return OPTIONS;
}

export function fitHelp(): string {
  return [
    'Usage: pathreg fit --data PATH [options]',
    '',
    'Trains a sparse neural ODE (PathReg) on the trajectories of the training donors, evaluates the per-cell MSE on',
    'every donor as the paper does, and writes the gene regulatory network it implies.',
    `Writes DIR/${METRICS_FILE}, DIR/${EDGES_FILE} (source,target,weight,sign) and DIR/checkpoint.bin; progress goes to stderr.`,
    '',
    'Options:',
    formatOptionHelp(OPTIONS),
    '',
    'The paper run:',
    '  pathreg fit --preset paper --data trajectories/ --train 12 --test 21,36,11,24 --iterations 5000 --seed 0 --out runs/paper',
    '',
    "A data set (the cells' time from an obs column, or diffusion pseudotime from a root cell). Given no --pseudotime,",
    '--time or --root, the command takes what the app proposes: a column named as a pseudotime or time (never a',
    'per-cell count), lineage and donor columns by name, and for BEELINE one lineage per pseudotime column.',
    '  pathreg fit --data hsmm.h5ad --time Hours --n-top-genes 100 --out runs/hsmm',
    '  pathreg fit --data pbmc.h5ad --root earliest:day --lineage cell_type --donor donor --test D3 --out runs/pbmc',
    '',
  ].join('\n');
}

/** Turns parsed options into the fit's settings; every range is checked here. */
export async function fitSettingsFromOptions(options: ParsedOptions, commandLine: string): Promise<FitRequest> {
  const text = (name: string) => {
    const v = options.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const data = text('data');
  if (!data) throw new UsageError('--data PATH is required: a trajectory table or a folder of them (pathreg fit --help).');

  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = text(name);
    return raw === undefined ? fallback : integerOption(name, raw, min, max);
  };
  const num = (name: string, fallback: number, range: { min: number; max: number; minExclusive?: boolean }) => {
    const raw = text(name);
    return raw === undefined ? fallback : numberOption(name, raw, range);
  };
  const choice = <T extends string>(name: string, fallback: T, choices: readonly T[]) => {
    const raw = text(name);
    return raw === undefined ? fallback : choiceOption(name, raw, choices);
  };

  const D = SETTINGS_PRESETS[choice<SettingsPreset>('preset', 'recommended', ['recommended', 'paper'])];
  const hiddenRaw = text('hidden');
  let hidden = D.model.hidden;
  if (hiddenRaw !== undefined) {
    hidden =
      hiddenRaw === 'none'
        ? []
        : listOption('hidden', hiddenRaw.replace(/\s/g, ''), true).map((h) =>
            integerOption('hidden', h, L.hiddenUnits.min, L.hiddenUnits.max),
          );
  }
  if (hidden.length > L.hiddenLayers.max) {
    throw new UsageError(`--hidden has ${hidden.length} layers; at most ${L.hiddenLayers.max} are allowed.`);
  }
  const solverKind = choice('solver', D.solver.kind, ['rk4', 'dopri5'] as const);
  const rtol = num('rtol', PAPER_TOLERANCE, { ...L.tolerance, minExclusive: true });
  const atol = num('atol', PAPER_TOLERANCE, { ...L.tolerance, minExclusive: true });
  const maxSteps = int('max-steps', DEFAULT_MAX_STEPS, L.maxSteps.min, L.maxSteps.max);
  const bins = int('bins', 50, L.bins.min, L.bins.max);
  const substeps = int('substeps', 1, L.substeps.min, L.substeps.max);
  if (solverKind === 'dopri5' && (text('bins') !== undefined || text('substeps') !== undefined)) {
    throw new UsageError('--bins and --substeps apply to --solver rk4 only; dopri5 trains on every cell at its own pseudotime.');
  }
  const solver: SolverConfig = solverKind === 'rk4' ? { kind: 'rk4', bins, substeps } : { kind: 'dopri5', rtol, atol, maxSteps };

  const iterations = int('iterations', D.iterations, L.iterations.min, L.iterations.max);
  const given = (name: string) => options.get(name) !== undefined;
  const { method, explicit, implied } = fitMethodOfCommandLine(text('method'), given);
  if (!explicit && text('velocity') !== undefined && implied)
    throw new UsageError(
      `--velocity sets the velocity and linear methods, but ${implied} is a setting of the trajectory method; add --method velocity (without ${implied}) or leave --velocity out.`,
    );
  const velocity = parseVelocityOption(text('velocity'), method, given);
  const config: TrainingConfig = {
    // A trajectory run records its config as before issue 13 (no method: the trajectory method) unless it was named.
    ...(method !== 'trajectory' || explicit ? { method } : {}),
    ...(velocity ? { velocity } : {}),
    model: { hidden, activation: choice<ActivationPlacement>('activation', D.model.activation, ['first', 'all']) },
    regularizer: {
      kind: choice<RegularizerKind>('regularizer', D.regularizer.kind, ['pathreg', 'l1', 'l0', 'group-lasso', 'none']),
      lambda: num('lambda', D.regularizer.lambda, L.lambda),
    },
    solver,
    optimizer: {
      learningRate: num('lr', D.optimizer.learningRate, { ...L.learningRate, minExclusive: true }),
      plateauPatience: int('plateau-patience', D.optimizer.plateauPatience, L.plateauPatience.min, L.plateauPatience.max),
    },
    iterations,
    seed: int('seed', D.seed, L.seed.min, L.seed.max),
    engine: choice<EngineChoice>('engine', D.engine, ['auto', 'cpu', 'tfjs', 'wasm', 'native', 'webgpu']),
    checkpointEvery: int('checkpoint-every', D.checkpointEvery, L.checkpointEvery.min, L.checkpointEvery.max),
    ...(text('regulators') !== undefined ? { regulators: choice<RegulatorChoice>('regulators', 'tfs', ['tfs', 'all']) } : {}),
  };

  const memoryRaw = text('memory-limit');
  let memoryLimitBytes = defaultMemoryLimit();
  if (memoryRaw !== undefined) {
    const parsed = parseByteSize(memoryRaw);
    if (parsed === null)
      throw new UsageError(`--memory-limit must be a size like 4G, 512M or a number of bytes above 0, got "${memoryRaw}".`);
    memoryLimitBytes = parsed;
  }

  const preparation = {
    ...PAPER_PREPARATION,
    dropFirst: int('drop-first', PAPER_PREPARATION.dropFirst, 0, 1_000_000),
    dropLast: int('drop-last', PAPER_PREPARATION.dropLast, 0, 1_000_000),
    initialCells: int('initial-cells', PAPER_PREPARATION.initialCells, 1, 1_000_000),
  };

  const testRaw = text('test');
  const trainRaw = text('train');
  const tfList = await loadTfListOption(text('tf-list'));
  const donorsNamed = [
    ...(trainRaw === undefined ? [] : listOption('train', trainRaw)),
    ...(testRaw === undefined ? [] : listOption('test', testRaw)),
  ];
  const datasetOptions = await datasetFitOptions(data, text, preparation, donorsNamed, tfList);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const outDir = text('out') ?? `runs/fit-${stamp}`;
  return {
    dataPath: data,
    trainDonors: trainRaw === undefined ? (datasetOptions.split?.trainDonors ?? null) : listOption('train', trainRaw),
    testDonors: testRaw === undefined ? (datasetOptions.split?.testDonors ?? []) : listOption('test', testRaw),
    config,
    preparation: datasetOptions.preparation,
    trajectories: datasetOptions.request,
    evaluation: { rtol, atol, maxSteps },
    outDir,
    resumeFrom: options.get('resume') === true ? checkpointPath(outDir) : null,
    modelKept: choice('model', 'best', ['best', 'last'] as const),
    tfList,
    tfListGiven: text('tf-list') !== undefined,
    memoryLimitBytes,
    commandLine,
    version: await packageVersion(),
  };
}

/** The signal watcher sees every progress; the line printed also shows the time left with its range. */
function watchAndReport(
  watched: (p: TrainingProgress) => void,
  report: (p: TrainingProgress, eta: EtaEstimate | undefined) => void,
): NonNullable<FitSink['progress']> {
  return (p, extra) => {
    watched(p);
    report(p, extra.eta);
  };
}

/** One progress line: often at first, then every few seconds, and always the last iteration. */
function progressReporter(write: (line: string) => void): (p: TrainingProgress, eta: EtaEstimate | undefined) => void {
  let lastPrinted = 0;
  return (p, left) => {
    const now = performance.now();
    if (!p.paused && p.iteration > 5 && p.iteration < p.iterations && now - lastPrinted < 2000) return;
    lastPrinted = now;
    const eta = formatEta(left ?? { seconds: p.etaSeconds, low: 0, high: Number.POSITIVE_INFINITY, uncertain: false }, formatDuration);
    write(
      `iteration ${p.iteration}/${p.iterations}  loss ${p.terms.total.toPrecision(5)} (data ${p.terms.data.toPrecision(5)} + penalty ${p.terms.penalty.toPrecision(4)})` +
        `  lr ${p.learningRate.toPrecision(3)}  ${p.iterationsPerSecond.toFixed(2)} it/s  ETA ${eta}  [${p.engine}]${p.paused ? '  paused' : ''}`,
    );
  };
}

/** What `pathreg fit` prints when the engine's device failed: what happened, and the command that goes on. */
export function deviceFailureReport(outcome: Extract<FitOutcome, { status: 'device-failed' }>, argv: string[], outDir: string): string[] {
  const command = continueOnCpuCommand(argv, outDir, outcome.checkpointPath !== null);
  return [
    `pathreg fit: ${outcome.message}`,
    outcome.checkpointPath ? `Continue on the CPU from iteration ${outcome.checkpointIteration} with:` : 'Run it on the CPU instead with:',
    `  ${command}`,
  ];
}

/**
 * The command that continues this run on the CPU: the same options with --out pinned to this run's folder (its
 * default name carries the start time), --engine cpu instead of any engine named, and --resume when a checkpoint
 * was kept. The CPU engines compute the same numbers within float32 rounding, and the checkpoint keeps every
 * setting, so the continued run is the same run.
 */
export function continueOnCpuCommand(argv: string[], outDir: string, resume: boolean): string {
  const kept: string[] = [];
  let hasOut = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name] = arg.split('=', 1);
    if (name === '--engine' || name === '--tfjs-backend') {
      // The GPU choice goes; so does a tfjs backend, which only meant something for a named tfjs engine.
      if (!arg.includes('=')) i++;
      continue;
    }
    if (arg === '--resume') continue;
    if (name === '--out') hasOut = true;
    kept.push(arg);
  }
  if (!hasOut) kept.push('--out', outDir);
  kept.push(...(resume ? ['--resume'] : []), '--engine', 'cpu');
  return ['pathreg', 'fit', ...kept].map(shellQuote).join(' ');
}

/** Quotes an argument for a POSIX shell when it holds anything but safe characters. */
function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export const fitCommand: Command = {
  name: 'fit',
  summary: 'train PathReg on trajectory tables; writes metrics.json, edges.csv and checkpoints',
  async run(argv) {
    const options = parseOptions('fit', argv, OPTIONS);
    if (options.has('help')) {
      process.stdout.write(fitHelp());
      return 0;
    }
    const settings = await fitSettingsFromOptions(options, ['pathreg', 'fit', ...argv].join(' '));
    const tfjsBackend = choiceOption<TfjsBackendChoice>(
      'tfjs-backend',
      (options.get('tfjs-backend') as string | undefined) ?? 'auto',
      TFJS_BACKEND_CHOICES,
    );
    const log = (line: string) => process.stderr.write(`${line}\n`);
    log(`memory limit ${formatBytes(settings.memoryLimitBytes)}; writing to ${settings.outDir}`);

    // Ctrl-C or a scheduler's TERM ends the fit at any stage: at once while reading or preparing, after the current
    // iteration (with a checkpoint) while training, at once on a second signal (src-main/cli/stop-on-signals.ts).
    const control = new TrainingControl();
    const signals = stopFitOnSignals({ control, log });
    try {
      const outcome = await runFit(settings, {
        registry: defaultEngineRegistry({ tfjsBackend, memoryLimitBytes: settings.memoryLimitBytes }),
        control,
        sink: { log, progress: watchAndReport(signals.watch<TrainingProgress>(), progressReporter(log)), stage: stageReporter(log) },
      }).catch((error: unknown) => {
        throw wordFitRefusalForCommandLine(error);
      });
      if (outcome.status === 'diverged') {
        log(`pathreg fit: ${outcome.message}`);
        return 1;
      }
      if (outcome.status === 'device-failed') {
        for (const line of deviceFailureReport(outcome, argv, settings.outDir)) log(line);
        return 1;
      }
      if (outcome.status === 'cancelled') {
        log(
          outcome.checkpointPath
            ? `stopped at iteration ${outcome.iteration}; checkpoint saved at ${outcome.checkpointPath}. Continue with the same command plus --resume.`
            : `stopped at iteration ${outcome.iteration}; this method keeps no training state, so run the same command again to fit anew.`,
        );
        return 130;
      }
      const m = outcome.metrics;
      const fixed = (value: number | null, digits: number) => (value === null || !Number.isFinite(value) ? 'n/a' : value.toFixed(digits));
      const tests = Object.entries(m.test_mse)
        .map(([d, v]) => `${d} ${fixed(v, 4)}`)
        .join(', ');
      log(
        `done in ${formatDuration(m.seconds)} of training on ${m.engine}: train MSE ${fixed(m.train_mse, 4)}` +
          (tests ? `; held-out ${tests}; mean ${fixed(m.test_mse_mean, 4)}` : '') +
          `; feature sparsity ${m.feature_sparsity.toFixed(3)}, model sparsity ${m.model_sparsity.toFixed(3)}` +
          (m.spurious_feature_sparsity !== null ? `, spurious-feature sparsity ${m.spurious_feature_sparsity.toFixed(3)}` : ''),
      );
      const hint = modelChoiceHint(m.warnings, m.model);
      if (hint) log(hint);
      log(`wrote ${outcome.metricsPath} and ${outcome.edgesPath}`);
      return 0;
    } finally {
      signals.dispose();
    }
  },
};
