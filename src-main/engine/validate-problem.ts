/**
 * Checks a training problem before any engine allocates for it (the reference uploads tensors, the fused engines
 * fill their arena): sizes that agree, times that ascend inside [0, 1], and no NaN or infinity anywhere — each
 * message names the array and the place in it.
 */
import type { TrainingProblem } from './engine-interface.ts';
import type { ParameterLayout } from './model/parameter-layout.ts';

function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

function rejectNonFinite(values: ArrayLike<number>, what: string, rowWidth: number, rowName: string): void {
  const at = firstNonFinite(values);
  if (at < 0) return;
  const row = Math.floor(at / rowWidth);
  const column = at % rowWidth;
  throw new RangeError(
    `${what}: ${values[at]} at ${rowName} ${row}, gene column ${column}; the prepared data must be finite numbers. ` +
      'Check the input file for missing or NaN expression values at that cell and gene, or filter them out before training.',
  );
}

export function validateTrainingProblem(problem: TrainingProblem): void {
  const { genes: D, batch: B, targets, solver } = problem;
  if (!Number.isInteger(D) || D < 1) throw new RangeError(`The training problem has ${D} genes; at least one gene is needed.`);
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`The training problem has ${B} trajectories; at least one is needed.`);
  if (problem.initialStates.length !== B * D) {
    throw new RangeError(
      `The initial states hold ${problem.initialStates.length} values, but ${B} trajectories × ${D} genes need ${B * D}.`,
    );
  }
  rejectNonFinite(problem.initialStates, 'The initial states', D, 'trajectory');
  if (!Number.isFinite(problem.regularizer.lambda))
    throw new RangeError(`The regularizer strength λ is ${problem.regularizer.lambda}; give a finite number.`);
  if (solver.kind === 'rk4') {
    if (targets.kind !== 'binned')
      throw new RangeError('The RK4 solver trains on binned targets, but the problem has per-cell targets: choose dopri5 or bin the data.');
    if (!Number.isInteger(solver.substeps) || solver.substeps < 1)
      throw new RangeError(`RK4 substeps must be a positive integer, got ${solver.substeps}.`);
    const K = targets.times.length;
    if (K < 1) throw new RangeError('The binned targets have no bins.');
    if (targets.values.length !== K * B * D)
      throw new RangeError(
        `The binned targets hold ${targets.values.length} values, but ${K} bins × ${B} trajectories × ${D} genes need ${K * B * D}.`,
      );
    if (targets.weights.length !== K * B)
      throw new RangeError(
        `The binned targets have ${targets.weights.length} row weights, but ${K} bins × ${B} trajectories need ${K * B}.`,
      );
    for (let k = 0; k < K; k++) {
      const t = targets.times[k];
      if (!(t >= 0 && t <= 1) || (k > 0 && t < targets.times[k - 1]))
        throw new RangeError(`Bin time ${k} is ${t}; bin times must ascend within [0, 1].`);
    }
    rejectNonFinite(targets.values, 'The binned targets', D, 'bin×trajectory row');
    rejectNonFinite(targets.weights, 'The bin weights', B, 'bin');
  } else {
    if (targets.kind !== 'cells')
      throw new RangeError(
        'The Dormand–Prince solver trains on per-cell targets, but the problem has binned targets: choose rk4 or keep the cells.',
      );
    if (!(solver.rtol > 0) || !(solver.atol >= 0))
      throw new RangeError(`Dormand–Prince needs rtol > 0 and atol ≥ 0, got rtol ${solver.rtol} and atol ${solver.atol}.`);
    if (!Number.isInteger(solver.maxSteps) || solver.maxSteps < 1)
      throw new RangeError(`Dormand–Prince maxSteps must be a positive integer, got ${solver.maxSteps}.`);
    if (targets.trajectories.length !== B)
      throw new RangeError(`The per-cell targets hold ${targets.trajectories.length} trajectories, but the batch has ${B}.`);
    targets.trajectories.forEach((trajectory, b) => {
      const cells = trajectory.times.length;
      if (cells < 1) throw new RangeError(`Trajectory ${b} has no cells left to train on.`);
      if (trajectory.values.length !== cells * D)
        throw new RangeError(
          `Trajectory ${b} has ${cells} cell times but ${trajectory.values.length} values; ${cells} cells × ${D} genes need ${cells * D}.`,
        );
      for (let c = 0; c < cells; c++) {
        const t = trajectory.times[c];
        if (!(t >= 0 && t <= 1) || (c > 0 && t < trajectory.times[c - 1]))
          throw new RangeError(`Trajectory ${b}, cell ${c} has time ${t}; cell times must ascend within [0, 1].`);
      }
      rejectNonFinite(trajectory.values, `Trajectory ${b}'s cell values`, D, 'cell');
    });
  }
}

/** Every engine call checks the vectors it is handed against the problem's model, with the same words. */
export function checkParameterLengths(layout: ParameterLayout, params: Float32Array, gateNoise: Float32Array | null): void {
  if (params.length !== layout.parameterCount) {
    throw new RangeError(
      `The parameter vector has ${params.length} values, but this model (${layout.sizes.join('→')}) has ${layout.parameterCount}.`,
    );
  }
  if (gateNoise && gateNoise.length !== layout.gateCount) {
    throw new RangeError(`The gate noise has ${gateNoise.length} values, but this model has ${layout.gateCount} gates.`);
  }
}
