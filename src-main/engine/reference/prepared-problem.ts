import * as tf from '@tensorflow/tfjs';
import type { TrainingProblem } from '../engine-interface.ts';
import { parameterLayout, type ParameterLayout } from '../model/parameter-layout.ts';
import { validateTrainingProblem } from '../validate-problem.ts';

/** Binned targets on the device: K bin centres, K × B × D means and K × B row weights, and RK4's substeps. */
export interface BinnedTensors {
  times: Float64Array;
  /** RK4 steps per interval between output times. */
  substeps: number;
  values: tf.Tensor3D;
  weights: tf.Tensor2D;
}

/** Per-cell targets on the device, every trajectory's cells stacked in one C × D matrix. */
export interface CellTensors {
  /** Each trajectory's cell times, as given. */
  times: Float64Array[];
  /** Row of the stacked matrix where each trajectory's cells start. */
  firstRow: number[];
  values: tf.Tensor2D;
  /** 1 / (cells of the cell's trajectory · D), so each trajectory contributes its mean squared error. */
  weights: Float32Array;
}

/** A TrainingProblem checked and uploaded once, for every iteration of the reference engine. */
export interface PreparedProblem {
  problem: TrainingProblem;
  layout: ParameterLayout;
  initialStates: tf.Tensor2D;
  binned: BinnedTensors | null;
  cells: CellTensors | null;
}

/** Validates the problem and uploads its constant tensors (kept until disposePreparedProblem). */
export function prepareProblem(problem: TrainingProblem): PreparedProblem {
  validateTrainingProblem(problem);
  const layout = parameterLayout(problem.genes, problem.model);
  const { genes: D, batch: B, targets } = problem;
  const initialStates = tf.tensor2d(problem.initialStates, [B, D]);
  if (targets.kind === 'binned') {
    const K = targets.times.length;
    return {
      problem,
      layout,
      initialStates,
      cells: null,
      binned: {
        times: targets.times,
        substeps: problem.solver.kind === 'rk4' ? problem.solver.substeps : 1,
        values: tf.tensor3d(targets.values, [K, B, D]),
        weights: tf.tensor2d(targets.weights, [K, B]),
      },
    };
  }
  const total = targets.trajectories.reduce((sum, trajectory) => sum + trajectory.times.length, 0);
  const values = new Float32Array(total * D);
  const weights = new Float32Array(total);
  const firstRow: number[] = [];
  let row = 0;
  for (const trajectory of targets.trajectories) {
    firstRow.push(row);
    values.set(trajectory.values, row * D);
    weights.fill(1 / (trajectory.times.length * D), row, row + trajectory.times.length);
    row += trajectory.times.length;
  }
  return {
    problem,
    layout,
    initialStates,
    binned: null,
    cells: {
      times: targets.trajectories.map((trajectory) => trajectory.times),
      firstRow,
      values: tf.tensor2d(values, [total, D]),
      weights,
    },
  };
}

export function disposePreparedProblem(prepared: PreparedProblem): void {
  tf.dispose([prepared.initialStates]);
  if (prepared.binned) tf.dispose([prepared.binned.values, prepared.binned.weights]);
  if (prepared.cells) tf.dispose([prepared.cells.values]);
}
