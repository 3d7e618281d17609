import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../gated-mlp.ts';
import { denseCoefficients, type DenseCoefficients } from './dopri5-dense-output.ts';
import type { Dopri5Plan } from './dopri5-plan.ts';
import { dopri5Step } from './dopri5-step.ts';

/**
 * Re-runs exactly the planned accepted steps, differentiably (discretise-then-differentiate with the step sizes as
 * constants), handing each step's dense-output coefficients to `visit`. Returns the final state.
 * Call inside tf.tidy (or a gradient function): the intermediate tensors belong to the caller's scope.
 */
export function replayDopri5(
  f: VectorField,
  x0: tf.Tensor2D,
  plan: Dopri5Plan,
  visit: (stepIndex: number, step: { t: number; h: number }, dense: DenseCoefficients) => void,
): tf.Tensor2D {
  let y = x0;
  let k1 = f(x0);
  plan.steps.forEach((step, index) => {
    const stages = dopri5Step(f, y, k1, step.h);
    visit(index, step, denseCoefficients(stages));
    y = stages.y1;
    k1 = stages.k[6];
  });
  return y;
}
