/**
 * Whether a problem is large enough for the GPU engine to beat the fastest CPU engine, so `auto` can prefer it.
 *
 * PROVISIONAL: no GPU was lent while this was written, so the webgpu engine has not been timed. The estimate is built
 * from the numbers issue 6 measured through Dawn on an H100, from the webgpu engine's design, and from the CPU
 * engines' measured speed (docs/benchmarks.md, "Engines"); replace the constants with measurements when one is taken.
 *
 * - CPU: workload S takes about 2.5 ms per iteration on the native engine and 5.5 ms on wasm (run 6, after the
 *   folded RK4 sweep). Against the plain multiply-add count of rk4IterationFlops (0.41 GFLOP at S; the folded sweep
 *   does fewer) that is about 165 and 75 effective GFLOP/s, and L (20 GFLOP, 106 ms native) agrees within 15 %.
 * - GPU (src-main/engine/webgpu/): 9 dispatches per iteration at about 2.7 µs each plus one submit-and-wait of about
 *   18 µs; the forward and reverse RK4 sweeps are one dispatch each, one 256-thread workgroup per trajectory, so their
 *   time is the chain one thread walks through every stage in order: per layer, ceil(outputs / 256) sums of
 *   inputs / parts multiply-adds, a narrow layer's sums split into up to 8 parts (workgroup-matvec.ts), once forward
 *   and once transposed in the reverse sweep. Each multiply-add of that chain is charged an assumed 2 ns (a load
 *   from cache and a fused multiply-add; not measured). But each stage also reads every gated weight (W̃, float32)
 *   from L2 into one compute unit, forward and again in the reverse sweep; at the engine's own design assumption of
 *   32–64 bytes per clock per compute unit (docs/benchmarks.md, "GPU engine"), 48 B × 1.75 GHz, a stage takes the
 *   longer of the two. The weight gradients are one product over every stored row, charged at an assumed 1 TFLOP/s.
 *   Trajectories run side by side, one per compute unit: the batch adds almost nothing.
 * - The GPU is preferred only when this estimate, doubled for what it leaves out, is below the CPU time. At S that is
 *   about 2.3 ms, against 2.5 ms on native (CPU kept) or 5.5 ms on wasm (GPU taken); at L about 27 ms against about
 *   120 ms on native (GPU taken); a few tens of genes always stay on the CPU.
 * - Dormand–Prince chooses each step on the host; the webgpu engine integrates RK4 only, so dopri5 stays on the CPU.
 */
import type { TrainingProblem } from './engine-interface.ts';

/**
 * Effective CPU throughput against rk4IterationFlops, from the measured ms per iteration at workload S
 * (docs/benchmarks.md, issue 3 run 6: native 2.45 ms, wasm 5.52 ms, TF.js's wasm backend 305 ms), GFLOP/s.
 */
export const CPU_GFLOPS: Readonly<Record<'native' | 'wasm' | 'tfjs', number>> = { native: 165, wasm: 75, tfjs: 1.3 };
/** Latency of one dependent compute dispatch through Dawn (issue 6, H100), milliseconds. */
export const GPU_DISPATCH_MS = 0.0027;
/** One queue submit and wait for its completion (issue 6, H100), milliseconds. */
export const GPU_SUBMIT_MS = 0.018;
/** Dispatches of one webgpu iteration: gates, gated weights, two sweeps, weight gradients, paths, split, loss, Adam. */
export const GPU_DISPATCHES_PER_ITERATION = 9;
/** Threads of one sweep workgroup (SWEEP_WORKGROUP in src-main/engine/webgpu/webgpu-plan.ts). */
const SWEEP_THREADS = 256;
/** Most parts a narrow layer's sums are split into (MAX_PARTS in src-main/engine/webgpu/kernels/workgroup-matvec.ts). */
const MAX_SUM_PARTS = 8;
/** Assumed time of one multiply-add in a sweep thread's serial chain, milliseconds (2 ns; not measured). */
export const GPU_CHAIN_MULTIPLY_ADD_MS = 2e-6;
/** Bytes one compute unit reads from L2 per millisecond: 48 B per clock at 1.75 GHz (an assumption, not measured). */
export const GPU_UNIT_L2_BYTES_PER_MS = 48 * 1.75e6;
/** Assumed rate of the weight-gradient product over all stored rows, GFLOP/s (not measured). */
export const GPU_ASSUMED_GFLOPS = 1000;
/** The GPU estimate must win by this factor before auto trusts it. */
export const GPU_SAFETY_FACTOR = 2;

export interface GpuGainEstimate {
  /** True when the GPU engine is expected to be faster than `cpuEngine`. */
  prefersGpu: boolean;
  /** Estimated milliseconds per iteration on the CPU engine, from its measured throughput. */
  cpuMs: number;
  /** Estimated milliseconds per iteration on the GPU (latency floor plus arithmetic), or null when not estimated. */
  gpuMs: number | null;
  /** One sentence for the `why` of the engine choice. */
  explanation: string;
}

/** Floating-point operations of one training iteration (forward solve and backward pass) for an RK4 problem. */
export function rk4IterationFlops(problem: TrainingProblem): number {
  if (problem.solver.kind !== 'rk4') return Number.NaN;
  const widths = [problem.genes, ...problem.model.hidden, problem.genes];
  let multiplyAdds = 0;
  for (let l = 0; l + 1 < widths.length; l++) multiplyAdds += widths[l] * widths[l + 1];
  const stages = 4 * rk4Steps(problem);
  // Forward: 2 flops per multiply-add per row; backward: about twice the forward (input and weight gradients).
  return stages * 3 * 2 * problem.batch * multiplyAdds;
}

function rk4Steps(problem: TrainingProblem): number {
  if (problem.solver.kind !== 'rk4') return 0;
  return (problem.solver.bins - 1) * problem.solver.substeps;
}

export function estimateGpuGain(problem: TrainingProblem, cpuEngine: keyof typeof CPU_GFLOPS): GpuGainEstimate {
  if (problem.solver.kind !== 'rk4') {
    return {
      prefersGpu: false,
      cpuMs: Number.NaN,
      gpuMs: null,
      explanation:
        'the webgpu engine integrates with RK4 only (Dormand–Prince decides every step on the host), so auto keeps dopri5 runs on the CPU',
    };
  }
  const flops = rk4IterationFlops(problem);
  const cpuMs = flops / (CPU_GFLOPS[cpuEngine] * 1e6);
  const widths = [problem.genes, ...problem.model.hidden, problem.genes];
  let chain = 0;
  let multiplyAdds = 0;
  for (let l = 0; l + 1 < widths.length; l++) {
    chain += sweepChain(widths[l + 1], widths[l]) + sweepChain(widths[l], widths[l + 1]);
    multiplyAdds += widths[l] * widths[l + 1];
  }
  const stages = 4 * rk4Steps(problem);
  const weightGradientFlops = 2 * stages * problem.batch * multiplyAdds;
  // Per stage, forward and reverse: the serial chain of one thread, or the gated weights read twice, whichever is longer.
  const stageMs = Math.max(chain * GPU_CHAIN_MULTIPLY_ADD_MS, (2 * 4 * multiplyAdds) / GPU_UNIT_L2_BYTES_PER_MS);
  const gpuMs =
    GPU_DISPATCHES_PER_ITERATION * GPU_DISPATCH_MS + GPU_SUBMIT_MS + stages * stageMs + weightGradientFlops / (GPU_ASSUMED_GFLOPS * 1e6);
  const prefersGpu = gpuMs * GPU_SAFETY_FACTOR < cpuMs;
  const numbers = `about ${formatMs(gpuMs)} per iteration on the GPU against ${formatMs(cpuMs)} on ${cpuEngine}`;
  const provisional =
    "a provisional estimate from the kernel-launch latency measured in issue 6 and the engine's design, until the webgpu engine is timed on a GPU";
  return {
    prefersGpu,
    cpuMs,
    gpuMs,
    explanation: prefersGpu
      ? `this problem is large enough for the GPU to gain: ${numbers} (${provisional})`
      : `this problem is too small for the GPU to gain: ${numbers}, and the GPU must win by ${GPU_SAFETY_FACTOR}× (${provisional})`,
  };
}

/** Multiply-adds one sweep thread does in series for a layer of `outputs` sums of `length` terms each. */
function sweepChain(outputs: number, length: number): number {
  const parts = Math.max(1, Math.min(MAX_SUM_PARTS, Math.floor(SWEEP_THREADS / outputs), length));
  return Math.ceil(outputs / SWEEP_THREADS) * Math.ceil(length / parts);
}

function formatMs(ms: number): string {
  return ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toPrecision(2)} ms`;
}
