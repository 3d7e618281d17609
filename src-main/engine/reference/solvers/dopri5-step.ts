import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../gated-mlp.ts';
import { DOPRI5 as T } from './dopri5-tableau.ts';
import { addScaledStages } from './linear-combination.ts';

/** The stages of one Dormand–Prince step: what the error estimate and the dense output are built from. */
export interface Dopri5Stages {
  y0: tf.Tensor2D;
  y1: tf.Tensor2D;
  /** k[0] = f(y0) (handed in, FSAL) … k[6] = f(y1). */
  k: tf.Tensor2D[];
  h: number;
}

/** One Dormand–Prince 5(4) step from y0 with k1 = f(y0) already known (first same as last). */
export function dopri5Step(f: VectorField, y0: tf.Tensor2D, k1: tf.Tensor2D, h: number): Dopri5Stages {
  return tf.tidy(() => {
    const k2 = f(addScaledStages(y0, h, [[T.a21, k1]]));
    const k3 = f(
      addScaledStages(y0, h, [
        [T.a31, k1],
        [T.a32, k2],
      ]),
    );
    const k4 = f(
      addScaledStages(y0, h, [
        [T.a41, k1],
        [T.a42, k2],
        [T.a43, k3],
      ]),
    );
    const k5 = f(
      addScaledStages(y0, h, [
        [T.a51, k1],
        [T.a52, k2],
        [T.a53, k3],
        [T.a54, k4],
      ]),
    );
    const k6 = f(
      addScaledStages(y0, h, [
        [T.a61, k1],
        [T.a62, k2],
        [T.a63, k3],
        [T.a64, k4],
        [T.a65, k5],
      ]),
    );
    const y1 = addScaledStages(y0, h, [
      [T.a71, k1],
      [T.a73, k3],
      [T.a74, k4],
      [T.a75, k5],
      [T.a76, k6],
    ]);
    const k7 = f(y1);
    // tidy must not dispose what the caller handed in, so y0 and k1 are returned as the same tensors.
    return { y0, y1, k: [k1, k2, k3, k4, k5, k6, k7], h };
  });
}

/** The local error estimate h·Σ e_i k_i (difference of the embedded 5th- and 4th-order solutions). */
export function dopri5Error(stages: Dopri5Stages): tf.Tensor2D {
  const [k1, , k3, k4, k5, k6, k7] = stages.k;
  const zero = tf.zerosLike(stages.y0);
  const error = addScaledStages(zero, stages.h, [
    [T.e1, k1],
    [T.e3, k3],
    [T.e4, k4],
    [T.e5, k5],
    [T.e6, k6],
    [T.e7, k7],
  ]);
  zero.dispose();
  return error;
}
