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
 * Per-unit CPU seconds of each step of a velocity run, one place for all of them. Every number is fitted to the CPU
 * time (process.cpuUsage: user + system, the idle-equivalent; the fit is single-threaded) of the phases of real runs
 * timed by `scripts/bench-velocity-estimate.ts` on the 2-core dev box, 2026-12-07 (docs/benchmarks.md, "The velocity
 * run's time estimate"): the bundled example (529 genes, 113 TF sources, 1,269 training cells, 3 + 3 trajectories) on
 * wasm and native and HSMM with all 2,000 genes (42 TF sources, 271 cells, 1 trajectory) on native.
 */
export const VELOCITY_COSTS = {
  /**
   * Seconds per cell × allowed pair of one path iteration's loss and gradient (forward and backward of the per-edge
   * field). native and wasm: the example's path CPU seconds less the per-pair update, ÷ (2,000 × 256 cells × 59,777
   * pairs); typescript and tfjs are not timed on whole runs: the TypeScript loops measured 4–6× wasm on the kernel's
   * own benchmark (src-main/engine/velocity/bench), tfjs (autodiff, reference only) counted 20× wasm.
   */
  cellPairSeconds: { native: 0.42e-9, wasm: 0.9e-9, typescript: 4.5e-9, tfjs: 18e-9 } as Record<VelocityKernelName, number>,
  /**
   * Seconds per parameter of one path iteration outside the kernel: Adam on every parameter (2 per pair without
   * hidden units, the gate logit and the linear term) and the group prox on every pair, in TypeScript whatever the
   * engine. From HSMM, whose 2,000 targets make the per-gene and per-pair work a larger share than the example's.
   */
  parameterSeconds: 25e-9,
  /** Seconds per training cell × gene of one path iteration's batch copy and per-gene terms (decay, intercept). */
  cellGeneSeconds: 2e-9,
  /**
   * Seconds per held-out cell × pair of one scoring pass of the cut-off (perEdgeFieldForward in TypeScript, per stage
   * and per target: about 3 × stages + 1 passes, per-target-cutoff.ts), the network's read-out included: the
   * example's CPU seconds between the path's last iteration and refinement.
   */
  scoringCellPairSeconds: 1.6e-9,
  /**
   * Seconds per RK4 field evaluation × gene of refinement (the sparse field integrated forward, then its adjoint: 3
   * evaluations' worth per step, 4 stages, 2 substeps as the example and HSMM start with): the example's 200
   * iterations (12 s) ÷ (200 × 50 bins × 2 substeps × 4 × 3 trajectories × 3 × 529 genes).
   */
  refineGeneSeconds: 32e-9,
  /** Substeps per bin refinement assumes (fieldStableSubsteps: 2–3 on the example and HSMM). */
  refineSubsteps: 2,
  /**
   * Seconds per evaluated trajectory × allowed pair of the per-cell Dormand–Prince evaluation (every donor, its
   * trajectories as one batch): the example's 3.9 s for 6 trajectories of 59,777 pairs, HSMM's for 1 of 84,000.
   */
  evaluationTrajectoryPairSeconds: 9e-6,
  /** Seconds per cell × gene for the velocity targets (neighbours within the window) and the run's scaling. */
  targetCellGeneWindowSeconds: 4e-9,
  /** Seconds per ranked edge (weight ≥ 1e-5, at most every allowed pair) to write edges.csv and the model file. */
  writingPairSeconds: 6e-6,
  /** Seconds every velocity run spends whatever its size (engine start, the run folder, metrics.json). */
  fixedSeconds: 1,
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
  /** Trajectories evaluated per cell after the fit: every donor's, training and held out. */
  evaluatedTrajectories: number;
  kernel: VelocityKernelName;
  /** The run's velocity settings; absent ones take the fit's defaults. */
  settings?: Partial<Record<keyof typeof VELOCITY_ESTIMATE_DEFAULTS, number>> & { cutoff?: number | null };
}

export interface VelocityRunEstimate {
  /** Iterations of the group-lasso path (iterations + stages × stage iterations) and seconds for one of them. */
  pathIterations: number;
  secondsPerIteration: number;
  /** Velocity targets and scaling; the path; the held-out cut-off and read-out; refinement; evaluation; files. */
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
    batch * pairs * width * c.cellPairSeconds[shape.kernel] + parameters * c.parameterSeconds + batch * d * c.cellGeneSeconds;
  const pathSeconds = pathIterations * secondsPerIteration;
  const targetsSeconds = cells * d * Math.max(s.window, s.neighbours) * c.targetCellGeneWindowSeconds;
  // Per stage once for the global rule and once per target, then the best stages and the per-target scan.
  const scoringPasses = validating ? 3 * s.stages + 1 : 0;
  const cutoffSeconds = (scoringPasses * heldOut + cells) * pairs * width * c.scoringCellPairSeconds;
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
  const refineSeconds = s.refine > 0 ? refineIterations * evaluationsPerRefineIteration * d * c.refineGeneSeconds : 0;
  const evaluationSeconds = Math.max(1, shape.evaluatedTrajectories) * pairs * width * c.evaluationTrajectoryPairSeconds;
  const writingSeconds = sources * (d - 1) * c.writingPairSeconds + c.fixedSeconds;
  const afterPathSeconds = cutoffSeconds + refineSeconds + evaluationSeconds + writingSeconds;
  const totalSeconds = targetsSeconds + pathSeconds + afterPathSeconds;
  const explanation =
    `${sources.toLocaleString('en-US')} regulators × ${d.toLocaleString('en-US')} genes (${pairs.toLocaleString('en-US')} pairs); ` +
    `a group-lasso path of ${pathIterations.toLocaleString('en-US')} iterations of ${batch} cells on ${shape.kernel}` +
    (validating ? `, its cut-off scored on ${heldOut} held-out cells` : '') +
    `; ${s.refine > 0 ? `${refineIterations} refinement iterations on ${shape.trainingTrajectories} trajectories; ` : ''}` +
    `then evaluating ${shape.evaluatedTrajectories} trajectories per cell and writing edges.csv.`;
  return {
    pathIterations,
    secondsPerIteration,
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
