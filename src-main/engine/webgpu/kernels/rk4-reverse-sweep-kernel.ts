/**
 * The whole reverse sweep (discretise-then-differentiate through every RK4 stage) in one dispatch, one workgroup per
 * trajectory: at each bin the data term's 2·w·(x̂ − Y) joins the adjoint, then each stage goes back through the gated
 * MLP (ELU' read from the stored output: a > 0 ? 1 : a + 1). Every layer's d loss / d pre-activation is stored, so
 * the weight gradients are afterwards one product over all stored rows.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { SWEEP_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, u32, workgroupSum } from './kernel-bindings.ts';
import { SWEEP_MAIN, layerVectorWorkgroup, ownedEntries, perThread, reverseDataTerm, stepCoefficientsSnippet } from './sweep-snippets.ts';
import { syncFunction, workgroupMatvec } from './workgroup-matvec.ts';

/** Back through the field of one stored evaluation: grad_out (owned genes) in, grad_in (owned genes) out. */
function fieldBackwardFunction(plan: WebGpuPlan): string {
  const { layout, model, genes: D, batch: B } = plan;
  const last = layout.layers.length - 1;
  // δ_l of this evaluation, entry j (n_{l+1} of them): the workgroup copy, or the stored one for wide layers.
  const grad = (l: number, width: number, j: string): string =>
    plan.vectorsInWorkgroup ? `layer_grad[${j}]` : `deltas[${u32(plan.deltas[l])} + (e * ${u32(B)} + b) * ${u32(width)} + ${j}]`;
  const parts: string[] = [
    `
  workgroupBarrier();
  ${ownedEntries(
    'j',
    D,
    `${plan.vectorsInWorkgroup ? 'layer_grad[j] = grad_out[r];' : ''}
      deltas[${u32(plan.deltas[last])} + (e * ${u32(B)} + b) * ${u32(D)} + j] = grad_out[r];`,
    '  ',
  )}`,
  ];
  for (let l = last; l >= 1; l--) {
    const IN = layout.layers[l].inputs;
    const OUT = layout.layers[l].outputs;
    // ELU' from the stored output a: 1 where a > 0, else a + 1 (= e^p).
    const stored = (i: string): string => `acts[${u32(plan.acts[l])} + (e * ${u32(B)} + b) * ${u32(IN)} + ${i}]`;
    parts.push(`
  // layer ${l}: ${OUT} → ${IN}
  sync();${workgroupMatvec({
    outputs: IN,
    length: OUT,
    target: 'below',
    vector: (j) => grad(l, OUT, j),
    entry: (j, i) => `model[${u32(model.gatedT[l])} + ${j} * ${u32(IN)} + ${i}]`,
    // δ of a closed hidden unit is exactly 0 (its row of the next W̃ is zero).
    zeroTerm: (j) => `${grad(l, OUT, j)} == 0.0`,
    start: () => null,
    finish: (s, i) => (layout.layers[l - 1].elu ? `${s} * select(${stored(i)} + 1.0, 1.0, ${stored(i)} > 0.0)` : s),
  })}
  workgroupBarrier();
  ${ownedEntries(
    'i',
    IN,
    `${plan.vectorsInWorkgroup ? 'layer_grad[i] = below[r];' : ''}
      deltas[${u32(plan.deltas[l - 1])} + (e * ${u32(B)} + b) * ${u32(IN)} + i] = below[r];`,
    '  ',
  )}`);
  }
  const first = layout.layers[0];
  parts.push(`
  // layer 0: ${first.outputs} → ${D} (the stage input)
  sync();${workgroupMatvec({
    outputs: D,
    length: first.outputs,
    target: 'grad_in',
    vector: (j) => grad(0, first.outputs, j),
    entry: (j, i) => `model[${u32(model.gatedT[0])} + ${j} * ${u32(D)} + ${i}]`,
    zeroTerm: (j) => `${grad(0, first.outputs, j)} == 0.0`,
    start: () => null,
    finish: (s) => s,
  })}`);
  return `fn field_backward(e: u32, b: u32, tid: u32) {${parts.join('\n')}
}`;
}

export function rk4ReverseSweepKernel(plan: WebGpuPlan): string {
  const { genes: D, steps: N } = plan;
  const perGene = perThread(D);
  const perWidest = perThread(plan.maxWidth);
  const genes = (body: string): string => `for (var r = 0u; r < ${u32(perGene)}; r++) { ${body} }`;
  return /* wgsl */ `${KERNEL_BINDINGS}
${layerVectorWorkgroup(plan, 'layer_grad', 'Layers too wide for workgroup memory: each layer reads δ from the stored copy in deltas.')}
${syncFunction(plan)}
// sum_scratch (with an unused workgroup_sum) holds the parts of split sums.
${workgroupSum(SWEEP_WORKGROUP)}
var<private> below: array<f32, ${u32(perWidest)}>;
var<private> grad_out: array<f32, ${u32(perGene)}>;
var<private> grad_in: array<f32, ${u32(perGene)}>;

${fieldBackwardFunction(plan)}

${SWEEP_MAIN}
  // g: d loss / d state after the step being undone; stages: the sum of the stage inputs' gradients.
  var g: array<f32, ${u32(perGene)}>;
  var stages: array<f32, ${u32(perGene)}>;
  for (var back = 0u; back < ${u32(N)}; back++) {
    let step = ${u32(N - 1)} - back;
    ${reverseDataTerm(plan)}
    ${stepCoefficientsSnippet(plan)}
    ${genes('grad_out[r] = g[r] * sixth;')}
    field_backward(4u * step + 3u, b, tid);
    ${genes('stages[r] = grad_in[r]; grad_out[r] = g[r] * third + grad_in[r] * full;')}
    field_backward(4u * step + 2u, b, tid);
    ${genes('stages[r] = stages[r] + grad_in[r]; grad_out[r] = g[r] * third + grad_in[r] * half;')}
    field_backward(4u * step + 1u, b, tid);
    ${genes('stages[r] = stages[r] + grad_in[r]; grad_out[r] = g[r] * sixth + grad_in[r] * half;')}
    field_backward(4u * step, b, tid);
    ${genes('g[r] = g[r] + (stages[r] + grad_in[r]);')}
  }
}
`;
}
