import * as tf from '@tensorflow/tfjs';
import type { VectorField } from '../gated-mlp.ts';
import { scaledRmsNorm } from './rms-norm.ts';

/**
 * Hairer's starting step size (dopri5.f, HINIT, order 5): an explicit Euler probe estimates the scale of the
 * solution and of its second derivative, and the first step is chosen so their error term is about 0.01.
 */
export function dopri5InitialStep(f: VectorField, y0: tf.Tensor2D, f0: tf.Tensor2D, rtol: number, atol: number, maxStep: number): number {
  return tf.tidy(() => {
    const d0 = scaledRmsNorm(y0, y0, y0, rtol, atol);
    const d1 = scaledRmsNorm(f0, y0, y0, rtol, atol);
    let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * (d0 / d1);
    h0 = Math.min(h0, maxStep);
    const y1 = tf.add(y0, tf.mul(f0, h0)) as tf.Tensor2D;
    const f1 = f(y1);
    const d2 = scaledRmsNorm(tf.sub(f1, f0), y0, y0, rtol, atol) / h0;
    const largest = Math.max(d1, d2);
    const h1 = largest <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / largest, 1 / 5);
    return Math.min(100 * h0, h1, maxStep);
  });
}
