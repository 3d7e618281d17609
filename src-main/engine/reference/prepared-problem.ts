import * as tf from '@tensorflow/tfjs';
import type { TrainingProblem } from '../engine-interface.ts';
import { parameterLayout, type ParameterLayout } from '../model/parameter-layout.ts';

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

/** Checks that the problem's arrays agree with its sizes; the messages say which part of the prepared data is off. */
export function validateProblem(problem: TrainingProblem): void {
  const { genes: D, batch: B, targets, solver } = problem;
  if (!Number.isInteger(D) || D < 1) throw new RangeError(`The training problem has ${D} genes; at least one gene is needed.`);
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`The training problem has ${B} trajectories; at least one trajectory is needed.`);
  if (problem.initialStates.length !== B * D) {
    throw new RangeError(`The initial states hold ${problem.initialStates.length} values, but ${B} trajectories × ${D} genes need ${B * D}.`);
  }
  if (solver.kind === 'rk4') {
    if (targets.kind !== 'binned') throw new RangeError('The RK4 solver trains on binned targets, but the problem has per-cell targets: choose dopri5 or bin the data.');
    if (!Number.isInteger(solver.substeps) || solver.substeps < 1) throw new RangeError(`RK4 substeps must be a positive integer, got ${solver.substeps}.`);
    const K = targets.times.length;
    if (K < 1) throw new RangeError('The binned targets have no bins.');
    if (targets.values.length !== K * B * D) throw new RangeError(`The binned targets hold ${targets.values.length} values, but ${K} bins × ${B} trajectories × ${D} genes need ${K * B * D}.`);
    if (targets.weights.length !== K * B) throw new RangeError(`The binned targets have ${targets.weights.length} row weights, but ${K} bins × ${B} trajectories need ${K * B}.`);
    for (let k = 0; k < K; k++) {
      const t = targets.times[k];
      if (!(t >= 0 && t <= 1) || (k > 0 && t < targets.times[k - 1])) throw new RangeError(`Bin time ${k} is ${t}; bin times must ascend within [0, 1].`);
    }
  } else {
    if (targets.kind !== 'cells') throw new RangeError('The Dormand–Prince solver trains on per-cell targets, but the problem has binned targets: choose rk4 or keep the cells.');
    if (!(solver.rtol > 0) || !(solver.atol >= 0)) throw new RangeError(`Dormand–Prince needs rtol > 0 and atol ≥ 0, got rtol ${solver.rtol} and atol ${solver.atol}.`);
    if (!Number.isInteger(solver.maxSteps) || solver.maxSteps < 1) throw new RangeError(`Dormand–Prince maxSteps must be a positive integer, got ${solver.maxSteps}.`);
    if (targets.trajectories.length !== B) throw new RangeError(`The per-cell targets hold ${targets.trajectories.length} trajectories, but the batch has ${B}.`);
    targets.trajectories.forEach((trajectory, b) => {
      const cells = trajectory.times.length;
      if (cells < 1) throw new RangeError(`Trajectory ${b} has no cells left to train on.`);
      if (trajectory.values.length !== cells * D) throw new RangeError(`Trajectory ${b} has ${cells} cell times but ${trajectory.values.length} values; ${cells} cells × ${D} genes need ${cells * D}.`);
      for (let c = 0; c < cells; c++) {
        const t = trajectory.times[c];
        if (!(t >= 0 && t <= 1) || (c > 0 && t < trajectory.times[c - 1])) throw new RangeError(`Trajectory ${b}, cell ${c} has time ${t}; cell times must ascend within [0, 1].`);
      }
    });
  }
}

/** Validates the problem and uploads its constant tensors (kept until disposePreparedProblem). */
export function prepareProblem(problem: TrainingProblem): PreparedProblem {
  validateProblem(problem);
  const layout = parameterLayout(problem.genes, problem.model);
  const { genes: D, batch: B, targets } = problem;
  const initialStates = tf.tensor2d(problem.initialStates, [B, D]);
  if (targets.kind === 'binned') {
    const K = targets.times.length;
    return {
      problem, layout, initialStates, cells: null,
      binned: { times: targets.times, substeps: problem.solver.kind === 'rk4' ? problem.solver.substeps : 1, values: tf.tensor3d(targets.values, [K, B, D]), weights: tf.tensor2d(targets.weights, [K, B]) },
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
    problem, layout, initialStates, binned: null,
    cells: { times: targets.trajectories.map((trajectory) => trajectory.times), firstRow, values: tf.tensor2d(values, [total, D]), weights },
  };
}

export function disposePreparedProblem(prepared: PreparedProblem): void {
  tf.dispose([prepared.initialStates]);
  if (prepared.binned) tf.dispose([prepared.binned.values, prepared.binned.weights]);
  if (prepared.cells) tf.dispose([prepared.cells.values]);
}
