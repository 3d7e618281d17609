/**
 * The per-edge field and its velocity-matching loss in TF.js, with autodiff: the reference the CPU code
 * (src-main/engine/velocity/per-edge-field-cpu.ts) is tested against. Arithmetic: per-edge-field-layout.ts.
 */
import * as tf from '@tensorflow/tfjs';
import { fieldSources, perEdgeFieldOffsets } from '../velocity/per-edge-field-layout.ts';
import type { PerEdgeFieldConfig } from '../velocity/per-edge-field-cpu.ts';
import { hardConcreteGates } from './hard-concrete-gates.ts';
import { perEdgePenaltyTensor } from './penalties/per-edge-penalty.ts';

/** f̃(x̃) for standardised states `x` (rows × D) with gates `gates` (S × D, one row per allowed source). */
export function perEdgeFieldTensor(params: tf.Tensor1D, config: PerEdgeFieldConfig, gates: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { genes: d, hidden: h } = config;
    const o = perEdgeFieldOffsets(config);
    const sources = fieldSources(config);
    const s = sources.length;
    const b2 = tf.slice(params, o.b2, d);
    const inputs = config.sources ? tf.gather(x, tf.tensor1d(sources as number[], 'int32'), 1) : x;
    let out: tf.Tensor = tf.add(tf.zeros([x.shape[0], d]), b2);
    // Without hidden units (h = 0) the field is linear; TF.js cannot take gradients through empty tensors.
    if (h > 0) {
      const w1 = tf.reshape(tf.slice(params, o.w1, s * d * h), [s, d, h]);
      const b1 = tf.slice(params, o.b1, d * h);
      const w2 = tf.reshape(tf.slice(params, o.w2, d * h), [d, h]);
      const gated = tf.reshape(tf.mul(w1, tf.expandDims(gates, 2)), [s, d * h]);
      const hidden = tf.reshape(tf.tanh(tf.add(tf.matMul(inputs, gated), b1)), [-1, d, h]);
      out = tf.add(out, tf.sum(tf.mul(hidden, w2), 2));
    }
    if (config.linear) {
      const a = tf.reshape(tf.slice(params, o.linear, s * d), [s, d]);
      out = tf.add(out, tf.matMul(inputs, tf.mul(gates, a)));
    }
    if (config.decay) out = tf.sub(out, tf.mul(tf.softplus(tf.slice(params, o.decay, d)), x));
    return out as tf.Tensor2D;
  });
}

/** data = mean (f̃(x̃) − ṽ)² and the penalty, as scalars; `noise` null gives deterministic gates. */
export function perEdgeLossTensors(
  params: tf.Tensor1D,
  config: PerEdgeFieldConfig,
  x: tf.Tensor2D,
  v: tf.Tensor2D,
  noise: tf.Tensor1D | null,
): { data: tf.Scalar; penalty: tf.Scalar } {
  return tf.tidy(() => {
    const { genes: d, hidden: h } = config;
    const o = perEdgeFieldOffsets(config);
    const s = fieldSources(config).length;
    const logAlpha = tf.slice(params, o.logAlpha, s * d);
    const gates = tf.reshape(hardConcreteGates(logAlpha, noise), [s, d]) as tf.Tensor2D;
    const data = tf.mean(tf.square(tf.sub(perEdgeFieldTensor(params, config, gates, x), v))) as tf.Scalar;
    const w1 = tf.reshape(tf.slice(params, o.w1, s * d * h), [s, d, h]) as tf.Tensor3D;
    const w2 = tf.reshape(tf.slice(params, o.w2, d * h), [d, h]) as tf.Tensor2D;
    const linear = config.linear ? (tf.reshape(tf.slice(params, o.linear, s * d), [s, d]) as tf.Tensor2D) : null;
    const penalty = perEdgePenaltyTensor(config.penalty, config.lambda, w1, w2, gates, tf.reshape(logAlpha, [s, d]) as tf.Tensor2D, linear);
    return { data, penalty };
  });
}

/** Loss terms and the gradient of their sum, read back to plain arrays. */
export function perEdgeLossAndGradientTfjs(
  params: Float32Array,
  config: PerEdgeFieldConfig,
  states: Float32Array,
  velocities: Float32Array,
  rows: number,
  noise: Float32Array | null,
): { data: number; penalty: number; gradient: Float32Array } {
  const d = config.genes;
  const p = tf.tensor1d(params);
  const x = tf.tensor2d(states, [rows, d]);
  const v = tf.tensor2d(velocities, [rows, d]);
  const u = noise ? tf.tensor1d(noise) : null;
  try {
    const terms = perEdgeLossTensors(p, config, x, v, u);
    const data = terms.data.dataSync()[0];
    const penalty = terms.penalty.dataSync()[0];
    tf.dispose([terms.data, terms.penalty]);
    const gradient = tf.tidy(() =>
      tf.grad((q: tf.Tensor) => {
        const t = perEdgeLossTensors(q as tf.Tensor1D, config, x, v, u);
        return tf.add(t.data, t.penalty) as tf.Scalar;
      })(p),
    );
    const values = gradient.dataSync() as Float32Array;
    gradient.dispose();
    return { data, penalty, gradient: Float32Array.from(values) };
  } finally {
    tf.dispose([p, x, v, ...(u ? [u] : [])]);
  }
}
