/**
 * The sparsity penalties on the per-edge field (the same four as the gated MLP, docs/model.md, one edge = one
 * source–target pair; i runs over the allowed sources), with their gradients by hand. z are the iteration's gates. Each is a mean over targets of
 * a sum over sources (Σ_ij / D), because the data term is a mean over target genes: so the pull on one gate
 * against its data gradient, and the λ that works, do not change with the number of genes (a mean over the D²
 * pairs closed every gate of a 5-gene model at the λ that suited 18 genes).
 *   pathreg:     λ/D·Σ_ij z_ij·(Σ_k |W1_ijk|·|W2_jk| + |A_ij|)  +  0.1·λ/D·Σ_ij z_ij   (weight paths, then gate paths)
 *   l1:          λ/D·Σ_ij (Σ_k |z_ij·W1_ijk| / H + |z_ij·A_ij|)
 *   l0:          λ/D·Σ_ij sigmoid(logα_ij − β·log(−γ/ζ))   (expected open inputs per target)
 *   group-lasso: λ/D·Σ_ij ‖(A_ij, W1_ij·)‖₂   (one group per edge; gradient 0 at a zero group)
 * (A, the linear term, only when the field has one.)
 */
import { GATE_L0_SHIFT } from '../model/hard-concrete.ts';
import { fieldSources, type PerEdgeFieldOffsets, type PerEdgeFieldShape } from './per-edge-field-layout.ts';

export type PerEdgePenaltyKind = 'pathreg' | 'l1' | 'l0' | 'group-lasso' | 'none';

/**
 * Adds the penalty's gradient to `gradient` (w.r.t. the parameters, except through z) and to `gateGradient`
 * (w.r.t. z_ij); returns the penalty's value.
 */
export function perEdgePenalty(
  kind: PerEdgePenaltyKind,
  lambda: number,
  shape: PerEdgeFieldShape,
  o: PerEdgeFieldOffsets,
  params: Float32Array | Float64Array,
  gates: Float64Array,
  gradient: Float64Array,
  gateGradient: Float64Array,
): number {
  const { genes: d, hidden: h } = shape;
  const scale = lambda / d;
  let value = 0;
  if (kind === 'none' || lambda === 0) return 0;
  const sources = fieldSources(shape).length;
  for (let i = 0; i < sources; i++) {
    for (let j = 0; j < d; j++) {
      const pair = i * d + j;
      const z = gates[pair];
      const w1 = o.w1 + pair * h;
      if (kind === 'pathreg') {
        let path = 0;
        for (let k = 0; k < h; k++) {
          const a = params[w1 + k];
          const b = params[o.w2 + j * h + k];
          path += Math.abs(a) * Math.abs(b);
          gradient[w1 + k] += scale * z * Math.sign(a) * Math.abs(b);
          gradient[o.w2 + j * h + k] += scale * z * Math.abs(a) * Math.sign(b);
        }
        if (shape.linear) {
          const a = params[o.linear + pair];
          path += Math.abs(a);
          gradient[o.linear + pair] += scale * z * Math.sign(a);
        }
        value += scale * (z * path + 0.1 * z);
        gateGradient[pair] += scale * (path + 0.1);
      } else if (kind === 'l1') {
        let sum = 0;
        for (let k = 0; k < h; k++) {
          const a = params[w1 + k];
          sum += Math.abs(a);
          gradient[w1 + k] += (scale / h) * z * Math.sign(a);
        }
        // |z·w| = z·|w| since z ≥ 0. A field without hidden units (h = 0) has only its linear term here.
        if (h > 0) {
          value += (scale / h) * z * sum;
          gateGradient[pair] += (scale / h) * sum;
        }
        if (shape.linear) {
          const a = params[o.linear + pair];
          value += scale * z * Math.abs(a);
          gradient[o.linear + pair] += scale * z * Math.sign(a);
          gateGradient[pair] += scale * Math.abs(a);
        }
      } else if (kind === 'l0') {
        const open = 1 / (1 + Math.exp(-(params[o.logAlpha + pair] - GATE_L0_SHIFT)));
        value += scale * open;
        gradient[o.logAlpha + pair] += scale * open * (1 - open);
      } else {
        let squares = 0;
        for (let k = 0; k < h; k++) squares += params[w1 + k] ** 2;
        if (shape.linear) squares += params[o.linear + pair] ** 2;
        const norm = Math.sqrt(squares);
        value += scale * norm;
        if (norm > 0) {
          for (let k = 0; k < h; k++) gradient[w1 + k] += (scale * params[w1 + k]) / norm;
          if (shape.linear) gradient[o.linear + pair] += (scale * params[o.linear + pair]) / norm;
        }
      }
    }
  }
  return value;
}
