import type { ParameterLayout } from '../model/parameter-layout.ts';

/**
 * Mean Jacobian of the vector field over a set of states, J̄[i][j] = mean_s ∂f_j/∂x_i (x_s), float64, D × D with
 * row = source gene i, column = target gene j. Deterministic gates (gated weights precomputed by the caller).
 *
 * For f = act(…act(x·W̃_0 + b_0)…)·W̃_{L−1} + b_{L−1}, the Jacobian at x_s is W̃_0·E_0·W̃_1·E_1···E_{L−2}·W̃_{L−1}
 * with E_l = diag(act_l′(p_l(x_s))). Only the middle factor M_s = E_0·W̃_1···E_{L−2} depends on the state, so
 * J̄ = W̃_0 · mean_s(M_s) · W̃_{L−1}: the D-sized products are done once, not once per state.
 */
export function meanJacobian(
  layout: ParameterLayout,
  params: Float32Array,
  gated: Float64Array[],
  states: Float32Array,
  stateCount: number,
): Float64Array {
  const genes = layout.genes;
  const layers = layout.layers;
  const L = layers.length;
  if (L === 1) return Float64Array.from(gated[0]);
  if (stateCount < 1) throw new RangeError('meanJacobian needs at least one state');

  const first = layers[0].outputs;
  const last = layers[L - 1].inputs;
  const meanMiddle = new Float64Array(first * last);
  for (let s = 0; s < stateCount; s++) {
    const slopes = activationSlopes(layout, params, gated, states.subarray(s * genes, (s + 1) * genes));
    // M starts as E_0 and is multiplied on the right by W̃_l·E_l for each middle layer.
    let middle = new Float64Array(first * first);
    for (let a = 0; a < first; a++) middle[a * first + a] = slopes[0][a];
    let width = first;
    for (let l = 1; l < L - 1; l++) {
      const next = layers[l].outputs;
      const w = gated[l];
      const e = slopes[l];
      const product = new Float64Array(first * next);
      for (let a = 0; a < first; a++) {
        for (let k = 0; k < width; k++) {
          const m = middle[a * width + k];
          if (m === 0) continue;
          for (let b = 0; b < next; b++) product[a * next + b] += m * w[k * next + b];
        }
        for (let b = 0; b < next; b++) product[a * next + b] *= e[b];
      }
      middle = product;
      width = next;
    }
    for (let i = 0; i < meanMiddle.length; i++) meanMiddle[i] += middle[i] / stateCount;
  }

  // J̄ = W̃_0 (D × first) · M̄ (first × last) · W̃_{L−1} (last × D)
  const left = multiply(gated[0], meanMiddle, genes, first, last);
  return multiply(left, gated[L - 1], genes, last, genes);
}

/** act_l′(p_l) for every layer l < L−1 at one state: ELU′(p) = 1 for p > 0, exp(p) otherwise; 1 without ELU. */
function activationSlopes(layout: ParameterLayout, params: Float32Array, gated: Float64Array[], state: Float32Array): Float64Array[] {
  const slopes: Float64Array[] = [];
  let input: Float64Array = Float64Array.from(state);
  for (let l = 0; l < layout.layers.length - 1; l++) {
    const layer = layout.layers[l];
    const pre = new Float64Array(layer.outputs);
    for (let j = 0; j < layer.outputs; j++) pre[j] = params[layer.bias + j];
    const w = gated[l];
    for (let i = 0; i < layer.inputs; i++) {
      const x = input[i];
      if (x === 0) continue;
      for (let j = 0; j < layer.outputs; j++) pre[j] += x * w[i * layer.outputs + j];
    }
    const slope = new Float64Array(layer.outputs);
    const out = new Float64Array(layer.outputs);
    for (let j = 0; j < layer.outputs; j++) {
      if (!layer.elu || pre[j] > 0) {
        slope[j] = 1;
        out[j] = pre[j];
      } else {
        slope[j] = Math.exp(pre[j]);
        out[j] = slope[j] - 1;
      }
    }
    slopes.push(slope);
    input = out;
  }
  return slopes;
}

function multiply(a: Float64Array, b: Float64Array, rows: number, inner: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < inner; k++) {
      const v = a[i * inner + k];
      if (v === 0) continue;
      for (let j = 0; j < cols; j++) out[i * cols + j] += v * b[k * cols + j];
    }
  }
  return out;
}
