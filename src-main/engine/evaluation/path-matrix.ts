import type { ParameterLayout } from '../model/parameter-layout.ts';

/**
 * Weight-path matrix A = |W̃_0|·|W̃_1|···|W̃_{L−1}| (D × D, row = source gene, column = target gene), float64.
 * A[i][j] sums, over every path from input gene i to output gene j, the product of the absolute gated weights on it
 * (docs/model.md "Read-out"). Unlike the gate-only product it is not rank one.
 */
export function pathMatrix(layout: ParameterLayout, gated: Float64Array[]): Float64Array {
  const genes = layout.genes;
  let current = Float64Array.from(gated[0], Math.abs);
  let width = layout.layers[0].outputs;
  for (let l = 1; l < layout.layers.length; l++) {
    const next = layout.layers[l].outputs;
    const w = gated[l];
    const product = new Float64Array(genes * next);
    for (let i = 0; i < genes; i++) {
      for (let k = 0; k < width; k++) {
        const a = current[i * width + k];
        if (a === 0) continue;
        const row = k * next;
        const out = i * next;
        for (let j = 0; j < next; j++) product[out + j] += a * Math.abs(w[row + j]);
      }
    }
    current = product;
    width = next;
  }
  return current;
}
