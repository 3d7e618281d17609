/**
 * From dW̃ and dz to the flat gradient, with every regularizer's gradient (docs/model.md, "Penalty"), one thread per
 * gate unit (= one row of one layer's W): PathReg's u_l[i]·v_{l+1}[j]·sign(W̃)/D² joins dW̃ before the split
 * dW = z·dW̃, dz = Σ_j dW̃·W (+ the gate path's share), dlogα = dz·dz/dlogα; L1, group lasso and L0 act on the raw
 * parameters and are added after. Each thread leaves its row's penalty value in a partial for the loss kernel.
 * d|w|/dw at w = 0 is 0; a zero group-lasso row has gradient 0.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { ELEMENTWISE_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, f32, u32 } from './kernel-bindings.ts';

/** β·log(−γ/ζ) with β = 2/3, γ = −0.1, ζ = 1.1. */
const GATE_L0_SHIFT = -1.5985969393016133;

export function regularizerGradientKernel(plan: WebGpuPlan): string {
  const { layout, model, genes: D } = plan;
  const { kind, lambda } = plan.regularizer;
  const G = layout.gateCount;
  const branches = layout.layers.map((layer, l) => {
    const OUT = layer.outputs;
    const W = model.params + layer.weights;
    const row = `i * ${u32(OUT)} + j`;
    const groupLasso = kind === 'group-lasso' && l === 0;
    const lines: string[] = [];
    lines.push(`let i = unit - ${u32(layer.noise)};`);
    lines.push(`let z = model[${u32(model.z)} + unit];`);
    if (groupLasso) {
      lines.push(`var squares = 0.0;
    for (var j = 0u; j < ${u32(OUT)}; j++) { let w = model[${u32(W)} + ${row}]; squares = squares + w * w; }
    let norm = sqrt(squares);
    partial = ${f32(lambda / layer.inputs)} * norm;`);
    }
    if (kind === 'pathreg') lines.push(`let path_in = ${f32(lambda / (D * D))} * model[${u32(model.pathU[l])} + i];`);
    lines.push(`var dz = 0.0;
    var magnitude = 0.0;
    for (var j = 0u; j < ${u32(OUT)}; j++) {
      let w = model[${u32(W)} + ${row}];
      var d = model[${u32(model.dGated[l])} + ${row}];
      ${kind === 'pathreg' ? `d = d + path_in * model[${u32(model.pathV[l + 1])} + j] * sign(model[${u32(model.gated[l])} + ${row}]);` : ''}
      dz = dz + d * w;
      var gw = z * d;
      ${kind === 'l1' ? `gw = gw + ${f32(lambda / (layer.inputs * OUT))} * sign(w); magnitude = magnitude + abs(w);` : ''}
      ${groupLasso ? `if (norm > 0.0) { gw = gw + ${f32(lambda / layer.inputs)} * w / norm; }` : ''}
      model[${u32(model.grad + layer.weights)} + ${row}] = gw;
    }`);
    if (kind === 'l1') lines.push(`partial = ${f32(lambda / (layer.inputs * OUT))} * magnitude;`);
    if (kind === 'pathreg') lines.push(`dz = dz + model[${u32(model.regularizerScalars + 1 + l)}];`);
    lines.push(`var dlogit = dz * model[${u32(model.dzDlogit)} + unit];`);
    if (kind === 'l0') {
      // As in the gates kernel: no exp of an overflowing argument for a gate shut far out (closed-input-gates.ts).
      lines.push(`let open_logit = model[${u32(model.params + layer.gateLogits)} + i] - ${f32(GATE_L0_SHIFT)};
    let open = select(1.0 / (1.0 + exp(-open_logit)), 0.0, open_logit < -80.0);
    dlogit = dlogit + ${f32(lambda / G)} * open * (1.0 - open);
    partial = ${f32(lambda / G)} * open;`);
    }
    lines.push(`model[${u32(model.grad + layer.gateLogits)} + i] = dlogit;`);
    return `if (unit < ${u32(layer.noise + layer.inputs)}) {\n    ${lines.join('\n    ')}\n  }`;
  });
  return /* wgsl */ `${KERNEL_BINDINGS}
@compute @workgroup_size(${ELEMENTWISE_WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  let unit = id.x;
  if (unit >= ${u32(G)}) { return; }
  var partial = 0.0;
  ${branches.join(' else ')}
  model[${u32(model.unitPartials)} + unit] = partial;
}
`;
}
