/**
 * What the folded sweeps read instead of the gene-wide layers at every stage (rk4-folded-forward-sweep-kernel.ts):
 * M = W̃_last·W̃_0 (n_last × n_1) and b_last·W̃_0 (n_1), once per iteration after the gated weights, one thread per
 * entry summing over the genes (as projection_build in rk4-projected-step.c).
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, u32 } from './kernel-bindings.ts';
import { FOLDED_HELPER_MAIN, foldedShape } from './sweep-snippets.ts';

/** Threads of the dispatch: one per entry of M and of b_last·W̃_0. */
export function foldedProjectionCount(plan: WebGpuPlan): number {
  return (plan.sizes[plan.layers - 1] + 1) * plan.sizes[1];
}

export function foldedProjectionKernel(plan: WebGpuPlan): string {
  const { folded, last, first, hidden } = foldedShape(plan);
  const { layout, model, genes: D } = plan;
  return /* wgsl */ `${KERNEL_BINDINGS}
${FOLDED_HELPER_MAIN}
  if (index >= ${u32((hidden + 1) * first)}) { return; }
  let k = index / ${u32(first)};
  let j = index % ${u32(first)};
  var s = 0.0;
  if (k < ${u32(hidden)}) {
    // Row k of M: a shut gate of the last hidden layer zeroes row k of W̃_last, and so of M.
    for (var d = 0u; d < ${u32(D)}; d++) {
      s = s + model[${u32(model.gated[last])} + k * ${u32(D)} + d] * model[${u32(model.gated[0])} + d * ${u32(first)} + j];
    }
    model[${u32(folded.m)} + index] = s;
  } else {
    for (var d = 0u; d < ${u32(D)}; d++) {
      s = s + model[${u32(model.params + layout.layers[last].bias)} + d] * model[${u32(model.gated[0])} + d * ${u32(first)} + j];
    }
    model[${u32(folded.biasW0)} + j] = s;
  }
}
`;
}
