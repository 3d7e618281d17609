import * as tf from '@tensorflow/tfjs';
import type { Dopri5Stages } from './dopri5-step.ts';
import { DOPRI5 as T } from './dopri5-tableau.ts';
import { addScaledStages } from './linear-combination.ts';

/** The five coefficient blocks of Hairer's continuous extension over one accepted step (dopri5.f, CONTD5). */
export type DenseCoefficients = [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];

/** Builds rcont1…rcont5 of one step: y(t0 + θh) ≈ r1 + θ(r2 + (1−θ)(r3 + θ(r4 + (1−θ)r5))). */
export function denseCoefficients(stages: Dopri5Stages): DenseCoefficients {
  return tf.tidy(() => {
    const { y0, y1, h } = stages;
    const [k1, , k3, k4, k5, k6, k7] = stages.k;
    const difference = tf.sub(y1, y0) as tf.Tensor2D;
    const slopeGap = tf.sub(tf.mul(k1, h), difference) as tf.Tensor2D;
    const r4 = tf.sub(tf.sub(difference, tf.mul(k7, h)), slopeGap) as tf.Tensor2D;
    const zero = tf.zerosLike(y0);
    const r5 = addScaledStages(zero, h, [
      [T.d1, k1],
      [T.d3, k3],
      [T.d4, k4],
      [T.d5, k5],
      [T.d6, k6],
      [T.d7, k7],
    ]);
    return [tf.clone(y0), difference, slopeGap, r4, r5] as DenseCoefficients;
  });
}

/**
 * Evaluates the continuous extension at θ ∈ [0, 1] (a number for every row, or a column tensor with one θ per
 * row, used when each row is a different cell read at its own time).
 */
export function evaluateDense(coefficients: DenseCoefficients, theta: number | tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const [r1, r2, r3, r4, r5] = coefficients;
    const oneMinus = typeof theta === 'number' ? 1 - theta : tf.sub(1, theta);
    const inner = tf.add(r4, tf.mul(r5, oneMinus));
    const middle = tf.add(r3, tf.mul(inner, theta));
    const outer = tf.add(r2, tf.mul(middle, oneMinus));
    return tf.add(r1, tf.mul(outer, theta)) as tf.Tensor2D;
  });
}
