/**
 * The paper's per-cell evaluation for a velocity-trained per-edge field: every trajectory of a donor integrated
 * together from its initial state by Dormand–Prince 5(4) with dense output (docs/model.md, Solvers; the float64
 * implementation in src-main/engine/reference/float64-oracle.ts), states read at each cell's own pseudotime, and
 * the per-cell MSE summed over the donor's lineages — the same numbers src-main/fit/per-cell-mse.ts
 * reports for the gated MLP.
 */
import type { PreparedTrajectory } from '../../data/dataset.ts';
import { initialStates } from '../../data/prepare/training-targets.ts';
import type { DonorMse } from '../per-cell-mse.ts';
import { oracleDopri5Plan, oracleDopri5Read } from '../../engine/reference/float64-oracle.ts';
import { predictVelocity, type VelocityFieldModel } from '../../engine/velocity/velocity-field-model.ts';

export interface PerCellSolveSettings {
  /** The paper: rtol = atol = 1e-3. */
  rtol: number;
  atol: number;
  maxSteps: number;
}

export const PAPER_EVALUATION_SOLVE: PerCellSolveSettings = { rtol: 1e-3, atol: 1e-3, maxSteps: 10_000 };

/** Per-cell MSE of each trajectory (mean over cells and genes of (x̂(t_c) − y_c)²), integrated as one batch. */
export function perEdgeFieldPerCellMse(
  model: VelocityFieldModel,
  trajectories: PreparedTrajectory[],
  solve: PerCellSolveSettings = PAPER_EVALUATION_SOLVE,
): number[] {
  return perEdgeFieldPredictions(model, trajectories, solve).errors;
}

/**
 * The field's prediction at every cell's own pseudotime (cells × genes per trajectory, for the stored trajectories
 * of a run folder) and each trajectory's per-cell MSE.
 */
export function perEdgeFieldPredictions(
  model: VelocityFieldModel,
  trajectories: PreparedTrajectory[],
  solve: PerCellSolveSettings = PAPER_EVALUATION_SOLVE,
): { predictions: Float32Array[]; errors: number[] } {
  const d = model.genes.length;
  for (const t of trajectories) {
    if (t.genes.length !== d || t.genes.some((g, i) => g !== model.genes[i]))
      throw new RangeError(
        `Trajectory ${JSON.stringify(t.name)} has other genes than the trained field; evaluate on the genes it was trained on.`,
      );
  }
  const rows = trajectories.length;
  const field = (x: Float64Array, n: number) => predictVelocity(model, x, n);
  const x0 = Float64Array.from(initialStates(trajectories));
  const times = [...new Set(trajectories.flatMap((t) => Array.from(t.times)))].sort((a, b) => a - b);
  const at = new Map(times.map((t, i) => [t, i]));
  const plan = oracleDopri5Plan(field, x0, rows, solve.rtol, solve.atol, solve.maxSteps);
  const states = oracleDopri5Read(field, x0, rows, plan, times);
  const predictions: Float32Array[] = [];
  const errors = trajectories.map((t, b) => {
    const predicted = new Float32Array(t.times.length * d);
    let sum = 0;
    t.times.forEach((time, c) => {
      const state = states[at.get(time)!];
      for (let g = 0; g < d; g++) {
        predicted[c * d + g] = state[b * d + g];
        sum += (state[b * d + g] - t.values[c * d + g]) ** 2;
      }
    });
    predictions.push(predicted);
    return sum / (t.times.length * d);
  });
  return { predictions, errors };
}

/** One donor: the sum over its lineages of each lineage's per-cell MSE, as the paper reports it. */
export function perEdgeFieldDonorMse(
  model: VelocityFieldModel,
  donor: string,
  trajectories: PreparedTrajectory[],
  solve?: PerCellSolveSettings,
): Omit<DonorMse, 'predictions'> {
  const errors = perEdgeFieldPerCellMse(model, trajectories, solve);
  const lineages: Record<string, number> = {};
  trajectories.forEach((t, b) => (lineages[t.lineage] = errors[b]));
  return { donor, mse: errors.reduce((a, b) => a + b, 0), lineages };
}
