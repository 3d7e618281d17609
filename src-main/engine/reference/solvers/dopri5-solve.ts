import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../gated-mlp.ts';
import { evaluateDense } from './dopri5-dense-output.ts';
import { planDopri5, type Dopri5Options, type Dopri5Plan } from './dopri5-plan.ts';
import { replayDopri5 } from './dopri5-replay.ts';

/** Which accepted step each output time falls in (t_n < t ≤ t_n + h_n) and where inside it; t = 0 is the start. */
export function locateTimes(plan: Dopri5Plan, times: ArrayLike<number>): Array<{ step: number; theta: number }> {
  const located: Array<{ step: number; theta: number }> = [];
  let step = 0;
  const last = plan.steps[plan.steps.length - 1];
  const end = last.t + last.h;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (i > 0 && t < times[i - 1]) throw new RangeError(`output times must be ascending; time ${i} (${t}) comes after ${times[i - 1]}`);
    if (t > end * (1 + 1e-9)) throw new RangeError(`output time ${t} lies after the end of the solve (${end})`);
    if (t <= 0) {
      located.push({ step: -1, theta: 0 });
      continue;
    }
    while (step < plan.steps.length - 1 && t > plan.steps[step].t + plan.steps[step].h) step++;
    const { t: start, h } = plan.steps[step];
    located.push({ step, theta: Math.min(1, Math.max(0, (t - start) / h)) });
  }
  return located;
}

/**
 * Adaptive Dormand–Prince from t = 0 read at arbitrary ascending times in [0, tEnd] through the dense output.
 * A plain solve for tests and prediction: the plan is chosen and replayed with the same field.
 */
export function dopri5Solve(
  f: VectorField,
  x0: tf.Tensor2D,
  times: ArrayLike<number>,
  options: Dopri5Options,
): { states: tf.Tensor2D[]; plan: Dopri5Plan } {
  const plan = planDopri5(f, x0, options);
  const located = locateTimes(plan, times);
  const states = tf.tidy(() => {
    const out: Array<tf.Tensor2D | undefined> = located.map((where) => (where.step === -1 ? tf.clone(x0) : undefined));
    replayDopri5(f, x0, plan, (index, _step, dense) => {
      located.forEach((where, i) => {
        if (where.step === index) out[i] = evaluateDense(dense, where.theta);
      });
    });
    // locateTimes puts every time inside some accepted step, so every slot is filled.
    return out.map((state) => state as tf.Tensor2D);
  });
  return { states, plan };
}
