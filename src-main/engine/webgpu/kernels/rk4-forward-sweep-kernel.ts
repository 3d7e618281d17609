/**
 * The whole forward RK4 solve (Kutta 1901) through the gated MLP in one dispatch: one workgroup per trajectory (batch
 * rows are independent under a fixed step), every step × 4 stages × every layer inside it, with workgroup barriers
 * between layers instead of dispatches. Each stage's layer inputs are stored for the reverse sweep and the
 * weight-gradient product, the states for the data term, and each row's weighted squared error is summed on the way.
 *
 * The current layer input lives in workgroup memory (every thread reads all of it); thread t owns outputs t, t + 256, …
 * and the same genes of the state and of the four slopes, which it keeps in registers.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { SWEEP_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, NON_FINITE_TEST, u32, workgroupSum } from './kernel-bindings.ts';
import {
  ELU_FUNCTION,
  SWEEP_MAIN,
  forwardDataTerm,
  layerVectorWorkgroup,
  ownedEntries,
  perThread,
  stepCoefficientsSnippet,
} from './sweep-snippets.ts';
import { syncFunction, workgroupMatvec } from './workgroup-matvec.ts';

/** The vector field of one stage: the stage input is in layer_input (and acts); the slopes come back in field_out. */
function fieldFunction(plan: WebGpuPlan): string {
  const { layout, model, batch: B } = plan;
  const last = layout.layers.length - 1;
  const layers = layout.layers.map((layer, l) => {
    const IN = layer.inputs;
    const OUT = layer.outputs;
    const store =
      l === last
        ? `field_out[r] = layer_output[r];`
        : `${plan.vectorsInWorkgroup ? 'layer_input[j] = layer_output[r];' : ''}
        acts[${u32(plan.acts[l + 1])} + (e * ${u32(B)} + b) * ${u32(OUT)} + j] = layer_output[r];`;
    return `
  // layer ${l}: ${IN} → ${OUT}${layer.elu ? ', ELU' : ''}
  sync();${workgroupMatvec({
    outputs: OUT,
    length: IN,
    target: 'layer_output',
    vector: (i) => (plan.vectorsInWorkgroup ? `layer_input[${i}]` : `acts[${u32(plan.acts[l])} + (e * ${u32(B)} + b) * ${u32(IN)} + ${i}]`),
    entry: (i, j) => `model[${u32(model.gated[l])} + ${i} * ${u32(OUT)} + ${j}]`,
    // A closed hidden gate z_l[i] = 0 zeroes row i of W̃_l: closed-unit-pruning.c drops the same units on the CPU,
    // and keeps closed input genes (so a NaN weight behind a closed gene still shows, as there).
    zeroTerm: (i) => (l === 0 ? 'false' : `model[${u32(model.z + layer.noise)} + ${i}] == 0.0`),
    start: (j) => `model[${u32(model.params + layer.bias)} + ${j}]`,
    finish: (p) => (layer.elu ? `elu(${p})` : p),
  })}
  workgroupBarrier();
  ${ownedEntries('j', OUT, store, '  ')}`;
  });
  return `fn field(e: u32, b: u32, tid: u32) {${layers.join('\n')}
}`;
}

export function rk4ForwardSweepKernel(plan: WebGpuPlan): string {
  const { model, genes: D, batch: B, steps: N } = plan;
  const perGene = perThread(D);
  const perWidest = perThread(plan.maxWidth);
  const genes = (body: string): string => ownedEntries('d', D, body, '    ');
  const stageInput = (stage: number, scale: string): string => `
    // stage ${stage + 1}
    ${genes(`let v = ${stage === 0 ? 'x[r]' : `x[r] + slopes[${stage - 1}][r] * ${scale}`};
        ${plan.vectorsInWorkgroup ? 'layer_input[d] = v;' : ''}
        acts[${u32(plan.acts[0])} + ((4u * step + ${u32(stage)}) * ${u32(B)} + b) * ${u32(D)} + d] = v;`)}
    field(4u * step + ${u32(stage)}, b, tid);
    for (var r = 0u; r < ${u32(perGene)}; r++) { slopes[${stage}][r] = field_out[r]; }`;
  return /* wgsl */ `${KERNEL_BINDINGS}${NON_FINITE_TEST}
${layerVectorWorkgroup(plan, 'layer_input', 'Layers too wide for workgroup memory: each layer reads its input from the stored copy in acts.')}
${syncFunction(plan)}
var<private> layer_output: array<f32, ${u32(perWidest)}>;
var<private> field_out: array<f32, ${u32(perGene)}>;
${workgroupSum(SWEEP_WORKGROUP)}

${ELU_FUNCTION}

${fieldFunction(plan)}

${SWEEP_MAIN}
  var x: array<f32, ${u32(perGene)}>;
  var slopes: array<array<f32, ${u32(perGene)}>, 4>;
  ${genes(`x[r] = model[${u32(model.x0)} + b * ${u32(D)} + d];
        model[${u32(model.states)} + b * ${u32(D)} + d] = x[r];`)}
  var row_loss = 0.0;
  for (var step = 0u; step < ${u32(N)}; step++) {
    ${stepCoefficientsSnippet(plan)}
    ${stageInput(0, '')}
    ${stageInput(1, 'half')}
    ${stageInput(2, 'half')}
    ${stageInput(3, 'full')}
    ${genes(`x[r] = x[r] + ((slopes[0][r] * sixth + slopes[1][r] * third) + (slopes[2][r] * third + slopes[3][r] * sixth));
        model[${u32(model.states)} + ((step + 1u) * ${u32(B)} + b) * ${u32(D)} + d] = x[r];`)}
    ${forwardDataTerm(plan)}
  }
  let total = workgroup_sum(tid, row_loss);
  if (tid == 0u) { model[${u32(model.rowLoss)} + b] = total; }
}
`;
}
