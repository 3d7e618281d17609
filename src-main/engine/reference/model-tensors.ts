import * as tf from '@tensorflow/tfjs';
import type { ParameterLayout } from '../model/parameter-layout.ts';
import { hardConcreteGates } from './hard-concrete-gates.ts';

/** One layer's tensors cut from the flat parameter vector, with its gates already applied. */
export interface GatedLayerTensors {
  /** Raw weights W_l (inputs × outputs), for the L1 and group-lasso penalties. */
  weights: tf.Tensor2D;
  /** Gated weights W̃_l = diag(z_l)·W_l. */
  gatedWeights: tf.Tensor2D;
  bias: tf.Tensor1D;
  gateLogits: tf.Tensor1D;
  /** Gates z_l (inputs). */
  gates: tf.Tensor1D;
  elu: boolean;
}

/**
 * Cuts the flat parameter tensor into layers and gates each layer's inputs. Slicing (rather than separate
 * variables) keeps the gradient in the flat layout every engine and the optimizer share.
 * `gateNoise` null gives the deterministic gates.
 */
export function gatedLayerTensors(params: tf.Tensor1D, layout: ParameterLayout, gateNoise: tf.Tensor1D | null): GatedLayerTensors[] {
  return layout.layers.map((layer) => {
    const weights = tf.reshape(tf.slice(params, layer.weights, layer.inputs * layer.outputs), [layer.inputs, layer.outputs]) as tf.Tensor2D;
    const bias = tf.slice(params, layer.bias, layer.outputs);
    const gateLogits = tf.slice(params, layer.gateLogits, layer.inputs);
    const noise = gateNoise === null ? null : tf.slice(gateNoise, layer.noise, layer.inputs);
    const gates = hardConcreteGates(gateLogits, noise);
    const gatedWeights = tf.mul(tf.reshape(gates, [layer.inputs, 1]), weights) as tf.Tensor2D;
    return { weights, gatedWeights, bias, gateLogits, gates, elu: layer.elu };
  });
}
