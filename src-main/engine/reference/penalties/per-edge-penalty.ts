import * as tf from '@tensorflow/tfjs';
import { GATE_L0_SHIFT } from '../../model/hard-concrete.ts';
import { rowNorm } from './row-norm.ts';
import type { PerEdgePenaltyKind } from '../../velocity/per-edge-penalty.ts';

/**
 * The per-edge field's penalties in TF.js (autodiff reference of src-main/engine/velocity/per-edge-penalty.ts).
 * `w1`: S × D × H (allowed sources × targets × hidden), `w2`: D × H, `gates` and `logAlpha`: S × D. Means over the
 * S·D pairs times S: a mean over targets of a sum over sources. `linear`: the field's linear term A (S × D) or null.
 */
export function perEdgePenaltyTensor(
  kind: PerEdgePenaltyKind,
  lambda: number,
  w1: tf.Tensor3D,
  w2: tf.Tensor2D,
  gates: tf.Tensor2D,
  logAlpha: tf.Tensor2D,
  linear: tf.Tensor2D | null = null,
): tf.Scalar {
  return tf.tidy(() => {
    if (kind === 'none' || lambda === 0) return tf.scalar(0);
    const [s, d] = w1.shape;
    const strength = lambda * s;
    if (kind === 'pathreg') {
      // Σ_k |W1_ijk|·|W2_jk|: broadcast W2 over sources.
      let path = w1.size === 0 ? tf.zeros(gates.shape) : tf.sum(tf.mul(tf.abs(w1), tf.expandDims(tf.abs(w2), 0)), 2);
      if (linear) path = tf.add(path, tf.abs(linear));
      return tf.mul(tf.add(tf.mean(tf.mul(gates, path)), tf.mul(0.1, tf.mean(gates))), strength) as tf.Scalar;
    }
    if (kind === 'l1') {
      // No hidden units: the mean over an empty W1 would be NaN; its term is 0.
      const weights = w1.size === 0 ? tf.scalar(0) : tf.mul(tf.mean(tf.abs(tf.mul(w1, tf.expandDims(gates, 2)))), strength);
      if (!linear) return weights as tf.Scalar;
      return tf.add(weights, tf.mul(tf.mean(tf.abs(tf.mul(linear, gates))), strength)) as tf.Scalar;
    }
    if (kind === 'l0') return tf.mul(tf.mean(tf.sigmoid(tf.sub(logAlpha, GATE_L0_SHIFT))), strength) as tf.Scalar;
    // Group lasso: one group per edge, ‖(A_ij, W1_ij·)‖₂ with gradient 0 at a zero group (rowNorm).
    let groups = tf.reshape(w1, [s * d, w1.shape[2]]) as tf.Tensor2D;
    if (linear) groups = w1.size === 0 ? tf.reshape(linear, [s * d, 1]) : tf.concat([groups, tf.reshape(linear, [s * d, 1])], 1);
    return tf.mul(tf.mean(rowNorm(groups)), strength) as tf.Scalar;
  });
}
