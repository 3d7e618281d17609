import * as tf from '@tensorflow/tfjs';

/**
 * clamp(x, 0, 1) whose gradient is 1 strictly inside (0, 1) and 0 elsewhere (docs/model.md, hard-concrete gates).
 * tf.clipByValue passes the gradient at the end points too; a gate that is exactly closed or open must not move.
 */
export const clampUnitInterval = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  // customGrad hands the inputs first and the save function last.
  const x = args[0] as tf.Tensor;
  const save = args[1] as tf.GradSaveFunc;
  const value = tf.clipByValue(x, 0, 1);
  save([x]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input] = saved;
      const inside = tf.logicalAnd(tf.greater(input, 0), tf.less(input, 1));
      return [tf.mul(dy, tf.cast(inside, 'float32'))];
    },
  };
}) as (x: tf.Tensor1D) => tf.Tensor1D;
