import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { absZeroAtZero } from '../../../../../src-main/engine/reference/penalties/abs-zero-at-zero.ts';

describe('absZeroAtZero', () => {
  it('equals |x| exactly and has derivative sign(x): 0 at exactly 0 (tf.abs gives −1 there)', () => {
    const x = tf.tensor1d([-2.5, -0, 0, 1e-30, 3]);
    // (−0·sign(−0) is −0, which is 0.)
    expect(Array.from(absZeroAtZero(x).dataSync()).map((v) => v + 0)).toEqual(Array.from(tf.abs(x).dataSync()));
    const gradient = tf.grad((v: tf.Tensor) => tf.sum(absZeroAtZero(v)))(x);
    expect(Array.from(gradient.dataSync()).map((g) => g + 0)).toEqual([-1, 0, 0, 1, 1]);
    const plain = tf.grad((v: tf.Tensor) => tf.sum(tf.abs(v)))(x);
    expect(plain.dataSync()[2]).toBe(-1);
  });

  it('matches finite differences away from 0 and keeps NaN', () => {
    const at = [-0.7, 0.4];
    const gradient = tf
      .grad((v: tf.Tensor) => tf.sum(tf.mul(absZeroAtZero(v), v)))(tf.tensor1d(at))
      .dataSync();
    const h = 1e-3;
    at.forEach((a, i) => {
      const f = (v: number) => Math.abs(v) * v;
      expect(gradient[i]).toBeCloseTo((f(a + h) - f(a - h)) / (2 * h), 3);
    });
    expect(Number.isNaN(absZeroAtZero(tf.tensor1d([Number.NaN])).dataSync()[0])).toBe(true);
  });
});
