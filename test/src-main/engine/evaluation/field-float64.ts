// An independent float64 forward of the gated MLP vector field (docs/model.md "Vector field"), deterministic gates,
// written plainly for tests: finite differences of it check the read-out's Jacobian.
import type { ParameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';

export function fieldFloat64(layout: ParameterLayout, params: Float32Array, x: Float64Array): Float64Array {
  let a = x;
  for (const layer of layout.layers) {
    const out = new Float64Array(layer.outputs);
    for (let j = 0; j < layer.outputs; j++) {
      let p = params[layer.bias + j];
      for (let i = 0; i < layer.inputs; i++) {
        const s = 1 / (1 + Math.exp(-params[layer.gateLogits + i]));
        const z = Math.min(1, Math.max(0, s * 1.2 - 0.1));
        p += a[i] * z * params[layer.weights + i * layer.outputs + j];
      }
      out[j] = layer.elu && p <= 0 ? Math.exp(p) - 1 : p;
    }
    a = out;
  }
  return a;
}

/** Numerical rank by Gaussian elimination with partial pivoting. */
export function numericalRank(matrix: Float64Array, rows: number, cols: number, tolerance = 1e-9): number {
  const m = Float64Array.from(matrix);
  let rank = 0;
  const scale = Math.max(...Array.from(m, Math.abs), 1e-300);
  for (let c = 0; c < cols && rank < rows; c++) {
    let pivot = rank;
    for (let r = rank + 1; r < rows; r++) if (Math.abs(m[r * cols + c]) > Math.abs(m[pivot * cols + c])) pivot = r;
    if (Math.abs(m[pivot * cols + c]) <= tolerance * scale) continue;
    for (let k = 0; k < cols; k++) [m[rank * cols + k], m[pivot * cols + k]] = [m[pivot * cols + k], m[rank * cols + k]];
    for (let r = rank + 1; r < rows; r++) {
      const f = m[r * cols + c] / m[rank * cols + c];
      for (let k = c; k < cols; k++) m[r * cols + k] -= f * m[rank * cols + k];
    }
    rank++;
  }
  return rank;
}
