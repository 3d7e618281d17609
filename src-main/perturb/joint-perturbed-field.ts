/**
 * The wild type and the perturbed system as one autonomous system, so that one Dormand–Prince solve (the same
 * accepted steps) integrates both and their difference carries no solver noise of its own.
 *
 * Rows [0, wild) are wild-type states; row wild + p is the perturbed copy of wild-type row `perturbedOf[p]`. Each row
 * r is integrated over s ∈ [0, 1] with the field scaled by `durations[r]` (a cell's state at pseudotime t₀ runs for
 * 1 − t₀: an autonomous field's solution from t₀ to 1 is the scaled one from 0 to 1). In a perturbed row a knocked-out
 * or overexpressed gene's rate is 0, so it keeps the level the start gave it; a knocked-down gene's rate is the factor
 * × its wild-type rate, so it stays exactly the factor × its wild-type course.
 */
import type { GenePerturbation } from './perturbation.ts';

/** f(x) for `rows` states of D genes, row-major, in the model's trained units. */
export type StateField = (states: Float64Array, rows: number) => Float64Array;

export interface ClampedGene {
  index: number;
  perturbation: GenePerturbation;
}

export interface JointLayout {
  genes: number;
  wild: number;
  perturbedOf: readonly number[];
  durations: Float64Array;
}

/** The joint field; a non-finite rate is reported as it is (the caller refuses the solve). */
export function jointPerturbedField(field: StateField, clamped: readonly ClampedGene[], layout: JointLayout): StateField {
  const { genes: d, wild, perturbedOf, durations } = layout;
  return (states, rows) => {
    const rates = field(states, rows);
    for (let r = 0; r < rows; r++) for (let g = 0; g < d; g++) rates[r * d + g] *= durations[r];
    for (let p = 0; p < perturbedOf.length; p++) {
      const row = wild + p;
      for (const { index, perturbation } of clamped) {
        rates[row * d + index] = perturbation.kind === 'knockdown' ? perturbation.value * rates[perturbedOf[p] * d + index] : 0;
      }
    }
    return rates;
  };
}

/** The joint start: the wild-type states, then each perturbed copy with its clamped genes set. */
export function jointInitialState(wildStates: Float64Array, clamped: readonly ClampedGene[], layout: JointLayout): Float64Array {
  const { genes: d, wild, perturbedOf } = layout;
  const x0 = new Float64Array((wild + perturbedOf.length) * d);
  x0.set(wildStates.subarray(0, wild * d));
  perturbedOf.forEach((source, p) => {
    const row = wild + p;
    x0.set(wildStates.subarray(source * d, source * d + d), row * d);
    for (const { index, perturbation } of clamped) {
      const level = wildStates[source * d + index];
      x0[row * d + index] = perturbation.kind === 'knockdown' ? perturbation.value * level : perturbation.value;
    }
  });
  return x0;
}
