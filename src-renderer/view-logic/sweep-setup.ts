/**
 * The Sweep view's form as a `sweep:start` request: the text fields parsed, and every problem in words, so the
 * Start button says why it cannot start instead of sending a request the session would refuse.
 */
import { parseNumberList, SLURM_TIME_PATTERN, sweepSetupProblems, type SweepStartRequest } from '../../src-shared/contract/sweep.ts';
import { SETTING_LIMITS as L, type FitMethod } from '../../src-shared/run-config.ts';

export interface SweepForm {
  method: FitMethod;
  iterations: string;
  tfList: SweepStartRequest['tfList'];
  lambdas: string;
  seeds: string;
  subsamples: string;
  nulls: string;
  executor: 'local' | 'slurm';
  workers: string;
  partition: string;
  time: string;
  account: string;
}

export const DEFAULT_SWEEP_FORM: SweepForm = {
  method: 'trajectory',
  iterations: '300',
  tfList: 'none',
  lambdas: '0.001, 0.01, 0.1',
  seeds: '0',
  subsamples: '4',
  nulls: '2',
  executor: 'local',
  workers: '',
  partition: '',
  time: '',
  account: '',
};

function wholeNumber(text: string, what: string, min: number, max: number, problems: string[]): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(`${what} must be a whole number from ${min} to ${max.toLocaleString('en')}, not "${text}".`);
    return min;
  }
  return value;
}

/** The request and, when it cannot be sent, why (empty problems: it can). */
export function sweepRequestFromForm(
  form: SweepForm,
  datasetId: string,
  genes: string[] = [],
): { request: SweepStartRequest; problems: string[]; tasks: number } {
  const problems: string[] = [];
  const lambdas = parseNumberList(form.lambdas);
  if (lambdas.invalid.length) problems.push(`λ values must be numbers: ${lambdas.invalid.map((w) => `"${w}"`).join(', ')} is not.`);
  const outOfRange = lambdas.values.filter((v) => v < L.lambda.min || v > L.lambda.max);
  if (outOfRange.length) problems.push(`λ values must be from ${L.lambda.min} to ${L.lambda.max}: ${outOfRange.join(', ')} is not.`);
  const seeds = parseNumberList(form.seeds);
  const badSeeds = [...seeds.invalid, ...seeds.values.filter((v) => !Number.isInteger(v) || v < L.seed.min || v > L.seed.max).map(String)];
  if (badSeeds.length) problems.push(`Seeds must be whole numbers from ${L.seed.min}: ${badSeeds.map((w) => `"${w}"`).join(', ')} is not.`);
  const grid = {
    lambdas: lambdas.values,
    seeds: seeds.values.filter((v) => Number.isInteger(v)),
    subsamples: wholeNumber(form.subsamples, 'Subsamples', 0, 200, problems),
    nulls: wholeNumber(form.nulls, 'Null fits', 0, 200, problems),
  };
  const iterations = wholeNumber(form.iterations, 'Iterations', 1, 1_000_000, problems);
  problems.push(...sweepSetupProblems(grid, form.method));
  let executor: SweepStartRequest['executor'];
  if (form.executor === 'local') {
    executor = form.workers.trim() ? { kind: 'local', workers: wholeNumber(form.workers, 'Workers', 1, 64, problems) } : { kind: 'local' };
  } else {
    const name = (text: string, what: string) => {
      if (text.trim() && !/^[A-Za-z0-9_.-]{1,64}$/.test(text.trim()))
        problems.push(`The Slurm ${what} "${text}" may hold only letters, digits, "_", "." and "-".`);
      return text.trim() || undefined;
    };
    const time = form.time.trim();
    if (time && !SLURM_TIME_PATTERN.test(time))
      problems.push(`The time limit "${time}" is not a Slurm time: write minutes (30), hours (1:00:00) or days (1-00:00:00).`);
    const partition = name(form.partition, 'partition');
    const account = name(form.account, 'account');
    executor = { kind: 'slurm', ...(partition ? { partition } : {}), ...(account ? { account } : {}), ...(time ? { time } : {}) };
  }
  const tasks = grid.lambdas.length * grid.seeds.length * (1 + grid.subsamples + grid.nulls);
  const unusable = genes.filter((gene) => /[,\s]/.test(gene));
  if (unusable.length)
    problems.push(`A sweep cannot pass gene names with commas or spaces to its fits: ${unusable.map((g) => `"${g}"`).join(', ')}.`);
  const request: SweepStartRequest = { datasetId, method: form.method, iterations, tfList: form.tfList, grid, executor };
  if (genes.length) request.genes = genes;
  return { request, problems, tasks };
}
