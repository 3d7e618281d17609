/**
 * The trained per-edge field f(x) = s ⊙ f̃((x − μ)/σ) (velocity-field-model.ts predictVelocity) prepared once for
 * many evaluations: gates, gated weights and each source's open targets computed at load, closed pairs skipped.
 * An integration calls the field hundreds of times; predictVelocity recomputes the gates of every gene pair at each
 * call, which made a knockout on 529 genes take seconds.
 */
import { perEdgeGates } from '../engine/velocity/per-edge-field-cpu.ts';
import { fieldSources, perEdgeFieldOffsets } from '../engine/velocity/per-edge-field-layout.ts';
import type { VelocityFieldModel } from '../engine/velocity/velocity-field-model.ts';
import type { StateField } from './joint-perturbed-field.ts';

function softplus(x: number): number {
  return x > 20 ? x : Math.log1p(Math.exp(x));
}

export function velocityFieldEvaluator(model: VelocityFieldModel): StateField {
  const { config, values: p } = model;
  const { genes: d, hidden: h } = config;
  const o = perEdgeFieldOffsets(config);
  const sources = fieldSources(config);
  const gates = perEdgeGates(p, config, null);
  // Per source: the targets whose gate is open, their gated first-layer weights (h each) and gated linear term.
  const open = sources.map((_, i) => {
    const targets: number[] = [];
    for (let j = 0; j < d; j++) if (gates[i * d + j] !== 0) targets.push(j);
    const w1 = new Float64Array(targets.length * h);
    const linear = new Float64Array(config.linear ? targets.length : 0);
    targets.forEach((j, t) => {
      const z = gates[i * d + j];
      for (let k = 0; k < h; k++) w1[t * h + k] = z * p[o.w1 + (i * d + j) * h + k];
      if (config.linear) linear[t] = z * p[o.linear + i * d + j];
    });
    return { targets: Int32Array.from(targets), w1, linear };
  });
  const b1 = Float64Array.from({ length: d * h }, (_, c) => p[o.b1 + c]);
  const w2 = Float64Array.from({ length: d * h }, (_, c) => p[o.w2 + c]);
  const b2 = Float64Array.from({ length: d }, (_, j) => p[o.b2 + j]);
  const decay = Float64Array.from({ length: d }, (_, j) => (config.decay ? softplus(p[o.decay + j]) : 0));
  const shift = Float64Array.from(model.inputShift);
  const scale = Float64Array.from(model.inputScale);
  const outputScale = Float64Array.from(model.outputScale);
  if (h === 0) return linearField(model, sources, gates, decay, shift, scale, outputScale, b2);
  const pre = new Float64Array(d * h);
  const direct = new Float64Array(d);
  const standardised = new Float64Array(d);
  return (states, rows) => {
    const out = new Float64Array(rows * d);
    for (let r = 0; r < rows; r++) {
      for (let g = 0; g < d; g++) standardised[g] = (states[r * d + g] - shift[g]) / scale[g];
      pre.set(b1);
      direct.fill(0);
      for (let i = 0; i < sources.length; i++) {
        const x = standardised[sources[i]];
        if (x === 0) continue;
        const { targets, w1, linear } = open[i];
        for (let t = 0; t < targets.length; t++) {
          const base = targets[t] * h;
          for (let k = 0; k < h; k++) pre[base + k] += x * w1[t * h + k];
          if (linear.length > 0) direct[targets[t]] += x * linear[t];
        }
      }
      for (let j = 0; j < d; j++) {
        let sum = b2[j] + direct[j];
        for (let k = 0; k < h; k++) sum += w2[j * h + k] * Math.tanh(pre[j * h + k]);
        sum -= decay[j] * standardised[j];
        out[r * d + j] = sum * outputScale[j];
      }
    }
    return out;
  };
}

/**
 * Without hidden units the field is linear in the standardised state: one dense S × D matrix of gated linear terms,
 * applied source by source to every row at once, so each matrix row is read once per call (the default velocity
 * fit has no hidden units; this path makes a 529-gene knockout several times faster).
 */
function linearField(
  model: VelocityFieldModel,
  sources: readonly number[],
  gates: Float64Array,
  decay: Float64Array,
  shift: Float64Array,
  scale: Float64Array,
  outputScale: Float64Array,
  b2: Float64Array,
): StateField {
  const { config, values: p } = model;
  const d = config.genes;
  const o = perEdgeFieldOffsets(config);
  const matrix = new Float64Array(config.linear ? sources.length * d : 0);
  for (let q = 0; q < matrix.length; q++) matrix[q] = gates[q] * p[o.linear + q];
  const usedSources = sources.map((_, i) => i).filter((i) => matrix.subarray(i * d, i * d + d).some((v) => v !== 0));
  return (states, rows) => {
    const standardised = new Float64Array(rows * d);
    for (let q = 0; q < rows * d; q++) standardised[q] = (states[q] - shift[q % d]) / scale[q % d];
    const sums = new Float64Array(rows * d);
    for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) sums[r * d + j] = b2[j] - decay[j] * standardised[r * d + j];
    for (const i of usedSources) {
      const row = matrix.subarray(i * d, i * d + d);
      const source = sources[i];
      for (let r = 0; r < rows; r++) {
        const x = standardised[r * d + source];
        const base = r * d;
        for (let j = 0; j < d; j++) sums[base + j] += x * row[j];
      }
    }
    for (let q = 0; q < rows * d; q++) sums[q] *= outputScale[q % d];
    return sums;
  };
}
