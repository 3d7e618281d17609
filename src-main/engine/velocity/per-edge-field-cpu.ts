/**
 * The per-edge field on the CPU in plain loops (float64 accumulation): forward, velocity-matching loss and its
 * gradient by hand (reverse mode through tanh, the gates and the decay), checked against the TF.js reference
 * (src-main/engine/reference/per-edge-field.ts) in test/src-main/engine/velocity/per-edge-field-parity.test.ts.
 */
import { GATE_STRETCH_HIGH, GATE_STRETCH_LOW, GATE_TEMPERATURE } from '../model/hard-concrete.ts';
import { fieldSources, perEdgeFieldOffsets, type PerEdgeFieldShape } from './per-edge-field-layout.ts';
import { perEdgePenalty, type PerEdgePenaltyKind } from './per-edge-penalty.ts';

export interface PerEdgeFieldConfig extends PerEdgeFieldShape {
  /** Include the decay term −softplus(ρ_j)·x̃_j. */
  decay: boolean;
  penalty: PerEdgePenaltyKind;
  lambda: number;
}

export interface PerEdgeLoss {
  data: number;
  penalty: number;
  /** d(data + penalty)/d(parameters), flat layout. */
  gradient: Float64Array;
}

/**
 * Hard-concrete gates per pair (docs/model.md): sampled from `noise` (uniforms, S·D) or deterministic when null.
 * `slope` receives dz/dlogα (0 where the clamp is active).
 */
export function perEdgeGates(
  params: Float32Array | Float64Array,
  config: PerEdgeFieldShape,
  noise: Float32Array | Float64Array | null,
  slope?: Float64Array,
): Float64Array {
  const o = perEdgeFieldOffsets(config);
  const pairs = fieldSources(config).length * config.genes;
  const z = new Float64Array(pairs);
  for (let p = 0; p < pairs; p++) {
    const logAlpha = params[o.logAlpha + p];
    const logit = noise === null ? logAlpha : (Math.log(noise[p]) - Math.log1p(-noise[p]) + logAlpha) / GATE_TEMPERATURE;
    const s = 1 / (1 + Math.exp(-logit));
    const stretched = s * (GATE_STRETCH_HIGH - GATE_STRETCH_LOW) + GATE_STRETCH_LOW;
    z[p] = Math.min(1, Math.max(0, stretched));
    if (slope) {
      const inside = stretched > 0 && stretched < 1;
      const dsdLogAlpha = (s * (1 - s)) / (noise === null ? 1 : GATE_TEMPERATURE);
      slope[p] = inside ? dsdLogAlpha * (GATE_STRETCH_HIGH - GATE_STRETCH_LOW) : 0;
    }
  }
  return z;
}

const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * f̃(x̃) for `rows` standardised states with the given gates; when `hiddenOut` is given it receives tanh(pre)
 * (rows × D·H), which the gradient and the Jacobian read-out reuse.
 */
export function perEdgeFieldForward(
  params: Float32Array | Float64Array,
  config: PerEdgeFieldConfig,
  gates: Float64Array,
  states: Float32Array | Float64Array,
  rows: number,
  hiddenOut?: Float64Array,
): Float64Array {
  const { genes: d, hidden: h } = config;
  const o = perEdgeFieldOffsets(config);
  const width = d * h;
  const sources = fieldSources(config);
  // Gated first layer G[s, j·H + k] = z_sj·W1_sjk: the whole first layer is then one S × (D·H) matrix product.
  const gated = new Float64Array(sources.length * width);
  for (let i = 0; i < sources.length; i++)
    for (let j = 0; j < d; j++)
      for (let k = 0; k < h; k++) gated[i * width + j * h + k] = gates[i * d + j] * params[o.w1 + (i * d + j) * h + k];
  // The gated linear term z_sj·A_sj, an S × D matrix (zero without `linear`).
  const gatedLinear = new Float64Array(config.linear ? sources.length * d : 0);
  for (let p = 0; p < gatedLinear.length; p++) gatedLinear[p] = gates[p] * params[o.linear + p];
  const out = new Float64Array(rows * d);
  const pre = new Float64Array(width);
  const direct = new Float64Array(d);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) pre[c] = params[o.b1 + c];
    direct.fill(0);
    for (let i = 0; i < sources.length; i++) {
      const x = states[r * d + sources[i]];
      if (x === 0) continue;
      const row = i * width;
      for (let c = 0; c < width; c++) pre[c] += x * gated[row + c];
      if (config.linear) for (let j = 0; j < d; j++) direct[j] += x * gatedLinear[i * d + j];
    }
    for (let j = 0; j < d; j++) {
      let sum = params[o.b2 + j] + direct[j];
      for (let k = 0; k < h; k++) {
        const a = Math.tanh(pre[j * h + k]);
        if (hiddenOut) hiddenOut[r * width + j * h + k] = a;
        sum += params[o.w2 + j * h + k] * a;
      }
      if (config.decay) sum -= softplus(params[o.decay + j]) * states[r * d + j];
      out[r * d + j] = sum;
    }
  }
  return out;
}

/**
 * Velocity matching: data = mean over rows and genes of (f̃(x̃) − ṽ)², plus the penalty, with the gradient.
 * `noise` null trains with deterministic gates (used by tests); training passes a fresh sample each iteration.
 */
export function perEdgeLossAndGradient(
  params: Float32Array | Float64Array,
  config: PerEdgeFieldConfig,
  states: Float32Array | Float64Array,
  velocities: Float32Array | Float64Array,
  rows: number,
  noise: Float32Array | Float64Array | null,
): PerEdgeLoss {
  const { genes: d, hidden: h } = config;
  const o = perEdgeFieldOffsets(config);
  const width = d * h;
  const sources = fieldSources(config);
  const pairs = sources.length * d;
  const slope = new Float64Array(pairs);
  const z = perEdgeGates(params, config, noise, slope);
  const hidden = new Float64Array(rows * width);
  const out = perEdgeFieldForward(params, config, z, states, rows, hidden);
  const gradient = new Float64Array(o.total);
  const gateGradient = new Float64Array(pairs);
  // dL/d(gated first layer), accumulated over rows, mapped to W1 and z at the end.
  const gatedGradient = new Float64Array(sources.length * width);
  const dPre = new Float64Array(width);
  // dL/d(z_sj·A_sj), accumulated over rows.
  const linearGradient = new Float64Array(config.linear ? pairs : 0);
  const dOutRow = new Float64Array(d);
  let data = 0;
  const scale = 2 / (rows * d);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) {
      const residual = out[r * d + j] - velocities[r * d + j];
      data += residual * residual;
      const dOut = scale * residual;
      dOutRow[j] = dOut;
      gradient[o.b2 + j] += dOut;
      if (config.decay) {
        const x = states[r * d + j];
        gradient[o.decay + j] -= dOut * x * sigmoid(params[o.decay + j]);
      }
      for (let k = 0; k < h; k++) {
        const c = j * h + k;
        const a = hidden[r * width + c];
        gradient[o.w2 + c] += dOut * a;
        dPre[c] = dOut * params[o.w2 + c] * (1 - a * a);
        gradient[o.b1 + c] += dPre[c];
      }
    }
    for (let i = 0; i < sources.length; i++) {
      const x = states[r * d + sources[i]];
      if (x === 0) continue;
      const row = i * width;
      for (let c = 0; c < width; c++) gatedGradient[row + c] += x * dPre[c];
      if (config.linear) for (let j = 0; j < d; j++) linearGradient[i * d + j] += x * dOutRow[j];
    }
  }
  data /= rows * d;
  for (let i = 0; i < sources.length; i++) {
    for (let j = 0; j < d; j++) {
      const pair = i * d + j;
      for (let k = 0; k < h; k++) {
        const g = gatedGradient[i * width + j * h + k];
        gradient[o.w1 + pair * h + k] += g * z[pair];
        gateGradient[pair] += g * params[o.w1 + pair * h + k];
      }
      if (config.linear) {
        gradient[o.linear + pair] += linearGradient[pair] * z[pair];
        gateGradient[pair] += linearGradient[pair] * params[o.linear + pair];
      }
    }
  }
  const penalty = perEdgePenalty(config.penalty, config.lambda, config, o, params, z, gradient, gateGradient);
  for (let p = 0; p < pairs; p++) gradient[o.logAlpha + p] += gateGradient[p] * slope[p];
  return { data, penalty, gradient };
}
