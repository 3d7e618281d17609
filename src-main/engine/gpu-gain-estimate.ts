/**
 * Whether a problem is large enough for the GPU engine to beat the fastest CPU engine, so `auto` can prefer it.
 *
 * PROVISIONAL: no GPU was lent while this was written, so the webgpu engine has not been timed. The estimate is built
 * from the numbers issue 6 measured through Dawn on an H100 and from the CPU engines' measured speed
 * (docs/benchmarks.md, "Engines"); replace the constants with measurements of the webgpu engine when one is taken.
 *
 * - CPU: one iteration is arithmetic-bound; workload S (0.43 GFLOP per iteration) takes about 6.5 ms on the native
 *   engine and 12.7 ms on wasm, i.e. about 66 and 34 GFLOP/s.
 * - GPU: every RK4 stage depends on the one before, so one iteration is a chain of dependent dispatches at about
 *   2.7 µs each (forward, and two for the backward pass, per stage) plus one submit-and-wait of about 18 µs. The
 *   arithmetic itself is charged at an assumed 1 TFLOP/s: these products are far too small to reach a GPU's peak.
 * - The GPU is preferred only when this floor, doubled for what the estimate leaves out, is below the CPU time. At S
 *   that is about 2.1 ms × 2 against 6.5 ms (GPU preferred); the toy problems of the tests stay on the CPU.
 * - Adaptive Dormand–Prince decides every step size on the host, a round trip per step that the floor above does not
 *   cover, so dopri5 problems are not auto-picked for the GPU until that is measured.
 */
import type { TrainingProblem } from './engine-interface.ts';

/** Measured CPU throughput of the fused engines at workload S (docs/benchmarks.md, run 5), GFLOP/s. */
export const CPU_GFLOPS: Readonly<Record<'native' | 'wasm' | 'tfjs', number>> = { native: 66, wasm: 34, tfjs: 1.5 };
/** Latency of one dependent compute dispatch through Dawn (issue 6, H100), milliseconds. */
export const GPU_DISPATCH_MS = 0.0027;
/** One queue submit and wait for its completion (issue 6, H100), milliseconds. */
export const GPU_SUBMIT_MS = 0.018;
/** Assumed arithmetic rate of the GPU kernels on products this small, GFLOP/s (not measured). */
export const GPU_ASSUMED_GFLOPS = 1000;
/** The GPU estimate must win by this factor before auto trusts it. */
export const GPU_SAFETY_FACTOR = 2;
/** Kernels per iteration outside the stages: regularizer gradients, gate sampling, loss reduction, Adam. */
const FIXED_DISPATCHES = 8;

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
      explanation: 'dopri5 chooses each step on the host, a GPU round trip per step that has not been measured yet, so auto keeps dopri5 runs on the CPU',
    };
  }
  const flops = rk4IterationFlops(problem);
  const cpuMs = flops / (CPU_GFLOPS[cpuEngine] * 1e6);
  const dispatches = 4 * rk4Steps(problem) * 3 + FIXED_DISPATCHES;
  const gpuMs = dispatches * GPU_DISPATCH_MS + GPU_SUBMIT_MS + flops / (GPU_ASSUMED_GFLOPS * 1e6);
  const prefersGpu = gpuMs * GPU_SAFETY_FACTOR < cpuMs;
  const numbers = `about ${formatMs(gpuMs)} per iteration on the GPU (${dispatches} dependent kernel launches) against ${formatMs(cpuMs)} on ${cpuEngine}`;
  const provisional = 'a provisional estimate from the kernel-launch latency measured in issue 6, until the webgpu engine is timed on a GPU';
  return {
    prefersGpu,
    cpuMs,
    gpuMs,
    explanation: prefersGpu
      ? `this problem is large enough for the GPU to gain: ${numbers} (${provisional})`
      : `this problem is too small for the GPU to gain: ${numbers}, and the GPU must win by ${GPU_SAFETY_FACTOR}× (${provisional})`,
  };
}

function formatMs(ms: number): string {
  return ms >= 10 ? `${ms.toFixed(0)} ms` : `${ms.toPrecision(2)} ms`;
}
