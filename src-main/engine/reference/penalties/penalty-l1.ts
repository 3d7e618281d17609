import * as tf from '@tensorflow/tfjs';
import type { GatedLayerTensors } from '../model-tensors.ts';

/** L1 on the raw weights: λ·Σ_l mean(|W_l|). tf.abs has gradient sign(w), 0 at w = 0 as docs/model.md asks. */
export function l1Penalty(layers: GatedLayerTensors[], lambda: number): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.addN(layers.map((layer) => tf.mean(tf.abs(layer.weights)))), lambda) as tf.Scalar);
}
