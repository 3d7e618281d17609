import * as tf from '@tensorflow/tfjs';
import type { GatedLayerTensors } from '../model-tensors.ts';
import { rowNorm } from './row-norm.ts';

/**
 * Group lasso on the inputs (neural graphical modelling, Bellot et al. 2022): λ·mean_j ‖W_0[j, :]‖₂, one group
 * per input gene, so a gene whose whole row reaches zero drops out of the field.
 */
export function groupLassoPenalty(layers: GatedLayerTensors[], lambda: number): tf.Scalar {
  return tf.tidy(() => tf.mul(tf.mean(rowNorm(layers[0].weights)), lambda) as tf.Scalar);
}
