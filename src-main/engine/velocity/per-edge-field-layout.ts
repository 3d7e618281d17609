/**
 * The per-edge field's shapes and flat parameter vector. For D genes and H hidden units per target gene, every
 * target j has its own small network fed by gated inputs, one hard-concrete gate per source–target pair (i, j):
 *
 *   pre[j,k] = Σ_i z[i,j]·W1[i,j,k]·x̃_i + b1[j,k],   f̃_j(x̃) = Σ_k W2[j,k]·tanh(pre[j,k]) + b2[j] − softplus(ρ_j)·x̃_j
 *
 * on standardised states x̃ = (x − μ)/σ and velocities ṽ = v/s (the decay term only when enabled). With `linear`,
 * a direct term per edge beside the nonlinearity, under the same gate: f̃_j += Σ_i z[i,j]·A[i,j]·x̃_i (a regulator whose
 * effect is close to linear needs no hidden unit, and the pair (A_ij, W1_ij·) is one group). So dependency
 * structure lives on edges: closing gate (i, j) removes i from j's equation and from nothing else, where shared
 * hidden units made the path matrix nearly rank one (issue 13).
 *
 * Only allowed sources have an edge: with S source genes (`sources`, all D when absent), i runs over the S sources
 * and the field has no weight at all from any other gene (a gene that is no transcription factor cannot regulate).
 *
 * Flat layout, in order: W1 (S·D·H, index (s·D + j)·H + k for the s-th source, i.e. an S × (D·H) matrix),
 * b1 (D·H, j·H + k), W2 (D·H, j·H + k), b2 (D), logα (S·D, s·D + j), ρ (D), then A (S·D, s·D + j) with `linear`.
 */
import { SeededRandom } from '../model/random.ts';

export interface PerEdgeFieldShape {
  genes: number;
  hidden: number;
  /** Gene indices allowed as sources, ascending and distinct; absent = every gene. */
  sources?: readonly number[];
  /** A direct linear term per edge (A, under the edge's gate); absent = none. */
  linear?: boolean;
}

/** The source genes of a shape: its `sources`, or every gene. */
export function fieldSources(shape: PerEdgeFieldShape): readonly number[] {
  return shape.sources ?? Array.from({ length: shape.genes }, (_, i) => i);
}

/**
 * Checks a list of allowed sources against the gene count: indices must be integers in range, distinct and
 * ascending (the layout's order), and at least one.
 */
export function checkFieldSources(sources: readonly number[], genes: number): void {
  if (sources.length === 0) throw new RangeError('The list of allowed source genes is empty: no gene could regulate another.');
  sources.forEach((s, n) => {
    if (!Number.isInteger(s) || s < 0 || s >= genes)
      throw new RangeError(`Allowed source ${n + 1} is gene index ${s}, outside the ${genes} genes of the data.`);
    if (n > 0 && s === sources[n - 1]) throw new RangeError(`Gene index ${s} is listed twice among the allowed sources.`);
    if (n > 0 && s < sources[n - 1])
      throw new RangeError(`Allowed sources must be in ascending order (the layout's order); ${s} follows ${sources[n - 1]}.`);
  });
}

export interface PerEdgeFieldOffsets {
  w1: number;
  b1: number;
  w2: number;
  b2: number;
  logAlpha: number;
  decay: number;
  /** The linear term A (S·D values when the shape has one). */
  linear: number;
  total: number;
}

export function perEdgeFieldOffsets(shape: PerEdgeFieldShape): PerEdgeFieldOffsets {
  const { genes: d, hidden: h } = shape;
  const s = shape.sources?.length ?? d;
  const w1 = 0;
  const b1 = w1 + s * d * h;
  const w2 = b1 + d * h;
  const b2 = w2 + d * h;
  const logAlpha = b2 + d;
  const decay = logAlpha + s * d;
  const linear = decay + d;
  return { w1, b1, w2, b2, logAlpha, decay, linear, total: linear + (shape.linear ? s * d : 0) };
}

/** Initial gate open probability 0.8 (the paper's input-layer drop rate 0.2), so every edge starts in play. */
const INITIAL_LOG_ALPHA = Math.log(0.8 / 0.2);
/** softplus(ρ) ≈ 0.13: a weak decay to start from; training sets its size. */
const INITIAL_DECAY_RAW = -2;

/**
 * Seeded initialisation: W1 ~ N(0, 1/S) (each target's fan-in is S), W2 ~ N(0, 1/H), biases and A 0, logα ~
 * N(log 4, 0.01²) as the existing gates.
 */
export function initialPerEdgeField(shape: PerEdgeFieldShape, random: SeededRandom): Float32Array {
  const o = perEdgeFieldOffsets(shape);
  const p = new Float32Array(o.total);
  const { genes: d, hidden: h } = shape;
  const s = fieldSources(shape).length;
  for (let i = 0; i < s * d * h; i++) p[o.w1 + i] = random.normal() / Math.sqrt(s);
  for (let i = 0; i < d * h; i++) p[o.w2 + i] = random.normal() / Math.sqrt(h);
  for (let i = 0; i < s * d; i++) p[o.logAlpha + i] = INITIAL_LOG_ALPHA + 0.01 * random.normal();
  p.fill(INITIAL_DECAY_RAW, o.decay, o.decay + d);
  return p;
}
