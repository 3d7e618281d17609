import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../gated-mlp.ts';
import { rk4Step } from './rk4-step.ts';

/**
 * Fixed-step RK4 from t = 0 through the ascending `times`, taking `substeps` equal steps per interval of
 * [0, t_0, t_1, …] (docs/model.md), and returning the state at each time. Differentiable when run under a tape.
 */
export function rk4Solve(f: VectorField, x0: tf.Tensor2D, times: ArrayLike<number>, substeps: number): tf.Tensor2D[] {
  if (!Number.isInteger(substeps) || substeps < 1) throw new RangeError(`RK4 substeps must be a positive integer, got ${substeps}`);
  return tf.tidy(() => {
    const states: tf.Tensor2D[] = [];
    let x = x0;
    let t = 0;
    for (let k = 0; k < times.length; k++) {
      const interval = times[k] - t;
      if (!(interval >= 0)) throw new RangeError(`RK4 output times must be ascending from 0; time ${k} is ${times[k]} after ${t}`);
      const h = interval / substeps;
      for (let s = 0; s < substeps; s++) x = rk4Step(f, x, h);
      states.push(x);
      t = times[k];
    }
    return states;
  });
}
