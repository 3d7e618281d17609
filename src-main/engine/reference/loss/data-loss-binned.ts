import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../gated-mlp.ts';
import type { BinnedTensors } from '../prepared-problem.ts';
import { rk4Solve } from '../solvers/rk4-solve.ts';

/** States of all trajectories at the bin centres, K × B × D (fixed-step RK4 from t = 0). */
export function binnedStates(f: VectorField, x0: tf.Tensor2D, binned: BinnedTensors): tf.Tensor3D {
  return tf.tidy(() => tf.stack(rk4Solve(f, x0, binned.times, binned.substeps)) as tf.Tensor3D);
}

/** Binned data term Σ_{k,b} w[k][b]·Σ_d (x̂ − Y)² (docs/model.md): each trajectory's mean squared error, summed. */
export function binnedDataLoss(f: VectorField, x0: tf.Tensor2D, binned: BinnedTensors): tf.Scalar {
  return tf.tidy(() => {
    const squared = tf.sum(tf.square(tf.sub(binnedStates(f, x0, binned), binned.values)), 2);
    return tf.sum(tf.mul(squared, binned.weights)) as tf.Scalar;
  });
}
