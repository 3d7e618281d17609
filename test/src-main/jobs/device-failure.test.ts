// A run whose GPU is lost, through the app's session and job runner: the run fails with the message and the kept
// checkpoint, and training:continue with engine 'cpu' (the "Continue on CPU" action) finishes it on a CPU engine.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import type { DatasetInfo } from '../../../src-shared/contract/types.ts';
import { requestSchemas } from '../../../src-shared/contract/schemas.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../../src-shared/run-config.ts';
import { waitForRunState } from '../session/session-calls.ts';

let session: AppSession;
let sessionDir: string;
let dataset: DatasetInfo;

const SMALL: TrainingConfig = {
  ...PAPER_DEFAULTS,
  model: { hidden: [6], activation: 'first' },
  solver: { kind: 'rk4', bins: 8, substeps: 1 },
  engine: 'webgpu',
  iterations: 30,
  checkpointEvery: 10,
};

beforeAll(async () => {
  sessionDir = await mkdtemp(path.join(tmpdir(), 'pathreg-device-failure-'));
  session = await createAppSession({
    transport: 'http',
    sessionDir,
    workers: {
      training: new URL('./fixtures/gpu-failing-worker.ts', import.meta.url),
      dataset: new URL('../../../src-main/jobs/dataset-worker.ts', import.meta.url),
    },
  });
  dataset = await session.handlers['dataset:open-example']({ exampleId: 'hematopoiesis' });
});

afterAll(async () => {
  await session.dispose();
  await rm(sessionDir, { recursive: true, force: true });
});

describe('a GPU lost during an app run', () => {
  it('fails the run with the message and the kept checkpoint, and Continue on CPU resumes it to completion', async () => {
    const selection = { ...dataset.suggestedSelection!, genes: dataset.geneNames.slice(0, 6) };
    const run = await session.handlers['training:start']({ datasetId: dataset.datasetId, label: 'gpu', selection, config: SMALL });
    const { run: failed } = await waitForRunState(session, run.runId, (r) => r.state === 'failed' || r.state === 'completed', 60_000);
    expect(failed.state).toBe('failed');
    expect(failed.engine).toBe('webgpu');
    expect(failed.message).toMatch(
      /The webgpu engine lost its GPU .*Training stopped after iteration 14; the checkpoint at iteration 10 is kept at ".*checkpoint\.bin"; iterations 11–14 were on the device only and are lost\./,
    );
    expect(failed.deviceFailure).toEqual({ engine: 'webgpu', checkpointIteration: 10 });

    // The request the renderer's button sends, checked by the contract's schema as both transports do.
    const request = requestSchemas['training:continue'].parse({ runId: run.runId, iterations: failed.iterations, engine: 'cpu' });
    const continued = await session.handlers['training:continue'](request);
    expect(continued.label).toBe('gpu (continued on the CPU)');
    expect(continued.iteration).toBe(10);
    expect(continued.config.engine).toBe('cpu');
    const { run: done } = await waitForRunState(session, continued.runId, (r) => r.state === 'completed' || r.state === 'failed', 90_000);
    // A short test run may carry the fit's warnings (e.g. a dense network); nothing went wrong in training.
    expect(done.message ?? '').not.toMatch(/restarted|failed|stopped/i);
    expect(done.state).toBe('completed');
    expect(['native', 'wasm']).toContain(done.engine);
    expect(done.engineReason).toMatch(/^cpu picked the fastest engine that does not use a GPU.*iterations 1–10 ran on webgpu/);
    const result = await session.handlers['run:result']({ runId: continued.runId });
    expect(result.metrics.iterations).toBe(30);
    // The continued run's first progress is the iteration after the checkpoint.
    const snapshot = await session.handlers['training:subscribe']({ runId: continued.runId });
    expect(snapshot.history[0].iteration).toBe(11);
  });
});
