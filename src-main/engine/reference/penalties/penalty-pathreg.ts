import * as tf from '@tensorflow/tfjs';
import type { GatedLayerTensors } from '../model-tensors.ts';

/** Weight of the gate-path term relative to the weight-path term, as in the paper's code. */
const GATE_PATH_SHARE = 0.1;

/**
 * PathReg (Aliee et al. 2022): λ·mean(|W̃_0|···|W̃_{L−1}|) + 0.1·λ·mean(Z_0···Z_{L−1}).
 * The gate-path product is rank one (Z_l = z_l·1ᵀ), so its mean is mean(z_0)·Π_{l≥1} Σ_i z_{l,i}.
 */
export function pathregPenalty(layers: GatedLayerTensors[], lambda: number): tf.Scalar {
  return tf.tidy(() => {
    let path: tf.Tensor2D = tf.abs(layers[0].gatedWeights);
    for (let l = 1; l < layers.length; l++) path = tf.matMul(path, tf.abs(layers[l].gatedWeights));
    let gatePath: tf.Scalar = tf.mean(layers[0].gates);
    for (let l = 1; l < layers.length; l++) gatePath = tf.mul(gatePath, tf.sum(layers[l].gates));
    return tf.mul(tf.add(tf.mean(path), tf.mul(gatePath, GATE_PATH_SHARE)), lambda) as tf.Scalar;
  });
}
