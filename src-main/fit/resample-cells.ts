/**
 * Cell resampling for a sweep's stability and null fits (issue 16), applied to the training donors' trajectories
 * before preparation; held-out donors stay as read, so every task's held-out MSE is measured on the same cells.
 *
 * - `subsample`: a stratified resample without replacement of each training trajectory (one lineage of one donor),
 *   the same share of cells from each pseudotime stratum, so every lineage and every part of pseudotime keeps its
 *   weight. Stability selection (Meinshausen & Bühlmann 2010) resamples this way. A bootstrap with replacement is not
 *   offered: the fit has no cell weights, and a drawn-twice cell repeats its pseudotime, which the velocity method's
 *   neighbour differences divide by; the default share 0.632 is the expected share of distinct cells in a bootstrap.
 * - `permute`: the cells' pseudotimes shuffled within each training trajectory, which keeps the expression and time
 *   distributions and breaks only their link: fits on it are the null an edge's empirical FDR is measured against.
 */
import type { Trajectory } from '../data/dataset.ts';
import { SeededRandom } from '../engine/model/random.ts';

export type CellResample =
  { kind: 'subsample'; replicate: number; fraction: number; strata: number } | { kind: 'permute'; replicate: number };

/** The expected share of distinct cells in a bootstrap sample of n from n, 1 − 1/e, for large n. */
export const BOOTSTRAP_DISTINCT_SHARE = 0.632;
/** Pseudotime strata per trajectory: deciles. */
export const DEFAULT_STRATA = 10;

/**
 * The trajectories with the training donors' cells resampled; a new array, the input untouched. The random stream
 * depends only on the replicate, the kind and the trajectory's position, so a task redone gives the same cells.
 */
export function resampleCells(trajectories: Trajectory[], resample: CellResample, heldOutDonors: string[]): Trajectory[] {
  return trajectories.map((trajectory, position) => {
    if (heldOutDonors.includes(trajectory.donor)) return trajectory;
    const random = new SeededRandom(streamSeed(resample, position));
    return resample.kind === 'subsample'
      ? subsampleTrajectory(trajectory, resample.fraction, resample.strata, random)
      : permuteTimes(trajectory, random);
  });
}

/** A one-line description for the run's notes, so a task's metrics.json says which cells it saw. */
export function describeResample(resample: CellResample): string {
  return resample.kind === 'subsample'
    ? `sweep resample ${resample.replicate}: ${Math.round(resample.fraction * 1000) / 10} % of each training trajectory's cells, drawn without replacement within ${resample.strata} pseudotime strata`
    : `sweep null ${resample.replicate}: the training cells' pseudotimes are permuted within each trajectory (a null fit)`;
}

function streamSeed(resample: CellResample, position: number): number {
  const kind = resample.kind === 'subsample' ? 0x5b5 : 0x9e7;
  return (Math.imul(resample.replicate + 1, 0x9e3779b1) ^ Math.imul(kind, 0x85ebca6b) ^ Math.imul(position + 1, 0xc2b2ae35)) >>> 0;
}

/** Cells sorted by time, cut into `strata` equal-count strata; from each, round(share × size) cells, in time order. */
export function subsampleTrajectory(trajectory: Trajectory, fraction: number, strata: number, random: SeededRandom): Trajectory {
  if (!(fraction > 0 && fraction <= 1)) throw new RangeError(`subsample fraction must be in (0, 1], got ${fraction}`);
  if (!Number.isInteger(strata) || strata < 1) throw new RangeError(`pseudotime strata must be a whole number ≥ 1, got ${strata}`);
  const cells = trajectory.times.length;
  const order = Array.from({ length: cells }, (_, i) => i).sort((a, b) => trajectory.times[a] - trajectory.times[b]);
  const kept: number[] = [];
  for (let s = 0; s < strata; s++) {
    const from = Math.floor((s * cells) / strata);
    const to = Math.floor(((s + 1) * cells) / strata);
    const stratum = order.slice(from, to);
    const take = Math.min(stratum.length, Math.max(stratum.length ? 1 : 0, Math.round(fraction * stratum.length)));
    shuffle(stratum, random);
    kept.push(...stratum.slice(0, take));
  }
  kept.sort((a, b) => a - b);
  const genes = trajectory.genes.length;
  const times = new Float64Array(kept.length);
  const values = new Float32Array(kept.length * genes);
  kept.forEach((cell, k) => {
    times[k] = trajectory.times[cell];
    values.set(trajectory.values.subarray(cell * genes, (cell + 1) * genes), k * genes);
  });
  // The subsample keeps each cell's data-set row, so cells shared by lineages stay recognisable.
  return { ...trajectory, times, values, ...(trajectory.cells ? { cells: Int32Array.from(kept, (cell) => trajectory.cells![cell]) } : {}) };
}

/** The same cells with their pseudotimes shuffled among them. */
export function permuteTimes(trajectory: Trajectory, random: SeededRandom): Trajectory {
  const times = Array.from(trajectory.times);
  shuffle(times, random);
  return { ...trajectory, times: Float64Array.from(times), values: trajectory.values };
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: SeededRandom): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.nextUint32() % (i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
}
