import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../gated-mlp.ts';
import type { CellTensors } from '../prepared-problem.ts';
import { evaluateDense, type DenseCoefficients } from '../solvers/dopri5-dense-output.ts';
import type { Dopri5Plan } from '../solvers/dopri5-plan.ts';
import { replayDopri5 } from '../solvers/dopri5-replay.ts';
import { locateTimes } from '../solvers/dopri5-solve.ts';

/** The cells read inside one accepted step: their trajectory (row of the state), stacked row and θ. */
interface StepReadout {
  trajectories: number[];
  rows: number[];
  thetas: number[];
}

/** Groups every cell by the accepted step its time falls in (step −1: t = 0, read from x0). */
function readoutsByStep(plan: Dopri5Plan, cells: CellTensors): Map<number, StepReadout> {
  const byStep = new Map<number, StepReadout>();
  cells.times.forEach((times, b) => {
    locateTimes(plan, times).forEach((where, c) => {
      let readout = byStep.get(where.step);
      if (!readout) byStep.set(where.step, (readout = { trajectories: [], rows: [], thetas: [] }));
      readout.trajectories.push(b);
      readout.rows.push(cells.firstRow[b] + c);
      readout.thetas.push(where.theta);
    });
  });
  return byStep;
}

/** Weighted squared error of the predicted rows against the stacked targets. */
function weightedSquaredError(predicted: tf.Tensor2D, readout: StepReadout, cells: CellTensors): tf.Scalar {
  const rows = tf.tensor1d(readout.rows, 'int32');
  const targets = tf.gather(cells.values, rows);
  const weights = tf.tensor1d(readout.rows.map((row) => cells.weights[row]));
  return tf.sum(tf.mul(tf.sum(tf.square(tf.sub(predicted, targets)), 1), weights)) as tf.Scalar;
}

/**
 * Calls `read` with every cell's predicted state, x̂_b(t_c), grouped by accepted step: the dense output of the
 * replayed plan evaluated at each cell's own θ, all cells of a step in one batch of rows.
 */
export function readCells(
  f: VectorField,
  x0: tf.Tensor2D,
  plan: Dopri5Plan,
  cells: CellTensors,
  read: (predicted: tf.Tensor2D, readout: StepReadout) => void,
): void {
  const byStep = readoutsByStep(plan, cells);
  const atStart = byStep.get(-1);
  if (atStart) read(tf.gather(x0, tf.tensor1d(atStart.trajectories, 'int32')), atStart);
  replayDopri5(f, x0, plan, (index, _step, dense) => {
    const readout = byStep.get(index);
    if (!readout) return;
    const trajectories = tf.tensor1d(readout.trajectories, 'int32');
    const rowsOfDense = dense.map((block) => tf.gather(block, trajectories)) as DenseCoefficients;
    read(evaluateDense(rowsOfDense, tf.tensor2d(readout.thetas, [readout.thetas.length, 1])), readout);
  });
}

/** Per-cell data term Σ_b mean_{cells c of b, genes d} (x̂_b(t_c)[d] − y_c[d])² (docs/model.md). */
export function cellDataLoss(f: VectorField, x0: tf.Tensor2D, plan: Dopri5Plan, cells: CellTensors): tf.Scalar {
  return tf.tidy(() => {
    const parts: tf.Scalar[] = [];
    readCells(f, x0, plan, cells, (predicted, readout) => parts.push(weightedSquaredError(predicted, readout, cells)));
    return tf.addN(parts) as tf.Scalar;
  });
}
