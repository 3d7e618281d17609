/**
 * Binned training targets for the fixed-step solver (docs/model.md, "Binned data term"): K equal-width bins of
 * scaled pseudotime shared by every trajectory of the batch, each bin holding the mean of its cells.
 */
import type { PreparedTrajectory } from '../dataset.ts';
import type { BinnedTargets } from '../../engine/engine-interface.ts';

/** The bin of a scaled time t ∈ [0, 1]: min(floor(t·K), K − 1), so t = 1 falls in the last bin. */
export function binIndex(t: number, bins: number): number {
  return Math.min(Math.max(Math.floor(t * bins), 0), bins - 1);
}

/** Bin centres τ_k = (k + ½)/K. */
export function binCentres(bins: number): Float64Array {
  const centres = new Float64Array(bins);
  for (let k = 0; k < bins; k++) centres[k] = (k + 0.5) / bins;
  return centres;
}

/**
 * Targets Y[k][b][:] (mean of trajectory b's cells in bin k, 0 when empty) and weights
 * w[k][b] = 1/(nonEmptyBins_b · D) for a bin with cells, 0 otherwise — so the data term is the sum over
 * trajectories of each one's mean squared error over its non-empty bins.
 */
export function binTrajectories(trajectories: PreparedTrajectory[], bins: number): BinnedTargets {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`the number of bins must be a whole number ≥ 1; got ${bins}`);
  if (trajectories.length === 0) throw new RangeError('binning needs at least one trajectory');
  const genes = trajectories[0].genes.length;
  const batch = trajectories.length;
  const sums = new Float64Array(bins * batch * genes);
  const counts = new Int32Array(bins * batch);
  trajectories.forEach((trajectory, b) => {
    if (trajectory.genes.length !== genes) {
      throw new RangeError(`trajectory ${trajectory.name} has ${trajectory.genes.length} genes, the first of the batch ${genes}`);
    }
    for (let c = 0; c < trajectory.times.length; c++) {
      const k = binIndex(trajectory.times[c], bins);
      counts[k * batch + b]++;
      const row = (k * batch + b) * genes;
      for (let d = 0; d < genes; d++) sums[row + d] += trajectory.values[c * genes + d];
    }
  });
  const values = new Float32Array(bins * batch * genes);
  const weights = new Float32Array(bins * batch);
  for (let b = 0; b < batch; b++) {
    let nonEmpty = 0;
    for (let k = 0; k < bins; k++) if (counts[k * batch + b] > 0) nonEmpty++;
    for (let k = 0; k < bins; k++) {
      const count = counts[k * batch + b];
      if (count === 0) continue;
      weights[k * batch + b] = 1 / (nonEmpty * genes);
      const row = (k * batch + b) * genes;
      for (let d = 0; d < genes; d++) values[row + d] = sums[row + d] / count;
    }
  }
  return { kind: 'binned', times: binCentres(bins), values, weights };
}
