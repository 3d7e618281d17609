import * as tf from '@tensorflow/tfjs';
import { gatedMlpField, type VectorField } from '../gated-mlp.ts';
import { gatedLayerTensors } from '../model-tensors.ts';
import { penalty } from '../penalties/penalty.ts';
import type { PreparedProblem } from '../prepared-problem.ts';
import { planDopri5, type Dopri5Plan } from '../solvers/dopri5-plan.ts';
import { binnedDataLoss } from './data-loss-binned.ts';
import { cellDataLoss } from './data-loss-cells.ts';

/** The vector field at `params` with sampled gates (noise given) or deterministic ones (noise null). */
export function fieldAt(params: tf.Tensor1D, gateNoise: tf.Tensor1D | null, prepared: PreparedProblem): VectorField {
  return gatedMlpField(gatedLayerTensors(params, prepared.layout, gateNoise));
}

/**
 * Chooses the adaptive solver's accepted steps for this iteration without a tape (the dopri5 problem only).
 * Gradients then treat these step sizes as constants.
 */
export function planIteration(params: tf.Tensor1D, gateNoise: tf.Tensor1D | null, prepared: PreparedProblem): Dopri5Plan | null {
  const solver = prepared.problem.solver;
  if (solver.kind !== 'dopri5') return null;
  let plan: Dopri5Plan | null = null;
  tf.tidy(() => {
    plan = planDopri5(fieldAt(params, gateNoise, prepared), prepared.initialStates, solver);
  });
  return plan;
}

/** data + penalty (docs/model.md "Loss"), differentiable in `params`; `plan` comes from planIteration. */
export function lossTerms(
  params: tf.Tensor1D,
  gateNoise: tf.Tensor1D | null,
  prepared: PreparedProblem,
  plan: Dopri5Plan | null,
): { data: tf.Scalar; penalty: tf.Scalar } {
  const layers = gatedLayerTensors(params, prepared.layout, gateNoise);
  const f = gatedMlpField(layers);
  const solver = prepared.problem.solver;
  let data: tf.Scalar;
  if (solver.kind === 'rk4') {
    if (!prepared.binned) throw new Error('RK4 needs binned targets');
    data = binnedDataLoss(f, prepared.initialStates, prepared.binned);
  } else {
    if (!prepared.cells || !plan) throw new Error('Dormand–Prince needs per-cell targets and a step plan');
    data = cellDataLoss(f, prepared.initialStates, plan, prepared.cells);
  }
  return { data, penalty: penalty(layers, prepared.problem.regularizer) };
}
