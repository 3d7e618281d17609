/**
 * Which training engines exist, which can run here (and why not), which one `auto` picks, and the memory check
 * that refuses a problem before any engine allocates for it.
 */
import { freemem } from 'node:os';
import type { EngineChoice, EngineName } from '../../src-shared/run-config.ts';
import type { EngineAvailability, EngineFactory, TrainingEngine, TrainingProblem } from './engine-interface.ts';

/** Measured speed order (issue 3, paper workload on a 2-core laptop): native 5.4 ms, wasm 15 ms, tfjs ≈ 380 ms per iteration. */
const SPEED_RANK: Record<EngineName, { rank: number; why: string }> = {
  native: { rank: 0, why: 'the native build is the fastest engine (about 5 ms per iteration of the paper model on a 2-core laptop)' },
  wasm: { rank: 1, why: 'WebAssembly SIMD runs about 25× faster than TF.js (about 15 ms per iteration of the paper model)' },
  webgpu: { rank: 2, why: 'the GPU engine helps only when a GPU adapter is present' },
  tfjs: { rank: 3, why: 'TF.js is the reference engine and the slowest (about 380 ms per iteration of the paper model)' },
};

/** Share of the free memory a run may use when no limit is given: leaves room for the OS, the app and the data. */
export const DEFAULT_MEMORY_SHARE = 0.5;

/** The engines this build knows, in no particular order; the factories are loaded lazily so a broken one cannot stop the others. */
export type EngineLoader = () => Promise<EngineFactory>;

export class EngineRegistry {
  constructor(private readonly loaders: Array<{ name: EngineName; load: EngineLoader }>) {}

  /** Availability of every known engine, fastest first. A factory that fails to load is reported, not thrown. */
  async list(): Promise<EngineAvailability[]> {
    const entries = [...this.loaders].sort((a, b) => SPEED_RANK[a.name].rank - SPEED_RANK[b.name].rank);
    const results: EngineAvailability[] = [];
    for (const entry of entries) results.push((await this.probe(entry)).availability);
    return results;
  }

  /**
   * The factory for a choice. `auto` takes the fastest available engine; a named engine that cannot run here is an
   * error with the reason. `why` says, in words, why this engine was taken.
   */
  async choose(choice: EngineChoice): Promise<{ factory: EngineFactory; why: string }> {
    const entries = [...this.loaders].sort((a, b) => SPEED_RANK[a.name].rank - SPEED_RANK[b.name].rank);
    if (choice !== 'auto') {
      const entry = entries.find((e) => e.name === choice);
      if (!entry) throw new Error(`--engine ${choice} is not part of this build; available here: ${entries.map((e) => e.name).join(', ') || 'none'}.`);
      const { factory, availability } = await this.probe(entry);
      if (!factory || !availability.available) throw new Error(`--engine ${choice} cannot run here: ${availability.reason}. Use --engine auto to take the fastest engine that can.`);
      return { factory, why: `asked for with --engine ${choice}: ${availability.reason}` };
    }
    const skipped: string[] = [];
    for (const entry of entries) {
      const { factory, availability } = await this.probe(entry);
      if (factory && availability.available) {
        const note = skipped.length ? ` (${skipped.join('; ')})` : '';
        return { factory, why: `auto picked the fastest engine available here: ${availability.reason}; ${SPEED_RANK[entry.name].why}${note}` };
      }
      skipped.push(`${entry.name} unavailable: ${availability.reason}`);
    }
    throw new Error(`No training engine can run on this machine: ${skipped.join('; ') || 'none is built in'}.`);
  }

  private async probe(entry: { name: EngineName; load: EngineLoader }): Promise<{ factory: EngineFactory | null; availability: EngineAvailability }> {
    try {
      const factory = await entry.load();
      return { factory, availability: await factory.availability() };
    } catch (error) {
      return { factory: null, availability: { name: entry.name, available: false, reason: `it failed to load (${(error as Error).message})` } };
    }
  }
}

/** The default memory limit: a share of the memory free right now. */
export function defaultMemoryLimit(): number {
  return Math.floor(freemem() * DEFAULT_MEMORY_SHARE);
}

/** Creates the engine only if its own estimate fits under `limitBytes`; otherwise refuses with both numbers. */
export async function createEngineWithinMemory(factory: EngineFactory, problem: TrainingProblem, limitBytes: number): Promise<TrainingEngine> {
  const estimate = factory.estimateMemoryBytes(problem);
  if (estimate > limitBytes) {
    throw new Error(
      `The ${factory.name} engine needs about ${formatBytes(estimate)} for this problem (${problem.genes} genes, ${problem.batch} trajectories, hidden ${problem.model.hidden.join(',') || 'none'}) but the memory limit is ${formatBytes(limitBytes)}. ` +
        'Use fewer genes, smaller hidden layers or fewer bins, or raise --memory-limit.',
    );
  }
  return factory.create(problem);
}

export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** Parses a size like `512M`, `2G`, `1.5GiB` or a plain number of bytes; null when it is not one. */
export function parseByteSize(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?\s*$/i.exec(text);
  if (!match) return null;
  const power = ['', 'k', 'm', 'g', 't'].indexOf(match[2].toLowerCase());
  const bytes = Number(match[1]) * 1024 ** power;
  return Number.isFinite(bytes) && bytes > 0 ? Math.floor(bytes) : null;
}

/** Which TF.js backend the reference engine uses: wasm when it loads (same arithmetic, several times faster), else cpu. */
export type TfjsBackendChoice = 'auto' | 'wasm' | 'cpu';

export interface RegistryOptions {
  tfjsBackend?: TfjsBackendChoice;
  /** Handed to engines that enforce a limit of their own as well (the fused engines), so both agree. */
  memoryLimitBytes?: number;
}

/** The engines of this build. Each loader imports its engine only when asked, so a missing optional build is a reason, not a crash. */
export function defaultEngineRegistry(options: RegistryOptions = {}): EngineRegistry {
  const tfjsBackend = options.tfjsBackend ?? 'auto';
  return new EngineRegistry([
    { name: 'tfjs', load: () => loadTfjsFactory(tfjsBackend) },
    {
      name: 'wasm',
      load: async () => {
        const { createWasmEngineFactory } = await import('./wasm/wasm-engine.ts');
        return createWasmEngineFactory({ memoryLimitBytes: options.memoryLimitBytes });
      },
    },
    { name: 'native', load: async () => (await import('./native/native-engine.ts')).createNativeEngineFactory({ memoryLimitBytes: options.memoryLimitBytes }) },
  ]);
}

async function loadTfjsFactory(backend: TfjsBackendChoice): Promise<EngineFactory> {
  const { createTfjsEngineFactory } = await import('./reference/tfjs-engine.ts');
  if (backend !== 'auto') return createTfjsEngineFactory({ backend });
  const wasm = createTfjsEngineFactory({ backend: 'wasm' });
  const availability = await wasm.availability();
  if (availability.available) return wasm;
  const cpu = createTfjsEngineFactory({ backend: 'cpu' });
  // Keep the reason the faster backend was passed over visible in `pathreg engines` and the run log.
  return {
    ...cpu,
    name: cpu.name,
    estimateMemoryBytes: (problem) => cpu.estimateMemoryBytes(problem),
    create: (problem) => cpu.create(problem),
    availability: async () => {
      const own = await cpu.availability();
      return { ...own, reason: `${own.reason} (the wasm backend was not used: ${availability.reason})` };
    },
  };
}
