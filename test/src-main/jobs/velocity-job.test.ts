// A velocity-method run in the app's session: started through the contract (its schema takes the method), trained
// in a worker, read back as a result; a pause is refused with a reason (the velocity fit cannot pause) and a cancel
// stops it.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import type { DatasetInfo } from '../../../src-shared/contract/types.ts';
import { RECOMMENDED_DEFAULTS } from '../../../src-shared/run-config.ts';
import { runControls } from '../../../src-renderer/state/session-state.ts';
import { waitForRunState } from '../session/session-calls.ts';

let session: AppSession;
let sessionDir: string;
let dataset: DatasetInfo;

beforeAll(async () => {
  sessionDir = await mkdtemp(path.join(tmpdir(), 'pathreg-velocity-job-'));
  session = await createAppSession({ transport: 'http', sessionDir });
  dataset = await session.handlers['dataset:open-example']({ exampleId: 'hematopoiesis' });
});

afterAll(async () => {
  await session.dispose();
  await rm(sessionDir, { recursive: true, force: true });
});

describe('a velocity-method run in the app', () => {
  const selection = () => ({ ...dataset.suggestedSelection!, genes: dataset.geneNames.slice(0, 8) });

  it('trains in a worker and its result reads back with the method and its settings', async () => {
    const run = await session.handlers['training:start']({
      datasetId: dataset.datasetId,
      selection: selection(),
      config: { ...RECOMMENDED_DEFAULTS, method: 'velocity', velocity: { iterations: 40, stages: 2, stageIterations: 10 } },
    });
    const { run: done } = await waitForRunState(session, run.runId, (r) => r.state === 'completed' || r.state === 'failed', 120_000);
    expect(done.state, done.message ?? '').toBe('completed');
    // The field trains on the fastest C build here (native when built, else WebAssembly), not in TypeScript.
    expect(done.engine).toMatch(/^(native|wasm)$/);
    // The Training view's stages: the velocity run names its training, evaluation and writing, and each finished.
    const stages = Object.fromEntries((done.stages ?? []).map((state) => [state.stage, state.status]));
    expect(stages).toMatchObject({ reading: 'done', preparing: 'done', training: 'done', evaluating: 'done', writing: 'done' });
    const result = await session.handlers['run:result']({ runId: run.runId });
    expect(result.metrics.method).toBe('velocity');
    expect(result.metrics.velocity?.settings).toMatchObject({ iterations: 40, pathStages: 2, stageIterations: 10 });
    expect(result.history.at(-1)?.iteration).toBe(60);
    expect(result.edgeTotal).toBeGreaterThan(0);
  }, 180_000);

  it('refuses a pause with the reason, and stops on cancel', async () => {
    const run = await session.handlers['training:start']({
      datasetId: dataset.datasetId,
      selection: selection(),
      config: { ...RECOMMENDED_DEFAULTS, method: 'velocity', velocity: { iterations: 10_000_000 } },
    });
    const iteration = async () => (await session.handlers['training:subscribe']({ runId: run.runId })).run;
    while ((await iteration()).iteration < 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runControls(await iteration())).toEqual({ pause: false, resume: false, cancel: true });
    await expect(session.handlers['training:pause']({ runId: run.runId })).rejects.toThrow(/velocity method, which cannot pause/);
    await session.handlers['training:cancel']({ runId: run.runId });
    const { run: cancelled } = await waitForRunState(session, run.runId, (r) => r.state === 'cancelled', 10_000);
    expect(cancelled.hasResult).toBe(false);
  }, 180_000);
});
