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
 * Without hidden units the field is linear in the standardised state: the gated linear terms as a sparse S × D
 * matrix (each source's open targets and their weights), applied source by source to every row at once. A fitted
 * network keeps a few thousand of the S × D pairs (about 1,200 of 113 × 529 on the README example), so skipping the closed
 * ones makes a 529-gene knockout several times faster. Each sum still adds the sources in the same order, and a
 * closed pair only ever added an exact zero, so the rates are the dense product's, bit for bit.
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
  // Compressed rows: source i's open targets are targets[starts[i]..starts[i + 1]), with their gated weights.
  const starts = new Int32Array(sources.length + 1);
  const targetList: number[] = [];
  const weightList: number[] = [];
  if (config.linear)
    for (let i = 0; i < sources.length; i++) {
      for (let j = 0; j < d; j++) {
        const weight = gates[i * d + j] * p[o.linear + i * d + j];
        if (weight !== 0) {
          targetList.push(j);
          weightList.push(weight);
        }
      }
      starts[i + 1] = targetList.length;
    }
  const targets = Int32Array.from(targetList);
  const weights = Float64Array.from(weightList);
  const usedSources = Int32Array.from(sources.map((_, i) => i).filter((i) => starts[i + 1] > starts[i]));
  return (states, rows) => {
    const standardised = new Float64Array(rows * d);
    const sums = new Float64Array(rows * d);
    for (let r = 0; r < rows; r++) {
      const base = r * d;
      for (let j = 0; j < d; j++) {
        const x = (states[base + j] - shift[j]) / scale[j];
        standardised[base + j] = x;
        sums[base + j] = b2[j] - decay[j] * x;
      }
    }
    for (let u = 0; u < usedSources.length; u++) {
      const i = usedSources[u];
      const source = sources[i];
      const from = starts[i];
      const to = starts[i + 1];
      for (let r = 0; r < rows; r++) {
        const x = standardised[r * d + source];
        const base = r * d;
        for (let e = from; e < to; e++) sums[base + targets[e]] += x * weights[e];
      }
    }
    for (let r = 0; r < rows; r++) {
      const base = r * d;
      for (let j = 0; j < d; j++) sums[base + j] *= outputScale[j];
    }
    return sums;
  };
}
