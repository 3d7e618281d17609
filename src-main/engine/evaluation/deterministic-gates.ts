import type { ParameterLayout } from '../model/parameter-layout.ts';

/** Hard-concrete stretch limits (Louizos et al. 2018), as in docs/model.md. */
const STRETCH_LOW = -0.1;
const STRETCH_HIGH = 1.1;

/**
 * Deterministic hard-concrete gates per layer (evaluation and export mode, docs/model.md):
 * z = clamp(sigmoid(logα)·(ζ − γ) + γ, 0, 1), one per input unit of each layer.
 */
export function deterministicGates(layout: ParameterLayout, params: Float32Array): Float64Array[] {
  return layout.layers.map((layer) => {
    const gates = new Float64Array(layer.inputs);
    for (let i = 0; i < layer.inputs; i++) {
      const s = 1 / (1 + Math.exp(-params[layer.gateLogits + i]));
      gates[i] = Math.min(1, Math.max(0, s * (STRETCH_HIGH - STRETCH_LOW) + STRETCH_LOW));
    }
    return gates;
  });
}

/** Gated weights W̃_l = diag(z_l)·W_l per layer, float64, row-major inputs × outputs. */
export function gatedWeights(layout: ParameterLayout, params: Float32Array): Float64Array[] {
  const gates = deterministicGates(layout, params);
  return layout.layers.map((layer, l) => {
    const out = new Float64Array(layer.inputs * layer.outputs);
    for (let i = 0; i < layer.inputs; i++) {
      const z = gates[l][i];
      for (let j = 0; j < layer.outputs; j++) out[i * layer.outputs + j] = z * params[layer.weights + i * layer.outputs + j];
    }
    return out;
  });
}
