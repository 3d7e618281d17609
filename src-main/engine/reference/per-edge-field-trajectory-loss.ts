/**
 * The per-edge field's binned RK4 trajectory loss in TF.js, with autodiff: the reference the hand-written discrete
 * adjoint (src-main/engine/velocity/rk4-field-adjoint.ts) is tested against. The field in data units,
 * f(x) = s ⊙ f̃((x − μ)/σ) with fixed gates (per-edge-field.ts), RK4 unrolled over [0, τ_0, …, τ_{K−1}].
 */
import * as tf from '@tensorflow/tfjs';
import type { BinnedTargets } from '../engine-interface.ts';
import { fieldSources } from '../velocity/per-edge-field-layout.ts';
import type { ScaledPerEdgeField } from '../velocity/per-edge-field-vjp.ts';
import { perEdgeFieldTensor } from './per-edge-field.ts';

/** The loss and its gradient with respect to the flat parameters, read back to plain arrays. */
export function binnedTrajectoryLossTfjs(
  field: ScaledPerEdgeField,
  params: Float32Array | Float64Array,
  initialStates: Float32Array,
  batch: number,
  targets: BinnedTargets,
  substeps: number,
): { loss: number; gradient: Float32Array } {
  const d = field.config.genes;
  const s = fieldSources(field.config).length;
  return tf.tidy(() => {
    const gates = tf.tensor2d(Float32Array.from(field.gates), [s, d]);
    const shift = tf.tensor1d(field.inputShift);
    const scale = tf.tensor1d(field.inputScale);
    const out = tf.tensor1d(field.outputScale);
    const x0 = tf.tensor2d(initialStates, [batch, d]);
    const lossOf = (p: tf.Tensor1D): tf.Scalar => {
      const f = (x: tf.Tensor2D) =>
        tf.mul(perEdgeFieldTensor(p, field.config, gates, tf.div(tf.sub(x, shift), scale) as tf.Tensor2D), out) as tf.Tensor2D;
      let x = x0;
      let previous = 0;
      let loss: tf.Tensor = tf.scalar(0);
      targets.times.forEach((time, k) => {
        const h = (time - previous) / substeps;
        previous = time;
        for (let step = 0; step < substeps; step++) {
          const k1 = f(x);
          const k2 = f(tf.add(x, tf.mul(k1, h / 2)) as tf.Tensor2D);
          const k3 = f(tf.add(x, tf.mul(k2, h / 2)) as tf.Tensor2D);
          const k4 = f(tf.add(x, tf.mul(k3, h)) as tf.Tensor2D);
          x = tf.add(x, tf.mul(tf.addN([k1, tf.mul(k2, 2), tf.mul(k3, 2), k4]), h / 6)) as tf.Tensor2D;
        }
        const y = tf.tensor2d(targets.values.subarray(k * batch * d, (k + 1) * batch * d), [batch, d]);
        const w = tf.tensor2d(targets.weights.subarray(k * batch, (k + 1) * batch), [batch, 1]);
        loss = tf.add(loss, tf.sum(tf.mul(tf.square(tf.sub(x, y)), w)));
      });
      return loss as tf.Scalar;
    };
    const p = tf.tensor1d(Float32Array.from(params));
    const { value, grad } = tf.valueAndGrad(lossOf)(p);
    return { loss: value.dataSync()[0], gradient: Float32Array.from(grad.dataSync()) };
  });
}
