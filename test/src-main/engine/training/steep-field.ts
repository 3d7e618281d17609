// A field made steep on purpose, as training makes it late in a run (docs/benchmarks.md, "A run that goes wrong
// late"): large weights and gates forced open, so fixed-step RK4 at the configured step explodes, while the true
// solution stays bounded (the field is contracting), so a solve that stays within RK4's stability is finite.
import type { TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { smallProblem } from '../reference/small-problem.ts';

export interface SteepField {
  problem: TrainingProblem;
  params: Float32Array;
  /** Largest eigenvalue magnitude of the field's Jacobian is at most this (c·σ_max(W0)², power iteration). */
  stiffness: number;
}

/**
 * f(x) = elu(elu(x·W0)·I)·(−c·W0ᵀ): the Jacobian is −c·W0·D1·D2·W0ᵀ with D1, D2 the ELU slopes in (0, 1], so it is
 * negative semi-definite (the solution contracts) and as steep as c·σ_max(W0)². Every gate logit is 8 (open).
 */
export function steepField(options: { genes?: number; hidden?: number; steepness?: number; bins?: number } = {}): SteepField {
  const D = options.genes ?? 48;
  const H = options.hidden ?? 48;
  const c = options.steepness ?? 60;
  const { problem } = smallProblem({ genes: D, hidden: [H, H], activation: 'all', batch: 2, bins: options.bins ?? 50, lambda: 1e-4 });
  const layout = parameterLayout(D, problem.model);
  const params = new Float32Array(layout.parameterCount);
  const random = new SeededRandom(3);
  const [first, middle, last] = layout.layers;
  const w0 = Float64Array.from({ length: D * H }, () => random.normal() / Math.sqrt(D));
  for (let i = 0; i < D * H; i++) params[first.weights + i] = w0[i];
  for (let i = 0; i < H; i++) params[middle.weights + i * H + i] = 1;
  for (let i = 0; i < H; i++) for (let j = 0; j < D; j++) params[last.weights + i * D + j] = -c * w0[j * H + i];
  for (const layer of layout.layers) params.fill(8, layer.gateLogits, layer.gateLogits + layer.inputs);
  return { problem, params, stiffness: c * largestSingularValue(w0, D, H) ** 2 };
}

/** σ_max of a rows × cols matrix by power iteration on AᵀA (enough iterations for 3 digits on these sizes). */
function largestSingularValue(a: Float64Array, rows: number, cols: number): number {
  let v = new Float64Array(cols).fill(1 / Math.sqrt(cols));
  let sigma = 0;
  for (let iteration = 0; iteration < 200; iteration++) {
    const u = new Float64Array(rows);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) u[i] += a[i * cols + j] * v[j];
    const w = new Float64Array(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) w[j] += a[i * cols + j] * u[i];
    const norm = Math.hypot(...w);
    sigma = Math.sqrt(norm);
    v = w.map((x) => x / norm);
  }
  return sigma;
}
