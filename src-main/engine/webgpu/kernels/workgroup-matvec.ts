/**
 * The vector × matrix product both RK4 sweeps are made of, as WGSL for one workgroup: `outputs` sums of `length`
 * products each, the vector in workgroup memory. Thread t owns outputs t, t + 256, …. When there are fewer outputs
 * than half the threads, each sum is split into up to 8 parts summed by different threads (the parts meet in
 * sum_scratch), so more warps keep loads in flight on a GPU: with one workgroup per trajectory, memory latency is what
 * a layer costs. Callers place it between barriers; it reads the vector and writes only `target` (and sum_scratch,
 * which its own barrier orders).
 */
import { SWEEP_WORKGROUP, type WebGpuPlan } from '../webgpu-plan.ts';
import { u32 } from './kernel-bindings.ts';

const WG = SWEEP_WORKGROUP;
const MAX_PARTS = 8;

export interface WorkgroupMatvec {
  outputs: number;
  length: number;
  /** The vector's entry k < length: a workgroup array, or the stored copy in a storage buffer for wide layers. */
  vector(k: string): string;
  /** The matrix entry multiplying vector[k] in output o (WGSL expressions k and o). */
  entry(k: string, o: string): string;
  /**
   * A condition on k alone under which term k is exactly 0 for every output (a closed gate's zero row of W̃, a zero
   * gradient): the workgroup skips that row's loads together. As training closes gates, most rows go.
   */
  zeroTerm(k: string): string;
  /** A WGSL expression for the sum's starting value at output o (a bias), or null for 0. */
  start(o: string): string | null;
  /** The private array that receives output tid + r·256 at index r. */
  target: string;
  /**
   * Turns the finished sum s of output o into what is stored (an activation, a derivative factor); it may read the
   * owner's private arrays at index r (output o = tid + r·256 in both forms).
   */
  finish(s: string, o: string): string;
}

/**
 * The barrier between layers: the vector written by some threads is read by all. A vector kept in storage (layers too
 * wide for workgroup memory) also needs its writes made visible across the workgroup.
 */
export function syncFunction(plan: WebGpuPlan): string {
  return plan.vectorsInWorkgroup ? 'fn sync() { workgroupBarrier(); }' : 'fn sync() { storageBarrier(); workgroupBarrier(); }';
}

/** Parts each sum is split into: 1 when the outputs already occupy half the workgroup or more. */
export function sumParts(outputs: number, length: number): number {
  return Math.max(1, Math.min(MAX_PARTS, Math.floor(WG / outputs), length));
}

export function workgroupMatvec(m: WorkgroupMatvec): string {
  const parts = sumParts(m.outputs, m.length);
  if (parts === 1) {
    return `
  for (var r = 0u; r < ${u32(Math.max(1, Math.ceil(m.outputs / WG)))}; r++) {
    let o = tid + r * ${u32(WG)};
    if (o < ${u32(m.outputs)}) {
      var s = ${m.start('o') ?? '0.0'};
      for (var k = 0u; k < ${u32(m.length)}; k++) {
        if (${m.zeroTerm('k')}) { continue; }
        s = s + ${m.vector('k')} * ${m.entry('k', 'o')};
      }
      ${m.target}[r] = ${m.finish('s', 'o')};
    }
  }`;
  }
  const chunk = Math.ceil(m.length / parts);
  return `
  {
    let o = tid % ${u32(m.outputs)};
    let part = tid / ${u32(m.outputs)};
    var s = 0.0;
    if (part < ${u32(parts)}) {
      let first = part * ${u32(chunk)};
      let last = min(first + ${u32(chunk)}, ${u32(m.length)});
      for (var k = first; k < last; k++) {
        if (${m.zeroTerm('k')}) { continue; }
        s = s + ${m.vector('k')} * ${m.entry('k', 'o')};
      }
    }
    sum_scratch[tid] = s;
  }
  workgroupBarrier();
  if (tid < ${u32(m.outputs)}) {
    let o = tid;
    // The output's slot in the owner's private arrays, as r in the unsplit loop (finish expressions may use it).
    let r = 0u;
    var s = ${m.start('o') ?? '0.0'};
    for (var part = 0u; part < ${u32(parts)}; part++) { s = s + sum_scratch[part * ${u32(m.outputs)} + o]; }
    ${m.target}[0] = ${m.finish('s', 'o')};
  }`;
}
