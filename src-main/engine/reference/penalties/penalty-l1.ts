import * as tf from '@tensorflow/tfjs';
import type { GatedLayerTensors } from '../model-tensors.ts';
import { absZeroAtZero } from './abs-zero-at-zero.ts';

/** L1 on the raw weights: λ·Σ_l mean(|W_l|), with gradient sign(w), 0 at w = 0 as docs/model.md asks. */
export function l1Penalty(layers: GatedLayerTensors[], lambda: number): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.addN(layers.map((layer) => tf.mean(absZeroAtZero(layer.weights)))), lambda) as tf.Scalar);
}
