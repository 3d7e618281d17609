import * as tf from '@tensorflow/tfjs';
import type { GatedLayerTensors } from './model-tensors.ts';
import { rowsTimesWeights } from './rows-times-weights.ts';

/** A time-independent vector field over a batch of states (rows). */
export type VectorField = (x: tf.Tensor2D) => tf.Tensor2D;

/**
 * The gated MLP vector field f(x) = a_L (docs/model.md): a_{l+1} = act_l(a_l·W̃_l + b_l), ELU (α = 1) where the
 * layout says so, the output layer always linear.
 */
export function gatedMlpField(layers: GatedLayerTensors[]): VectorField {
  return (x: tf.Tensor2D) =>
    tf.tidy(() => {
      let a: tf.Tensor2D = x;
      for (const layer of layers) {
        const pre = tf.add(rowsTimesWeights(a, layer.gatedWeights), layer.bias) as tf.Tensor2D;
        a = layer.elu ? tf.elu(pre) : pre;
      }
      return a;
    });
}
