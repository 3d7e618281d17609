import * as tf from '@tensorflow/tfjs';
import { GATE_L0_SHIFT } from '../../model/hard-concrete.ts';
import type { GatedLayerTensors } from '../model-tensors.ts';

/**
 * Expected L0 norm of the gates (Louizos et al. 2018, eq. 12) as a share of all gates:
 * λ·Σ_l Σ_i sigmoid(logα_{l,i} − β·log(−γ/ζ)) / Σ_l n_l.
 */
export function l0Penalty(layers: GatedLayerTensors[], lambda: number): tf.Scalar {
  return tf.tidy(() => {
    const gateCount = layers.reduce((count, layer) => count + layer.gateLogits.size, 0);
    const open = tf.addN(layers.map((layer) => tf.sum(tf.sigmoid(tf.sub(layer.gateLogits, GATE_L0_SHIFT)))));
    return tf.mul(open, lambda / gateCount) as tf.Scalar;
  });
}
