// The one fit on the webgpu engine (SwiftShader where there is no GPU): the best model is kept beside the last one
// and read out, and a run stopped part-way and resumed with --resume gives the same network and metrics as a run
// straight through — the parameters travel between the device and the checkpoints bit for bit.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitOptionSpecs, fitSettingsFromOptions } from '../../../src-main/cli/commands/fit.ts';
import { parseOptions } from '../../../src-main/cli/option-parser.ts';
import { EngineRegistry } from '../../../src-main/engine/engine-registry.ts';
import { bestCheckpointPath, readCheckpoint } from '../../../src-main/engine/training/checkpoint.ts';
import { VALIDATE_EVERY } from '../../../src-main/engine/training/run-training.ts';
import { wasmEngineFactory } from '../../../src-main/engine/wasm/wasm-engine.ts';
import { webGpuEngineFactory } from '../../../src-main/engine/webgpu/webgpu-engine.ts';
import { runFit } from '../../../src-main/fit/run-fit.ts';
import { RUN_RECORD_CIRCUMSTANCES } from '../../../src-shared/contract/run-record.ts';
import { writeTrajectoryFolder } from '../cli/cli-harness.ts';
import { noAdapter, testAdapter } from '../engine/webgpu/webgpu-test-adapter.ts';

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-fit-webgpu-'));
  data = await writeTrajectoryFolder(join(root, 'trajectories'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

// The fit evaluates held-out donors on a CPU engine: wasm, which every machine has.
const registry = new EngineRegistry(
  [
    { name: 'webgpu', load: async () => webGpuEngineFactory, usesGpu: true },
    { name: 'wasm', load: async () => wasmEngineFactory, usesGpu: false },
  ],
  { describeGpu: async () => testAdapter },
);
const quiet = { log: () => undefined };
const settingsFor = (argv: string[]) =>
  fitSettingsFromOptions(parseOptions('fit', argv, fitOptionSpecs()), ['pathreg', 'fit', ...argv].join(' '));
const fitArgs = (out: string, iterations: number): string[] => [
  '--data',
  data,
  '--train',
  '12',
  '--test',
  '21',
  '--iterations',
  String(iterations),
  '--checkpoint-every',
  '40',
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

async function metricsOf(folder: string): Promise<Record<string, unknown>> {
  const metrics = JSON.parse(await readFile(join(folder, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  for (const key of RUN_RECORD_CIRCUMSTANCES) delete metrics[key];
  return metrics;
}

describe.skipIf(noAdapter)('pathreg fit on the webgpu engine', () => {
  it('keeps the best model by validation, and a resumed run equals one straight through', async () => {
    const straight = join(root, 'straight');
    const done = await runFit(await settingsFor(fitArgs(straight, 120)), { registry, sink: quiet });
    expect(done.status).toBe('completed');
    if (done.status !== 'completed') return;
    expect(done.metrics.engine).toBe('webgpu');
    // Validated every VALIDATE_EVERY (10) iterations: the best is one of them, its checkpoint is on disk beside the last.
    const bestIteration = done.metrics.best_iteration;
    expect(bestIteration! % VALIDATE_EVERY).toBe(0);
    expect(bestIteration).toBeGreaterThanOrEqual(VALIDATE_EVERY);
    expect(bestIteration).toBeLessThanOrEqual(120);
    const best = await readCheckpoint(bestCheckpointPath(join(straight, 'checkpoint.bin')));
    expect(best.iteration).toBe(bestIteration);
    const last = await readCheckpoint(join(straight, 'checkpoint.bin'));
    expect(last.iteration).toBe(120);
    expect(last.best?.iteration).toBe(bestIteration);
    expect(Array.from(last.best!.parameters)).toEqual(Array.from(best.parameters));
    // Only scheduled validations compete (so a resumed run picks the same best): the last model (120) may be better.
    expect(Number.isFinite(done.metrics.best_validation_loss)).toBe(true);
    expect(done.metrics.rejected_iterations).toBe(0);

    // The same fit stopped at 60 (at a validation, between checkpoints 40 and 80), then continued to 120.
    const resumed = join(root, 'resumed');
    const first = await runFit(await settingsFor(fitArgs(resumed, 60)), { registry, sink: quiet });
    expect(first.status).toBe('completed');
    const second = await runFit(await settingsFor([...fitArgs(resumed, 120), '--resume']), { registry, sink: quiet });
    expect(second.status).toBe('completed');
    if (second.status !== 'completed') return;
    expect(second.metrics.provenance).toMatchObject({ resumed: true });
    const edges = await Promise.all([straight, resumed].map((folder) => readFile(join(folder, 'edges.csv'))));
    expect(edges[0].length).toBeGreaterThan(30);
    expect(Buffer.compare(edges[0], edges[1])).toBe(0);
    expect(await metricsOf(resumed)).toEqual(await metricsOf(straight));
    const resumedLast = await readCheckpoint(join(resumed, 'checkpoint.bin'));
    expect(Array.from(resumedLast.parameters)).toEqual(Array.from(last.parameters));
    expect(existsSync(bestCheckpointPath(join(resumed, 'checkpoint.bin')))).toBe(true);
  }, 600_000);
});
