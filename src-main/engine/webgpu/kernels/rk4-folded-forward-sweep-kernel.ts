/**
 * The forward RK4 solve with the gene-wide layers folded through the state (the GPU twin of rk4-projected-step.c),
 * one workgroup per trajectory as in rk4-forward-sweep-kernel.ts. A stage input is y_s = x + c_s·k_{s−1} and the
 * output layer is linear, k = a_last·W̃_last + b_last, so
 *   y_s·W̃_0 + b_0 = (x·W̃_0 + b_0) + c_s·(a_last,s−1·M + b_last·W̃_0),  M = W̃_last·W̃_0 (n_last × n_1),
 *   x_{n+1} = x_n + ((Σ_s b_s·a_last,s)·W̃_last + h·b_last).
 * Each step reads the gene-wide W̃_0 and W̃_last once (x·W̃_0 and the increment) instead of at every stage, and the
 * stages read M, from workgroup memory where the adapter has room. Stage inputs and slopes are never formed; each
 * step's Σ_s b_s·a_last,s is stored for the weight gradients (weight-gradient-product-kernel.ts).
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { SWEEP_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, NON_FINITE_TEST, u32, workgroupSum } from './kernel-bindings.ts';
import {
  ELU_FUNCTION,
  SWEEP_MAIN,
  foldedMatrixEntry,
  foldedMatrixWorkgroup,
  foldedShape,
  forwardDataTerm,
  layerVectorWorkgroup,
  ownedEntries,
  perThread,
  stepCoefficientsSnippet,
} from './sweep-snippets.ts';
import { syncFunction, workgroupMatvec } from './workgroup-matvec.ts';

const WG = SWEEP_WORKGROUP;

/** One stage through the hidden layers: layer 0 from px (and M), layers 1 … last−1 as the plain sweep. */
function stageFunction(plan: WebGpuPlan): string {
  const { folded, last, first, hidden } = foldedShape(plan);
  const { layout, model, batch: B } = plan;
  const lastLayer = layout.layers[last];
  const perFirst = perThread(first);
  const act = (l: number, width: number, evaluation: string, i: string): string =>
    `acts[${u32(plan.acts[l])} + (${evaluation} * ${u32(B)} + b) * ${u32(width)} + ${i}]`;
  // Stores layer l's outputs as the input of layer l + 1; the last hidden layer's also join the step's Σ b_s·a_last.
  const store = (l: number, width: number): string => `
  workgroupBarrier();
  ${ownedEntries(
    'j',
    width,
    `${plan.vectorsInWorkgroup ? 'layer_input[j] = layer_output[r];' : ''}
      ${act(l + 1, width, 'e', 'j')} = layer_output[r];${
        l + 1 === last
          ? `
      if (opening) { stage_sum[r] = weight * layer_output[r]; } else { stage_sum[r] = stage_sum[r] + weight * layer_output[r]; }`
          : ''
      }`,
    '  ',
  )}`;
  const firstLayer = layout.layers[0];
  const activate = (p: string): string => (firstLayer.elu ? `elu(${p})` : p);
  const parts: string[] = [
    `
  // layer 0, folded: (x·W̃_0 + b_0) + c·(a_last,s−1·M + b_last·W̃_0)
  if (opening) {
    for (var r = 0u; r < ${u32(perFirst)}; r++) {
      if (tid + r * ${u32(WG)} < ${u32(first)}) { layer_output[r] = ${activate('px[r]')}; }
    }
  } else {
    sync();${workgroupMatvec({
      outputs: first,
      length: hidden,
      target: 'layer_output',
      vector: (k) => (plan.vectorsInWorkgroup ? `layer_input[${k}]` : act(last, hidden, '(e - 1u)', k)),
      entry: (k, j) => foldedMatrixEntry(plan, k, j),
      // Row k of M is row k of W̃_last times W̃_0: zero when the last hidden layer's gate k is shut.
      zeroTerm: (k) => `model[${u32(model.z + lastLayer.noise)} + ${k}] == 0.0`,
      start: () => null,
      finish: (s, j) => activate(`px[r] + c * (${s} + model[${u32(folded.biasW0)} + ${j}])`),
    })}
  }${store(0, first)}`,
  ];
  for (let l = 1; l < last; l++) {
    const layer = layout.layers[l];
    const IN = layer.inputs;
    const OUT = layer.outputs;
    parts.push(`
  // layer ${l}: ${IN} → ${OUT}${layer.elu ? ', ELU' : ''}
  sync();${workgroupMatvec({
    outputs: OUT,
    length: IN,
    target: 'layer_output',
    vector: (i) => (plan.vectorsInWorkgroup ? `layer_input[${i}]` : act(l, IN, 'e', i)),
    entry: (i, j) => `model[${u32(model.gated[l])} + ${i} * ${u32(OUT)} + ${j}]`,
    zeroTerm: (i) => `model[${u32(model.z + layer.noise)} + ${i}] == 0.0`,
    start: (j) => `model[${u32(model.params + layer.bias)} + ${j}]`,
    finish: (p) => (layer.elu ? `elu(${p})` : p),
  })}${store(l, OUT)}`);
  }
  return `fn stage(e: u32, b: u32, tid: u32, c: f32, weight: f32, opening: bool) {${parts.join('\n')}
}`;
}

export function rk4FoldedForwardSweepKernel(plan: WebGpuPlan): string {
  const { folded, last, first, hidden } = foldedShape(plan);
  const { layout, model, genes: D, batch: B, steps: N } = plan;
  const firstLayer = layout.layers[0];
  const lastLayer = layout.layers[last];
  const perGene = perThread(D);
  const perWidest = perThread(plan.maxWidth);
  const matrix = foldedMatrixWorkgroup(plan);
  const genes = (body: string): string => ownedEntries('d', D, body, '    ');
  const stateAt = (step: string, k: string): string => `model[${u32(model.states)} + (${step} * ${u32(B)} + b) * ${u32(D)} + ${k}]`;
  const sumAt = (k: string): string => `acts[${u32(folded.stageSums)} + (step * ${u32(B)} + b) * ${u32(hidden)} + ${k}]`;
  return /* wgsl */ `${KERNEL_BINDINGS}${NON_FINITE_TEST}
${layerVectorWorkgroup(plan, 'layer_input', 'Layers too wide for workgroup memory: each layer reads its input from its stored copy.')}
${matrix.declaration}
${syncFunction(plan)}
var<private> layer_output: array<f32, ${u32(perWidest)}>;
// x·W̃_0 + b_0 of the current step, for the first layer's units this thread owns.
var<private> px: array<f32, ${u32(perThread(first))}>;
// Σ_s b_s·a_last,s of the current step, for the last hidden layer's units this thread owns.
var<private> stage_sum: array<f32, ${u32(perThread(hidden))}>;
var<private> increment: array<f32, ${u32(perGene)}>;
${workgroupSum(WG)}

${ELU_FUNCTION}

${stageFunction(plan)}

${SWEEP_MAIN}
  ${matrix.load}
  var x: array<f32, ${u32(perGene)}>;
  ${genes(`x[r] = model[${u32(model.x0)} + b * ${u32(D)} + d];
        ${stateAt('0u', 'd')} = x[r];`)}
  var row_loss = 0.0;
  for (var step = 0u; step < ${u32(N)}; step++) {
    ${stepCoefficientsSnippet(plan)}
    // px = x·W̃_0 + b_0: the step's one forward read of W̃_0.
    ${plan.vectorsInWorkgroup ? genes('layer_input[d] = x[r];') : ''}
    sync();${workgroupMatvec({
      outputs: first,
      length: D,
      target: 'px',
      vector: (k) => (plan.vectorsInWorkgroup ? `layer_input[${k}]` : stateAt('step', k)),
      entry: (k, j) => `model[${u32(model.gated[0])} + ${k} * ${u32(first)} + ${j}]`,
      // Closed input genes stay in (a NaN weight behind one still shows), as closed-unit-pruning.c keeps them.
      zeroTerm: () => 'false',
      start: (j) => `model[${u32(model.params + firstLayer.bias)} + ${j}]`,
      finish: (s) => s,
    })}
    workgroupBarrier();
    stage(4u * step, b, tid, 0.0, sixth, true);
    stage(4u * step + 1u, b, tid, half, third, false);
    stage(4u * step + 2u, b, tid, half, third, false);
    stage(4u * step + 3u, b, tid, full, sixth, false);
    // The increment (Σ_s b_s·a_last,s)·W̃_last: the step's one forward read of W̃_last, summed apart from x (as the
    // C kernel does: adding each product onto x would round it at the state's scale).
    workgroupBarrier();
    ${ownedEntries(
      'j',
      hidden,
      `${plan.vectorsInWorkgroup ? 'layer_input[j] = stage_sum[r];' : ''}
        ${sumAt('j')} = stage_sum[r];`,
      '    ',
    )}
    sync();${workgroupMatvec({
      outputs: D,
      length: hidden,
      target: 'increment',
      vector: (k) => (plan.vectorsInWorkgroup ? `layer_input[${k}]` : sumAt(k)),
      entry: (k, d) => `model[${u32(model.gated[last])} + ${k} * ${u32(D)} + ${d}]`,
      zeroTerm: (k) => `model[${u32(model.z + lastLayer.noise)} + ${k}] == 0.0`,
      start: () => null,
      finish: (s) => s,
    })}
    workgroupBarrier();
    ${genes(`x[r] = x[r] + (increment[r] + full * model[${u32(model.params + lastLayer.bias)} + d]);
        ${stateAt('(step + 1u)', 'd')} = x[r];`)}
    ${forwardDataTerm(plan)}
  }
  let total = workgroup_sum(tid, row_loss);
  if (tid == 0u) { model[${u32(model.rowLoss)} + b] = total; }
}
`;
}
