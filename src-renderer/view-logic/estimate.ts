/**
 * A rough time and memory estimate shown before training starts. It counts floating-point work from the model and
 * solver sizes and divides by a per-engine throughput measured on a 2-core laptop-class machine; the view says it is
 * an estimate, within a factor of about two.
 */
import type { EngineChoice, TrainingConfig } from '../../src-shared/run-config.ts';
import type { DatasetInfo, TrajectorySelection } from '../../src-shared/contract/types.ts';
import { evaluationSecondsEstimate, sparsitySecondsEstimate, writingSecondsEstimate } from '../../src-shared/run-time-estimate.ts';
import { velocityKernelOf, velocityRunEstimate, type VelocityRunEstimate } from '../../src-shared/velocity-run-estimate.ts';

export interface RunEstimate {
  parameters: number;
  /** Parameters, gradients, two Adam moments, plus the solver's saved activations for backpropagation. */
  memoryBytes: number;
  secondsPerIteration: number;
  /** Training: iterations × seconds per iteration, and the live sparsity reads (genes² each, about 50 a run). */
  trainingSeconds: number;
  /** After training: the per-cell evaluation of every donor, and the network's read-out and files. */
  evaluationSeconds: number;
  writingSeconds: number;
  /** Training, evaluation and writing: the whole run after the data is read. */
  totalSeconds: number;
  explanation: string;
}

/**
 * Effective GFLOP/s of the training step and fixed cost per field evaluation (op dispatch), by engine, calibrated on
 * docs/benchmarks.md ("Milliseconds per training iteration", paper shape S, CPU ms per iteration on the 2-core dev
 * box): tfjs-cpu about 2,000 ms (13,545 kernels, dispatch-bound); wasm about 5.5 ms and native about 2.5 ms since the
 * fused kernels (engine-registry.ts, and the README example's 25 s for 5,000 iterations on wasm). WebGPU is a guess
 * until measured. Plus a fixed cost per iteration for progress reports and the optimiser step.
 */
const THROUGHPUT: Record<Exclude<EngineChoice, 'auto' | 'cpu'>, { gflops: number; overheadSeconds: number }> = {
  tfjs: { gflops: 1, overheadSeconds: 4e-3 },
  wasm: { gflops: 95, overheadSeconds: 1e-6 },
  native: { gflops: 280, overheadSeconds: 1e-6 },
  webgpu: { gflops: 200, overheadSeconds: 1e-4 },
};
const PER_ITERATION_SECONDS = 1e-3;

export function layerSizes(genes: number, hidden: readonly number[]): number[] {
  return [genes, ...hidden, genes];
}

export function parameterCount(genes: number, hidden: readonly number[]): number {
  const sizes = layerSizes(genes, hidden);
  let count = 0;
  for (let l = 0; l < sizes.length - 1; l++) count += sizes[l] * sizes[l + 1] + sizes[l + 1] + sizes[l];
  return count;
}

/**
 * Estimate for `genes` genes and `trajectories` trajectories (the batch), on `engine` (auto and cpu count as wasm,
 * the engine they pick on machines without a GPU or native build).
 */
export function estimateRun(
  config: TrainingConfig,
  genes: number,
  trajectories: number,
  engine: EngineChoice = config.engine,
  evaluatedDonors = 1,
): RunEstimate {
  const sizes = layerSizes(genes, config.model.hidden);
  const parameters = parameterCount(genes, config.model.hidden);
  let macs = 0;
  for (let l = 0; l < sizes.length - 1; l++) macs += sizes[l] * sizes[l + 1];
  // RK4: 4 field evaluations per step; Dormand–Prince: about 6 per accepted step, assume 100 steps.
  const steps = config.solver.kind === 'rk4' ? config.solver.bins * config.solver.substeps : 100;
  const evaluations = steps * (config.solver.kind === 'rk4' ? 4 : 6);
  const batch = Math.max(1, trajectories);
  // Forward + backward ≈ 3× the forward multiply-adds, 2 flops each.
  const flops = evaluations * batch * macs * 2 * 3;
  const speed = THROUGHPUT[engine === 'auto' || engine === 'cpu' ? 'wasm' : engine];
  const secondsPerIteration = flops / (speed.gflops * 1e9) + evaluations * 2 * speed.overheadSeconds + PER_ITERATION_SECONDS;
  const activations = evaluations * batch * sizes.reduce((a, b) => a + b, 0) * 2;
  const memoryBytes = (parameters * 4 + activations) * 4;
  const trainingSeconds = secondsPerIteration * config.iterations + sparsitySecondsEstimate(genes, config.model.hidden);
  const evaluationSeconds = evaluationSecondsEstimate(secondsPerIteration, evaluatedDonors);
  const writingSeconds = writingSecondsEstimate(genes);
  return {
    parameters,
    memoryBytes,
    secondsPerIteration,
    trainingSeconds,
    evaluationSeconds,
    writingSeconds,
    totalSeconds: trainingSeconds + evaluationSeconds + writingSeconds,
    explanation:
      `${parameters.toLocaleString('en-US')} parameters; ${evaluations} field evaluations per iteration on ${batch} trajectories; ` +
      `${(flops / 1e6).toFixed(1)} MFLOP per iteration at about ${speed.gflops} GFLOP/s (${engine === 'auto' ? 'auto, counted as wasm' : engine}); ` +
      `then evaluating ${evaluatedDonors} donor(s) per cell and writing a ${genes.toLocaleString('en-US')}-gene network.`,
  };
}

/** Highly variable genes the default gene choice adds to the TFs (DEFAULT_TOP_GENES in src-main/fit/fit-defaults.ts). */
const DEFAULT_VARIABLE_GENES = 100;

/**
 * Genes a run will train on: those typed, else the default choice of the one trajectory builder — every gene of the
 * paper's tables, otherwise the TFs of the bundled list in the data with the 100 most variable genes (at most).
 */
export function genesToTrain(
  dataset: Pick<DatasetInfo, 'format' | 'genes' | 'defaultTfsInData'>,
  selection: Pick<TrajectorySelection, 'genes'>,
): number {
  if (selection.genes.length > 0) return selection.genes.length;
  if (dataset.format === 'pathreg-tables') return dataset.genes;
  return Math.min(dataset.genes, (dataset.defaultTfsInData ?? 0) + DEFAULT_VARIABLE_GENES);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Cells of `levels` named in `chosen` (all of them when `chosen` is empty); null when the column has no levels. */
function cellsOfLevels(levels: ReadonlyArray<{ name: string; cells: number }> | undefined, chosen: readonly string[]): number | null {
  if (!levels || levels.length === 0) return null;
  return levels.filter((level) => chosen.length === 0 || chosen.includes(level.name)).reduce((sum, level) => sum + level.cells, 0);
}

/**
 * The velocity method's estimate before training (src-shared/velocity-run-estimate.ts, the function `pathreg fit`
 * and the live ETA use): genes and regulators (the default TF list's TFs in the data unless every gene may regulate),
 * the training donors' cells (from the donor column's levels, less the cells trimmed from each trajectory), and the
 * run's velocity settings.
 */
export function velocityEstimateForSelection(
  config: TrainingConfig,
  dataset: Pick<DatasetInfo, 'format' | 'genes' | 'cells' | 'defaultTfsInData' | 'obs'>,
  selection: TrajectorySelection,
  lineages: number,
): VelocityRunEstimate {
  const genes = genesToTrain(dataset, selection);
  const tfs = dataset.defaultTfsInData ?? 0;
  // `tfs` (named or the default with a TF list) keeps the TFs as the only sources; without any, every gene regulates.
  const sources = config.regulators === 'all' || tfs === 0 ? genes : Math.min(genes, tfs);
  const levels = (column: string | null) => (column ? dataset.obs.find((entry) => entry.name === column)?.levels : undefined);
  const donorLevels = levels(selection.donorColumn);
  const heldOut = new Set(selection.testDonors);
  const trainNames =
    selection.trainDonors.length > 0 ? selection.trainDonors : (donorLevels ?? []).map((l) => l.name).filter((n) => !heldOut.has(n));
  const donorCells = cellsOfLevels(donorLevels, trainNames);
  const lineageCells = cellsOfLevels(levels(selection.lineageColumn), selection.lineages);
  // With both columns, the lineages chosen take their share of the training donors' cells.
  let cells = donorCells ?? dataset.cells;
  if (lineageCells !== null && selection.lineages.length > 0) cells = Math.round((cells * lineageCells) / Math.max(1, dataset.cells));
  const trainDonors = Math.max(1, trainNames.length);
  const trajectories = lineages * trainDonors;
  const trimmed = selection.trimStart + selection.trimEnd;
  cells = Math.max(2, cells - trajectories * trimmed);
  const evaluatedDonors = trainDonors + selection.testDonors.length;
  // Every donor evaluated: the held-out donors' cells (their share of the lineages chosen) besides the training ones.
  const testCells = cellsOfLevels(donorLevels, selection.testDonors) ?? 0;
  const testShare = lineageCells !== null && selection.lineages.length > 0 ? lineageCells / Math.max(1, dataset.cells) : 1;
  const evaluatedCells = cells + Math.max(0, Math.round(testCells * testShare) - lineages * selection.testDonors.length * trimmed);
  const v = config.velocity ?? {};
  return velocityRunEstimate({
    genes,
    sources,
    trainingCells: cells,
    trainingTrajectories: trajectories,
    evaluatedCells,
    evaluatedTrajectories: lineages * evaluatedDonors,
    kernel: velocityKernelOf(config.engine),
    settings: {
      neighbours: v.neighbours,
      window: v.window,
      hidden: v.hidden,
      iterations: v.iterations,
      stages: v.stages,
      stageIterations: v.stageIterations,
      batch: v.batch,
      refine: v.refine,
      bins: config.solver.kind === 'rk4' ? config.solver.bins : undefined,
      cutoff: v.lambda ?? null,
    },
  });
}
