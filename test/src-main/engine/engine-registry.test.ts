import { describe, expect, it } from 'vitest';
import type { EngineFactory, TrainingProblem } from '../../../src-main/engine/engine-interface.ts';
import {
  createEngineWithinMemory,
  defaultEngineRegistry,
  EngineRegistry,
  parseByteSize,
  type GpuAdapterDescription,
} from '../../../src-main/engine/engine-registry.ts';
import type { EngineName } from '../../../src-shared/run-config.ts';
import { smallProblem } from './reference/small-problem.ts';
import { ToyEngine } from './training/toy-engine.ts';

/** A factory double: availability and memory estimate as told; creates the toy engine. */
function fakeFactory(name: EngineName, available: boolean, bytes = 1000): EngineFactory {
  return {
    name,
    availability: async () => ({ name, available, reason: available ? `${name} ready` : `${name} is not built here` }),
    estimateMemoryBytes: () => bytes,
    create: async (problem: TrainingProblem) => new ToyEngine(problem),
  };
}

const registry = (entries: EngineFactory[], broken: EngineName[] = []) =>
  new EngineRegistry([
    ...entries.map((f) => ({ name: f.name, load: async () => f })),
    ...broken.map((name) => ({
      name,
      load: async (): Promise<EngineFactory> => {
        throw new Error('the .wasm file is corrupted');
      },
    })),
  ]);

describe('engine registry', () => {
  it('lists every engine fastest first with its reason, including one that fails to load', async () => {
    const list = await registry([fakeFactory('tfjs', true), fakeFactory('native', false)], ['wasm']).list();
    expect(list.map((e) => e.name)).toEqual(['native', 'wasm', 'tfjs']);
    expect(list[0]).toEqual({ name: 'native', available: false, reason: 'native is not built here' });
    expect(list[1].available).toBe(false);
    expect(list[1].reason).toMatch(/failed to load \(the \.wasm file is corrupted\)/);
  });

  it('auto picks the fastest available engine and says why, naming the ones passed over', async () => {
    const { factory, why } = await registry([fakeFactory('tfjs', true), fakeFactory('wasm', true), fakeFactory('native', false)]).choose(
      'auto',
    );
    expect(factory.name).toBe('wasm');
    expect(why).toMatch(/fastest engine available here: wasm ready/);
    expect(why).toMatch(/native unavailable: native is not built here/);
  });

  it('refuses a named engine that cannot run here, with the reason', async () => {
    await expect(registry([fakeFactory('tfjs', true), fakeFactory('native', false)]).choose('native')).rejects.toThrow(
      /--engine native cannot run here: native is not built here/,
    );
    await expect(registry([fakeFactory('tfjs', true)]).choose('webgpu')).rejects.toThrow(
      /--engine webgpu is not part of this build; available here: tfjs/,
    );
    await expect(registry([fakeFactory('tfjs', false)]).choose('auto')).rejects.toThrow(
      /No training engine can run on this machine: tfjs unavailable/,
    );
  });

  it('refuses a problem over the memory limit before creating the engine, with both numbers', async () => {
    const { problem } = smallProblem();
    let created = false;
    const factory = {
      ...fakeFactory('tfjs', true, 3 * 1024 ** 3),
      create: async (p: TrainingProblem) => {
        created = true;
        return new ToyEngine(p);
      },
    };
    await expect(createEngineWithinMemory(factory, problem, 2 * 1024 ** 3)).rejects.toThrow(
      /needs about 3\.0 GiB .* but the memory limit is 2\.0 GiB.*--memory-limit/,
    );
    expect(created).toBe(false);
    await expect(createEngineWithinMemory(factory, problem, 4 * 1024 ** 3)).resolves.toBeInstanceOf(ToyEngine);
  });

  it('parses memory sizes', () => {
    expect(parseByteSize('512M')).toBe(512 * 1024 ** 2);
    expect(parseByteSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseByteSize('2g')).toBe(2 * 1024 ** 3);
    expect(parseByteSize('1000')).toBe(1000);
    expect(parseByteSize('lots')).toBeNull();
    expect(parseByteSize('0')).toBeNull();
    expect(parseByteSize('-5G')).toBeNull();
  });

  describe('the GPU engine and auto', () => {
    const hardware: GpuAdapterDescription = { present: true, software: false, description: 'NVIDIA H100 80GB HBM3', reason: 'can run' };
    const swiftshader: GpuAdapterDescription = {
      present: true,
      software: true,
      description: 'SwiftShader driver 5.0.0',
      reason: 'CPU emulation',
    };
    const gpuRegistry = (
      adapter: GpuAdapterDescription,
      cpu: EngineFactory[] = [fakeFactory('native', true), fakeFactory('wasm', true)],
    ) => {
      let described = 0;
      const registry = new EngineRegistry(
        [
          ...cpu.map((f) => ({ name: f.name, load: async () => f })),
          { name: 'webgpu' as const, load: async () => fakeFactory('webgpu', adapter.present), usesGpu: true },
        ],
        {
          describeGpu: async () => {
            described++;
            return adapter;
          },
        },
      );
      return { registry, described: () => described };
    };
    /** Workload L (2000 genes, hidden [256, 256], batch 16, 50 bins), or S (the paper's shape), or a toy one. */
    const largeShape = () => ({
      ...smallProblem().problem,
      genes: 2000,
      batch: 16,
      model: { hidden: [256, 256], activation: 'first' as const },
      solver: { kind: 'rk4' as const, bins: 50, substeps: 1 },
    });
    const paperShape = () => ({ ...largeShape(), genes: 529, batch: 3, model: { hidden: [100, 100], activation: 'first' as const } });
    const toyShape = () => smallProblem({ genes: 4, hidden: [5, 3] }).problem;

    it('prefers a hardware GPU for a problem large enough to gain, and says the estimate is provisional', async () => {
      const { factory, why } = await gpuRegistry(hardware).registry.choose('auto', largeShape());
      expect(factory.name).toBe('webgpu');
      expect(why).toMatch(
        /auto picked the GPU engine on NVIDIA H100 80GB HBM3: this problem is large enough for the GPU to gain: about 27 ms per iteration on the GPU against 124 ms on native/,
      );
      expect(why).toMatch(/provisional estimate .* until the webgpu engine is timed on a GPU/);
    });

    it('keeps a small problem on the CPU even with a hardware GPU, and says why; the paper shape goes to the GPU only against wasm', async () => {
      const { factory, why } = await gpuRegistry(hardware).registry.choose('auto', toyShape());
      expect(factory.name).toBe('native');
      expect(why).toMatch(/webgpu on NVIDIA H100 80GB HBM3 not used: this problem is too small for the GPU to gain/);
      expect((await gpuRegistry(hardware).registry.choose('auto', paperShape())).factory.name).toBe('native');
      expect(
        (await gpuRegistry(hardware, [fakeFactory('native', false), fakeFactory('wasm', true)]).registry.choose('auto', paperShape()))
          .factory.name,
      ).toBe('webgpu');
    });

    it('never auto-picks a software adapter (SwiftShader), even for a large problem; --engine webgpu still may', async () => {
      const { registry } = gpuRegistry(swiftshader);
      const { factory, why } = await registry.choose('auto', largeShape());
      expect(factory.name).toBe('native');
      expect(why).toMatch(
        /webgpu not used: its adapter \(SwiftShader driver 5\.0\.0\) is a software rasteriser .* which auto never picks; --engine webgpu still runs on it/,
      );
      expect((await registry.choose('webgpu')).factory.name).toBe('webgpu');
    });

    it('stays on the CPU without a problem to size, and without a GPU adapter', async () => {
      expect((await gpuRegistry(hardware).registry.choose('auto')).why).toMatch(
        /webgpu not used: auto takes the GPU .* only for a problem known to be large enough/,
      );
      const none = await gpuRegistry({
        present: false,
        software: false,
        description: '',
        reason: 'No GPU adapter was found',
      }).registry.choose('auto', largeShape());
      expect(none.factory.name).toBe('native');
      expect(none.why).toMatch(/webgpu unavailable: webgpu is not built here/);
    });

    it('cpu takes the fastest engine without a GPU, without even probing the adapter', async () => {
      const { registry, described } = gpuRegistry(hardware, [fakeFactory('native', false), fakeFactory('wasm', true)]);
      const { factory, why } = await registry.choose('cpu', paperShape());
      expect(factory.name).toBe('wasm');
      expect(why).toMatch(
        /^cpu picked the fastest engine that does not use a GPU: wasm ready.*native unavailable.*GPU engines left out: the run asked for the CPU\)$/,
      );
      expect(described()).toBe(0);
      await expect(gpuRegistry(hardware, [fakeFactory('wasm', false)]).registry.choose('cpu')).rejects.toThrow(
        /No training engine can run on this machine: wasm unavailable/,
      );
    });

    it('a dopri5 problem stays on the CPU: the GPU engine integrates RK4 only', async () => {
      const { why, factory } = await gpuRegistry(hardware).registry.choose('auto', smallProblem({ solver: 'dopri5' }).problem);
      expect(factory.name).toBe('native');
      expect(why).toMatch(/integrates with RK4 only/);
    });

    it('the default registry lists webgpu with its reason, from the adapter probe it is given', async () => {
      const list = await defaultEngineRegistry({ describeGpu: async () => swiftshader }).list();
      expect(list.map((e) => e.name)).toEqual(['native', 'wasm', 'webgpu', 'tfjs']);
      const webgpu = list.find((e) => e.name === 'webgpu')!;
      expect(typeof webgpu.reason).toBe('string');
      expect(webgpu.reason.length).toBeGreaterThan(10);
    });
  });
});
