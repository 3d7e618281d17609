import * as tf from '@tensorflow/tfjs';

/** y + h·Σ_i c_i·k_i, the update every explicit Runge–Kutta stage is made of; zero coefficients are skipped. */
export function addScaledStages(y: tf.Tensor2D, h: number, terms: Array<[number, tf.Tensor2D]>): tf.Tensor2D {
  return tf.tidy(() => {
    const used = terms.filter(([c]) => c !== 0).map(([c, k]) => tf.mul(k, c * h));
    return used.length === 0 ? tf.clone(y) : (tf.add(y, used.length === 1 ? used[0] : tf.addN(used)) as tf.Tensor2D);
  });
}
