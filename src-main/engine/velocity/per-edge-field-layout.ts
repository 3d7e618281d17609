/**
 * The per-edge field's shapes and flat parameter vector. For D genes and H hidden units per target gene, every
 * target j has its own small network fed by gated inputs, one hard-concrete gate per source–target pair (i, j):
 *
 *   pre[j,k] = Σ_i z[i,j]·W1[i,j,k]·x̃_i + b1[j,k],   f̃_j(x̃) = Σ_k W2[j,k]·tanh(pre[j,k]) + b2[j] − softplus(ρ_j)·x̃_j
 *
 * on standardised states x̃ = (x − μ)/σ and velocities ṽ = v/s (the decay term only when enabled). So dependency
 * structure lives on edges: closing gate (i, j) removes i from j's equation and from nothing else, where shared
 * hidden units made the path matrix nearly rank one (issue 13).
 *
 * Flat layout, in order: W1 (D·D·H, index (i·D + j)·H + k, i.e. a D × (D·H) matrix), b1 (D·H, j·H + k),
 * W2 (D·H, j·H + k), b2 (D), logα (D·D, i·D + j), ρ (D).
 */
import { SeededRandom } from '../model/random.ts';

export interface PerEdgeFieldShape {
  genes: number;
  hidden: number;
}

export interface PerEdgeFieldOffsets {
  w1: number;
  b1: number;
  w2: number;
  b2: number;
  logAlpha: number;
  decay: number;
  total: number;
}

export function perEdgeFieldOffsets({ genes: d, hidden: h }: PerEdgeFieldShape): PerEdgeFieldOffsets {
  const w1 = 0;
  const b1 = w1 + d * d * h;
  const w2 = b1 + d * h;
  const b2 = w2 + d * h;
  const logAlpha = b2 + d;
  const decay = logAlpha + d * d;
  return { w1, b1, w2, b2, logAlpha, decay, total: decay + d };
}

/** Initial gate open probability 0.8 (the paper's input-layer drop rate 0.2), so every edge starts in play. */
const INITIAL_LOG_ALPHA = Math.log(0.8 / 0.2);
/** softplus(ρ) ≈ 0.13: a weak decay to start from; training sets its size. */
const INITIAL_DECAY_RAW = -2;

/**
 * Seeded initialisation: W1 ~ N(0, 1/D) (each target's fan-in is D), W2 ~ N(0, 1/H), biases 0, logα ~
 * N(log 4, 0.01²) as the existing gates.
 */
export function initialPerEdgeField(shape: PerEdgeFieldShape, random: SeededRandom): Float32Array {
  const o = perEdgeFieldOffsets(shape);
  const p = new Float32Array(o.total);
  const { genes: d, hidden: h } = shape;
  for (let i = 0; i < d * d * h; i++) p[o.w1 + i] = random.normal() / Math.sqrt(d);
  for (let i = 0; i < d * h; i++) p[o.w2 + i] = random.normal() / Math.sqrt(h);
  for (let i = 0; i < d * d; i++) p[o.logAlpha + i] = INITIAL_LOG_ALPHA + 0.01 * random.normal();
  p.fill(INITIAL_DECAY_RAW, o.decay, o.decay + d);
  return p;
}
