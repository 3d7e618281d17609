/**
 * Which stage of the group-lasso entry path is "the network" (issue 13). By the path's end every allowed pair has
 * entered, so the path's last stage is a ranking, not a network. The stage is chosen without any known network:
 * velocity-prediction error on a held-out share of the cells, and the one-standard-error rule towards the sparser
 * stage (Hastie, Tibshirani & Friedman, The Elements of Statistical Learning, §7.10: the sparsest model whose error is
 * within one standard error of the best). Or the user names the cut-off as a fraction of λ_max.
 */
import { SeededRandom } from '../model/random.ts';
import type { VelocityCells, VelocityTargets } from './velocity-targets.ts';

/**
 * How the kept stage was chosen: `per-target-one-standard-error` (each target gene's row from its own stage,
 * per-target-cutoff.ts), `one-standard-error` (one stage for every target, on the error averaged over genes), the
 * user's `lambda`, or `last-stage` when too few cells could be held out.
 */
export type PathCutoffRule = 'per-target-one-standard-error' | 'one-standard-error' | 'lambda' | 'last-stage';

export interface PathCutoff {
  rule: PathCutoffRule;
  /**
   * Index of the kept stage (0 = λ_max) and the number of stages; with the per-target rule, the median of the
   * targets' stages (each target's own is in `targetStages`).
   */
  stage: number;
  stages: number;
  /** λ/λ_max of the kept stage. */
  lambdaFraction: number;
  /** The stage with the lowest held-out error (null without held-out cells). */
  bestStage: number | null;
  /** Cells held out from training to choose the stage (0 when none were). */
  validationCells: number;
  /** Mean held-out velocity error per stage (standardised units, mean over genes), and the standard error of its
   * difference from the best stage's, cell by cell (0 at the best stage). */
  validationErrors: number[];
  standardErrors: number[];
  /** How many paired standard errors above the best a kept stage may be (1: the one-standard-error rule). */
  standardErrorMultiple: number;
  /** Per target gene (the data's order), the stage its row was kept from; null unless the rule is per target. */
  targetStages: number[] | null;
  /** Per target gene, the stage with its lowest held-out error (the densest a per-target rule could justify); null unless per target. */
  targetBestStages: number[] | null;
  /** The stage the one-standard-error rule on the error averaged over genes picks (null without held-out cells). */
  globalStage: number | null;
  /** Why the rule is not the held-out one, or null. */
  reason: string | null;
}

/**
 * Rows of `targets` held out for choosing the cut-off, stratified by lineage and pseudotime: each lineage's cells in
 * time order are cut into blocks of round(1/share) and one random cell of each block is held out, so the held-out
 * cells cover every lineage from start to end (a plain random draw can miss a short lineage's end). A cell in several
 * lineages is placed by the first lineage that has it. Seeded, independent of the training's random numbers.
 */
export function heldOutRows(targets: VelocityTargets, cells: VelocityCells, share: number, seed: number): Uint8Array {
  const held = new Uint8Array(targets.cells.length);
  if (!(share > 0)) return held;
  const block = Math.max(2, Math.round(1 / share));
  const rowOf = new Map<number, number>();
  targets.cells.forEach((cell, row) => rowOf.set(cell, row));
  const placed = new Set<number>();
  // A separate stream (seed mixed with a constant), so the split does not shift the training's batches.
  const random = new SeededRandom((seed ^ 0x5eed_c0de) >>> 0);
  for (const lineage of cells.lineages) {
    const members: Array<{ row: number; time: number }> = [];
    lineage.cells.forEach((cell, i) => {
      const row = rowOf.get(cell);
      if (row === undefined || placed.has(row)) return;
      placed.add(row);
      members.push({ row, time: lineage.times[i] });
    });
    members.sort((a, b) => a.time - b.time || a.row - b.row);
    for (let start = 0; start < members.length; start += block) {
      const pick = Math.floor(random.uniform() * block);
      // The last, shorter block holds a cell out with probability (its length)/block, so the share stays even.
      if (start + pick < members.length) held[members[start + pick].row] = 1;
    }
  }
  return held;
}

/**
 * The one-standard-error rule on a path ordered from sparse (stage 0) to dense, from each stage's error on the same
 * held-out cells: the best stage has the lowest mean error; a stage qualifies when its mean error exceeds the best's by
 * at most the standard error of that difference, taken cell by cell (paired: the stages are scored on the same cells,
 * whose own noise is shared by every stage and would otherwise swamp the difference). The first that qualifies wins.
 * `standardErrors` is the rule's multiple (1: the one-standard-error rule; 0: the stage of lowest error).
 * Returns each stage's mean error and paired standard error too.
 */
export function oneStandardErrorStage(
  rowErrors: Float64Array[],
  standardErrors = 1,
): {
  stage: number;
  bestStage: number;
  errors: number[];
  standardErrors: number[];
} {
  const errors = rowErrors.map((e) => meanAndStandardError(e).mean);
  let bestStage = 0;
  for (let s = 1; s < errors.length; s++) if (errors[s] < errors[bestStage]) bestStage = s;
  const best = rowErrors[bestStage];
  const multiple = standardErrors;
  const pairedErrors = rowErrors.map((e) => meanAndStandardError(e.map((value, r) => value - best[r])).standardError);
  const stage = errors.findIndex((e, s) => e - errors[bestStage] <= multiple * pairedErrors[s]);
  return { stage, bestStage, errors, standardErrors: pairedErrors };
}

/**
 * The stage a λ/λ_max cut-off names: the last (densest) stage whose λ is still at least `fraction`·λ_max, i.e. the
 * network of the pairs that entered at that strength or above. 0 keeps the whole path; 1 the first stage.
 */
export function stageAtFraction(stageFractions: number[], fraction: number): number {
  let stage = 0;
  // A relative tolerance: log-spaced fractions computed by Math.pow need not equal a typed 0.1 to the last bit.
  for (let s = 0; s < stageFractions.length; s++) if (stageFractions[s] >= fraction * (1 - 1e-9)) stage = s;
  return stage;
}

/** Mean and standard error of per-row errors. */
export function meanAndStandardError(values: Float64Array): { mean: number; standardError: number } {
  const n = values.length;
  let mean = 0;
  for (const v of values) mean += v / n;
  let variance = 0;
  for (const v of values) variance += (v - mean) ** 2;
  variance = n > 1 ? variance / (n - 1) : 0;
  return { mean, standardError: Math.sqrt(variance / n) };
}
