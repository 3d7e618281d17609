/**
 * The WGSL pieces the four RK4 sweeps (plain and folded, forward and reverse) and the folded sweeps' helper kernels
 * share, so each kernel file keeps only its own arithmetic: thread ownership of genes and units, the entry point, the
 * step's RK4 coefficients, the data term at the end of a bin, and the folded matrix M = W̃_last·W̃_0.
 */
import type { FoldedPlan, WebGpuPlan } from '../webgpu-plan.ts';
import { ELEMENTWISE_WORKGROUP, SWEEP_WORKGROUP } from '../webgpu-plan.ts';
import { u32 } from './kernel-bindings.ts';

const WG = SWEEP_WORKGROUP;

/** How many of `count` entries each thread of a sweep owns (thread t owns t, t + 256, …; at least one slot). */
export function perThread(count: number): number {
  return Math.max(1, Math.ceil(count / WG));
}

/**
 * A loop over the entries of `count` this thread owns, naming each `index` (r is the thread's own slot); `indent` is
 * the indentation of the line the loop stands on, so the generated WGSL reads as written.
 */
export function ownedEntries(index: string, count: number, body: string, indent: string): string {
  return `for (var r = 0u; r < ${u32(perThread(count))}; r++) {
${indent}  let ${index} = tid + r * ${u32(WG)};
${indent}  if (${index} < ${u32(count)}) {
${indent}    ${body}
${indent}  }
${indent}}`;
}

/** A sweep's entry point: one workgroup per trajectory b, thread tid within it. */
export const SWEEP_MAIN = /* wgsl */ `@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) group: vec3<u32>, @builtin(local_invocation_index) tid: u32) {
  let b = group.x;`;

/** ELU (α = 1) for the forward sweeps; needs NON_FINITE_TEST. */
export const ELU_FUNCTION = /* wgsl */ `// ELU (α = 1); a NaN or infinite pre-activation passes through, so a diverged model reaches the loss as non-finite.
fn elu(p: f32) -> f32 { return select(exp(p) - 1.0, p, p > 0.0 || is_non_finite(p)); }`;

/** The layer vector every thread reads, in workgroup memory when it fits; otherwise `otherwise` says where it is. */
export function layerVectorWorkgroup(plan: WebGpuPlan, name: string, otherwise: string): string {
  return plan.vectorsInWorkgroup ? `var<workgroup> ${name}: array<f32, ${u32(plan.maxWidth)}>;` : `// ${otherwise}`;
}

/** The step's RK4 coefficients h/2, h, h/6, h/3 (stepCoefficients in webgpu-plan.ts), inside the loop over `step`. */
export function stepCoefficientsSnippet(plan: WebGpuPlan): string {
  return `let c = ${u32(plan.model.stepCoefficients)} + 4u * step;
    let half = model[c];
    let full = model[c + 1u];
    let sixth = model[c + 2u];
    let third = model[c + 3u];`;
}

/** `body` at the end of each bin (every `substeps` steps) whose weight for trajectory b is not zero. */
export function atWeightedBinEnd(plan: WebGpuPlan, body: string): string {
  const { model, batch: B, substeps: S } = plan;
  return `if ((step + 1u) % ${u32(S)} == 0u) {
      let bin = (step + 1u) / ${u32(S)} - 1u;
      let weight = model[${u32(model.binWeights)} + bin * ${u32(B)} + b];
      if (weight != 0.0) {
        ${body}
      }
    }`;
}

/** Entry d of the bin's target state Y for trajectory b. */
export function binTarget(plan: WebGpuPlan): string {
  const { model, genes: D, batch: B } = plan;
  return `model[${u32(model.binValues)} + (bin * ${u32(B)} + b) * ${u32(D)} + d]`;
}

/** The forward sweeps' data term: the weighted squared error of the state x at a bin's end joins row_loss. */
export function forwardDataTerm(plan: WebGpuPlan): string {
  return atWeightedBinEnd(
    plan,
    `var squares = 0.0;
        ${ownedEntries(
          'd',
          plan.genes,
          `let residual = x[r] - ${binTarget(plan)};
            squares = squares + residual * residual;`,
          '        ',
        )}
        row_loss = row_loss + weight * squares;`,
  );
}

/** The reverse sweeps' data term: 2·w·(x̂ − Y) of a bin's end joins the adjoint g. */
export function reverseDataTerm(plan: WebGpuPlan): string {
  const { model, genes: D, batch: B } = plan;
  return atWeightedBinEnd(
    plan,
    ownedEntries(
      'd',
      D,
      `let x = model[${u32(model.states)} + ((step + 1u) * ${u32(B)} + b) * ${u32(D)} + d];
            g[r] = g[r] + 2.0 * weight * (x - ${binTarget(plan)});`,
      '        ',
    ),
  );
}

/** The entry point of the folded sweeps' helper kernels: one thread per entry, numbered `index` across the 2-D grid. */
export const FOLDED_HELPER_MAIN = /* wgsl */ `@compute @workgroup_size(${ELEMENTWISE_WORKGROUP})
fn main(@builtin(global_invocation_id) id: vec3<u32>, @builtin(num_workgroups) groups: vec3<u32>) {
  let index = id.y * groups.x * ${u32(ELEMENTWISE_WORKGROUP)} + id.x;`;

/** A folded plan's sizes: n_1 (first), n_last (hidden) and the last layer's index; refuses a plan that does not fold. */
export function foldedShape(plan: WebGpuPlan): { folded: FoldedPlan; last: number; first: number; hidden: number } {
  const folded = plan.folded;
  if (!folded) throw new RangeError('the plan does not fold the sweep');
  const last = plan.layout.layers.length - 1;
  return { folded, last, first: plan.sizes[1], hidden: plan.sizes[last] };
}

/** Entry (k, j) of M = W̃_last·W̃_0: the workgroup copy or the one in GPU memory. */
export function foldedMatrixEntry(plan: WebGpuPlan, k: string, j: string): string {
  const { folded, first } = foldedShape(plan);
  return folded.mInWorkgroup ? `fold_m[${k} * ${u32(first)} + ${j}]` : `model[${u32(folded.m)} + ${k} * ${u32(first)} + ${j}]`;
}

/** Declares M's workgroup copy and the statement that fills it (at the start of a sweep), when it is kept there. */
export function foldedMatrixWorkgroup(plan: WebGpuPlan): { declaration: string; load: string } {
  const { folded, first, hidden } = foldedShape(plan);
  if (!folded.mInWorkgroup) return { declaration: '// M is read from GPU memory (no room for it in workgroup memory).', load: '' };
  const count = hidden * first;
  return {
    declaration: `var<workgroup> fold_m: array<f32, ${u32(count)}>;`,
    load: `for (var i = tid; i < ${u32(count)}; i += ${u32(WG)}) { fold_m[i] = model[${u32(folded.m)} + i]; }
  workgroupBarrier();`,
  };
}
