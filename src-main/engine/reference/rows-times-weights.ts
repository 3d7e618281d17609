import * as tf from '@tensorflow/tfjs';

/**
 * a·W for a few state rows a (B × n) and a weight matrix W (n × m), with the weight gradient computed as
 * transpose(a)·dy rather than TF.js's default matMul(a, dy, transposeA = true): on the wasm backend the transposeA
 * path of BatchMatMul is about four times slower for these shapes, and this product runs once per field evaluation.
 * The arithmetic is the same; only the memory order of the inputs differs.
 */
export const rowsTimesWeights = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  // customGrad hands the inputs first and the save function last.
  const rows = args[0] as tf.Tensor2D;
  const weights = args[1] as tf.Tensor2D;
  const save = args[2] as tf.GradSaveFunc;
  save([rows, weights]);
  return {
    value: tf.matMul(rows, weights),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [a, w] = saved as tf.Tensor2D[];
      const dy2 = dy as tf.Tensor2D;
      return [tf.matMul(dy2, w, false, true), tf.matMul(tf.transpose(a), dy2)];
    },
  };
}) as (rows: tf.Tensor2D, weights: tf.Tensor2D) => tf.Tensor2D;
