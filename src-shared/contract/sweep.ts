/**
 * The Sweep view's part of the contract (issue 16): set up a grid of fits of an open data set, run it on this
 * machine's cores or through Slurm, watch, cancel and resume it, and read its λ path and consensus network. The
 * schemas bound everything the untrusted window sends; `sweepSetupProblems` is the one check of a grid, run by the
 * view before it sends and by the session before it starts.
 */
import { z } from 'zod';
import { FIT_METHODS, SETTING_LIMITS as L, type FitMethod } from '../run-config.ts';
import { BUNDLED_TF_LIST_NAMES } from '../tf-list-choice.ts';

/** Bounds of a grid set up in the app: larger sweeps belong on the command line (pathreg sweep), which has none. */
export const SWEEP_LIMITS = {
  lambdas: 20,
  seeds: 20,
  replicates: 200,
  tasks: 2_000,
  workers: 64,
  iterations: { min: 1, max: 1_000_000 },
} as const;

const datasetId = z.string().regex(/^dataset-[0-9]+$/, 'a dataset id looks like "dataset-2"');
const sweepId = z.string().regex(/^sweep-[0-9]+$/, 'a sweep id looks like "sweep-1"');
/** Slurm names (partition, account): what sbatch accepts, nothing a shell or an option could read otherwise. */
const slurmName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, "_", "." or "-"');
/** sbatch --time forms: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
export const SLURM_TIME_PATTERN = /^(\d{1,3}-\d{1,2}(:\d{2}){0,2}|\d{1,4}(:\d{2}){0,2})$/;

export const sweepGridSchema = z.strictObject({
  lambdas: z.array(z.number().min(L.lambda.min).max(L.lambda.max)).min(1).max(SWEEP_LIMITS.lambdas),
  seeds: z.array(z.number().int().min(L.seed.min).max(L.seed.max)).min(1).max(SWEEP_LIMITS.seeds),
  subsamples: z.number().int().min(0).max(SWEEP_LIMITS.replicates),
  nulls: z.number().int().min(0).max(SWEEP_LIMITS.replicates),
});
export type SweepGridSetup = z.infer<typeof sweepGridSchema>;

export const sweepExecutorSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('local'), workers: z.number().int().min(1).max(SWEEP_LIMITS.workers).optional() }),
  z.strictObject({
    kind: z.literal('slurm'),
    partition: slurmName.optional(),
    account: slurmName.optional(),
    time: z.string().regex(SLURM_TIME_PATTERN, 'a Slurm time such as 30, 1:00:00 or 1-00:00:00').optional(),
  }),
]);
export type SweepExecutorSetup = z.infer<typeof sweepExecutorSchema>;

export const sweepStartSchema = z.strictObject({
  datasetId,
  label: z.string().min(1).max(200).optional(),
  method: z.enum(FIT_METHODS as [FitMethod, ...FitMethod[]]),
  iterations: z.number().int().min(SWEEP_LIMITS.iterations.min).max(SWEEP_LIMITS.iterations.max),
  /** 'none' or a bundled list's name: the same choice every task's fit makes. */
  tfList: z.enum(['none', ...BUNDLED_TF_LIST_NAMES]),
  /** The Data view's genes; absent or empty: the fit's default genes. A comma would split a name on the way to the fit. */
  genes: z
    .array(z.string().regex(/^[^,\s]{1,200}$/, 'a gene name without commas or spaces'))
    .max(20_000)
    .optional(),
  grid: sweepGridSchema,
  executor: sweepExecutorSchema,
});
export type SweepStartRequest = z.infer<typeof sweepStartSchema>;

export const sweepSchemas = {
  /** Which executors this machine offers: local always, Slurm when sbatch is on the PATH of the app's process. */
  'sweep:executors': z.strictObject({}),
  'sweep:start': sweepStartSchema,
  'sweep:list': z.strictObject({}),
  'sweep:status': z.strictObject({ sweepId }),
  /** Stops the running tasks (local) or scancels the arrays (Slurm); finished tasks stay. */
  'sweep:cancel': z.strictObject({ sweepId }),
  /** Runs the tasks that are missing, failed or were cancelled. */
  'sweep:resume': z.strictObject({ sweepId }),
  'sweep:consensus': z.strictObject({ sweepId, lambda: z.number().min(L.lambda.min).max(L.lambda.max) }),
  /** Opens a finished task's run folder as a run of the session (the λ path's click). */
  'sweep:open-run': z.strictObject({ sweepId, task: z.number().int().min(0).max(SWEEP_LIMITS.tasks) }),
  /** The consensus network at λ as a network file with each edge's confidence, and the sweep's provenance. */
  'export:sweep-network': z.strictObject({
    sweepId,
    lambda: z.number().min(L.lambda.min).max(L.lambda.max),
    format: z.enum(['csv', 'tsv', 'beeline', 'sif', 'graphml', 'cyjs', 'cx2', 'adjacency']),
    /** Leave out edges selected by fewer than this share of the fits (the view's "least confidence"). */
    minConfidence: z.number().min(0).max(1).optional(),
  }),
} as const;

export interface SweepExecutors {
  local: { workers: number; cores: number };
  slurm: { available: boolean; reason: string };
}

export type SweepTaskState = 'pending' | 'submitted' | 'running' | 'done' | 'failed' | 'cancelled';

export interface SweepTaskView {
  index: number;
  lambda: number;
  seed: number;
  /** "all cells", "subsample 2", "null 1" (permuted pseudotime). */
  cells: string;
  state: SweepTaskState;
  /** The local worker's pid or the Slurm job that ran it. */
  job: string | null;
  message: string | null;
  seconds: number | null;
  /** The last lines of the task's log, for a failed task. */
  logTail: string | null;
}

export interface SweepPathPoint {
  lambda: number;
  fits: number;
  heldOutMse: number | null;
  edges: number | null;
  spuriousRegulatorFraction: number | null;
  /** Finished fits on all cells at this λ: the runs a click opens. */
  tasks: number[];
}

export interface SweepSnapshot {
  sweepId: string;
  label: string;
  datasetName: string;
  method: FitMethod;
  executor: 'local' | 'slurm';
  grid: SweepGridSetup;
  /** Whether the coordinator is running it now. */
  running: boolean;
  progress: Record<SweepTaskState, number> & { total: number };
  tasks: SweepTaskView[];
  lambdaPath: SweepPathPoint[];
  /** Why the sweep stopped when it could not go on (data changed, Slurm refused); null otherwise. */
  error: string | null;
  createdAt: string;
}

export interface SweepConsensusEdge {
  source: string;
  target: string;
  confidence: number;
  fdr: number | null;
  sign: 1 | -1 | 0;
  meanWeight: number;
}

export interface SweepConsensus {
  sweepId: string;
  lambda: number;
  fits: number;
  nullFits: number;
  genes: Array<{ id: string; isTF: boolean | null }>;
  /** Most confident first. */
  edges: SweepConsensusEdge[];
}

/** What is wrong with a grid, in words for the Sweep view (empty when it can start). */
export function sweepSetupProblems(grid: SweepGridSetup, method: FitMethod): string[] {
  const problems: string[] = [];
  const tasks = grid.lambdas.length * grid.seeds.length * (1 + grid.subsamples + grid.nulls);
  if (grid.lambdas.length === 0) problems.push('Give at least one λ value.');
  if (grid.seeds.length === 0) problems.push('Give at least one seed.');
  if (new Set(grid.lambdas).size !== grid.lambdas.length) problems.push('A λ value is given twice: give each once.');
  if (new Set(grid.seeds).size !== grid.seeds.length) problems.push('A seed is given twice: give each once.');
  if (method === 'linear' && grid.lambdas.length > 1)
    problems.push('The linear method follows its whole lasso path and has no λ to choose: give one λ value.');
  if (tasks > SWEEP_LIMITS.tasks)
    problems.push(`That is ${tasks} fits; the app runs at most ${SWEEP_LIMITS.tasks}. Run larger sweeps with pathreg sweep.`);
  return problems;
}

/** Parses "0.001, 0.01 0.1" into numbers; the words that are not numbers come back for the message. */
export function parseNumberList(text: string): { values: number[]; invalid: string[] } {
  const words = text.split(/[\s,;]+/).filter(Boolean);
  const values: number[] = [];
  const invalid: string[] = [];
  for (const word of words) {
    const value = Number(word);
    if (Number.isFinite(value)) values.push(value);
    else invalid.push(word);
  }
  return { values, invalid };
}
