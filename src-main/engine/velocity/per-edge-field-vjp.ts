/**
 * The trained per-edge field in the data's units, f(x) = s ⊙ f̃((x − μ)/σ), with fixed gates, and its vector–Jacobian
 * product: for a cotangent g on f at `rows` states, the gradient of ⟨g, f⟩ with respect to the flat parameters
 * (per-edge-field-layout.ts) and to the states. Reverse mode by hand through the decay, the gated linear term and the
 * hidden tanh units, as per-edge-field-cpu.ts does for the velocity-matching loss; the discrete RK4 adjoint
 * (rk4-field-adjoint.ts) calls it once per stage. Checked against TF.js autodiff in
 * test/src-main/engine/velocity/rk4-field-adjoint.test.ts.
 */
import { fieldSources, perEdgeFieldOffsets } from './per-edge-field-layout.ts';
import { perEdgeFieldForward, type PerEdgeFieldConfig } from './per-edge-field-cpu.ts';

/** A field in data units with its gates and scaling fixed: what the trajectory refinement trains the weights of. */
export interface ScaledPerEdgeField {
  config: PerEdgeFieldConfig;
  /** Deterministic gates z (S·D), held fixed. */
  gates: Float64Array;
  inputShift: Float32Array;
  inputScale: Float32Array;
  outputScale: Float32Array;
}

const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function standardise(field: ScaledPerEdgeField, states: Float64Array, rows: number): Float64Array {
  const d = field.config.genes;
  const u = new Float64Array(rows * d);
  for (let r = 0; r < rows; r++) for (let g = 0; g < d; g++) u[r * d + g] = (states[r * d + g] - field.inputShift[g]) / field.inputScale[g];
  return u;
}

/** f(x) in data units for `rows` states (rows × D). */
export function scaledFieldForward(field: ScaledPerEdgeField, params: Float64Array, states: Float64Array, rows: number): Float64Array {
  const d = field.config.genes;
  const out = perEdgeFieldForward(params, field.config, field.gates, standardise(field, states, rows), rows);
  for (let r = 0; r < rows; r++) for (let g = 0; g < d; g++) out[r * d + g] *= field.outputScale[g];
  return out;
}

/**
 * Adds ∂⟨g, f(x)⟩/∂θ to `parameterGradient` and returns ∂⟨g, f(x)⟩/∂x (rows × D). Gates are constants: the gate
 * logits receive nothing.
 */
export function scaledFieldVjp(
  field: ScaledPerEdgeField,
  params: Float64Array,
  states: Float64Array,
  rows: number,
  cotangent: Float64Array,
  parameterGradient: Float64Array,
): Float64Array {
  const { config, gates } = field;
  const { genes: d, hidden: h } = config;
  const o = perEdgeFieldOffsets(config);
  const sources = fieldSources(config);
  const width = d * h;
  const u = standardise(field, states, rows);
  const hidden = new Float64Array(rows * width);
  if (h > 0) perEdgeFieldForward(params, config, gates, u, rows, hidden);
  const du = new Float64Array(rows * d);
  const gOut = new Float64Array(d);
  const dPre = new Float64Array(width);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < d; j++) {
      // The cotangent on the standardised field f̃_j, since f_j = s_j·f̃_j.
      const g = cotangent[r * d + j] * field.outputScale[j];
      gOut[j] = g;
      parameterGradient[o.b2 + j] += g;
      if (config.decay) {
        parameterGradient[o.decay + j] -= g * u[r * d + j] * sigmoid(params[o.decay + j]);
        du[r * d + j] -= g * softplus(params[o.decay + j]);
      }
      for (let k = 0; k < h; k++) {
        const c = j * h + k;
        const a = hidden[r * width + c];
        parameterGradient[o.w2 + c] += g * a;
        dPre[c] = g * params[o.w2 + c] * (1 - a * a);
        parameterGradient[o.b1 + c] += dPre[c];
      }
    }
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i];
      const x = u[r * d + source];
      let back = 0;
      for (let j = 0; j < d; j++) {
        const pair = i * d + j;
        const z = gates[pair];
        if (z === 0) continue;
        if (config.linear) {
          parameterGradient[o.linear + pair] += gOut[j] * z * x;
          back += gOut[j] * z * params[o.linear + pair];
        }
        for (let k = 0; k < h; k++) {
          const c = j * h + k;
          parameterGradient[o.w1 + pair * h + k] += dPre[c] * z * x;
          back += dPre[c] * z * params[o.w1 + pair * h + k];
        }
      }
      du[r * d + source] += back;
    }
  }
  for (let r = 0; r < rows; r++) for (let g = 0; g < d; g++) du[r * d + g] /= field.inputScale[g];
  return du;
}
