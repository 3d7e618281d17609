/**
 * The `native` engine: the same C kernels as the wasm engine, compiled for this CPU (AVX2+FMA or NEON) with a second
 * thread for large products. Its arena is an ArrayBuffer owned by JavaScript, so V8 frees it with the engine.
 */
import type { EngineAvailability, EngineFactory, TrainingEngine, TrainingProblem } from '../engine-interface.ts';
import { FusedEngine, type KernelArena } from '../kernels/fused-engine.ts';
import { defaultFusedMemoryLimit, refuseOverLimit } from '../kernels/memory-limit.ts';
import { MAX_ARENA_BYTES, planWorkspace } from '../kernels/workspace-plan.ts';
import { defaultNativeFolder, loadNativeKernels, type NativeKernels } from './native-addon.ts';

export interface NativeEngineOptions {
  /**
   * Refuse problems whose estimate exceeds this many bytes. Without it only the 2 GiB arena limit applies at creation
   * (the engine registry checks its own limit first) and a Dormand–Prince solve grows up to half the free memory.
   */
  memoryLimitBytes?: number;
  /** Threads for large products: 1 or 2 (default 2; the second pays only on large models, see docs/benchmarks.md). */
  threads?: number;
  /** Folder holding the built .node files (tests point this at missing or broken builds). */
  buildUrl?: URL;
}

function createNativeArena(addon: NativeKernels, bytes: number): KernelArena {
  let buffer: ArrayBuffer | null = new ArrayBuffer(bytes);
  const live = (): ArrayBuffer => {
    if (!buffer) throw new Error('This native arena was released.');
    return buffer;
  };
  return {
    buffer: live,
    base: 0,
    resize(size: number) {
      buffer = new ArrayBuffer(size);
    },
    run: (mode: number) => addon.run(live(), 0, mode),
    release() {
      buffer = null;
    },
  };
}

export function createNativeEngineFactory(options: NativeEngineOptions = {}): EngineFactory {
  const threads = Math.max(1, Math.min(2, Math.floor(options.threads ?? 2)));
  const url = options.buildUrl ?? defaultNativeFolder();
  return {
    name: 'native',
    async availability(): Promise<EngineAvailability> {
      try {
        const { simd } = loadNativeKernels(url);
        return { name: 'native', available: true, reason: `the native build (${simd}, ${threads} thread${threads > 1 ? 's' : ''}) loaded` };
      } catch (error) {
        return { name: 'native', available: false, reason: (error as Error).message };
      }
    },
    estimateMemoryBytes(problem: TrainingProblem): number {
      return planWorkspace(problem, undefined, threads).totalBytes;
    },
    async create(problem: TrainingProblem): Promise<TrainingEngine> {
      refuseOverLimit(
        'native',
        problem,
        this.estimateMemoryBytes(problem),
        Math.min(options.memoryLimitBytes ?? Infinity, MAX_ARENA_BYTES),
      );
      const memoryLimitBytes = Math.min(options.memoryLimitBytes ?? defaultFusedMemoryLimit(), MAX_ARENA_BYTES);
      const { addon } = loadNativeKernels(url);
      return new FusedEngine(problem, { name: 'native', memoryLimitBytes, threads, allocate: (bytes) => createNativeArena(addon, bytes) });
    },
  };
}

export const nativeEngineFactory: EngineFactory = createNativeEngineFactory();
