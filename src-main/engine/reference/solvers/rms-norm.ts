import * as tf from '@tensorflow/tfjs';

/**
 * Hairer's scaled RMS norm sqrt(mean((v / (atol + rtol·max(|a|, |b|)))²)) over all components, read back to
 * the host: the step-size controller of the reference decides on the CPU (a sync per step is fine here).
 */
export function scaledRmsNorm(v: tf.Tensor, a: tf.Tensor, b: tf.Tensor, rtol: number, atol: number): number {
  return tf.tidy(() => {
    const scale = tf.add(tf.mul(tf.maximum(tf.abs(a), tf.abs(b)), rtol), atol);
    return tf.sqrt(tf.mean(tf.square(tf.div(v, scale)))).dataSync()[0];
  });
}
