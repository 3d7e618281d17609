import type { TrainingProblem } from '../engine-interface.ts';
import { parameterLayout } from '../model/parameter-layout.ts';

/**
 * The adaptive solver's step count is only known after solving; the estimate assumes this many accepted steps
 * (smooth fields on [0, 1] at the default tolerances take tens) and grows linearly beyond it.
 */
export const DOPRI5_ASSUMED_STEPS = 50;

const FLOAT_BYTES = 4;

/**
 * Bytes the reference engine holds at its peak for one lossAndGradient, counted from what TF.js keeps until the
 * gradient is done: every field evaluation's layer outputs and stage states and their gradients, and, the largest
 * part, each evaluation's own weight gradient (a full copy of every W, plus its running sum) — autodiff through an
 * unrolled solve accumulates one per evaluation. Also the parameters cut into layers, the penalty's path products
 * and the uploaded targets. Checked against tf.profile's peakBytes in the tests (within a factor of two).
 */
export function estimateReferenceMemoryBytes(problem: TrainingProblem): number {
  const layout = parameterLayout(problem.genes, problem.model);
  const B = problem.batch;
  const D = problem.genes;
  const weightFloats = layout.layers.reduce((sum, layer) => sum + layer.inputs * layer.outputs, 0);
  const forwardPerEvaluation = layout.layers.reduce((sum, layer) => sum + 3 * B * layer.outputs, 0) + 3 * B * D;
  const perEvaluation = 2 * forwardPerEvaluation + 2 * weightFloats;
  // Parameters, their layer slices, gated copies, slice gradients (padded to full length) and the flat gradient.
  const parameterFloats = (4 + layout.layers.length) * layout.parameterCount;
  const pathFloats = layout.layers.reduce((sum, layer) => sum + 3 * D * layer.outputs, 0);
  let tapeFloats: number;
  let targetFloats: number;
  if (problem.solver.kind === 'rk4') {
    const K = problem.targets.kind === 'binned' ? problem.targets.times.length : problem.solver.bins;
    const steps = K * problem.solver.substeps;
    tapeFloats = steps * (4 * perEvaluation + 10 * B * D) + 2 * K * B * D;
    targetFloats = K * B * D + K * B;
  } else {
    const cells = problem.targets.kind === 'cells' ? problem.targets.trajectories.reduce((sum, t) => sum + t.times.length, 0) : 0;
    tapeFloats = DOPRI5_ASSUMED_STEPS * (7 * perEvaluation + 24 * B * D) + 10 * cells * D;
    targetFloats = cells * D + cells;
  }
  return FLOAT_BYTES * (parameterFloats + pathFloats + tapeFloats + targetFloats + B * D);
}
