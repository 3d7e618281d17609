/**
 * The stage pairs' share of the gene-wide layers' gradients after a folded sweep (projected-weight-gradients.c): with
 * Q = Σ c_s·a_last,s−1ᵀ·δ0_s and q = Σ c_s·δ0_s from the weight-gradient product (which wrote the per-step terms first),
 *   dW̃_0 += W̃_lastᵀ·Q + b_lastᵀ·q,   dW̃_last += Q·W̃_0ᵀ,   db_last += q·W̃_0ᵀ,
 * one thread per entry of dW̃_0, dW̃_last and db_last.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, u32 } from './kernel-bindings.ts';
import { FOLDED_HELPER_MAIN, foldedShape } from './sweep-snippets.ts';

/** Threads of the dispatch: one per entry of dW̃_0 (D × n_1), dW̃_last (n_last × D) and db_last (D). */
export function foldedCorrectionsCount(plan: WebGpuPlan): number {
  const D = plan.genes;
  return D * plan.sizes[1] + plan.sizes[plan.layers - 1] * D + D;
}

export function foldedGradientCorrectionsKernel(plan: WebGpuPlan): string {
  const { folded, last, first, hidden } = foldedShape(plan);
  const { layout, model, genes: D } = plan;
  const lastBias = model.params + layout.layers[last].bias;
  const lastBiasGrad = model.grad + layout.layers[last].bias;
  return /* wgsl */ `${KERNEL_BINDINGS}
${FOLDED_HELPER_MAIN}
  if (index < ${u32(D * first)}) {
    // dW̃_0[d][j] += Σ_k W̃_last[k][d]·Q[k][j] + b_last[d]·q[j]
    let d = index / ${u32(first)};
    let j = index % ${u32(first)};
    var s = 0.0;
    for (var k = 0u; k < ${u32(hidden)}; k++) {
      s = s + model[${u32(model.gated[last])} + k * ${u32(D)} + d] * model[${u32(folded.q)} + k * ${u32(first)} + j];
    }
    model[${u32(model.dGated[0])} + index] = model[${u32(model.dGated[0])} + index] + (s + model[${u32(lastBias)} + d] * model[${u32(folded.qBias)} + j]);
    return;
  }
  if (index < ${u32(D * first + hidden * D)}) {
    // dW̃_last[k][d] += Σ_j Q[k][j]·W̃_0[d][j]
    let at = index - ${u32(D * first)};
    let k = at / ${u32(D)};
    let d = at % ${u32(D)};
    var s = 0.0;
    for (var j = 0u; j < ${u32(first)}; j++) {
      s = s + model[${u32(folded.q)} + k * ${u32(first)} + j] * model[${u32(model.gated[0])} + d * ${u32(first)} + j];
    }
    model[${u32(model.dGated[last])} + at] = model[${u32(model.dGated[last])} + at] + s;
    return;
  }
  if (index < ${u32(D * first + hidden * D + D)}) {
    // db_last[d] += Σ_j q[j]·W̃_0[d][j]
    let d = index - ${u32(D * first + hidden * D)};
    var s = 0.0;
    for (var j = 0u; j < ${u32(first)}; j++) {
      s = s + model[${u32(folded.qBias)} + j] * model[${u32(model.gated[0])} + d * ${u32(first)} + j];
    }
    model[${u32(lastBiasGrad)} + d] = model[${u32(lastBiasGrad)} + d] + s;
  }
}
`;
}
