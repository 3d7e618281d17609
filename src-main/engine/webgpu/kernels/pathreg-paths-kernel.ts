/**
 * The PathReg penalty's path vectors and value (docs/model.md, "Penalty"), in one workgroup: u_{l+1} = u_l·|W̃_l| from
 * u_0 = 1 and v_l = |W̃_l|·v_{l+1} from v_L = 1, so d mean(|W̃_0|···|W̃_{L−1}|) / d|W̃_l|[i][j] = u_l[i]·v_{l+1}[j] / D²;
 * and the rank-one gate path mean(z_0)·Π_{l≥1} Σ_i z_{l,i} with each layer's share of its gradient. The gradient
 * split kernel applies both. A chain of small dependent products: one workgroup and barriers beat dispatches.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { SWEEP_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, f32, u32, workgroupSum } from './kernel-bindings.ts';

const WG = SWEEP_WORKGROUP;
const GATE_PATH_SHARE = 0.1;

export function pathregPathsKernel(plan: WebGpuPlan): string {
  const { layout, model, genes: D } = plan;
  const L = layout.layers.length;
  const lambda = plan.regularizer.lambda;
  const forward = layout.layers.map(
    (layer, l) => `
  for (var j = tid; j < ${u32(layer.outputs)}; j += ${u32(WG)}) {
    var s = 0.0;
    for (var i = 0u; i < ${u32(layer.inputs)}; i++) {
      s = s + model[${u32(model.pathU[l])} + i] * abs(model[${u32(model.gated[l])} + i * ${u32(layer.outputs)} + j]);
    }
    model[${u32(model.pathU[l + 1])} + j] = s;
  }
  sync();`,
  );
  const backward = layout.layers
    .map(
      (layer, l) => `
  for (var i = tid; i < ${u32(layer.inputs)}; i += ${u32(WG)}) {
    var s = 0.0;
    for (var j = 0u; j < ${u32(layer.outputs)}; j++) {
      s = s + abs(model[${u32(model.gated[l])} + i * ${u32(layer.outputs)} + j]) * model[${u32(model.pathV[l + 1])} + j];
    }
    model[${u32(model.pathV[l])} + i] = s;
  }
  sync();`,
    )
    .reverse();
  const gateSums = layout.layers.map(
    (layer, l) => `
  part = 0.0;
  for (var i = tid; i < ${u32(layer.inputs)}; i += ${u32(WG)}) { part = part + model[${u32(model.z + layer.noise)} + i]; }
  sums[${l}] = workgroup_sum(tid, part)${l === 0 ? ` / ${f32(layer.inputs)}` : ''};`,
  );
  return /* wgsl */ `${KERNEL_BINDINGS}
${workgroupSum(WG)}

fn sync() {
  storageBarrier();
  workgroupBarrier();
}

@compute @workgroup_size(${WG})
fn main(@builtin(local_invocation_index) tid: u32) {
  for (var i = tid; i < ${u32(D)}; i += ${u32(WG)}) {
    model[${u32(model.pathU[0])} + i] = 1.0;
    model[${u32(model.pathV[L])} + i] = 1.0;
  }
  sync();
  ${forward.join('\n')}
  ${backward.join('\n')}
  var part = 0.0;
  for (var j = tid; j < ${u32(D)}; j += ${u32(WG)}) { part = part + model[${u32(model.pathU[L])} + j]; }
  let path_sum = workgroup_sum(tid, part);
  var sums: array<f32, ${L}>;
  ${gateSums.join('\n')}
  if (tid == 0u) {
    var gate_path = 1.0;
    for (var l = 0u; l < ${u32(L)}; l++) { gate_path = gate_path * sums[l]; }
    model[${u32(model.regularizerScalars)}] = ${f32(lambda)} * (path_sum / ${f32(D * D)} + ${f32(GATE_PATH_SHARE)} * gate_path);
    for (var l = 0u; l < ${u32(L)}; l++) {
      var others = 1.0;
      for (var m = 0u; m < ${u32(L)}; m++) { if (m != l) { others = others * sums[m]; } }
      model[${u32(model.regularizerScalars)} + 1u + l] = ${f32(GATE_PATH_SHARE * lambda)} * others / select(1.0, ${f32(layout.layers[0].inputs)}, l == 0u);
    }
  }
}
`;
}
