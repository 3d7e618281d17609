/**
 * The `wasm` engine: the fused C kernels as WebAssembly SIMD, which runs wherever Node or Electron runs (no build
 * step on the user's machine). availability() says why it cannot run instead of throwing.
 */
import type { EngineAvailability, EngineFactory, TrainingEngine, TrainingProblem } from '../engine-interface.ts';
import { FusedEngine } from '../kernels/fused-engine.ts';
import { defaultFusedMemoryLimit, refuseOverLimit } from '../kernels/memory-limit.ts';
import { planWorkspace } from '../kernels/workspace-plan.ts';
import { createWasmArena, loadWasmKernels, WASM_KERNELS_URL, WASM_MAX_MEMORY_BYTES, wasmOverheadBytes } from './wasm-kernels.ts';

export interface WasmEngineOptions {
  /**
   * Refuse problems whose estimate exceeds this many bytes. Without it only wasm32's 4 GiB applies at creation (the
   * engine registry checks its own limit first) and a Dormand–Prince solve grows its step room up to half the free memory.
   */
  memoryLimitBytes?: number;
  /** Where the built kernels are (tests point this at missing or corrupt files). */
  wasmUrl?: URL;
}

/** Module data, stack and the instance's first page, counted on top of the arena. */
const FIXED_OVERHEAD_BYTES = 2 * 65536;

export function createWasmEngineFactory(options: WasmEngineOptions = {}): EngineFactory {
  const url = options.wasmUrl ?? WASM_KERNELS_URL;
  const createLimit = (): number => Math.min(options.memoryLimitBytes ?? Infinity, WASM_MAX_MEMORY_BYTES);
  const growthLimit = (): number => Math.min(options.memoryLimitBytes ?? defaultFusedMemoryLimit(), WASM_MAX_MEMORY_BYTES);
  return {
    name: 'wasm',
    async availability(): Promise<EngineAvailability> {
      try {
        await loadWasmKernels(url);
        return { name: 'wasm', available: true, reason: 'the WebAssembly SIMD kernels loaded' };
      } catch (error) {
        return { name: 'wasm', available: false, reason: (error as Error).message };
      }
    },
    estimateMemoryBytes(problem: TrainingProblem): number {
      return planWorkspace(problem).totalBytes + FIXED_OVERHEAD_BYTES;
    },
    async create(problem: TrainingProblem): Promise<TrainingEngine> {
      refuseOverLimit('wasm', problem, this.estimateMemoryBytes(problem), createLimit());
      const kernels = await loadWasmKernels(url);
      return new FusedEngine(problem, {
        name: 'wasm',
        memoryLimitBytes: growthLimit() - wasmOverheadBytes(kernels),
        threads: 1,
        allocate: (bytes) => createWasmArena(kernels, bytes),
      });
    },
  };
}

export const wasmEngineFactory: EngineFactory = createWasmEngineFactory();
