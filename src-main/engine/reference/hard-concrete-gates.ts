import * as tf from '@tensorflow/tfjs';
import { GATE_STRETCH_HIGH, GATE_STRETCH_LOW, GATE_TEMPERATURE } from '../model/hard-concrete.ts';
import { clampUnitInterval } from './clamp-unit-interval.ts';

/**
 * Hard-concrete gates (Louizos, Welling & Kingma 2018, eq. 10): a reparameterised sample from the uniform noise `u`
 * for training, or the deterministic mode used in evaluation and export when `noise` is null.
 */
export function hardConcreteGates(logAlpha: tf.Tensor1D, noise: tf.Tensor1D | null): tf.Tensor1D {
  return tf.tidy(() => {
    const logits = noise === null ? logAlpha : tf.div(tf.add(tf.sub(tf.log(noise), tf.log1p(tf.neg(noise))), logAlpha), GATE_TEMPERATURE);
    const stretched = tf.add(tf.mul(tf.sigmoid(logits), GATE_STRETCH_HIGH - GATE_STRETCH_LOW), GATE_STRETCH_LOW);
    return clampUnitInterval(stretched as tf.Tensor1D);
  });
}
