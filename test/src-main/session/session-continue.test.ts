// training:continue over the contract: a real run on the bundled example, stopped after 4 iterations and continued
// to 8 in a new run, must end exactly where a straight 8-iteration run with the same seed ends (same engine).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { APP_ROOT, createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../../src-shared/run-config.ts';
import type { DatasetInfo, RunSummary, TrajectorySelection } from '../../../src-shared/contract/types.ts';
import { validateRequest } from '../../../src-shared/contract/validate.ts';
import { callChannel, runFinished } from './session-calls.ts';

let root: string;
let session: AppSession;
let dataset: DatasetInfo;
let selection: TrajectorySelection;
// A tiny model on 6 genes; after 8 iterations a small λ leaves paths open, so the results have edges to compare.
const config: TrainingConfig = {
  ...PAPER_DEFAULTS,
  regularizer: { kind: 'pathreg', lambda: 0.01 },
  model: { hidden: [4], activation: 'first' },
  solver: { kind: 'rk4', bins: 6, substeps: 1 },
  iterations: 4,
  engine: 'tfjs',
  seed: 7,
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-continue-test-'));
  await cp(path.join(APP_ROOT, 'resources/examples/hematopoiesis'), path.join(root, 'data'), {
    recursive: true,
    filter: (source) => !/_21_/.test(source),
  });
  session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session') });
  dataset = await session.handlers['dataset:open']({ path: path.join(root, 'data') });
  selection = { ...dataset.suggestedSelection!, genes: dataset.geneNames.slice(0, 6), testDonors: [] };
}, 60_000);

afterAll(async () => {
  await session.dispose();
  await rm(root, { recursive: true, force: true });
});

async function train(iterations: number, label: string): Promise<RunSummary> {
  const run = await callChannel<RunSummary>(session, 'training:start', {
    datasetId: dataset.datasetId,
    label,
    selection,
    config: { ...config, iterations },
  });
  return runFinished(session, run.runId);
}

describe('training:continue', () => {
  it('validates its request like the other channels', () => {
    expect(validateRequest('training:continue', { runId: 'run-1', iterations: 8 }).ok).toBe(true);
    const wrongType = validateRequest('training:continue', { runId: 'run-1', iterations: '8' });
    expect(wrongType.ok).toBe(false);
    if (!wrongType.ok) expect(wrongType.error.message).toContain('iterations');
    expect(validateRequest('training:continue', { runId: 'run-1', iterations: 8.5 }).ok).toBe(false);
    expect(validateRequest('training:continue', { runId: 'run-1', iterations: 10_000_001 }).ok).toBe(false);
    expect(validateRequest('training:continue', { runId: 'first', iterations: 8 }).ok).toBe(false);
    expect(validateRequest('training:continue', { runId: 'run-1' }).ok).toBe(false);
    const extra = validateRequest('training:continue', { runId: 'run-1', iterations: 8, resetOptimizer: true });
    expect(extra.ok).toBe(false);
    if (!extra.ok) expect(extra.error.message).toContain('resetOptimizer');
  });

  it('continues a 4-iteration run to 8 and ends bit for bit where a straight 8-iteration run ends', async () => {
    const straight = await train(8, 'straight');
    const short = await train(4, 'short');
    expect(straight.state).toBe('completed');
    expect(short.state).toBe('completed');

    await expect(callChannel(session, 'training:continue', { runId: short.runId, iterations: 4 })).rejects.toThrow(
      /already at iteration 4: give a new total above 4/,
    );
    const started = await callChannel<RunSummary>(session, 'training:continue', { runId: short.runId, iterations: 8 });
    expect(started.runId).not.toBe(short.runId);
    expect(started.label).toBe('short (continued)');
    expect(started.iterations).toBe(8);
    expect(started.config).toEqual({ ...config, iterations: 8 });
    expect(started.selection).toEqual(selection);
    expect(started.folder).not.toBe(short.folder);
    const continued = await runFinished(session, started.runId);
    expect(continued.state).toBe('completed');
    expect(continued.iteration).toBe(8);
    expect(continued.engine).toBe(straight.engine);

    // The same final loss terms, not merely close.
    expect(continued.last!.iteration).toBe(8);
    expect(continued.last!.loss).toEqual(straight.last!.loss);
    // The new run's history starts after the checkpoint's iteration.
    const { history } = await callChannel<{ history: Array<{ iteration: number }> }>(session, 'training:subscribe', {
      runId: continued.runId,
    });
    expect(history.map((p) => p.iteration)).toEqual([5, 6, 7, 8]);

    const a = await callChannel<{ edges: unknown[]; edgeTotal: number; metrics: { trainMse: number; iterations: number } }>(
      session,
      'run:result',
      { runId: straight.runId },
    );
    const b = await callChannel<{ edges: unknown[]; edgeTotal: number; metrics: { trainMse: number; iterations: number } }>(
      session,
      'run:result',
      { runId: continued.runId },
    );
    expect(a.edges.length).toBeGreaterThan(0);
    expect(b.edges).toEqual(a.edges);
    expect(b.edgeTotal).toBe(a.edgeTotal);
    expect(b.metrics.trainMse).toBe(a.metrics.trainMse);
    expect(b.metrics.iterations).toBe(8);

    // The old run is untouched and can be continued again.
    expect((await callChannel<RunSummary[]>(session, 'training:list', {})).find((r) => r.runId === short.runId)?.state).toBe('completed');
  }, 180_000);

  it('refuses to continue a run that is still training, and one whose data set is not open', async () => {
    const running = await callChannel<RunSummary>(session, 'training:start', {
      datasetId: dataset.datasetId,
      label: 'long',
      selection,
      config: { ...config, iterations: 100_000 },
    });
    await expect(callChannel(session, 'training:continue', { runId: running.runId, iterations: 200_000 })).rejects.toThrow(
      /long is still (starting|running); a run can be continued once it has completed or been cancelled/,
    );
    const done = runFinished(session, running.runId);
    await callChannel(session, 'training:cancel', { runId: running.runId });
    await done;

    // A project reopened after its data moved away: the runs come back, the data set does not.
    const project = path.join(root, 'study.pathreg');
    await callChannel(session, 'project:save', { path: project, viewState: {} });
    await rename(path.join(root, 'data'), path.join(root, 'data-moved'));
    const later = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session-2') });
    try {
      const opened = await callChannel<{ runs: RunSummary[]; warnings: string[] }>(later, 'project:open', { path: project });
      expect(opened.warnings.join(' ')).toMatch(/no longer at/);
      const long = opened.runs.find((r) => r.label === 'long')!;
      expect(long.state).toBe('cancelled');
      await expect(callChannel(later, 'training:continue', { runId: long.runId, iterations: 200_000 })).rejects.toThrow(
        /The data set "data" of long is not open in this session: open it/,
      );
    } finally {
      await later.dispose();
      await rename(path.join(root, 'data-moved'), path.join(root, 'data'));
    }
  }, 120_000);

  it('refuses a run without a checkpoint, naming the file', async () => {
    const [first] = await callChannel<RunSummary[]>(session, 'training:list', {});
    await rm(path.join(first.folder, 'checkpoint.bin'));
    await expect(callChannel(session, 'training:continue', { runId: first.runId, iterations: 20 })).rejects.toThrow(
      /cannot be continued: its folder holds no checkpoint\.bin .*checkpoint\.bin"\)\. Start a new run instead\./,
    );
  });
});
