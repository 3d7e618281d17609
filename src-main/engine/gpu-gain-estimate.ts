/**
 * Whether a problem is large enough for the GPU engine to beat the fastest CPU engine, so `auto` can prefer it.
 *
 * PROVISIONAL: no GPU was lent while this was written, so the webgpu engine has not been timed. The estimate is built
 * from the numbers issue 6 measured through Dawn on an H100, from the webgpu engine's design, and from the CPU
 * engines' measured speed (docs/benchmarks.md, "Engines"); replace the constants with measurements when one is taken.
 *
 * - CPU: one iteration is arithmetic-bound; workload S (0.43 GFLOP per iteration) takes about 6.5 ms on the native
 *   engine and 12.7 ms on wasm, i.e. about 66 and 34 GFLOP/s.
 * - GPU (src-main/engine/webgpu/webgpu-engine.ts): about ten dispatches per iteration at about 2.7 µs each plus one
 *   submit-and-wait of about 18 µs; the forward and reverse RK4 sweeps are one dispatch each, one 256-thread
 *   workgroup per trajectory, so their time is the chain one thread walks through every stage in order: for each
 *   layer, ceil(outputs / 256) outputs × inputs multiply-adds, three times over (forward, and the backward pass's two
 *   products). Each multiply-add in that chain is charged an assumed 2 ns (a load from cache and a fused
 *   multiply-add; not measured). Trajectories run side by side, one per compute unit, so the batch adds nothing.
 * - The GPU is preferred only when this estimate, doubled for what it leaves out, is below the CPU time. At S that is
 *   about 1.1 ms × 2 against 6.5 ms on native (GPU preferred); the tests' toy problems (a few genes) stay on the CPU.
 * - Dormand–Prince chooses each step on the host; the webgpu engine integrates RK4 only, so dopri5 stays on the CPU.
 */
import type { TrainingProblem } from './engine-interface.ts';

/** Measured CPU throughput of the fused engines at workload S (docs/benchmarks.md, run 5), GFLOP/s. */
export const CPU_GFLOPS: Readonly<Record<'native' | 'wasm' | 'tfjs', number>> = { native: 66, wasm: 34, tfjs: 1.5 };
/** Latency of one dependent compute dispatch through Dawn (issue 6, H100), milliseconds. */
export const GPU_DISPATCH_MS = 0.0027;
/** One queue submit and wait for its completion (issue 6, H100), milliseconds. */
export const GPU_SUBMIT_MS = 0.018;
/** Dispatches of one webgpu iteration: gates, gated weights, two sweeps, products, regularizer, loss, Adam. */
export const GPU_DISPATCHES_PER_ITERATION = 10;
/** Threads of one sweep workgroup (SWEEP_WORKGROUP in src-main/engine/webgpu/webgpu-plan.ts). */
const SWEEP_THREADS = 256;
/** Assumed time of one multiply-add in a sweep thread's serial chain, milliseconds (2 ns; not measured). */
export const GPU_CHAIN_MULTIPLY_ADD_MS = 2e-6;
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
      explanation: 'the webgpu engine integrates with RK4 only (Dormand–Prince decides every step on the host), so auto keeps dopri5 runs on the CPU',
    };
  }
  const flops = rk4IterationFlops(problem);
  const cpuMs = flops / (CPU_GFLOPS[cpuEngine] * 1e6);
  const widths = [problem.genes, ...problem.model.hidden, problem.genes];
  let chain = 0;
  for (let l = 0; l + 1 < widths.length; l++) chain += Math.ceil(widths[l + 1] / SWEEP_THREADS) * widths[l];
  const stages = 4 * rk4Steps(problem);
  const gpuMs = GPU_DISPATCHES_PER_ITERATION * GPU_DISPATCH_MS + GPU_SUBMIT_MS + stages * 3 * chain * GPU_CHAIN_MULTIPLY_ADD_MS;
  const prefersGpu = gpuMs * GPU_SAFETY_FACTOR < cpuMs;
  const numbers = `about ${formatMs(gpuMs)} per iteration on the GPU against ${formatMs(cpuMs)} on ${cpuEngine}`;
  const provisional = 'a provisional estimate from the kernel-launch latency measured in issue 6 and the engine\'s design, until the webgpu engine is timed on a GPU';
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
