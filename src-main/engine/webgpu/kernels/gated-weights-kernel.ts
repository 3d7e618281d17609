/**
 * Gated weights W̃_l = diag(z_l)·W_l, one thread per weight of every layer, written twice: row-major (the forward
 * sweep reads a column per thread, coalesced) and transposed (the reverse sweep reads a row per thread, coalesced).
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { ELEMENTWISE_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, u32 } from './kernel-bindings.ts';

export function gatedWeightsCount(plan: WebGpuPlan): number {
  return plan.layout.layers.reduce((sum, layer) => sum + layer.inputs * layer.outputs, 0);
}

export function gatedWeightsKernel(plan: WebGpuPlan): string {
  const { layout, model } = plan;
  let first = 0;
  const branches = layout.layers.map((layer, l) => {
    const count = layer.inputs * layer.outputs;
    const body = `let k = index - ${u32(first)};
    let i = k / ${u32(layer.outputs)};
    let j = k % ${u32(layer.outputs)};
    let gated = model[${u32(model.z)} + ${u32(layer.noise)} + i] * model[${u32(model.params + layer.weights)} + k];
    model[${u32(model.gated[l])} + k] = gated;
    model[${u32(model.gatedT[l])} + j * ${u32(layer.inputs)} + i] = gated;
    return;`;
    first += count;
    return `if (index < ${u32(first)}) {\n    ${body}\n  }`;
  });
  return /* wgsl */ `${KERNEL_BINDINGS}
@compute @workgroup_size(${ELEMENTWISE_WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = id.y * groups.x * ${u32(ELEMENTWISE_WORKGROUP)} + id.x;
  ${branches.join(' else ')}
}
`;
}
