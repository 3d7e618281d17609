/**
 * The reverse sweep through the folded forward solve (rk4-folded-forward-sweep-kernel.ts; the GPU twin of
 * rk4_projected_step_backward), one workgroup per trajectory. With ḡ = d loss / d x_{n+1}, the last hidden layer's
 * activations get d loss / d a_last,s = b_s·ḡ·W̃_lastᵀ + c_{s+1}·δ0_{s+1}·Mᵀ (the later stage's input was built from
 * this one's slope), and d loss / d x_n = ḡ + (Σ_s δ0_s)·W̃_0ᵀ. Each step reads the gene-wide W̃_lastᵀ and W̃_0ᵀ once
 * instead of at every stage; stages read M. Per step, ḡ and Σ_s δ0_s are stored for the weight gradients; every
 * hidden layer's δ at every stage is stored as in the plain sweep.
 */
import type { WebGpuPlan } from '../webgpu-plan.ts';
import { SWEEP_WORKGROUP } from '../webgpu-plan.ts';
import { KERNEL_BINDINGS, u32, workgroupSum } from './kernel-bindings.ts';
import {
  SWEEP_MAIN,
  foldedMatrixEntry,
  foldedMatrixWorkgroup,
  foldedShape,
  layerVectorWorkgroup,
  ownedEntries,
  perThread,
  reverseDataTerm,
  stepCoefficientsSnippet,
} from './sweep-snippets.ts';
import { syncFunction, workgroupMatvec } from './workgroup-matvec.ts';

const WG = SWEEP_WORKGROUP;

/** Back through the hidden layers of one stage, from d loss / d a_last (b_s·ḡ·W̃_lastᵀ + c·δ0_{s+1}·Mᵀ) to δ0_s. */
function stageBackwardFunction(plan: WebGpuPlan): string {
  const { last, first, hidden } = foldedShape(plan);
  const { layout, model, batch: B } = plan;
  const delta = (l: number, width: number, evaluation: string, j: string): string =>
    `deltas[${u32(plan.deltas[l])} + (${evaluation} * ${u32(B)} + b) * ${u32(width)} + ${j}]`;
  const grad = (l: number, width: number, evaluation: string, j: string): string =>
    plan.vectorsInWorkgroup ? `layer_grad[${j}]` : delta(l, width, evaluation, j);
  // ELU' of layer l − 1 from its stored output a_l: 1 where a > 0, else a + 1 (= e^p).
  const eluFactor = (l: number, width: number, i: string): string => {
    const stored = `acts[${u32(plan.acts[l])} + (e * ${u32(B)} + b) * ${u32(width)} + ${i}]`;
    return layout.layers[l - 1].elu ? ` * select(${stored} + 1.0, 1.0, ${stored} > 0.0)` : '';
  };
  // Stores δ_l (layer l's pre-activation gradient); δ0 also joins the step's Σ_s δ0_s.
  const store = (l: number, width: number): string => `
  workgroupBarrier();
  ${ownedEntries(
    'i',
    width,
    `${plan.vectorsInWorkgroup ? 'layer_grad[i] = below[r];' : ''}
      ${delta(l, width, 'e', 'i')} = below[r];${
        l === 0
          ? `
      if (closing) { delta_sum[r] = below[r]; } else { delta_sum[r] = delta_sum[r] + below[r]; }`
          : ''
      }`,
    '  ',
  )}`;
  const parts: string[] = [
    `
  // d loss / d a_last, then δ of layer ${last - 1} through its activation
  if (closing) {
    for (var r = 0u; r < ${u32(perThread(hidden))}; r++) {
      let i = tid + r * ${u32(WG)};
      if (i < ${u32(hidden)}) { below[r] = (weight * gl[r])${eluFactor(last, hidden, 'i')}; }
    }
  } else {
    sync();${workgroupMatvec({
      outputs: hidden,
      length: first,
      target: 'below',
      vector: (j) => grad(0, first, '(e + 1u)', j),
      entry: (j, i) => foldedMatrixEntry(plan, i, j),
      zeroTerm: (j) => `${grad(0, first, '(e + 1u)', j)} == 0.0`,
      start: () => null,
      finish: (s, i) => `(weight * gl[r] + c * ${s})${eluFactor(last, hidden, i)}`,
    })}
  }${store(last - 1, hidden)}`,
  ];
  for (let l = last - 1; l >= 1; l--) {
    const IN = layout.layers[l].inputs;
    const OUT = layout.layers[l].outputs;
    parts.push(`
  // layer ${l}: ${OUT} → ${IN}
  sync();${workgroupMatvec({
    outputs: IN,
    length: OUT,
    target: 'below',
    vector: (j) => grad(l, OUT, 'e', j),
    entry: (j, i) => `model[${u32(model.gatedT[l])} + ${j} * ${u32(IN)} + ${i}]`,
    zeroTerm: (j) => `${grad(l, OUT, 'e', j)} == 0.0`,
    start: () => null,
    finish: (s, i) => `${s}${eluFactor(l, IN, i)}`,
  })}${store(l - 1, IN)}`);
  }
  return `fn stage_backward(e: u32, b: u32, tid: u32, weight: f32, c: f32, closing: bool) {${parts.join('\n')}
}`;
}

export function rk4FoldedReverseSweepKernel(plan: WebGpuPlan): string {
  const { folded, last, first, hidden } = foldedShape(plan);
  const { model, genes: D, batch: B, steps: N } = plan;
  const perGene = perThread(D);
  const matrix = foldedMatrixWorkgroup(plan);
  const genes = (body: string): string => ownedEntries('d', D, body, '    ');
  const gradientAt = (k: string): string => `deltas[${u32(folded.stepGradients)} + (step * ${u32(B)} + b) * ${u32(D)} + ${k}]`;
  const deltaSumAt = (k: string): string => `deltas[${u32(folded.deltaSums)} + (step * ${u32(B)} + b) * ${u32(first)} + ${k}]`;
  return /* wgsl */ `${KERNEL_BINDINGS}
${layerVectorWorkgroup(plan, 'layer_grad', 'Layers too wide for workgroup memory: each layer reads its δ from the stored copy.')}
${matrix.declaration}
${syncFunction(plan)}
// sum_scratch (with an unused workgroup_sum) holds the parts of split sums.
${workgroupSum(WG)}
var<private> below: array<f32, ${u32(perThread(plan.maxWidth))}>;
// ḡ·W̃_lastᵀ of the step being undone, for the last hidden layer's units this thread owns.
var<private> gl: array<f32, ${u32(perThread(hidden))}>;
// Σ_s δ0_s of the step being undone, for the first layer's units this thread owns.
var<private> delta_sum: array<f32, ${u32(perThread(first))}>;
var<private> increment: array<f32, ${u32(perGene)}>;

${stageBackwardFunction(plan)}

${SWEEP_MAIN}
  ${matrix.load}
  // g: d loss / d state after the step being undone.
  var g: array<f32, ${u32(perGene)}>;
  for (var back = 0u; back < ${u32(N)}; back++) {
    let step = ${u32(N - 1)} - back;
    ${reverseDataTerm(plan)}
    ${stepCoefficientsSnippet(plan)}
    // ḡ·W̃_lastᵀ: the step's one backward read of W̃_last.
    workgroupBarrier();
    ${genes(`${plan.vectorsInWorkgroup ? 'layer_grad[d] = g[r];' : ''}
        ${gradientAt('d')} = g[r];`)}
    sync();${workgroupMatvec({
      outputs: hidden,
      length: D,
      target: 'gl',
      vector: (k) => (plan.vectorsInWorkgroup ? `layer_grad[${k}]` : gradientAt(k)),
      entry: (k, i) => `model[${u32(model.gatedT[last])} + ${k} * ${u32(hidden)} + ${i}]`,
      zeroTerm: (k) => `${plan.vectorsInWorkgroup ? `layer_grad[${k}]` : gradientAt(k)} == 0.0`,
      start: () => null,
      finish: (s) => s,
    })}
    stage_backward(4u * step + 3u, b, tid, sixth, 0.0, true);
    stage_backward(4u * step + 2u, b, tid, third, full, false);
    stage_backward(4u * step + 1u, b, tid, third, half, false);
    stage_backward(4u * step, b, tid, sixth, half, false);
    // (Σ_s δ0_s)·W̃_0ᵀ: the step's one backward read of W̃_0.
    workgroupBarrier();
    ${ownedEntries(
      'j',
      first,
      `${plan.vectorsInWorkgroup ? 'layer_grad[j] = delta_sum[r];' : ''}
        ${deltaSumAt('j')} = delta_sum[r];`,
      '    ',
    )}
    sync();${workgroupMatvec({
      outputs: D,
      length: first,
      target: 'increment',
      vector: (k) => (plan.vectorsInWorkgroup ? `layer_grad[${k}]` : deltaSumAt(k)),
      entry: (k, d) => `model[${u32(model.gatedT[0])} + ${k} * ${u32(D)} + ${d}]`,
      zeroTerm: (k) => `${plan.vectorsInWorkgroup ? `layer_grad[${k}]` : deltaSumAt(k)} == 0.0`,
      start: () => null,
      finish: (s) => s,
    })}
    ${genes('g[r] = g[r] + increment[r];')}
  }
}
`;
}
