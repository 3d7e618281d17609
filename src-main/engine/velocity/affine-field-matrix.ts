/**
 * The per-edge field without hidden units is affine in the data's units: with u = (x − μ)/σ,
 * f_j(x) = s_j·(b2_j + Σ_i z_ij·A_ij·u_i − softplus(ρ_j)·u_j) = c_j + Σ_i K_ji·x_i, where
 *
 *   K_ji = s_j·z_ij·A_ij/σ_i − δ_ij·s_j·softplus(ρ_j)/σ_j,   c_j = s_j·b2_j − Σ_i K_ji·μ_i.
 *
 * This file builds K (sparse, rows = targets, over the field's fixed zero pattern) and c from the flat parameters, and
 * maps a gradient on (K, c) back to the parameters (the chain rule through the same formulas). The trajectory
 * refinement then integrates with sparse mat-vecs (affine-field-rk4-adjoint.ts) instead of evaluating the general
 * per-edge kernel over every source–target pair at each RK4 stage (issue 13).
 */
import { fieldSources, perEdgeFieldOffsets } from './per-edge-field-layout.ts';
import type { ScaledPerEdgeField } from './per-edge-field-vjp.ts';

/**
 * Where K can be non-zero, in compressed sparse rows over targets: row j holds entries rowStart[j] … rowStart[j+1]−1,
 * sources ascending. An entry is a pair (i, j) whose gate is open and whose linear term is non-zero, the diagonal
 * (j, j) when the field has a decay, or both merged.
 */
export interface AffineFieldPattern {
  genes: number;
  rowStart: Int32Array;
  /** The source gene of each entry. */
  column: Int32Array;
  /** The flat index of the entry's linear term A_ij, or −1 for a diagonal carrying only the decay. */
  linearParameter: Int32Array;
  /** z_ij·s_j/σ_i: ∂K_ji/∂A_ij (0 where linearParameter is −1). */
  linearFactor: Float64Array;
  /** Whether the entry is a diagonal carrying target j's decay. */
  decay: Uint8Array;
}

/** K and c of the field at one parameter vector, over a fixed pattern. */
export interface AffineField {
  pattern: AffineFieldPattern;
  /** K's entries, in the pattern's order. */
  values: Float64Array;
  /** c, one per gene. */
  offset: Float64Array;
}

const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The pattern of `field` at `params`: the pairs the trajectory refinement may move (open gate and non-zero linear
 * term, as refinableParameters in refine-velocity-field.ts) and the decay diagonal. Pairs outside it contribute exactly
 * zero (a shut gate, or A_ij = 0) and stay so while the refinement keeps them fixed. Only for fields without hidden
 * units: with them the field is not affine.
 */
export function affineFieldPattern(field: ScaledPerEdgeField, params: Float64Array): AffineFieldPattern {
  const { config, gates } = field;
  if (config.hidden !== 0)
    throw new RangeError(`A field with ${config.hidden} hidden unit(s) per target is not affine: it has no single matrix K.`);
  const d = config.genes;
  const o = perEdgeFieldOffsets(config);
  const sources = fieldSources(config);
  const rows: Array<Array<{ column: number; linear: number; factor: number; decay: boolean }>> = Array.from({ length: d }, () => []);
  // Sources ascending (the layout's order), so each row comes out sorted with the diagonal merged where it falls.
  for (let j = 0; j < d; j++) {
    let diagonalPlaced = !config.decay;
    for (let i = 0; i < sources.length; i++) {
      const source = sources[i];
      if (!diagonalPlaced && source > j) {
        rows[j].push({ column: j, linear: -1, factor: 0, decay: true });
        diagonalPlaced = true;
      }
      const pair = i * d + j;
      const open = config.linear === true && gates[pair] > 0 && params[o.linear + pair] !== 0;
      if (source === j && !diagonalPlaced) {
        diagonalPlaced = true;
        if (open)
          rows[j].push({
            column: j,
            linear: o.linear + pair,
            factor: (gates[pair] * field.outputScale[j]) / field.inputScale[j],
            decay: true,
          });
        else rows[j].push({ column: j, linear: -1, factor: 0, decay: true });
        continue;
      }
      if (open)
        rows[j].push({
          column: source,
          linear: o.linear + pair,
          factor: (gates[pair] * field.outputScale[j]) / field.inputScale[source],
          decay: false,
        });
    }
    if (!diagonalPlaced) rows[j].push({ column: j, linear: -1, factor: 0, decay: true });
  }
  const entries = rows.reduce((sum, row) => sum + row.length, 0);
  const pattern: AffineFieldPattern = {
    genes: d,
    rowStart: new Int32Array(d + 1),
    column: new Int32Array(entries),
    linearParameter: new Int32Array(entries),
    linearFactor: new Float64Array(entries),
    decay: new Uint8Array(entries),
  };
  let e = 0;
  for (let j = 0; j < d; j++) {
    pattern.rowStart[j] = e;
    for (const entry of rows[j]) {
      pattern.column[e] = entry.column;
      pattern.linearParameter[e] = entry.linear;
      pattern.linearFactor[e] = entry.factor;
      pattern.decay[e] = entry.decay ? 1 : 0;
      e++;
    }
  }
  pattern.rowStart[d] = e;
  return pattern;
}

/** K and c at `params` over `pattern` (the pattern's gates and scales are those of `field`). */
export function affineFieldMatrix(field: ScaledPerEdgeField, pattern: AffineFieldPattern, params: Float64Array): AffineField {
  const d = pattern.genes;
  const o = perEdgeFieldOffsets(field.config);
  const values = new Float64Array(pattern.column.length);
  const offset = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const decay = field.config.decay ? (field.outputScale[j] * softplus(params[o.decay + j])) / field.inputScale[j] : 0;
    let shift = 0;
    for (let e = pattern.rowStart[j]; e < pattern.rowStart[j + 1]; e++) {
      let k = pattern.linearParameter[e] >= 0 ? pattern.linearFactor[e] * params[pattern.linearParameter[e]] : 0;
      if (pattern.decay[e]) k -= decay;
      values[e] = k;
      shift += k * field.inputShift[pattern.column[e]];
    }
    offset[j] = field.outputScale[j] * params[o.b2 + j] - shift;
  }
  return { pattern, values, offset };
}

/**
 * Adds to `gradient` (flat layout) the parameters' share of a gradient on K (`matrixGradient`, per entry) and on c
 * (`offsetGradient`, per gene): c depends on K through −K·μ, K on A and ρ, c on b2. Parameters outside the pattern
 * (shut gates, zero pairs, gate logits) receive nothing.
 */
export function affineFieldParameterGradient(
  field: ScaledPerEdgeField,
  pattern: AffineFieldPattern,
  params: Float64Array,
  matrixGradient: Float64Array,
  offsetGradient: Float64Array,
  gradient: Float64Array,
): void {
  const o = perEdgeFieldOffsets(field.config);
  for (let j = 0; j < pattern.genes; j++) {
    const dc = offsetGradient[j];
    gradient[o.b2 + j] += field.outputScale[j] * dc;
    for (let e = pattern.rowStart[j]; e < pattern.rowStart[j + 1]; e++) {
      const dk = matrixGradient[e] - dc * field.inputShift[pattern.column[e]];
      if (pattern.linearParameter[e] >= 0) gradient[pattern.linearParameter[e]] += dk * pattern.linearFactor[e];
      if (pattern.decay[e]) gradient[o.decay + j] -= (dk * field.outputScale[j] * sigmoid(params[o.decay + j])) / field.inputScale[j];
    }
  }
}
