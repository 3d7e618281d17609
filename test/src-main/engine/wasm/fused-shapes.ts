// The problem shapes every fused engine is checked on, and their test names. No vitest here: scripts/gpu-kit's parity
// check bundles this file for a machine without node_modules.
import type { FusedProblemShape } from './fused-problems.ts';

export const RK4_SHAPES: FusedProblemShape[] = [
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'pathreg', solver: 'rk4', seed: 1 },
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'l1', solver: 'rk4', seed: 2 },
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'l0', solver: 'rk4', seed: 3 },
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'group-lasso', solver: 'rk4', seed: 4 },
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'none', solver: 'rk4', seed: 5 },
  { genes: 1, batch: 1, hidden: [1], regularizer: 'pathreg', solver: 'rk4', bins: 3, seed: 6 },
  { genes: 13, batch: 2, hidden: [1, 7], activation: 'all', regularizer: 'pathreg', solver: 'rk4', substeps: 2, seed: 7 },
  { genes: 9, batch: 1, hidden: [], regularizer: 'l1', solver: 'rk4', bins: 4, seed: 8 },
  { genes: 21, batch: 5, hidden: [17, 16, 3], activation: 'all', regularizer: 'pathreg', solver: 'rk4', bins: 5, seed: 9 },
  // Most hidden gates shut exactly, as late in training: the engines drop those units (closed-unit-pruning.c).
  { genes: 12, batch: 3, hidden: [20, 10], regularizer: 'pathreg', solver: 'rk4', closedHiddenShare: 0.8, seed: 10 },
  { genes: 7, batch: 2, hidden: [9, 6], activation: 'all', regularizer: 'l0', solver: 'rk4', closedHiddenShare: 1, seed: 11 },
  // Many genes through few hidden units, as in the paper: the sweep folds the gene-wide layers through the state
  // (rk4-projected-step.c, projected-weight-gradients.c); one hidden layer folds its only layer pair onto itself.
  { genes: 40, batch: 3, hidden: [12, 10], regularizer: 'pathreg', solver: 'rk4', bins: 8, seed: 13 },
  { genes: 40, batch: 4, hidden: [12], activation: 'all', regularizer: 'l1', solver: 'rk4', bins: 8, substeps: 2, seed: 14 },
  // Hidden layers wider than the genes: folding would cost more, so the per-stage sweep (rk4-step.c) runs.
  { genes: 4, batch: 3, hidden: [24, 20], regularizer: 'pathreg', solver: 'rk4', seed: 12 },
];

/** Loose tolerances so the float32 error estimate is far above rounding noise and both engines accept the same steps. */
export const DOPRI5_SHAPES: FusedProblemShape[] = [
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'pathreg', solver: 'dopri5', rtol: 1e-2, atol: 1e-4, seed: 1 },
  { genes: 1, batch: 1, hidden: [1], regularizer: 'l0', solver: 'dopri5', rtol: 1e-2, atol: 1e-4, seed: 1, cellsPerTrajectory: 4 },
  { genes: 17, batch: 2, hidden: [12], activation: 'all', regularizer: 'group-lasso', solver: 'dopri5', rtol: 3e-3, atol: 1e-5, seed: 1 },
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'l1', solver: 'dopri5', rtol: 1e-2, atol: 1e-4, seed: 2 },
  {
    genes: 11,
    batch: 2,
    hidden: [16, 8],
    regularizer: 'pathreg',
    solver: 'dopri5',
    rtol: 1e-2,
    atol: 1e-4,
    closedHiddenShare: 0.7,
    seed: 3,
  },
];

export function describeShape(shape: FusedProblemShape): string {
  const extra = shape.solver === 'dopri5' ? ` rtol ${shape.rtol}` : ` substeps ${shape.substeps ?? 1}`;
  const closed = shape.closedHiddenShare ? `, ${shape.closedHiddenShare * 100}% hidden gates shut` : '';
  return `${shape.solver} ${shape.regularizer}: ${shape.genes} genes, batch ${shape.batch}, hidden [${shape.hidden.join(',')}] ${shape.activation ?? 'first'}${extra}${closed}`;
}
