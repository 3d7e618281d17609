/**
 * A rough time and memory estimate shown before training starts. It counts floating-point work from the model and
 * solver sizes and divides by a per-engine throughput measured on a 2-core laptop-class machine; the view says it is
 * an estimate, within a factor of about two.
 */
import type { EngineChoice, TrainingConfig } from '../../src-shared/run-config.ts';

export interface RunEstimate {
  parameters: number;
  /** Parameters, gradients, two Adam moments, plus the solver's saved activations for backpropagation. */
  memoryBytes: number;
  secondsPerIteration: number;
  totalSeconds: number;
  explanation: string;
}

/** Sustained GFLOP/s of the training step, and fixed cost per field evaluation (op dispatch), by engine. */
const THROUGHPUT: Record<Exclude<EngineChoice, 'auto'>, { gflops: number; overheadSeconds: number }> = {
  tfjs: { gflops: 0.8, overheadSeconds: 6e-4 },
  wasm: { gflops: 6, overheadSeconds: 2e-5 },
  native: { gflops: 15, overheadSeconds: 1e-5 },
  webgpu: { gflops: 200, overheadSeconds: 1e-4 },
};

export function layerSizes(genes: number, hidden: readonly number[]): number[] {
  return [genes, ...hidden, genes];
}

export function parameterCount(genes: number, hidden: readonly number[]): number {
  const sizes = layerSizes(genes, hidden);
  let count = 0;
  for (let l = 0; l < sizes.length - 1; l++) count += sizes[l] * sizes[l + 1] + sizes[l + 1] + sizes[l];
  return count;
}

/**
 * Estimate for `genes` genes and `trajectories` trajectories (the batch), on `engine` (auto counts as wasm, the
 * engine auto picks on machines without a GPU or native build).
 */
export function estimateRun(config: TrainingConfig, genes: number, trajectories: number, engine: EngineChoice = config.engine): RunEstimate {
  const sizes = layerSizes(genes, config.model.hidden);
  const parameters = parameterCount(genes, config.model.hidden);
  let macs = 0;
  for (let l = 0; l < sizes.length - 1; l++) macs += sizes[l] * sizes[l + 1];
  // RK4: 4 field evaluations per step; Dormand–Prince: about 6 per accepted step, assume 100 steps.
  const steps = config.solver.kind === 'rk4' ? config.solver.bins * config.solver.substeps : 100;
  const evaluations = steps * (config.solver.kind === 'rk4' ? 4 : 6);
  const batch = Math.max(1, trajectories);
  // Forward + backward ≈ 3× the forward multiply-adds, 2 flops each.
  const flops = evaluations * batch * macs * 2 * 3;
  const speed = THROUGHPUT[engine === 'auto' ? 'wasm' : engine];
  const secondsPerIteration = flops / (speed.gflops * 1e9) + evaluations * 2 * speed.overheadSeconds;
  const activations = evaluations * batch * sizes.reduce((a, b) => a + b, 0) * 2;
  const memoryBytes = (parameters * 4 + activations) * 4;
  return {
    parameters,
    memoryBytes,
    secondsPerIteration,
    totalSeconds: secondsPerIteration * config.iterations,
    explanation: `${parameters.toLocaleString('en-US')} parameters; ${evaluations} field evaluations per iteration on ${batch} trajectories; ` +
      `${(flops / 1e6).toFixed(1)} MFLOP per iteration at about ${speed.gflops} GFLOP/s (${engine === 'auto' ? 'auto, counted as wasm' : engine}).`,
  };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}
