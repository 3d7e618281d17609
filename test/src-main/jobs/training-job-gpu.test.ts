// An app training job on the real webgpu engine (SwiftShader where there is no GPU), in process: it trains on the GPU
// and evaluates per cell on a CPU engine, since the GPU engine integrates RK4 only. Skips where no adapter exists.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultEngineRegistry } from '../../../src-main/engine/engine-registry.ts';
import { readCheckpoint } from '../../../src-main/engine/training/checkpoint.ts';
import { TrainingControl } from '../../../src-main/engine/training/training-control.ts';
import { describeDataset } from '../../../src-main/jobs/describe-dataset.ts';
import { openDatasetForJob } from '../../../src-main/jobs/open-dataset-for-job.ts';
import { runTrainingJob } from '../../../src-main/jobs/training-job.ts';
import type { WorkerToRunner } from '../../../src-main/jobs/training-protocol.ts';
import { APP_ROOT } from '../../../src-main/session/create-session.ts';
import { PAPER_DEFAULTS } from '../../../src-shared/run-config.ts';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;

let folder: string | null = null;
afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('an app job on the webgpu engine', () => {
  it('trains on the GPU, keeps the parameters it read back, and evaluates every donor on a CPU engine', async ({ skip }) => {
    const registry = defaultEngineRegistry();
    const adapter = await registry.gpuAdapter();
    if (!adapter.present) skip(`no WebGPU adapter: ${adapter.reason}`);
    folder = await mkdtemp(path.join(tmpdir(), 'pathreg-pipeline-gpu-'));
    const datasetPath = path.join(APP_ROOT, 'resources/examples/hematopoiesis');
    const dataset = await openDatasetForJob(datasetPath);
    const info = describeDataset(dataset, 'dataset-1');
    dataset.close();
    const selection = { ...info.suggestedSelection!, genes: info.geneNames.slice(0, 6) };
    const config = {
      ...PAPER_DEFAULTS,
      model: { hidden: [4], activation: 'first' as const },
      solver: { kind: 'rk4' as const, bins: 6, substeps: 1 },
      iterations: 5,
      checkpointEvery: 2,
      engine: 'webgpu' as const,
    };
    const messages: WorkerToRunner[] = [];
    await runTrainingJob(
      { runId: 'run-1', datasetPath, selection, config, tfList: { kind: 'default' }, folder, resumeCheckpoint: null },
      { registry, control: new TrainingControl(), post: (m: WorkerToRunner) => messages.push(m) },
    );
    const failed = messages.find((m) => m.type === 'failed' || m.type === 'device-failed');
    expect(failed, JSON.stringify(failed)).toBeUndefined();
    expect(messages.find((m) => m.type === 'engine')).toMatchObject({ engine: 'webgpu' });
    const done = messages.at(-1);
    if (done?.type !== 'done' || !done.result) throw new Error(`no result: ${JSON.stringify(done)}`);
    expect(done.result.metrics.engine).toBe('webgpu');
    expect(done.result.metrics.iterations).toBe(5);
    expect(Number.isFinite(done.result.metrics.train_mse)).toBe(true);
    expect(Object.keys(done.result.metrics.test_mse)).toEqual(['21']);
    // The checkpoint holds the state read back from the device: Adam's step count only the device advanced.
    const checkpoint = await readCheckpoint(path.join(folder, 'checkpoint.bin'));
    expect(checkpoint.iteration).toBe(5);
    expect(checkpoint.optimizer.step).toBe(5);
    expect(checkpoint.optimizer.v.some((value) => value > 0)).toBe(true);
  });
});
