/**
 * The stability rule's bound on the device (docs/model.md, "Solvers"; rk4-stability.ts): per layer l, one workgroup
 * sums Σ_i z_i²·‖W_l[i, :]‖², the squared Frobenius norm of diag(z)·W_l, under the gates the gates kernel just wrote.
 * The engine reads back these L floats (not the parameters) and applies the rule in float64, so the substeps are
 * chosen from the resident parameters at the cost of one tiny read-back.
 *
 * Rows whose gate is exactly shut are skipped as gatedFieldLipschitzBound skips them (0·∞ would be NaN). Each thread
 * sums whole rows in order, then a tree sum adds the rows: float32 rounding stays within a few ulps per row.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { SWEEP_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, u32, workgroupSum } from './kernel-bindings.ts';

export function gatedFieldBoundKernel(plan: WebGpuPlan): string {
  const { layout, model } = plan;
  const layers = layout.layers
    .map(
      (layer, l) => /* wgsl */ `if (layer == ${u32(l)}) {
    for (var i = tid; i < ${u32(layer.inputs)}; i = i + ${u32(SWEEP_WORKGROUP)}) {
      let z = model[${u32(model.z + layer.noise)} + i];
      if (z != 0.0) {
        let start = ${u32(model.params + layer.weights)} + i * ${u32(layer.outputs)};
        var row = 0.0;
        for (var j = 0u; j < ${u32(layer.outputs)}; j = j + 1u) {
          let w = model[start + j];
          row = row + w * w;
        }
        partial = partial + z * z * row;
      }
    }
  }`,
    )
    .join('\n  ');
  return /* wgsl */ `${KERNEL_BINDINGS}${workgroupSum(SWEEP_WORKGROUP)}
@compute @workgroup_size(${SWEEP_WORKGROUP})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_id) local: vec3<u32>) {
  let layer = group.x;
  let tid = local.x;
  var partial = 0.0;
  ${layers}
  let total = workgroup_sum(tid, partial);
  if (tid == 0u) { model[${u32(model.fieldBound)} + layer] = total; }
}
`;
}
