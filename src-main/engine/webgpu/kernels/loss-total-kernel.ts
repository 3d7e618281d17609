/**
 * The iteration's loss terms in one workgroup: data = Σ of the rows' weighted squared errors, penalty = the PathReg
 * value plus every unit's partial, total, and a finite flag that the Adam kernel reads (a non-finite loss leaves the
 * parameters as they were). The four floats are what the host reads back each iteration.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { SWEEP_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, NON_FINITE_TEST, u32, workgroupSum } from './kernel-bindings.ts';

const WG = SWEEP_WORKGROUP;

export function lossTotalKernel(plan: WebGpuPlan): string {
  const { model, batch: B } = plan;
  const G = plan.layout.gateCount;
  const pathreg = plan.regularizer.kind === 'pathreg';
  return /* wgsl */ `${KERNEL_BINDINGS}${NON_FINITE_TEST}
${workgroupSum(WG)}

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) tid: u32) {
  var part = 0.0;
  for (var b = tid; b < ${u32(B)}; b += ${u32(WG)}) { part = part + model[${u32(model.rowLoss)} + b]; }
  let data = workgroup_sum(tid, part);
  part = 0.0;
  for (var k = tid; k < ${u32(G)}; k += ${u32(WG)}) { part = part + model[${u32(model.unitPartials)} + k]; }
  let penalty = workgroup_sum(tid, part)${pathreg ? ` + model[${u32(model.regularizerScalars)}]` : ''};
  if (tid == 0u) {
    let total = data + penalty;
    model[${u32(model.loss)}] = data;
    model[${u32(model.loss + 1)}] = penalty;
    model[${u32(model.loss + 2)}] = total;
    model[${u32(model.loss + 3)}] = select(1.0, 0.0, is_non_finite(data) || is_non_finite(penalty) || is_non_finite(total));
  }
}
`;
}
