/**
 * The one interface every training engine implements (tfjs reference, wasm, native, webgpu).
 * Engines compute; they never read files, touch Electron, or decide anything about the run.
 * The arithmetic they must agree on is written down in docs/model.md.
 */
import type { EngineName, LossTerms, ModelConfig, RegularizerConfig, SolverConfig } from '../../src-shared/run-config.ts';

/** Binned targets for fixed-step RK4: K bin centres shared by the B trajectories of the batch. */
export interface BinnedTargets {
  kind: 'binned';
  /** Bin centres τ_k = (k + ½)/K in scaled pseudotime, ascending. */
  times: Float64Array;
  /** K × B × D, row-major: mean expression of each trajectory's cells in each bin (0 for an empty bin). */
  values: Float32Array;
  /** K × B: the weight of each (bin, trajectory) row in the data term; 0 for an empty bin (docs/model.md). */
  weights: Float32Array;
}

/** Per-cell targets for Dormand–Prince: each trajectory's cells at their own scaled pseudotimes. */
export interface CellTargets {
  kind: 'cells';
  /** One entry per trajectory of the batch. */
  trajectories: Array<{
    /** Scaled pseudotime of each cell in [0, 1], ascending. */
    times: Float64Array;
    /** cells × D, row-major. */
    values: Float32Array;
  }>;
}

/** Everything an engine needs to set itself up once, allocating its memory for this problem only. */
export interface TrainingProblem {
  genes: number;
  /** Number of trajectories integrated together (lineages × donors). */
  batch: number;
  model: ModelConfig;
  regularizer: RegularizerConfig;
  solver: SolverConfig;
  /** B × D initial states at t = 0. */
  initialStates: Float32Array;
  targets: BinnedTargets | CellTargets;
}

/** Adam's state in the flat parameter layout. */
export interface OptimizerState {
  /** First moment, same length as the parameters. */
  m: Float32Array;
  /** Second moment. */
  v: Float32Array;
  /** Adam steps taken so far (for bias correction). */
  step: number;
}

export interface LossAndGradient {
  terms: LossTerms;
  /** d total / d parameters, in the flat layout. */
  gradient: Float32Array;
}

/** Model states predicted at the problem's target times (bin centres or every cell), deterministic gates. */
export interface Prediction {
  /** One entry per trajectory: times.length × D, row-major. */
  trajectories: Array<{ times: Float64Array; values: Float32Array }>;
}

export interface TrainingEngine {
  readonly name: EngineName;
  /** Loss terms and their gradient at `params`, with the gates sampled from `gateNoise`. */
  lossAndGradient(params: Float32Array, gateNoise: Float32Array): Promise<LossAndGradient>;
  /**
   * One whole training iteration: gradient, then Adam; updates `params` and `optimizer` in place — or, for an engine
   * that keeps them on a device (webgpu), on the device until `synchronize` copies them back. Such an engine uploads
   * the arrays on the first call and whenever a call passes different arrays (a resumed run), and otherwise treats its
   * own copy as current: callers pass the same arrays every iteration and never edit them between calls.
   */
  trainStep(params: Float32Array, optimizer: OptimizerState, gateNoise: Float32Array, learningRate: number): Promise<LossTerms>;
  /**
   * Engines that keep the parameters and Adam's moments on a device define this: it copies them into `params` and
   * `optimizer` (the arrays last given to trainStep). Callers call it before reading either (a checkpoint, the end
   * of a run). CPU engines leave it undefined: their trainStep already wrote the arrays.
   */
  synchronize?(params: Float32Array, optimizer: OptimizerState): Promise<void>;
  /** Solve with deterministic gates and read the states at the problem's target times. */
  predict(params: Float32Array): Promise<Prediction>;
  /** Free what the engine allocated for this problem. */
  dispose(): void;
}

/** Whether an engine can run here, and why not when it cannot. */
export interface EngineAvailability {
  name: EngineName;
  available: boolean;
  reason: string;
}

export interface EngineFactory {
  readonly name: EngineName;
  availability(): Promise<EngineAvailability>;
  /** Bytes the engine will allocate for this problem, computed before allocating anything. */
  estimateMemoryBytes(problem: TrainingProblem): number;
  create(problem: TrainingProblem): Promise<TrainingEngine>;
}
