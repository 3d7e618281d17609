/**
 * Adam (Kingma & Ba 2015) as PyTorch computes it (β = (0.9, 0.999), ε = 1e-8, bias corrected, ε after the corrected
 * square root), one thread per parameter, on the parameters and moments that stay on the GPU. In float32 (WGSL has no
 * float64): the CPU engines' float64 update differs in the last bits only. Skipped when the loss kernel flagged the
 * loss non-finite, so the parameters keep their last finite values.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { ELEMENTWISE_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, u32 } from './kernel-bindings.ts';

export function adamKernel(plan: WebGpuPlan): string {
  const { model } = plan;
  return /* wgsl */ `${KERNEL_BINDINGS}
@compute @workgroup_size(${ELEMENTWISE_WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let k = id.y * groups.x * ${u32(ELEMENTWISE_WORKGROUP)} + id.x;
  if (k >= ${u32(plan.layout.parameterCount)}) { return; }
  if (model[${u32(model.loss + 3)}] == 0.0) { return; }
  let g = model[${u32(model.grad)} + k];
  let m = 0.9 * model[${u32(model.adamM)} + k] + 0.1 * g;
  let v = 0.999 * model[${u32(model.adamV)} + k] + 0.001 * g * g;
  model[${u32(model.adamM)} + k] = m;
  model[${u32(model.adamV)} + k] = v;
  model[${u32(model.params)} + k] = model[${u32(model.params)} + k] - iteration.x * m / (sqrt(v) / iteration.y + 1e-8);
}
`;
}
