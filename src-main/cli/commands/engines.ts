import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import type { EngineAvailability } from '../../engine/engine-interface.ts';
import {
  defaultEngineRegistry,
  tfjsBackendAvailability,
  TFJS_BACKEND_CHOICES,
  type GpuAdapterDescription,
  type RegistryOptions,
  type TfjsBackendChoice,
} from '../../engine/engine-registry.ts';

/** One line of `pathreg engines`: the registry's availability, plus the GPU adapter and the tfjs engine's backends. */
export type EngineReport = EngineAvailability & {
  /** webgpu: the adapter found here (a software one, e.g. SwiftShader, is never picked by --engine auto). */
  adapter?: { present: boolean; software: boolean; description: string };
  /** tfjs: each --tfjs-backend, including the optional CUDA one (node-gpu), with why it cannot run here. */
  backends?: Array<{ backend: Exclude<TfjsBackendChoice, 'auto'>; available: boolean; reason: string }>;
};

/** Every engine of this build, fastest first, with the details a user needs to see why one is (not) used. */
export async function describeEngines(options: Pick<RegistryOptions, 'importModule' | 'describeGpu'> = {}): Promise<EngineReport[]> {
  const registry = defaultEngineRegistry(options);
  const list: EngineReport[] = await registry.list();
  for (const entry of list) {
    if (entry.name === 'webgpu') {
      const adapter: GpuAdapterDescription = await registry.gpuAdapter();
      entry.adapter = { present: adapter.present, software: adapter.software, description: adapter.description };
    }
    if (entry.name === 'tfjs') {
      entry.backends = [];
      for (const backend of TFJS_BACKEND_CHOICES) {
        if (backend === 'auto') continue;
        const { available, reason } = await tfjsBackendAvailability(backend, options.importModule);
        entry.backends.push({ backend, available, reason });
      }
    }
  }
  return list;
}

/** `pathreg engines`: which training engines can run on this machine, fastest first, and why not. */
export const enginesCommand: Command = {
  name: 'engines',
  summary: 'list the training engines as JSON [{name, available, reason}], fastest first',
  async run(argv) {
    if (argv.includes('--help') || argv.includes('-h')) {
      process.stdout.write(
        'Usage: pathreg engines\n\n' +
          'Prints JSON [{name, available, reason}] for every engine of this build, fastest first; webgpu adds the GPU\n' +
          'adapter found (adapter), tfjs each --tfjs-backend it can use (backends: wasm, cpu, and the optional\n' +
          'libtensorflow ones, node and node-gpu for CUDA).\n' +
          '`--engine auto` takes the first available CPU engine, or webgpu on a hardware GPU for a problem large enough\n' +
          'to gain; `--engine cpu` the first available engine without a GPU.\n',
      );
      return 0;
    }
    if (argv.length) throw new UsageError(`takes no arguments, got "${argv.join(' ')}".`);
    process.stdout.write(`${JSON.stringify(await describeEngines(), null, 2)}\n`);
    return 0;
  },
};
