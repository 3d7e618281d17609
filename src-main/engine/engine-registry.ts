/**
 * Which training engines exist, which can run here (and why not), which one `auto` picks, and the memory check
 * that refuses a problem before any engine allocates for it.
 */
import { freemem } from 'node:os';
import type { EngineChoice, EngineName } from '../../src-shared/run-config.ts';
import type { EngineAvailability, EngineFactory, TrainingEngine, TrainingProblem } from './engine-interface.ts';
import { estimateGpuGain } from './gpu-gain-estimate.ts';
import type { GpuAdapterDescription } from './webgpu/gpu-device.ts';
import { probeTfjsNode, type ModuleImporter, type TfjsNodePackage } from './tfjs-node-backend.ts';

/**
 * Speed order of the CPU engines, measured at workload S (docs/benchmarks.md, "Engines", issue 3 run 6: 529 genes,
 * hidden [100, 100], batch 3, 50 bins): native 2.5–2.9 ms, wasm 5.5–5.9 ms, TF.js on its wasm backend about 300 ms
 * per iteration. The GPU engine sits after the CPU engines in this order: `auto` takes it only by the separate check
 * in choose() (a hardware adapter and a problem large enough to gain).
 */
const SPEED_RANK: Record<EngineName, { rank: number; why: string }> = {
  native: { rank: 0, why: 'the native build is the fastest CPU engine (about 2.5 ms per iteration of the paper model on one core)' },
  wasm: { rank: 1, why: 'WebAssembly SIMD runs about 50× faster than TF.js (about 5.5 ms per iteration of the paper model)' },
  webgpu: { rank: 2, why: 'the GPU engine, taken by auto only on a hardware GPU and for problems large enough to gain' },
  tfjs: {
    rank: 3,
    why: 'TF.js is the reference engine and the slowest (about 300 ms per iteration of the paper model on its wasm backend)',
  },
};

/** Share of the free memory a run may use when no limit is given: leaves room for the OS, the app and the data. */
export const DEFAULT_MEMORY_SHARE = 0.5;

/** The engines this build knows, in no particular order; the factories are loaded lazily so a broken one cannot stop the others. */
export type EngineLoader = () => Promise<EngineFactory>;

export interface EngineEntry {
  name: EngineName;
  load: EngineLoader;
  /** True for an engine that computes on a GPU: `--engine cpu` (continue on the CPU) skips it. */
  usesGpu?: boolean;
}

export type { GpuAdapterDescription };

export interface EngineRegistryOptions {
  /** Describes the GPU adapter; defaults to the webgpu engine's own probe, loaded lazily. */
  describeGpu?: () => Promise<GpuAdapterDescription>;
}

export class EngineRegistry {
  private readonly describeGpu: () => Promise<GpuAdapterDescription>;

  constructor(
    private readonly loaders: EngineEntry[],
    options: EngineRegistryOptions = {},
  ) {
    this.describeGpu = options.describeGpu ?? describeGpuAdapterLazily;
  }

  /** Availability of every known engine, fastest first. A factory that fails to load is reported, not thrown. */
  async list(): Promise<EngineAvailability[]> {
    const results: EngineAvailability[] = [];
    for (const entry of this.ranked()) results.push((await this.probe(entry)).availability);
    return results;
  }

  /**
   * The factory for a choice. `auto` takes the fastest available CPU engine, or the GPU engine when a hardware
   * adapter is present and `problem` is large enough to gain from it (without a problem, auto stays on the CPU);
   * `cpu` takes the fastest available engine that does not use a GPU (to continue a run whose GPU failed). A named
   * engine that cannot run here is an error with the reason. `why` says, in words, why this engine was taken.
   */
  async choose(choice: EngineChoice, problem?: TrainingProblem): Promise<{ factory: EngineFactory; why: string }> {
    const entries = this.ranked();
    if (choice !== 'auto' && choice !== 'cpu') {
      const entry = entries.find((e) => e.name === choice);
      if (!entry)
        throw new Error(
          `--engine ${choice} is not part of this build; available here: ${entries.map((e) => e.name).join(', ') || 'none'}.`,
        );
      const { factory, availability } = await this.probe(entry);
      if (!factory || !availability.available)
        throw new Error(
          `--engine ${choice} cannot run here: ${availability.reason}. Use --engine auto to take the fastest engine that can.`,
        );
      return { factory, why: `asked for with --engine ${choice}: ${availability.reason}` };
    }
    const skipped: string[] = [];
    let cpu: { entry: EngineEntry; factory: EngineFactory; availability: EngineAvailability } | null = null;
    for (const entry of entries) {
      if (entry.usesGpu) continue;
      const { factory, availability } = await this.probe(entry);
      if (factory && availability.available) {
        cpu = { entry, factory, availability };
        break;
      }
      skipped.push(`${entry.name} unavailable: ${availability.reason}`);
    }
    const gpuNote =
      choice === 'cpu' ? 'GPU engines left out: the run asked for the CPU' : await this.gpuPassedOver(entries, problem, cpu?.entry.name);
    if (typeof gpuNote === 'object') return gpuNote;
    if (!cpu) throw new Error(`No training engine can run on this machine: ${[...skipped, gpuNote].join('; ') || 'none is built in'}.`);
    const notes = [...skipped, gpuNote].filter((note) => note !== '');
    const picked = choice === 'cpu' ? 'the fastest engine that does not use a GPU' : 'the fastest engine available here';
    return {
      factory: cpu.factory,
      why: `${choice} picked ${picked}: ${cpu.availability.reason}; ${SPEED_RANK[cpu.entry.name].why}${notes.length ? ` (${notes.join('; ')})` : ''}`,
    };
  }

  /**
   * The GPU engine as auto's choice when it should win, else the words saying why it was passed over ('' when this
   * build has no GPU engine).
   */
  private async gpuPassedOver(
    entries: EngineEntry[],
    problem: TrainingProblem | undefined,
    cpuName: EngineName | undefined,
  ): Promise<{ factory: EngineFactory; why: string } | string> {
    const entry = entries.find((e) => e.usesGpu);
    if (!entry) return '';
    const { factory, availability } = await this.probe(entry);
    if (!factory || !availability.available) return `${entry.name} unavailable: ${availability.reason}`;
    let adapter: GpuAdapterDescription;
    try {
      adapter = await this.describeGpu();
    } catch (error) {
      return `${entry.name} not used: the GPU adapter could not be described (${(error as Error).message})`;
    }
    if (!adapter.present) return `${entry.name} not used: ${adapter.reason}`;
    if (adapter.software) {
      return `${entry.name} not used: its adapter (${adapter.description}) is a software rasteriser running on the CPU, slower than the CPU engines, which auto never picks; --engine ${entry.name} still runs on it`;
    }
    if (!problem) return `${entry.name} not used: auto takes the GPU (${adapter.description}) only for a problem known to be large enough`;
    const cpuEngine = cpuName === 'native' || cpuName === 'wasm' || cpuName === 'tfjs' ? cpuName : 'tfjs';
    const estimate = estimateGpuGain(problem, cpuEngine);
    if (!estimate.prefersGpu) return `${entry.name} on ${adapter.description} not used: ${estimate.explanation}`;
    return { factory, why: `auto picked the GPU engine on ${adapter.description}: ${estimate.explanation}` };
  }

  /**
   * The engine for the per-cell Dormand–Prince evaluation after training on `trained`: the same one, except after the
   * webgpu engine, which integrates RK4 only; then the fastest CPU engine, with the words to log.
   */
  async chooseForEvaluation(trained: EngineFactory): Promise<{ factory: EngineFactory; note: string | null }> {
    if (trained.name !== 'webgpu') return { factory: trained, note: null };
    const { factory } = await this.choose('cpu');
    return { factory, note: `the per-cell evaluation (Dormand–Prince) runs on ${factory.name}: the webgpu engine integrates RK4 only` };
  }

  /** What the GPU adapter here is (for `pathreg engines`); a failing probe is described, not thrown. */
  async gpuAdapter(): Promise<GpuAdapterDescription> {
    try {
      return await this.describeGpu();
    } catch (error) {
      return {
        present: false,
        software: false,
        description: 'none',
        reason: `the GPU adapter could not be described (${(error as Error).message})`,
      };
    }
  }

  private ranked(): EngineEntry[] {
    return [...this.loaders].sort((a, b) => SPEED_RANK[a.name].rank - SPEED_RANK[b.name].rank);
  }

  private async probe(entry: EngineEntry): Promise<{ factory: EngineFactory | null; availability: EngineAvailability }> {
    try {
      const factory = await entry.load();
      return { factory, availability: await factory.availability() };
    } catch (error) {
      return { factory: null, availability: { name: entry.name, available: false, reason: explainLoadFailure(entry.name, error) } };
    }
  }
}

/** A missing optional engine module is a reason in words; anything else is named as it is. */
function explainLoadFailure(name: EngineName, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' && message.includes(`/engine/${name}/`))
    return `the ${name} engine is not part of this build (${message.split('\n')[0]})`;
  return `it failed to load (${message})`;
}

/** The webgpu engine's adapter probe (Dawn in Node, navigator.gpu in a page), imported only when asked so its absence is a reason, not a crash. */
async function describeGpuAdapterLazily(): Promise<GpuAdapterDescription> {
  let engine: typeof import('./webgpu/webgpu-engine.ts');
  try {
    engine = await import('./webgpu/webgpu-engine.ts');
  } catch (error) {
    return { present: false, software: false, description: 'none', reason: explainLoadFailure('webgpu', error) };
  }
  return engine.describeGpuAdapter();
}

/** The default memory limit: a share of the memory free right now. */
export function defaultMemoryLimit(): number {
  return Math.floor(freemem() * DEFAULT_MEMORY_SHARE);
}

/** Creates the engine only if its own estimate fits under `limitBytes`; otherwise refuses with both numbers. */
export async function createEngineWithinMemory(
  factory: EngineFactory,
  problem: TrainingProblem,
  limitBytes: number,
): Promise<TrainingEngine> {
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

/**
 * Which TF.js backend the reference engine uses: auto takes wasm when it loads (same arithmetic, several times faster),
 * else cpu. `node` and `node-gpu` use libtensorflow through the optional @tensorflow/tfjs-node[-gpu] packages, only
 * when asked for (tfjs-node-backend.ts explains why they are optional).
 */
export type TfjsBackendChoice = 'auto' | 'wasm' | 'cpu' | 'node' | 'node-gpu';
export const TFJS_BACKEND_CHOICES: readonly TfjsBackendChoice[] = ['auto', 'wasm', 'cpu', 'node', 'node-gpu'];

export interface RegistryOptions {
  tfjsBackend?: TfjsBackendChoice;
  /** Handed to engines that enforce a limit of their own as well (the fused engines), so both agree. */
  memoryLimitBytes?: number;
  /** For tests: how the optional tfjs-node packages are imported. */
  importModule?: ModuleImporter;
  describeGpu?: () => Promise<GpuAdapterDescription>;
}

/** The engines of this build. Each loader imports its engine only when asked, so a missing optional build is a reason, not a crash. */
export function defaultEngineRegistry(options: RegistryOptions = {}): EngineRegistry {
  const tfjsBackend = options.tfjsBackend ?? 'auto';
  return new EngineRegistry(
    [
      { name: 'tfjs', load: () => loadTfjsFactory(tfjsBackend, options.importModule), usesGpu: tfjsBackend === 'node-gpu' },
      {
        name: 'wasm',
        load: async () => {
          const { createWasmEngineFactory } = await import('./wasm/wasm-engine.ts');
          return createWasmEngineFactory({ memoryLimitBytes: options.memoryLimitBytes });
        },
      },
      {
        name: 'native',
        load: async () =>
          (await import('./native/native-engine.ts')).createNativeEngineFactory({ memoryLimitBytes: options.memoryLimitBytes }),
      },
      { name: 'webgpu', load: () => loadWebGpuFactory(options.memoryLimitBytes), usesGpu: true },
    ],
    { describeGpu: options.describeGpu },
  );
}

/** The webgpu engine, imported when first asked for (like the other engines), so a failing load is a reason. */
async function loadWebGpuFactory(memoryLimitBytes: number | undefined): Promise<EngineFactory> {
  return (await import('./webgpu/webgpu-engine.ts')).createWebGpuEngineFactory({ memoryLimitBytes });
}

/** Whether the tfjs engine can run on one backend, and why not: each backend of `pathreg engines`. */
export async function tfjsBackendAvailability(
  backend: Exclude<TfjsBackendChoice, 'auto'>,
  importModule?: ModuleImporter,
): Promise<EngineAvailability> {
  try {
    return await (await loadTfjsFactory(backend, importModule)).availability();
  } catch (error) {
    return { name: 'tfjs', available: false, reason: `it failed to load (${(error as Error).message})` };
  }
}

async function loadTfjsFactory(backend: TfjsBackendChoice, importModule?: ModuleImporter): Promise<EngineFactory> {
  const { createTfjsEngineFactory } = await import('./reference/tfjs-engine.ts');
  if (backend === 'node' || backend === 'node-gpu') {
    const pkg: TfjsNodePackage = backend === 'node' ? '@tensorflow/tfjs-node' : '@tensorflow/tfjs-node-gpu';
    const probe = await probeTfjsNode(pkg, importModule);
    const factory = createTfjsEngineFactory({ backend: 'tensorflow' });
    return withAvailability(factory, async () => {
      if (!probe.available) return { name: 'tfjs', available: false, reason: probe.reason };
      const own = await factory.availability();
      return { ...own, reason: `${own.reason} (${probe.reason})` };
    });
  }
  if (backend !== 'auto') return createTfjsEngineFactory({ backend });
  const wasm = createTfjsEngineFactory({ backend: 'wasm' });
  const availability = await wasm.availability();
  if (availability.available) return wasm;
  const cpu = createTfjsEngineFactory({ backend: 'cpu' });
  // Keep the reason the faster backend was passed over visible in `pathreg engines` and the run log.
  return withAvailability(cpu, async () => {
    const own = await cpu.availability();
    return { ...own, reason: `${own.reason} (the wasm backend was not used: ${availability.reason})` };
  });
}

function withAvailability(factory: EngineFactory, availability: () => Promise<EngineAvailability>): EngineFactory {
  return {
    name: factory.name,
    estimateMemoryBytes: (problem) => factory.estimateMemoryBytes(problem),
    create: (problem) => factory.create(problem),
    availability,
  };
}
