// Linear test fields with closed-form solutions, as VectorFields over row states.
import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../../../../../src-main/engine/reference/gated-mlp.ts';

/** x' = −rate·x, solved by x(t) = x0·e^(−rate·t). */
export function decayField(rate: number): VectorField {
  return (x) => tf.mul(x, -rate) as tf.Tensor2D;
}

/** (x, v)' = (ω·v, −ω·x), solved by x(t) = x0 cos ωt + v0 sin ωt, v(t) = v0 cos ωt − x0 sin ωt. */
export function oscillatorField(omega: number): VectorField {
  const rotation = tf.tensor2d([
    [0, -omega],
    [omega, 0],
  ]);
  return (x) => tf.matMul(x, rotation);
}

export function oscillatorExact(x0: number, v0: number, omega: number, t: number): [number, number] {
  return [x0 * Math.cos(omega * t) + v0 * Math.sin(omega * t), v0 * Math.cos(omega * t) - x0 * Math.sin(omega * t)];
}
