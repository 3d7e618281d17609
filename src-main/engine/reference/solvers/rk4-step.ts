import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../gated-mlp.ts';
import { addScaledStages } from './linear-combination.ts';

/** One classic fourth-order Runge–Kutta step (Kutta 1901) of an autonomous field, all rows at once. */
export function rk4Step(f: VectorField, x: tf.Tensor2D, h: number): tf.Tensor2D {
  return tf.tidy(() => {
    const k1 = f(x);
    const k2 = f(addScaledStages(x, h / 2, [[1, k1]]));
    const k3 = f(addScaledStages(x, h / 2, [[1, k2]]));
    const k4 = f(addScaledStages(x, h, [[1, k3]]));
    return addScaledStages(x, h / 6, [
      [1, k1],
      [2, k2],
      [2, k3],
      [1, k4],
    ]);
  });
}
