/**
 * The entry path's cut-off chosen per target gene (issue 13). The per-edge field gives every target j its own
 * parameters (its pair groups (A_ij, W1_ij·), b1_j·, W2_j·, b2_j, ρ_j, gates logα_ij) and the velocity loss is a sum
 * over targets, so target j's gradient reads only j's parameters and j's velocity column; Adam is element-wise and the
 * group-lasso prox acts on one pair at a time. Along the path each target therefore follows its own lasso path on the
 * shared λ grid and batches, untouched by the others (test/src-main/engine/velocity/per-target-cutoff.test.ts checks
 * this), and each target's row may come from a different stage: the stage its own held-out velocity error chooses by
 * the paired one-standard-error rule (Hastie, Tibshirani & Friedman, The Elements of Statistical Learning, §7.10). A
 * single stage for all targets, chosen on the error averaged over 529 genes, let the few targets with strong
 * regulators decide for all of them.
 */
import { meanAndStandardError } from './path-cutoff.ts';
import { fieldSources, type PerEdgeFieldOffsets, type PerEdgeFieldShape } from './per-edge-field-layout.ts';

export interface PerTargetStages {
  /** Per target gene, the stage whose row is kept (0 = λ_max, where no pair has entered). */
  stages: number[];
  /** Per target gene, the stage with its lowest mean held-out error. */
  bestStages: number[];
}

/**
 * The one-standard-error stage of every target from its own held-out errors: per target j, the first stage whose
 * mean error exceeds j's best stage's by at most the standard error of the difference, cell by cell (paired, as
 * path-cutoff.ts's oneStandardErrorStage, which this equals column by column). `errorsOf(stages)` returns the
 * held-out cells' squared velocity errors (rows × genes, row-major) of the field whose row j comes from stage
 * stages[j]. Two passes over the stages (means, then paired differences from each target's best) keep memory at two
 * rows × genes arrays, where holding every stage's errors would take stages times that. `standardErrors` is the
 * rule's multiple of the standard error (1 by default; 0 keeps each target's stage of lowest error).
 */
export function perTargetOneStandardErrorStages(
  stageCount: number,
  genes: number,
  errorsOf: (stages: readonly number[]) => Float64Array,
  standardErrors = 1,
): PerTargetStages {
  const uniform = (stage: number) => new Array<number>(genes).fill(stage);
  const means = Array.from({ length: stageCount }, (_, s) => meanPerGene(errorsOf(uniform(s)), genes));
  const bestStages = Array.from({ length: genes }, (_, j) => {
    let best = 0;
    for (let s = 1; s < stageCount; s++) if (means[s][j] < means[best][j]) best = s;
    return best;
  });
  const best = errorsOf(bestStages);
  const rows = best.length / genes;
  const stages = new Array<number>(genes).fill(-1);
  const differences = new Float64Array(rows);
  for (let s = 0; s < stageCount && stages.some((stage) => stage < 0); s++) {
    const errors = errorsOf(uniform(s));
    for (let j = 0; j < genes; j++) {
      if (stages[j] >= 0) continue;
      for (let r = 0; r < rows; r++) differences[r] = errors[r * genes + j] - best[r * genes + j];
      const { mean, standardError } = meanAndStandardError(differences);
      // A target's best stage always qualifies (its differences are all 0), so every target gets a stage.
      if (mean <= standardErrors * standardError) stages[j] = s;
    }
  }
  return { stages, bestStages };
}

function meanPerGene(errors: Float64Array, genes: number): Float64Array {
  const rows = errors.length / genes;
  const means = new Float64Array(genes);
  for (let r = 0; r < rows; r++) for (let j = 0; j < genes; j++) means[j] += errors[r * genes + j] / rows;
  return means;
}

/**
 * Writes into `params` each target's own parameters from the snapshot of its stage: the field whose row j is stage
 * stages[j]'s row j. Parameters that belong to no single target do not exist in this layout (per-edge-field-layout.ts).
 */
export function assembleTargetStages(
  params: Float32Array,
  snapshots: readonly Float32Array[],
  stages: readonly number[],
  shape: PerEdgeFieldShape,
  o: PerEdgeFieldOffsets,
): void {
  const { genes: d, hidden: h } = shape;
  const sourceCount = fieldSources(shape).length;
  for (let j = 0; j < d; j++) {
    const from = snapshots[stages[j]];
    const copy = (index: number) => (params[index] = from[index]);
    for (let s = 0; s < sourceCount; s++) {
      const pair = s * d + j;
      for (let k = 0; k < h; k++) copy(o.w1 + pair * h + k);
      copy(o.logAlpha + pair);
      if (shape.linear) copy(o.linear + pair);
    }
    for (let k = 0; k < h; k++) {
      copy(o.b1 + j * h + k);
      copy(o.w2 + j * h + k);
    }
    copy(o.b2 + j);
    copy(o.decay + j);
  }
}
