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

/** Substeps per interval for the longest interval `longest`: max(1, ⌈longest·bound/2.5⌉), at most 64. */
export function fieldStableSubsteps(field: ScaledPerEdgeField, params: Float64Array, longest: number): number {
  const bound = scaledFieldLipschitzBound(field, params);
  if (!Number.isFinite(bound)) return MAX_FIELD_SUBSTEPS;
  return Math.min(MAX_FIELD_SUBSTEPS, Math.max(1, Math.ceil((longest * bound) / FIELD_STEP_BOUND_LIMIT)));
}

const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));

/**
 * An upper bound on the field's Lipschitz constant (‖∂f/∂x‖₂ at every state): the spectral norm of the non-negative
 * matrix M_ji = s_j/σ_i·(z_ij·|A_ij| + Σ_k z_ij·|W1_ijk|·|W2_jk|) + δ_ij·s_j·softplus(ρ_j)/σ_j, which bounds every
 * entry of the Jacobian (|tanh'| ≤ 1), by 30 power iterations on MᵀM. For a linear field M is |J|, so the bound is
 * close; the rule in rk4-field-adjoint.ts turns it into substeps.
 */
export function scaledFieldLipschitzBound(field: ScaledPerEdgeField, params: Float64Array): number {
  const { config, gates } = field;
  const { genes: d, hidden: h } = config;
  const o = perEdgeFieldOffsets(config);
  const sources = fieldSources(config);
  // Off-diagonal part per (source row i, target j), dense S × D; the decay on the diagonal kept apart.
  const m = new Float64Array(sources.length * d);
  for (let i = 0; i < sources.length; i++) {
    for (let j = 0; j < d; j++) {
      const pair = i * d + j;
      const z = gates[pair];
      if (z === 0) continue;
      let weight = config.linear ? Math.abs(params[o.linear + pair]) : 0;
      for (let k = 0; k < h; k++) weight += Math.abs(params[o.w1 + pair * h + k]) * Math.abs(params[o.w2 + j * h + k]);
      m[pair] = (z * weight * field.outputScale[j]) / field.inputScale[sources[i]];
    }
  }
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
      for (let j = 0; j < d; j++) mv[j] += m[i * d + j] * vi;
    }
    // w = Mᵀ (M v).
    const w = new Float64Array(d);
    for (let j = 0; j < d; j++) w[j] = diagonal[j] * mv[j];
    for (let i = 0; i < sources.length; i++) {
      let sum = 0;
      for (let j = 0; j < d; j++) sum += m[i * d + j] * mv[j];
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
