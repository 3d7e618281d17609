import { describe, expect, it } from 'vitest';
import type { EngineFactory, TrainingProblem } from '../../../src-main/engine/engine-interface.ts';
import { createEngineWithinMemory, EngineRegistry, parseByteSize } from '../../../src-main/engine/engine-registry.ts';
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
    ...broken.map((name) => ({ name, load: async (): Promise<EngineFactory> => { throw new Error('the .wasm file is corrupted'); } })),
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
    const { factory, why } = await registry([fakeFactory('tfjs', true), fakeFactory('wasm', true), fakeFactory('native', false)]).choose('auto');
    expect(factory.name).toBe('wasm');
    expect(why).toMatch(/fastest engine available here: wasm ready/);
    expect(why).toMatch(/native unavailable: native is not built here/);
  });

  it('refuses a named engine that cannot run here, with the reason', async () => {
    await expect(registry([fakeFactory('tfjs', true), fakeFactory('native', false)]).choose('native')).rejects.toThrow(/--engine native cannot run here: native is not built here/);
    await expect(registry([fakeFactory('tfjs', true)]).choose('webgpu')).rejects.toThrow(/--engine webgpu is not part of this build; available here: tfjs/);
    await expect(registry([fakeFactory('tfjs', false)]).choose('auto')).rejects.toThrow(/No training engine can run on this machine: tfjs unavailable/);
  });

  it('refuses a problem over the memory limit before creating the engine, with both numbers', async () => {
    const { problem } = smallProblem();
    let created = false;
    const factory = { ...fakeFactory('tfjs', true, 3 * 1024 ** 3), create: async (p: TrainingProblem) => { created = true; return new ToyEngine(p); } };
    await expect(createEngineWithinMemory(factory, problem, 2 * 1024 ** 3)).rejects.toThrow(/needs about 3\.0 GiB .* but the memory limit is 2\.0 GiB.*--memory-limit/);
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
});
