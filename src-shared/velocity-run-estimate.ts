/**
 * How long a velocity run takes on an idle machine, before it starts: the pre-run estimate of the Model view, the
 * `estimate:` line of `pathreg fit` and the share of the live ETA that follows the group-lasso path (run-velocity-fit.ts)
 * all come from velocityRunEstimate. It counts the work of each step of the fit from its real settings (genes, allowed
 * regulators, cells, the path's iterations × batch, the held-out cut-off's scoring passes, refinement, the per-cell
 * evaluation, edges.csv) and prices it with the per-unit costs of VELOCITY_COSTS, measured on the 2-core dev machine.
 * Pure (no Node built-ins), so the renderer imports it.
 */

/** The kernels that compute the velocity field's loss and gradient (src-main/engine/velocity/per-edge-field-kernel.ts). */
export type VelocityKernelName = 'native' | 'wasm' | 'typescript' | 'tfjs';

/**
 * Per-unit CPU seconds of each step of a velocity run, one place for all of them. CPU time (process.cpuUsage: user +
 * system) is the idle-equivalent of a single-threaded fit on a busy machine. Measured on the 2-core dev box
 * (AMD EPYC, Node 20), 2026-12-07 20:41–20:50 UTC at load 8–12 (docs/benchmarks.md, "The velocity run's time
 * estimate"):
 * - the kernel: `npx tsx src-main/engine/velocity/bench/measure-per-edge-kernel.ts --hidden 0` at the example's shape
 *   (529 genes, 113 sources, 256 cells: CPU ms per call typescript 60.3, wasm 10.3, native 6.4, tfjs 264) and at
 *   HSMM's (`--genes 2000 --sources 42 --rows 216`: wasm 19.3, native 11.7); two shapes give the per cell × pair and
 *   per cell × gene costs of wasm and native; typescript and tfjs, measured at one shape, take wasm's per cell × gene;
 * - every other step: the CPU seconds between the steps of the real runs of `scripts/bench-velocity-estimate.ts`
 *   (the bundled example `--train 12 --test 21` on wasm and on native: 1,272 training cells, 2,000 path iterations,
 *   254 held-out cells, 200 refinement iterations, 6 trajectories evaluated), each the mean of the two engines' runs,
 *   as these steps run in TypeScript whatever the engine.
 */
export const VELOCITY_COSTS = {
  /** Kernel seconds per batch cell × allowed pair (forward and backward of the per-edge field, hidden 0). */
  cellPairSeconds: { native: 0.29e-9, wasm: 0.44e-9, typescript: 3.7e-9, tfjs: 17e-9 } as Record<VelocityKernelName, number>,
  /** Kernel seconds per batch cell × gene (the decay's softplus and sigmoid, the intercept, the loss). */
  cellGeneSeconds: { native: 15e-9, wasm: 26e-9, typescript: 26e-9, tfjs: 26e-9 } as Record<VelocityKernelName, number>,
  /**
   * Seconds per parameter of one path iteration outside the kernel (Adam, the group prox, the batch copy, in
   * TypeScript): the example's path CPU seconds ÷ 2,000 less the kernel's, ÷ 121,141 parameters (wasm 2.4 ms, native
   * 4.1 ms an iteration).
   */
  parameterSeconds: 27e-9,
  /**
   * Seconds of every path iteration whatever its size (the kernel call, progress, yielding to the event loop):
   * BEELINE dyn-LI's 7-gene path took 0.33 CPU s for 2,000 iterations, 0.11 s of it counted by the costs above.
   */
  iterationSeconds: 0.11e-3,
  /**
   * Seconds per held-out cell × pair of one scoring pass of the cut-off (perEdgeFieldForward in TypeScript: about
   * 3 × stages + 1 passes, per-target-cutoff.ts), with one pass over every training cell for the network's read-out:
   * the example's 3.7 (wasm) and 4.1 (native) CPU s between the path's last iteration and refinement.
   */
  scoringCellPairSeconds: 3.9e-9,
  /** Seconds of every scoring pass whatever its size: BEELINE dyn-LI's 61 passes took 0.08 CPU s for 7 genes. */
  scoringPassSeconds: 1.2e-3,
  /**
   * Seconds per RK4 field evaluation × gene of refinement (forward and adjoint counted as 3 evaluations per stage, 4
   * stages, `refineSubsteps` substeps per bin), the sign check after it included: the example's 13.6 (wasm) and 11.1
   * (native) CPU s for 200 iterations ÷ (200 × 3 × 4 × 50 bins × 2 substeps × 3 trajectories × 529 genes).
   */
  refineGeneSeconds: 32e-9,
  /** Seconds of every refinement iteration whatever its size: BEELINE dyn-LI's 200 took 0.14 CPU s, 0.05 s counted above. */
  refineIterationSeconds: 0.45e-3,
  /** Substeps per bin refinement assumes: fieldStableSubsteps started at 2 on the example (at most 3). */
  refineSubsteps: 2,
  /**
   * Seconds per evaluated cell × allowed pair of the per-cell Dormand–Prince evaluation (every donor, training and
   * held out): the example's 3.75 (wasm) and 3.15 (native) CPU s for 3,791 cells of 59,777 pairs (1.5e-8), HSMM's
   * 0.25 s for 271 cells of 84,000 pairs (1.1e-8).
   */
  evaluationCellPairSeconds: 1.3e-8,
  /**
   * Seconds per cell × gene × window cell for the velocity targets: velocityTargets timed on synthetic data of the
   * example's and HSMM's shapes (`scripts/bench-velocity-estimate.ts` prints it first: 4.4e-9 and 2.8e-9).
   */
  targetCellGeneWindowSeconds: 3.6e-9,
  /** Seconds per allowed pair to write edges.csv, the trajectories and metrics.json: the example's 0.22 and 0.18 CPU s. */
  writingPairSeconds: 3.4e-6,
  /** Reading and preparing the data before training (the example 0.65 CPU s, HSMM 0.56, BEELINE dyn-LI 0.15). */
  readingSeconds: 0.5,
} as const;

/** The velocity fit's defaults (DEFAULT_VELOCITY_FIELD_SETTINGS and DEFAULT_REFINE_SETTINGS), for what a run does not name. */
export const VELOCITY_ESTIMATE_DEFAULTS = {
  neighbours: 5,
  window: 40,
  hidden: 0,
  iterations: 0,
  stages: 20,
  stageIterations: 100,
  batch: 256,
  validationShare: 0.2,
  refine: 200,
  /** Refinement's bins without an RK4 solver (REFINE_BINS_WITHOUT_RK4). */
  bins: 50,
} as const;

export interface VelocityRunShape {
  /** Genes trained on (targets). */
  genes: number;
  /** Genes allowed as regulators: the TFs among them with `regulators: tfs`, else every gene. */
  sources: number;
  /** Cells of the training donors after trimming (velocity rows, up to the lineage ends). */
  trainingCells: number;
  /** Trajectories of the training donors (refinement integrates them together). */
  trainingTrajectories: number;
  /** Cells evaluated after the fit (every donor's, training and held out, after trimming) and their trajectories. */
  evaluatedCells: number;
  evaluatedTrajectories: number;
  kernel: VelocityKernelName;
  /** The run's velocity settings; absent ones take the fit's defaults. */
  settings?: Partial<Record<keyof typeof VELOCITY_ESTIMATE_DEFAULTS, number>> & { cutoff?: number | null };
}

export interface VelocityRunEstimate {
  /** Iterations of the group-lasso path (iterations + stages × stage iterations) and seconds for one of them. */
  pathIterations: number;
  secondsPerIteration: number;
  /** Reading and preparing; velocity targets; the path; the held-out cut-off and read-out; refinement; evaluation; files. */
  readingSeconds: number;
  targetsSeconds: number;
  pathSeconds: number;
  cutoffSeconds: number;
  refineSeconds: number;
  evaluationSeconds: number;
  writingSeconds: number;
  /** What follows the path (cut-off, refinement, evaluation, writing): the ETA adds it to the path's time left. */
  afterPathSeconds: number;
  totalSeconds: number;
  /** One sentence: what the estimate counted. */
  explanation: string;
}

/** Fewer held-out cells than this and the fit holds none out (MIN_HELD_OUT_CELLS in fit-velocity-field.ts). */
const MIN_HELD_OUT_CELLS = 10;

/** The estimate for one velocity run of `shape` on an idle machine, step by step. */
export function velocityRunEstimate(shape: VelocityRunShape): VelocityRunEstimate {
  const s = { ...VELOCITY_ESTIMATE_DEFAULTS, ...withoutUndefined(shape.settings ?? {}) };
  const c = VELOCITY_COSTS;
  const d = Math.max(1, shape.genes);
  const sources = Math.min(d, Math.max(1, shape.sources));
  const pairs = sources * d;
  const cells = Math.max(2, shape.trainingCells);
  // The held-out share scores the path's stages (unless a cut-off λ is named); the rest trains.
  const namedCutoff = shape.settings?.cutoff !== undefined && shape.settings.cutoff !== null;
  const heldOut = namedCutoff ? 0 : Math.floor(cells * s.validationShare);
  const validating = heldOut >= MIN_HELD_OUT_CELLS;
  const trainingRows = validating ? cells - heldOut : cells;
  const batch = Math.min(s.batch, trainingRows);
  const pathIterations = s.iterations + s.stages * s.stageIterations;
  const width = 1 + Math.max(0, s.hidden);
  const parameters = pairs * (1 + width) + d * (2 + width);
  const secondsPerIteration =
    batch * pairs * width * c.cellPairSeconds[shape.kernel] +
    batch * d * c.cellGeneSeconds[shape.kernel] +
    parameters * c.parameterSeconds +
    c.iterationSeconds;
  const pathSeconds = pathIterations * secondsPerIteration;
  const targetsSeconds = cells * d * Math.max(s.window, s.neighbours) * c.targetCellGeneWindowSeconds;
  // Per stage once for the global rule and once per target, then the best stages and the per-target scan.
  const scoringPasses = validating ? 3 * s.stages + 1 : 0;
  const cutoffSeconds = (scoringPasses * heldOut + cells) * pairs * width * c.scoringCellPairSeconds + scoringPasses * c.scoringPassSeconds;
  // Refinement: K bins × substeps × 4 RK4 stages × trajectories, forward and adjoint (3 evaluations' worth), capped
  // at about the path's own cell evaluations (cappedRefineIterations in refine-for-run.ts).
  const evaluationsPerRefineIteration = 3 * 4 * s.bins * c.refineSubsteps * Math.max(1, shape.trainingTrajectories);
  // One refinement evaluation of a field without hidden units costs its sparse matrix and 2 vectors of genes against
  // the path's every pair (refineCellCost); the matrix's entries are not known before the fit, so 2 vectors only.
  const refineCellCost = s.hidden > 0 ? 1 : Math.min(1, (2 * d) / (pairs + d));
  const refineIterations = Math.min(
    s.refine,
    Math.max(1, Math.floor((pathIterations * batch) / Math.max(1, (evaluationsPerRefineIteration / 2) * refineCellCost))),
  );
  const refineSeconds =
    s.refine > 0 ? refineIterations * (evaluationsPerRefineIteration * d * c.refineGeneSeconds + c.refineIterationSeconds) : 0;
  const evaluationSeconds = Math.max(1, shape.evaluatedCells) * pairs * width * c.evaluationCellPairSeconds;
  const writingSeconds = sources * (d - 1) * c.writingPairSeconds;
  const afterPathSeconds = cutoffSeconds + refineSeconds + evaluationSeconds + writingSeconds;
  const readingSeconds = c.readingSeconds;
  const totalSeconds = readingSeconds + targetsSeconds + pathSeconds + afterPathSeconds;
  const explanation =
    `${sources.toLocaleString('en-US')} regulators × ${d.toLocaleString('en-US')} genes (${pairs.toLocaleString('en-US')} pairs); ` +
    `a group-lasso path of ${pathIterations.toLocaleString('en-US')} iterations of ${batch} cells on ${shape.kernel}` +
    (validating ? `, its cut-off scored on ${heldOut} held-out cells` : '') +
    `; ${s.refine > 0 ? `${refineIterations} refinement iterations on ${shape.trainingTrajectories} trajectories; ` : ''}` +
    `then evaluating ${shape.evaluatedCells.toLocaleString('en-US')} cells of ${shape.evaluatedTrajectories} trajectories and writing edges.csv.`;
  return {
    pathIterations,
    secondsPerIteration,
    readingSeconds,
    targetsSeconds,
    pathSeconds,
    cutoffSeconds,
    refineSeconds,
    evaluationSeconds,
    writingSeconds,
    afterPathSeconds,
    totalSeconds,
    explanation,
  };
}

/** The velocity kernel an engine setting trains on: native or wasm as asked; auto, cpu and webgpu count as wasm. */
export function velocityKernelOf(engine: string): VelocityKernelName {
  if (engine === 'native' || engine === 'typescript' || engine === 'tfjs') return engine;
  return 'wasm';
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}
