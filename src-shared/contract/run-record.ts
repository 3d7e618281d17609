/**
 * The run record: metrics.json in a run folder, the one metrics type of the product. `pathreg fit` and the app write
 * it through the same fit (src-main/fit/run-fit.ts); the app's views, the exports and `pathreg score` read it.
 * Keys are snake_case (the file is read by scripts in any language); JSON has no NaN, so a value that does not exist
 * for a run (no TF list, no held-out donor) is null. docs/architecture.md "The run folder" lists every key.
 */
import type { FitMethod, LossTerms, RunEngineName, TrainingConfig } from '../run-config.ts';

/** How a velocity-method run was fitted (issue 13); null for the trajectory method. */
export interface VelocityRunRecord {
  /** Every setting the velocity fit used: its defaults with the run's velocity options and seed over them. */
  settings: Record<string, number | string | boolean>;
  /** Cells with a velocity target, and lineage cells without one (the ends of lineages). */
  cells: number;
  cells_without_target: number;
  /** The trained field in the run folder (`velocity-model.bin`), or null (the linear method trains none). */
  model_file: string | null;
  /** Why train_mse and test_mse are null (the linear method), else null. */
  mse_absent_reason: string | null;
  /**
   * Which stage of the entry path is the network, whose parameters are the trained field (pairs not in it have sign 0
   * in edges.csv but keep their rank): the rule (`per-target-one-standard-error`: each target gene's row from the
   * stage its own held-out velocity error picks; `one-standard-error`: one stage on the error averaged over genes;
   * `lambda` = the user's λ/λ_max cut-off; `last-stage` when too few cells could be held out), the stage (per target:
   * the median target's) and its λ/λ_max, the held-out error averaged over genes per stage. Absent for the linear
   * method and for runs made before the cut-off existed.
   */
  cutoff?: {
    rule: 'per-target-one-standard-error' | 'one-standard-error' | 'lambda' | 'last-stage';
    stage: number;
    stages: number;
    lambda_fraction: number;
    best_stage: number | null;
    validation_cells: number;
    validation_errors: number[];
    standard_errors: number[];
    /**
     * With the per-target rule, how many target genes kept each stage (index = stage; at stage 0 a target has no
     * regulator), else null; absent in runs made before it existed.
     */
    /** How many paired standard errors above the best a kept stage may be (1 unless `--velocity standard-errors`); absent before it existed. */
    standard_error_multiple?: number;
    target_stage_counts?: number[] | null;
    /** With the per-target rule, how many targets had their lowest held-out error at each stage, else null. */
    target_best_stage_counts?: number[] | null;
    /** The stage the one-standard-error rule on the error averaged over genes picks, for comparison (null without held-out cells). */
    global_stage?: number | null;
    reason: string | null;
  } | null;
  /**
   * The field's refinement on the trajectory loss after the velocity fit (src-main/fit/velocity/refine-for-run.ts);
   * null when it was off or the method trains no field; absent in runs made before it existed.
   */
  refinement?: VelocityRefinementRecord | null;
  /**
   * The time estimate the run made before training, in idle seconds per step (src-shared/velocity-run-estimate.ts),
   * so it can be held against the run's real times; null for the linear method, absent in runs made before it existed.
   */
  estimate_seconds?: {
    reading: number;
    targets: number;
    path: number;
    cutoff: number;
    refinement: number;
    evaluation: number;
    writing: number;
    total: number;
  } | null;
}

/** What the trajectory refinement did: its budget, where it stopped, and the loss before and after. */
export interface VelocityRefinementRecord {
  /**
   * Iterations allowed (the default budget capped at about the fit's own cost; a budget the user names as asked),
   * asked for, run, and the one whose field was kept (0: the velocity fit's own field).
   */
  iterations: number;
  iterations_asked: number;
  iterations_run: number;
  best_iteration: number;
  stopped: 'iterations' | 'no-improvement' | 'not-finite' | 'start-not-finite';
  /** Which loss: the trajectory method's binned RK4 data term on the training donors' lineages. */
  loss: string;
  loss_before: number;
  loss_after: number;
  bins: number;
  learning_rate: number;
  patience: number;
  /** Iterations whose loss or gradient was not finite: never accepted. */
  rejected_iterations: number;
  /** Parameters refined; the zero pairs and the gates stay as the fit left them. */
  free_parameters: number;
  substeps_start: number;
  substeps_most: number;
  /** Edges to which the refined field's mean Jacobian gives the other sign; the network keeps the fit's signs. */
  sign_flips: number;
  seconds: number;
}

/**
 * Which genes could regulate (src-main/fit/regulator-mask.ts). The genes closed by the choice have all-zero rows in the
 * path matrix, so they count as zeros in `feature_sparsity` (and make `spurious_feature_sparsity` 1 by construction);
 * `feature_sparsity_among_sources` leaves them out and says how sparse the training made the rest.
 */
export interface RegulatorsRecord {
  choice: 'tfs' | 'all';
  reason: string;
  /** Genes that could be sources. */
  sources: number;
  /** Genes closed by the choice: targets only. */
  closed_sources: number;
  /** Share of near-zero entries of the path matrix in the rows of the genes that could regulate. */
  feature_sparsity_among_sources: number | null;
}

export interface RunMetricsRecord {
  /** How the network was learned; absent in records written before issue 13 (then `trajectory`). */
  method?: FitMethod;
  /** The velocity fit's settings and cells; null or absent for the trajectory method. */
  velocity?: VelocityRunRecord | null;
  /** Summed per-cell MSE over the lineages of the training donor (mean over donors when several). */
  train_mse: number | null;
  /** Held-out MSE per donor (the paper sums a donor's lineages). */
  test_mse: Record<string, number>;
  test_mse_mean: number | null;
  feature_sparsity: number;
  model_sparsity: number;
  spurious_feature_sparsity: number | null;
  /** Which genes could regulate; absent in runs made before the choice existed (every gene could) and imported ones. */
  regulators?: RegulatorsRecord;
  iterations: number;
  /** Which trained model the network, metrics and figures come from: 'best' (by validation, the default) or 'last'. */
  model: 'best' | 'last';
  /** The iteration of that model. */
  model_iteration: number;
  /** The iteration with the lowest validation loss (deterministic-gate data loss on the training trajectories). */
  best_iteration: number | null;
  best_validation_loss: number | null;
  final_validation_loss: number | null;
  /** Iterations whose solve or gradient was not finite (their updates were not applied). */
  rejected_iterations: number;
  /** Restarts from the last good state at half the learning rate. */
  restarts: number;
  /** The training donors' MSE of a straight line from each lineage's initial state: the baseline a fit must beat. */
  straight_line_mse: number | null;
  /** Plain-language warnings (kind, message): a degraded run, an empty or dense network, a fit no better than a line. */
  warnings: Array<{ kind: string; message: string }>;
  /** Seconds of training (a continued run's earlier part included). */
  seconds: number;
  engine: RunEngineName;
  seed: number;
  data_sha256: string;
  version: string;
  train_mse_by_donor: Record<string, number>;
  /** Per donor, per lineage: the per-cell MSE. */
  lineage_mse: Record<string, Record<string, number>>;
  /** Per donor, per lineage: the cells each per-lineage MSE averages over (after trimming). */
  lineage_cells: Record<string, Record<string, number>>;
  final_loss: LossTerms | null;
  final_learning_rate: number;
  evaluation_seconds: number;
  /** Edges in edges.csv (weight ≥ 1e-5). */
  edges: number;
  open_gates: number[];
  /** What the user should know about the run, in plain words. */
  notes: string[];
  config: TrainingConfig;
  evaluation: { solver: 'dopri5'; rtol: number; atol: number; max_steps: number };
  preparation: { dropFirst: number; dropLast: number; initialCells: number; dropDuplicateTimes?: boolean };
  train_donors: string[];
  test_donors: string[];
  lineages: string[];
  /** Number of genes in the model. */
  genes: number;
  /** The genes, in model order. */
  gene_names: string[];
  /** Per gene: in the TF list (true), not (false), or no TF list matched (null). */
  is_tf: Array<boolean | null>;
  /** How each cell's time was made, e.g. 'obs column "Hours" (time course)'. */
  pseudotime: string;
  data_set: { format: string; notes: string[]; pseudotime_root: { index: number; name: string } | null };
  tf_list: { source: string; symbols: number; tfs_in_data: number } | null;
  engine_reason: string;
  provenance: {
    command: string;
    data_path: string;
    sources: Array<{ path: string; bytes: number; sha256: string }>;
    resumed: boolean;
    node: string;
    platform: string;
    cpu: string;
    host: string;
    finished_at: string;
  };
}

/** Keys that differ between two runs of the same request only by where and when they ran. */
export const RUN_RECORD_CIRCUMSTANCES = ['seconds', 'evaluation_seconds', 'engine_reason', 'provenance', 'version'] as const;
