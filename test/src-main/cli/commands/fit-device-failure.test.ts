import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  continueOnCpuCommand,
  deviceFailureReport,
  fitOptionSpecs,
  fitSettingsFromOptions,
} from '../../../../src-main/cli/commands/fit.ts';
import { parseOptions } from '../../../../src-main/cli/option-parser.ts';
import { defaultEngineRegistry, EngineRegistry } from '../../../../src-main/engine/engine-registry.ts';
import type { EngineFactory } from '../../../../src-main/engine/engine-interface.ts';
import { readCheckpoint } from '../../../../src-main/engine/training/checkpoint.ts';
import { wasmEngineFactory } from '../../../../src-main/engine/wasm/wasm-engine.ts';
import { runFit } from '../../../../src-main/fit/run-fit.ts';
import { writeTrajectoryFolder } from '../cli-harness.ts';
import { FailingDeviceEngine } from '../../engine/training/device-engines.ts';

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-fit-gpu-'));
  data = await writeTrajectoryFolder(join(root, 'trajectories'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A "webgpu" engine whose device is lost at trainStep call `failAtCall`: the wasm engine's numbers until then. */
function failingGpuRegistry(failAtCall: number): EngineRegistry {
  const factory: EngineFactory = {
    name: 'webgpu',
    availability: async () => ({ name: 'webgpu', available: true, reason: 'test GPU' }),
    estimateMemoryBytes: (problem) => wasmEngineFactory.estimateMemoryBytes(problem),
    create: async (problem) =>
      new FailingDeviceEngine(await wasmEngineFactory.create(problem), { failAtCall, name: 'webgpu', synchronizeFailsAfter: true }),
  };
  return new EngineRegistry([{ name: 'webgpu', load: async () => factory, usesGpu: true }], {
    describeGpu: async () => ({ present: true, software: false, description: 'test GPU', reason: 'test' }),
  });
}

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const settingsFor = (argv: string[]) =>
  fitSettingsFromOptions(parseOptions('fit', argv, fitOptionSpecs()), ['pathreg', 'fit', ...argv].join(' '));
const quiet = { log: () => undefined };

describe('pathreg fit when the GPU fails', () => {
  it('stops with the checkpoint kept, prints the command to continue on the CPU, and that command finishes the run', async () => {
    const out = join(root, 'run gpu');
    const argv = [
      '--data',
      data,
      '--train',
      '12',
      '--test',
      '21',
      '--iterations',
      '12',
      '--checkpoint-every',
      '4',
      '--hidden',
      '4',
      '--bins',
      '5',
      '--tf-list',
      'none',
      '--engine',
      'webgpu',
      '--out',
      out,
    ];
    const failed = await runFit(await settingsFor(argv), { registry: failingGpuRegistry(7), sink: quiet });
    expect(failed.status).toBe('device-failed');
    if (failed.status !== 'device-failed') return;
    expect(failed.iteration).toBe(6);
    expect(failed.checkpointIteration).toBe(4);
    expect(failed.checkpointPath).toBe(join(out, 'checkpoint.bin'));
    expect((await readCheckpoint(failed.checkpointPath!)).iteration).toBe(4);
    expect(existsSync(join(out, 'metrics.json'))).toBe(false);

    const report = deviceFailureReport(failed, argv, out);
    expect(report[0]).toMatch(
      /^pathreg fit: The webgpu engine lost its GPU .*Training stopped after iteration 6; the checkpoint at iteration 4 is kept at ".*checkpoint\.bin"/,
    );
    expect(report[1]).toBe('Continue on the CPU from iteration 4 with:');
    expect(report[2]).toContain(`--out '${out}' --resume --engine cpu`);
    expect(report[2]).not.toContain('--engine webgpu');

    // Run exactly what was printed (the shell would unquote the folder name).
    const printed = report[2]
      .trim()
      .split(/ (?=(?:[^']*'[^']*')*[^']*$)/)
      .slice(2)
      .map((arg) => arg.replace(/^'(.*)'$/, '$1'));
    const resumed = await runFit(await settingsFor(printed), { registry: defaultEngineRegistry(), sink: quiet });
    expect(resumed.status).toBe('completed');
    if (resumed.status !== 'completed') return;
    expect(resumed.metrics.iterations).toBe(12);
    expect(['native', 'wasm']).toContain(resumed.metrics.engine);
    expect(resumed.metrics.provenance).toMatchObject({ resumed: true });
    // The whole run equals one that ran on that CPU engine from the start, within float32 rounding (the first four
    // iterations ran on wasm inside the failing double).
    const straightOut = join(root, 'run-cpu');
    const straight = await runFit(await settingsFor([...argv.slice(0, -4), '--engine', resumed.metrics.engine, '--out', straightOut]), {
      registry: defaultEngineRegistry(),
      sink: quiet,
    });
    if (straight.status !== 'completed') throw new Error('the straight run did not complete');
    expect(resumed.metrics.train_mse).toBeCloseTo(straight.metrics.train_mse!, 4);
    expect(JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')).iterations).toBe(12);
  });

  it('writes the starting state when the GPU fails before the first checkpoint, so --resume still works', async () => {
    const out = join(root, 'run-early');
    const argv = [
      '--data',
      data,
      '--train',
      '12',
      '--iterations',
      '6',
      '--checkpoint-every',
      '100',
      '--hidden',
      '4',
      '--bins',
      '5',
      '--tf-list',
      'none',
      '--engine',
      'webgpu',
      '--out',
      out,
    ];
    const failed = await runFit(await settingsFor(argv), { registry: failingGpuRegistry(2), sink: quiet });
    if (failed.status !== 'device-failed') throw new Error(`expected device-failed, got ${failed.status}`);
    expect(failed.checkpointIteration).toBe(0);
    expect((await readCheckpoint(join(out, 'checkpoint.bin'))).iteration).toBe(0);
    expect(deviceFailureReport(failed, argv, out)[1]).toBe('Continue on the CPU from iteration 0 with:');
  });

  it('a run trained on the real webgpu engine is evaluated per cell on a CPU engine (the GPU engine integrates RK4 only)', async ({
    skip,
  }) => {
    // SwiftShader's Vulkan driver where there is no GPU; the Vulkan loader reads this when Dawn first asks for an adapter.
    if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    const registry = defaultEngineRegistry();
    const adapter = await registry.gpuAdapter();
    if (!adapter.present) skip(`no WebGPU adapter: ${adapter.reason}`);
    const out = join(root, 'run-webgpu');
    const lines: string[] = [];
    const argv = [
      '--data',
      data,
      '--train',
      '12',
      '--test',
      '21',
      '--iterations',
      '4',
      '--hidden',
      '4',
      '--bins',
      '5',
      '--tf-list',
      'none',
      '--engine',
      'webgpu',
      '--out',
      out,
    ];
    const outcome = await runFit(await settingsFor(argv), { registry, sink: { log: (line: string) => lines.push(line) } });
    if (outcome.status !== 'completed') throw new Error(`expected completed, got ${outcome.status}: ${JSON.stringify(outcome)}`);
    expect(outcome.metrics.engine).toBe('webgpu');
    expect(lines.join('\n')).toMatch(
      /note: the per-cell evaluation \(Dormand–Prince\) runs on (native|wasm): the webgpu engine integrates RK4 only/,
    );
    expect(Number.isFinite(outcome.metrics.test_mse['21'])).toBe(true);
  });

  it('builds the continue command from the command line: engine and tfjs backend replaced, --out pinned, quoting for the shell', () => {
    expect(
      continueOnCpuCommand(['--data', 'a b.h5ad', '--engine=webgpu', '--tfjs-backend', 'node-gpu', '--lr', '0.01'], 'runs/fit-1', true),
    ).toBe("pathreg fit --data 'a b.h5ad' --lr 0.01 --out runs/fit-1 --resume --engine cpu");
    expect(continueOnCpuCommand(['--data', 'x', '--out', 'mine', '--resume', '--engine', 'auto'], 'mine', false)).toBe(
      'pathreg fit --data x --out mine --engine cpu',
    );
    expect(continueOnCpuCommand(['--data', "it's"], 'o', true)).toBe(`pathreg fit --data 'it'\\''s' --out o --resume --engine cpu`);
  });
});
