import * as tf from '@tensorflow/tfjs';

/**
 * Euclidean norm of each row of a matrix, with gradient w/‖w‖ and 0 for an all-zero row (the subgradient
 * docs/model.md chooses), where the plain sqrt(Σw²) would give 0/0 = NaN.
 */
export const rowNorm = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  // customGrad hands the inputs first and the save function last.
  const w = args[0] as tf.Tensor;
  const save = args[1] as tf.GradSaveFunc;
  const norms = tf.sqrt(tf.sum(tf.square(w), 1));
  save([w, norms]);
  return {
    value: norms,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [weights, rowNorms] = saved;
      const column = tf.reshape(rowNorms, [-1, 1]);
      const safe = tf.where(tf.greater(column, 0), column, tf.onesLike(column));
      const direction = tf.where(tf.greater(column, 0), tf.div(weights, safe), tf.zerosLike(weights));
      return [tf.mul(direction, tf.reshape(dy, [-1, 1]))];
    },
  };
}) as (w: tf.Tensor2D) => tf.Tensor1D;
