import * as tf from '@tensorflow/tfjs';

/**
 * |x| whose derivative at x = 0 is 0, as docs/model.md asks and the fused engines compute: tf.abs's gradient is
 * step(x, −1), i.e. −1 at exactly 0, which would pull an exactly-zero weight (a gene kept from regulating,
 * closed-input-gates.ts) off zero. x·sign(x) equals |x| exactly in float32, and tf.sign's gradient is 0.
 */
export function absZeroAtZero<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(x, tf.sign(x)) as T);
}
