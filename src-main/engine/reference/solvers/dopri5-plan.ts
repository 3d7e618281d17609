import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../gated-mlp.ts';
import { dopri5InitialStep } from './dopri5-initial-step.ts';
import { dopri5Error, dopri5Step } from './dopri5-step.ts';
import { scaledRmsNorm } from './rms-norm.ts';

export interface Dopri5Options {
  rtol: number;
  atol: number;
  /** Accepted plus rejected steps allowed before the solve gives up. */
  maxSteps: number;
  /** End of the integration interval (the data are scaled to [0, 1]). */
  tEnd?: number;
}

/** The accepted steps of one adaptive solve, replayed under the gradient tape with the step sizes as constants. */
export interface Dopri5Plan {
  steps: Array<{ t: number; h: number }>;
  rejected: number;
  /** True when the state became NaN or infinite: the rest of the interval is one step, so NaN reaches the loss. */
  nonFinite: boolean;
}

/** Thrown when the controller needs more steps than allowed; the message is meant for the person running the fit. */
export class StiffSolveError extends Error {}

/**
 * Adaptive Dormand–Prince 5(4) without a tape, choosing the accepted steps (docs/model.md, "Solvers"): error ratio
 * e = scaled RMS of the local error, accept when e ≤ 1, h ← h·min(10, max(0.2, 0.9·e^(−1/5))), the last step
 * shortened to land on tEnd.
 */
export function planDopri5(f: VectorField, x0: tf.Tensor2D, options: Dopri5Options): Dopri5Plan {
  const tEnd = options.tEnd ?? 1;
  const plan: Dopri5Plan = { steps: [], rejected: 0, nonFinite: false };
  let y = tf.clone(x0);
  let k1 = f(y);
  try {
    let h = dopri5InitialStep(f, y, k1, options.rtol, options.atol, tEnd);
    if (!Number.isFinite(h) || h <= 0) {
      plan.steps.push({ t: 0, h: tEnd });
      plan.nonFinite = true;
      return plan;
    }
    let t = 0;
    let attempts = 0;
    while (t < tEnd) {
      if (attempts >= options.maxSteps) {
        throw new StiffSolveError(
          `The adaptive solver (Dormand–Prince) needed more than ${options.maxSteps} steps and stopped at pseudotime ${t.toFixed(4)}: ` +
            'the vector field became stiff. Lower the learning rate, loosen rtol/atol, raise the step limit, or use the RK4 solver.',
        );
      }
      const last = t + h >= tEnd;
      if (last) h = tEnd - t;
      if (t + h === t) {
        throw new StiffSolveError(
          `The adaptive solver (Dormand–Prince) shrank its step below what floating point can resolve at pseudotime ${t.toFixed(4)}: ` +
            'the vector field became stiff. Lower the learning rate, loosen rtol/atol, or use the RK4 solver.',
        );
      }
      attempts++;
      const stages = dopri5Step(f, y, k1, h);
      const error = dopri5Error(stages);
      const ratio = scaledRmsNorm(error, stages.y0, stages.y1, options.rtol, options.atol);
      error.dispose();
      const fresh = stages.k.slice(1, 6);
      if (!Number.isFinite(ratio)) {
        // A non-finite state cannot be rescued by any step size; finish in one step so NaN reaches the loss.
        plan.steps.push({ t, h });
        if (!last) plan.steps.push({ t: t + h, h: tEnd - (t + h) });
        plan.nonFinite = true;
        tf.dispose([...fresh, stages.y1, stages.k[6]]);
        return plan;
      }
      if (ratio <= 1) {
        plan.steps.push({ t, h });
        t = last ? tEnd : t + h;
        tf.dispose([...fresh, y, k1]);
        y = stages.y1;
        k1 = stages.k[6];
      } else {
        plan.rejected++;
        tf.dispose([...fresh, stages.y1, stages.k[6]]);
      }
      h *= ratio === 0 ? 10 : Math.min(10, Math.max(0.2, 0.9 * Math.pow(ratio, -1 / 5)));
    }
    return plan;
  } finally {
    tf.dispose([y, k1]);
  }
}
