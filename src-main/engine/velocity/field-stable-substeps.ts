/**
 * How many RK4 substeps keep the trajectory refinement's fixed-step solve of the per-edge field stable: classic RK4
 * is stable for h·|λ| up to about 2.8, and |λ| of the Jacobian is at most its spectral norm, bounded below.
 */
import { fieldSources, perEdgeFieldOffsets } from './per-edge-field-layout.ts';
import type { ScaledPerEdgeField } from './per-edge-field-vjp.ts';

/**
 * h·bound stays below this: under RK4's 2.8 on the real axis, with room for the power iteration's estimate (it
 * approaches the norm from below). Not the gated MLP's calibrated 96 (rk4-stability.ts): that bound multiplies
 * Frobenius norms and overestimates many times over, while for the linear field this one is nearly the Jacobian's
 * own norm.
 */
export const FIELD_STEP_BOUND_LIMIT = 2.5;
/** A field that would need more substeps per interval than this is too steep to refine on the trajectories. */
export const MAX_FIELD_SUBSTEPS = 64;

/**
 * Substeps per interval for the longest interval `longest`: max(1, ⌈longest·bound/2.5⌉), at most 64. `livePairs`, when
 * given, lists (ascending) the only pairs that can be non-zero, as in scaledFieldLipschitzBound.
 */
export function fieldStableSubsteps(field: ScaledPerEdgeField, params: Float64Array, longest: number, livePairs?: Int32Array): number {
  const bound = scaledFieldLipschitzBound(field, params, livePairs);
  if (!Number.isFinite(bound)) return MAX_FIELD_SUBSTEPS;
  return Math.min(MAX_FIELD_SUBSTEPS, Math.max(1, Math.ceil((longest * bound) / FIELD_STEP_BOUND_LIMIT)));
}

const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));

/**
 * An upper bound on the field's Lipschitz constant (‖∂f/∂x‖₂ at every state): the spectral norm of the non-negative
 * matrix M_ji = s_j/σ_i·(z_ij·|A_ij| + Σ_k z_ij·|W1_ijk|·|W2_jk|) + δ_ij·s_j·softplus(ρ_j)/σ_j, which bounds every
 * entry of the Jacobian (|tanh'| ≤ 1), by 30 power iterations on MᵀM. For a linear field M is |J|, so the bound is
 * close; the rule in rk4-field-adjoint.ts turns it into substeps. `livePairs` (pair indices s·D + j, ascending), when
 * given, are the only pairs that can be non-zero (the refinement's fixed zero pattern): the others are skipped, not
 * read, which gives the same bound as reading them all when that holds.
 */
export function scaledFieldLipschitzBound(field: ScaledPerEdgeField, params: Float64Array, livePairs?: Int32Array): number {
  const { config, gates } = field;
  const { genes: d, hidden: h } = config;
  const o = perEdgeFieldOffsets(config);
  const sources = fieldSources(config);
  // The non-zero off-diagonal entries per (source row i, target j), kept source-major (i, then j ascending): a
  // closed gate or zero weights leave most pairs out after the fit's cut-off, and this order sums exactly as the dense
  // S × D loops did. The decay on the diagonal kept apart.
  const entrySource: number[] = [];
  const entryTarget: number[] = [];
  const entryValue: number[] = [];
  const pairCount = livePairs ? livePairs.length : sources.length * d;
  for (let n = 0; n < pairCount; n++) {
    const pair = livePairs ? livePairs[n] : n;
    const i = Math.floor(pair / d);
    const j = pair - i * d;
    const z = gates[pair];
    if (z === 0) continue;
    let weight = config.linear ? Math.abs(params[o.linear + pair]) : 0;
    for (let k = 0; k < h; k++) weight += Math.abs(params[o.w1 + pair * h + k]) * Math.abs(params[o.w2 + j * h + k]);
    const value = (z * weight * field.outputScale[j]) / field.inputScale[sources[i]];
    if (value === 0) continue;
    entrySource.push(i);
    entryTarget.push(j);
    entryValue.push(value);
  }
  const entries = entryValue.length;
  const rowOf = Int32Array.from(entrySource);
  const columnOf = Int32Array.from(entryTarget);
  const m = Float64Array.from(entryValue);
  // Where each source's entries start, so Mᵀ sums one source's row at a time.
  const sourceStart = new Int32Array(sources.length + 1);
  for (let e = 0; e < entries; e++) sourceStart[rowOf[e] + 1]++;
  for (let i = 0; i < sources.length; i++) sourceStart[i + 1] += sourceStart[i];
  const diagonal = new Float64Array(d);
  if (config.decay) for (let j = 0; j < d; j++) diagonal[j] = (field.outputScale[j] * softplus(params[o.decay + j])) / field.inputScale[j];
  let v = new Float64Array(d).fill(1 / Math.sqrt(d));
  let norm = 0;
  const mv = new Float64Array(d);
  for (let iteration = 0; iteration < 30; iteration++) {
    // mv = M v: (M v)_j = Σ_i m[i, j]·v_source(i) + diag_j·v_j.
    for (let j = 0; j < d; j++) mv[j] = diagonal[j] * v[j];
    for (let i = 0; i < sources.length; i++) {
      const vi = v[sources[i]];
      if (vi === 0) continue;
      for (let e = sourceStart[i]; e < sourceStart[i + 1]; e++) mv[columnOf[e]] += m[e] * vi;
    }
    // w = Mᵀ (M v).
    const w = new Float64Array(d);
    for (let j = 0; j < d; j++) w[j] = diagonal[j] * mv[j];
    for (let i = 0; i < sources.length; i++) {
      let sum = 0;
      for (let e = sourceStart[i]; e < sourceStart[i + 1]; e++) sum += m[e] * mv[columnOf[e]];
      w[sources[i]] += sum;
    }
    let squares = 0;
    for (let j = 0; j < d; j++) squares += w[j] * w[j];
    const length = Math.sqrt(squares);
    if (!(length > 0)) return 0;
    norm = Math.sqrt(length);
    for (let j = 0; j < d; j++) w[j] /= length;
    v = w;
  }
  return norm;
}
