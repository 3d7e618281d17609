/**
 * Settings of one training run, shared by the CLI, the job runner and the renderer.
 * Pure data and defaults only: no Node, Electron, React or TF.js imports (the renderer imports this file).
 */

export type ActivationPlacement = 'first' | 'all';
export type RegularizerKind = 'pathreg' | 'l1' | 'l0' | 'group-lasso' | 'none';
export type SolverKind = 'rk4' | 'dopri5';
export type EngineName = 'tfjs' | 'wasm' | 'native' | 'webgpu';
/**
 * `auto`: the fastest engine here (the GPU engine only on a hardware GPU and a problem large enough to gain);
 * `cpu`: the fastest engine that does not use a GPU, e.g. to continue a run whose GPU failed.
 */
export type EngineChoice = EngineName | 'auto' | 'cpu';
/**
 * Which genes may regulate others: only the transcription factors of the TF list (every other gene's input gate is
 * closed for the whole run), or every gene (the paper).
 */
export type RegulatorChoice = 'tfs' | 'all';
export const REGULATOR_CHOICES: readonly RegulatorChoice[] = ['tfs', 'all'];

/**
 * What computed a run: one of the engines (the trajectory method and the velocity field, whose GPU choice trains on
 * the CPU), or `typescript` for the linear baseline and a velocity field trained by the TypeScript loops
 * (src-main/engine/velocity/).
 */
export type RunEngineName = EngineName | 'typescript';

/** Architecture of the gated MLP vector field. */
export interface ModelConfig {
  /** Hidden layer sizes; the paper's model is [100, 100]. */
  hidden: number[];
  /** Where ELU goes: after the first layer only (the paper) or after every hidden layer. */
  activation: ActivationPlacement;
}

export interface RegularizerConfig {
  kind: RegularizerKind;
  lambda: number;
}

/** RK4 on binned targets, or adaptive Dormand–Prince on per-cell targets (the paper's way). */
export type SolverConfig =
  { kind: 'rk4'; bins: number; substeps: number } | { kind: 'dopri5'; rtol: number; atol: number; maxSteps: number };

export interface OptimizerConfig {
  learningRate: number;
  /** Iterations without improvement before the learning rate halves; 0 turns reduce-on-plateau off. */
  plateauPatience: number;
}

/**
 * How the network is learned (issue 13). `trajectory`: the paper's method, the gated MLP trained so its solve follows
 * the binned trajectories. `velocity`: a field with one gate per gene pair, fitted to per-cell velocities from each
 * cell's pseudotime neighbours (no solve while training), then integrated for the MSE. `linear`: the sparse linear
 * baseline on the same velocities (one lasso per target gene), which gives a network but no integrable field.
 */
export type FitMethod = 'trajectory' | 'velocity' | 'linear';
export const FIT_METHODS: readonly FitMethod[] = ['trajectory', 'velocity', 'linear'];

/**
 * Settings of the velocity methods that a user may change; a setting left out takes the velocity fit's own default
 * (DEFAULT_VELOCITY_FIELD_SETTINGS in src-main/engine/velocity/fit-velocity-field.ts), which the run record states.
 * `neighbours` and `window` shape the velocity targets (both methods); the rest apply to the `velocity` field only.
 */
export interface VelocityOptions {
  /** Nearest cells in expression averaged for a cell's velocity target. */
  neighbours?: number;
  /** How many following cells in pseudotime are candidates for those neighbours. */
  window?: number;
  /** Hidden units per target gene. */
  hidden?: number;
  /**
   * The network's cut-off along the velocity field's sparsity path, as a fraction of λ_max (the penalty at which no
   * pair is in the model): the network is the pairs that entered at λ ≥ lambda·λ_max, and that stage's field is the
   * trained model. 1 keeps the first stage, 0 the path's end (every allowed pair). Unset: the stage is chosen on a
   * held-out fifth of the cells (the sparsest within one standard error of the lowest velocity error).
   */
  lambda?: number;
  /**
   * Neighbours averaged for the held-out cells' velocity targets that choose the cut-off (unset: `neighbours`): more
   * give a smoother velocity to score the field against, and so a less noisy choice.
   */
  validationNeighbours?: number;
  /**
   * How many paired standard errors above its best stage's held-out error a target's kept stage may be (unset: 1, the
   * one-standard-error rule; 0 keeps each target's stage of lowest held-out error, a denser network).
   */
  standardErrors?: number;
  /** Iterations at `lambda`, before the penalty path. */
  iterations?: number;
  /** Stages of the penalty path (λ grows at each) and iterations per stage. */
  stages?: number;
  stageIterations?: number;
  /** Cells per iteration. */
  batch?: number;
  /** Iterations refining the trained field on the trajectory loss, its edges fixed (0: none). */
  refine?: number;
  /**
   * The units the cells are fitted in: `donor` (the default) scales each gene once over all of a donor's lineages, so
   * a cell shared by lineages has one state; `lineage` is the paper's preparation, each lineage min–max scaled on its
   * own (src-main/fit/velocity/velocity-cells.ts).
   */
  scaling?: VelocityScalingChoice;
}

export const VELOCITY_SCALINGS = ['donor', 'lineage'] as const;
export type VelocityScalingChoice = (typeof VELOCITY_SCALINGS)[number];
/** The VelocityOptions that are numbers, each with its limits. */
export type NumericVelocityOption = Exclude<keyof VelocityOptions, 'scaling'>;

export interface TrainingConfig {
  /** Absent means `trajectory` (every run and checkpoint before issue 13). */
  method?: FitMethod;
  /** Only with method `velocity` or `linear`. */
  velocity?: VelocityOptions;
  model: ModelConfig;
  regularizer: RegularizerConfig;
  solver: SolverConfig;
  optimizer: OptimizerConfig;
  iterations: number;
  seed: number;
  engine: EngineChoice;
  /** Write a checkpoint every this many iterations (and at the end). */
  checkpointEvery: number;
  /**
   * Which genes may be regulators. Absent: decided once by the fit (src-main/fit/regulator-mask.ts): `tfs` when a TF
   * list matches the genes, `all` otherwise; a run's record and checkpoint hold the choice made.
   */
  regulators?: RegulatorChoice;
}

export const PAPER_DEFAULTS: TrainingConfig = {
  model: { hidden: [100, 100], activation: 'first' },
  regularizer: { kind: 'pathreg', lambda: 0.01 },
  solver: { kind: 'rk4', bins: 50, substeps: 1 },
  optimizer: { learningRate: 0.01, plateauPatience: 0 },
  iterations: 5000,
  seed: 0,
  engine: 'auto',
  checkpointEvery: 500,
};

/**
 * What `pathreg fit` and the app start from. The paper's λ = 0.01 closes every hidden gate of the deterministic
 * model on the paper's own data and on HSMM by 5000 iterations (an empty network; docs/benchmarks.md, "The paper
 * run"). λ = 1e-4 with ELU after every hidden layer keeps a sparse network (about 80 % of gene pairs at zero) and
 * gave lower held-out MSE than the paper on 2 of its 3 donors and within 1 % on the third, over three seeds.
 */
export const RECOMMENDED_DEFAULTS: TrainingConfig = {
  ...PAPER_DEFAULTS,
  model: { hidden: [100, 100], activation: 'all' },
  regularizer: { kind: 'pathreg', lambda: 1e-4 },
};

export type SettingsPreset = 'recommended' | 'paper';

export const SETTINGS_PRESETS: Record<SettingsPreset, TrainingConfig> = {
  recommended: RECOMMENDED_DEFAULTS,
  paper: PAPER_DEFAULTS,
};

/** Loss of one iteration, split the way the training view plots it. */
export interface LossTerms {
  /** Data term: sum over trajectories of each one's mean squared error. */
  data: number;
  /** Regularizer term (already multiplied by lambda). */
  penalty: number;
  total: number;
}

/**
 * The allowed range of every training setting, written once: the contract's schema (the app) and `pathreg fit`'s
 * option parser (the command line) both read them, so the two front ends accept exactly the same settings.
 */
export const SETTING_LIMITS = {
  hiddenUnits: { min: 1, max: 4096 },
  hiddenLayers: { max: 8 },
  lambda: { min: 0, max: 1000 },
  bins: { min: 2, max: 10_000 },
  substeps: { min: 1, max: 100 },
  /** rtol and atol of Dormand–Prince: above 0, at most 1. */
  tolerance: { min: 0, max: 1 },
  maxSteps: { min: 10, max: 1_000_000 },
  /** Learning rate: above 0, at most 10. */
  learningRate: { min: 0, max: 10 },
  plateauPatience: { min: 0, max: 10_000_000 },
  iterations: { min: 1, max: 10_000_000 },
  seed: { min: 0, max: 4_294_967_295 },
  checkpointEvery: { min: 1, max: 10_000_000 },
  /** Velocity methods (VelocityOptions). */
  velocityNeighbours: { min: 1, max: 1000 },
  velocityWindow: { min: 1, max: 100_000 },
  velocityHidden: { min: 1, max: 64 },
  /** The velocity method's λ is a cut-off as a fraction of λ_max. */
  velocityLambda: { min: 0, max: 1 },
  velocityValidationNeighbours: { min: 1, max: 1000 },
  velocityStandardErrors: { min: 0, max: 10 },
  velocityIterations: { min: 0, max: 10_000_000 },
  velocityStages: { min: 1, max: 1000 },
  velocityStageIterations: { min: 1, max: 1_000_000 },
  velocityBatch: { min: 1, max: 10_000_000 },
  velocityRefine: { min: 0, max: 100_000 },
} as const;

/** The keys of VelocityOptions with their limits, in the order the command line and the run record list them. */
export const VELOCITY_OPTION_LIMITS: Record<NumericVelocityOption, { min: number; max: number; integer: boolean }> = {
  neighbours: { ...SETTING_LIMITS.velocityNeighbours, integer: true },
  window: { ...SETTING_LIMITS.velocityWindow, integer: true },
  hidden: { ...SETTING_LIMITS.velocityHidden, integer: true },
  lambda: { ...SETTING_LIMITS.velocityLambda, integer: false },
  validationNeighbours: { ...SETTING_LIMITS.velocityValidationNeighbours, integer: true },
  standardErrors: { ...SETTING_LIMITS.velocityStandardErrors, integer: false },
  iterations: { ...SETTING_LIMITS.velocityIterations, integer: true },
  stages: { ...SETTING_LIMITS.velocityStages, integer: true },
  stageIterations: { ...SETTING_LIMITS.velocityStageIterations, integer: true },
  batch: { ...SETTING_LIMITS.velocityBatch, integer: true },
  refine: { ...SETTING_LIMITS.velocityRefine, integer: true },
};

/** The velocity settings the linear method uses (it trains no field). */
export const LINEAR_VELOCITY_OPTIONS: ReadonlyArray<keyof VelocityOptions> = ['neighbours', 'window', 'scaling'];

/** The method of a config; configs written before issue 13 have none and are the trajectory method. */
export function fitMethodOf(config: Pick<TrainingConfig, 'method'>): FitMethod {
  return config.method ?? 'trajectory';
}
