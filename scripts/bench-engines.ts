/**
 * `npm run bench`: milliseconds per training iteration (gradient + Adam, one engine call) of every engine on the
 * issue's workloads, one JSON line per engine and workload. S = the paper's single-cell setup (529 genes, hidden
 * [100, 100], batch 3, 50 bins, RK4, PathReg); L = 2000 genes, hidden [256, 256] (two hidden layers like the paper),
 * batch 16, 50 bins. Data are seeded random numbers of the right shape: speed does not depend on the values.
 *
 * Options: --engines tfjs-cpu,tfjs-wasm,wasm,native,webgpu  --workloads S,L  --iterations N (≥ 10)  --warmup N
 *          --threads N (native)  --tfjs-on-L (TF.js at L takes minutes per run, so it is off by default)
 *          --profile (webgpu: one more iteration with each kernel timed on the GPU, reported as kernel_us)
 */
import { loadavg } from 'node:os';
import type { EngineFactory, TrainingProblem } from '../src-main/engine/engine-interface.ts';
import { initializeParameters } from '../src-main/engine/model/initialize.ts';
import { parameterLayout } from '../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../src-main/engine/model/random.ts';
import { createAdamState } from '../src-main/engine/training/adam.ts';
import { optionText } from './command-line-options.ts';

type BenchEngine = 'tfjs-cpu' | 'tfjs-wasm' | 'wasm' | 'native' | 'webgpu';
type Workload = 'S' | 'L';

const WORKLOADS: Record<Workload, { genes: number; hidden: number[]; batch: number; bins: number }> = {
  S: { genes: 529, hidden: [100, 100], batch: 3, bins: 50 },
  L: { genes: 2000, hidden: [256, 256], batch: 16, bins: 50 },
};

function workloadProblem(workload: Workload): TrainingProblem {
  const { genes: D, hidden, batch: B, bins: K } = WORKLOADS[workload];
  const random = new SeededRandom(2022);
  const initialStates = Float32Array.from({ length: B * D }, () => random.uniform());
  const times = Float64Array.from({ length: K }, (_, k) => (k + 0.5) / K);
  const values = Float32Array.from({ length: K * B * D }, (_, i) => initialStates[i % (B * D)] + 0.3 * (random.uniform() - 0.5));
  const weights = new Float32Array(K * B).fill(1 / (K * D));
  return {
    genes: D,
    batch: B,
    model: { hidden, activation: 'first' },
    regularizer: { kind: 'pathreg', lambda: 0.01 },
    solver: { kind: 'rk4', bins: K, substeps: 1 },
    initialStates,
    targets: { kind: 'binned', times, values, weights },
  };
}

async function factoryFor(engine: BenchEngine, threads: number): Promise<EngineFactory> {
  switch (engine) {
    case 'tfjs-cpu':
      return (await import('../src-main/engine/reference/tfjs-engine.ts')).createTfjsEngineFactory({ backend: 'cpu' });
    case 'tfjs-wasm':
      return (await import('../src-main/engine/reference/tfjs-engine.ts')).createTfjsEngineFactory({ backend: 'wasm' });
    case 'wasm':
      return (await import('../src-main/engine/wasm/wasm-engine.ts')).createWasmEngineFactory();
    case 'native':
      return (await import('../src-main/engine/native/native-engine.ts')).createNativeEngineFactory({ threads });
    case 'webgpu':
      return (await import('../src-main/engine/webgpu/webgpu-engine.ts')).createWebGpuEngineFactory();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function bench(
  engine: BenchEngine,
  workload: Workload,
  iterations: number,
  warmup: number,
  threads: number,
): Promise<Record<string, unknown>> {
  const factory = await factoryFor(engine, threads);
  const availability = await factory.availability();
  if (!availability.available) return { engine, workload, skipped: availability.reason };
  const problem = workloadProblem(workload);
  const layout = parameterLayout(problem.genes, problem.model);
  const random = new SeededRandom(7);
  const params = initializeParameters(layout, random);
  const optimizer = createAdamState(layout.parameterCount);
  const noise = new Float32Array(layout.gateCount);
  const trainer = await factory.create(problem);
  // Which GPU ran it: a software adapter (SwiftShader) times a CPU emulation, not a GPU.
  const adapter = engine === 'webgpu' ? await (await import('../src-main/engine/webgpu/webgpu-engine.ts')).describeGpuAdapter() : null;
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let loss = NaN;
  let kernelTimes: { kernels: Record<string, number>; totalMicroseconds: number } | null = null;
  try {
    for (let i = 0; i < warmup + iterations; i++) {
      random.fillGateNoise(noise);
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      loss = (await trainer.trainStep(params, optimizer, noise, 0.01)).total;
      const ms = performance.now() - start;
      const cpu = process.cpuUsage(cpuStart);
      if (i >= warmup) {
        times.push(ms);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
    }
    if (engine === 'webgpu' && process.argv.includes('--profile')) {
      const { profileWebGpuIteration } = await import('../src-main/engine/webgpu/webgpu-engine.ts');
      kernelTimes = await profileWebGpuIteration(trainer, params, optimizer, noise, 0.01);
    }
  } finally {
    trainer.dispose();
  }
  const { genes, hidden, batch, bins } = WORKLOADS[workload];
  return {
    engine,
    workload,
    ms_per_iter: Number(median(times).toFixed(2)),
    min_ms: Number(Math.min(...times).toFixed(2)),
    // CPU time of this process per iteration (all its threads): less disturbed than wall time when others share the cores.
    cpu_ms_per_iter: Number(median(cpuTimes).toFixed(2)),
    iterations,
    warmup,
    ...(engine === 'native' ? { threads } : {}),
    ...(adapter ? { adapter: adapter.description, software: adapter.software } : {}),
    ...(kernelTimes ? { kernel_us: kernelTimes.kernels, kernel_total_us: kernelTimes.totalMicroseconds } : {}),
    genes,
    hidden,
    batch,
    bins,
    solver: 'rk4',
    regularizer: 'pathreg',
    final_loss: Number(loss.toPrecision(6)),
    load_average_1min: Number(loadavg()[0].toFixed(2)),
  };
}

const engines = (optionText('engines') ?? 'tfjs-cpu,tfjs-wasm,wasm,native').split(',') as BenchEngine[];
const workloads = (optionText('workloads') ?? 'S,L').split(',') as Workload[];
const iterations = Math.max(10, Number(optionText('iterations') ?? 10));
const warmup = Number(optionText('warmup') ?? 2);
const threads = Number(optionText('threads') ?? 2);
const tfjsOnL = process.argv.includes('--tfjs-on-L');
for (const workload of workloads) {
  if (!(workload in WORKLOADS)) throw new Error(`--workloads takes S and/or L, got ${workload}`);
  for (const engine of engines) {
    if (engine.startsWith('tfjs') && workload === 'L' && !tfjsOnL) {
      console.log(JSON.stringify({ engine, workload, skipped: 'TF.js at L takes minutes per iteration; pass --tfjs-on-L to measure it' }));
      continue;
    }
    const threadCounts = engine === 'native' && !optionText('threads') ? [1, 2] : [threads];
    for (const t of threadCounts) console.log(JSON.stringify(await bench(engine, workload, iterations, warmup, t)));
  }
}
