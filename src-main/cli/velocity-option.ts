/**
 * `pathreg fit --method` and `--velocity KEY=VALUE,…`: the fit method and the velocity methods' settings, checked
 * against the same limits the app's schema uses (VELOCITY_OPTION_LIMITS), with messages that name the option.
 */
import {
  FIT_METHODS,
  LINEAR_VELOCITY_OPTIONS,
  VELOCITY_OPTION_LIMITS,
  VELOCITY_SCALINGS,
  type FitMethod,
  type VelocityOptions,
} from '../../src-shared/run-config.ts';
import { UsageError } from './command.ts';
import { choiceOption } from './option-parser.ts';

/** Command-line spelling of each VelocityOptions key. */
const KEYS: Record<string, keyof VelocityOptions> = {
  neighbours: 'neighbours',
  window: 'window',
  hidden: 'hidden',
  lambda: 'lambda',
  'validation-neighbours': 'validationNeighbours',
  'standard-errors': 'standardErrors',
  iterations: 'iterations',
  stages: 'stages',
  'stage-iterations': 'stageIterations',
  batch: 'batch',
  refine: 'refine',
  scaling: 'scaling',
};

/** Options of the trajectory method only: given with another method they would be ignored, so they are refused. */
const TRAJECTORY_ONLY = [
  'hidden',
  'activation',
  'regularizer',
  'lambda',
  'solver',
  'bins',
  'substeps',
  'lr',
  'plateau-patience',
  'iterations',
  'checkpoint-every',
  'model',
];

export const VELOCITY_OPTION_HELP =
  'settings of --method velocity or linear, comma-separated KEY=VALUE: neighbours, window (velocity targets; both methods), ' +
  'hidden, lambda, iterations, stages, stage-iterations, batch (the velocity field), refine (iterations refining the trained field on ' +
  "the trajectory loss, its edges fixed; 0 = off), scaling (donor: each gene scaled once over all of a donor's lineages; " +
  "lineage: each lineage on its own, the paper's preparation; unset: lineage when donors are held out, else donor; both methods); unset keys keep the method's defaults. " +
  "lambda is where the network is cut along the field's sparsity path, as a fraction of λ_max from 0 to 1: the pairs that entered at " +
  "λ ≥ lambda·λ_max are the network (1: the first stage; 0: every allowed pair); unset, each target gene's stage is chosen on a held-out fifth " +
  "of the cells (the sparsest stage within standard-errors paired standard errors of the target's lowest error, unset: 1), " +
  'whose velocity targets average validation-neighbours nearest cells (unset: neighbours)';

export function parseFitMethod(raw: string | undefined): FitMethod | undefined {
  return raw === undefined ? undefined : choiceOption('method', raw, FIT_METHODS);
}

/**
 * The method of a command line: `--method` when given; else the trajectory method when the line asks for it by
 * another name (a preset: both describe the trajectory model; --resume; or one of its own settings, so command lines written
 * before velocity became the default keep their meaning); else `velocity`, the default (issue 13: through `pathreg fit`
 * it ranks known regulators above BEELINE's median method on 10 of 10 models, where the trajectory method is at
 * chance; docs/benchmarks.md). `implied` names the option that chose trajectory.
 */
export function fitMethodOfCommandLine(
  raw: string | undefined,
  given: (name: string) => boolean,
): { method: FitMethod; explicit: boolean; implied: string | null } {
  const named = parseFitMethod(raw);
  if (named) return { method: named, explicit: true, implied: null };
  // --resume too: only the trajectory method keeps a checkpoint to continue from, so it names that method's runs.
  const implied = ['preset', 'resume', ...TRAJECTORY_ONLY].find(given) ?? null;
  return { method: implied ? 'trajectory' : 'velocity', explicit: false, implied: implied && `--${implied}` };
}

/** Parses `--velocity` for `method`; `given` says which other options were typed, to refuse the trajectory-only ones. */
export function parseVelocityOption(
  raw: string | undefined,
  method: FitMethod,
  given: (name: string) => boolean,
): VelocityOptions | undefined {
  if (method === 'trajectory') {
    if (raw !== undefined)
      throw new UsageError(
        '--velocity sets the velocity and linear methods; add --method velocity or --method linear, or leave --velocity out.',
      );
    return undefined;
  }
  const ignored = TRAJECTORY_ONLY.filter(given);
  if (ignored.length)
    throw new UsageError(
      `--${ignored[0]} applies to --method trajectory only; --method ${method} takes its settings from --velocity (e.g. --velocity ${method === 'linear' ? 'neighbours=5,window=40' : 'stages=20,lambda=0.1'}).`,
    );
  if (raw === undefined) return undefined;
  const options: VelocityOptions = {};
  for (const item of raw.split(',')) {
    const [name, value, extra] = item.split('=').map((s) => s.trim());
    const key = KEYS[name];
    if (!key || value === undefined || value === '' || extra !== undefined)
      throw new UsageError(
        `--velocity must be comma-separated KEY=VALUE with KEY one of ${Object.keys(KEYS).join(', ')}; got "${item}" in "${raw}".`,
      );
    if (method === 'linear' && !LINEAR_VELOCITY_OPTIONS.includes(key))
      throw new UsageError(
        `--velocity ${name} does not apply to --method linear, which trains no field; only ${LINEAR_VELOCITY_OPTIONS.join(' and ')} do.`,
      );
    if (options[key] !== undefined) throw new UsageError(`--velocity names ${name} twice.`);
    if (key === 'scaling') {
      options.scaling = choiceOption('velocity scaling', value, VELOCITY_SCALINGS);
      continue;
    }
    const limit = VELOCITY_OPTION_LIMITS[key];
    const number = Number(value);
    const integer = /^[+-]?\d+$/.test(value);
    if (!Number.isFinite(number) || (limit.integer && !integer) || number < limit.min || number > limit.max)
      throw new UsageError(
        `--velocity ${name} must be ${limit.integer ? 'a whole number' : 'a number'} from ${limit.min.toLocaleString('en-US')} to ${limit.max.toLocaleString('en-US')}, got "${value}".`,
      );
    options[key] = number;
  }
  return options;
}
