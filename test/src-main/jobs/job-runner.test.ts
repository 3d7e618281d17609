// The job runner with the real pieces: the bundled example read in a worker, training on the TF.js engine in a
// worker_thread through the shared training loop. Small model and few genes so it runs in seconds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import type { ServerEvent } from '../../../src-shared/contract/events.ts';
import type { DatasetInfo } from '../../../src-shared/contract/types.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../../src-shared/run-config.ts';
import { waitForRunState } from '../session/session-calls.ts';

let session: AppSession;
let sessionDir: string;
let dataset: DatasetInfo;
const events: ServerEvent[] = [];

const SMALL: TrainingConfig = {
  ...PAPER_DEFAULTS,
  model: { hidden: [6], activation: 'first' },
  solver: { kind: 'rk4', bins: 8, substeps: 1 },
  engine: 'tfjs',
  checkpointEvery: 50,
};

async function progressCount(runId: string): Promise<number> {
  return (await session.handlers['training:subscribe']({ runId })).run.iteration;
}

beforeAll(async () => {
  sessionDir = await mkdtemp(path.join(tmpdir(), 'pathreg-jobs-test-'));
  session = await createAppSession({ transport: 'http', sessionDir });
  session.subscribe((event) => events.push(event));
  const examples = await session.handlers['dataset:examples']({});
  expect(examples.map((e) => e.exampleId)).toContain('hematopoiesis');
  dataset = await session.handlers['dataset:open-example']({ exampleId: 'hematopoiesis' });
});

afterAll(async () => {
  await session.dispose();
  await rm(sessionDir, { recursive: true, force: true });
});

describe('job runner (real training loop in a worker)', () => {
  it('describes the example with its obs columns and suggests the paper split', () => {
    expect(dataset.genes).toBe(529);
    expect(dataset.suggestedSelection).toMatchObject({
      pseudotimeColumn: 'pseudotime',
      lineageColumn: 'lineage',
      donorColumn: 'donor',
      trainDonors: ['12'],
      testDonors: ['21'],
    });
    const donors = dataset.obs.find((c) => c.name === 'donor');
    expect(donors?.levels?.map((l) => l.name).sort()).toEqual(['12', '21']);
    expect(dataset.obs.find((c) => c.name === 'pseudotime')?.histogram?.reduce((a, b) => a + b, 0)).toBe(dataset.cells);
  });

  it('pauses, resumes and cancels a run, acknowledging the cancel within a second', async () => {
    const selection = { ...dataset.suggestedSelection!, genes: dataset.geneNames.slice(0, 8) };
    const run = await session.handlers['training:start']({
      datasetId: dataset.datasetId,
      selection,
      config: { ...SMALL, iterations: 100_000 },
    });
    while ((await progressCount(run.runId)) < 5) await new Promise((r) => setTimeout(r, 50));

    const pausing = await session.handlers['training:pause']({ runId: run.runId });
    expect(pausing.state).toBe('pausing');
    await waitForRunState(session, run.runId, (r) => r.state === 'paused', 10_000);
    const atPause = await progressCount(run.runId);
    await new Promise((r) => setTimeout(r, 400));
    expect(await progressCount(run.runId)).toBe(atPause);

    expect((await session.handlers['training:resume']({ runId: run.runId })).state).toBe('running');
    while ((await progressCount(run.runId)) < atPause + 3) await new Promise((r) => setTimeout(r, 50));

    const cancelledSoon = waitForRunState(session, run.runId, (r) => r.state === 'cancelled', 10_000);
    const asked = performance.now();
    expect((await session.handlers['training:cancel']({ runId: run.runId })).state).toBe('cancelling');
    const { run: cancelled, at } = await cancelledSoon;
    expect(at - asked).toBeLessThan(1000);
    expect(cancelled.message).toMatch(/Cancelled at iteration \d+/);

    // A window that reloads asks again: the whole history is kept by the runner, not the window.
    const snapshot = await session.handlers['training:subscribe']({ runId: run.runId });
    expect(snapshot.history.length).toBeGreaterThan(5);
    // Kept points thin out evenly as a run grows (at most 2,000), starting at the first iterations.
    expect(snapshot.history[0].iteration).toBeLessThanOrEqual(8);
    expect(snapshot.history[snapshot.history.length - 1].iteration).toBe(snapshot.run.iteration);
    await expect(session.handlers['training:resume']({ runId: run.runId })).rejects.toThrow(/only a paused run can be resumed/);
  });

  it('confirms a pause asked for before the first iteration, and cancels from there', async () => {
    const selection = { ...dataset.suggestedSelection!, genes: dataset.geneNames.slice(0, 6) };
    const run = await session.handlers['training:start']({
      datasetId: dataset.datasetId,
      selection,
      config: { ...SMALL, iterations: 100_000 },
    });
    const paused = waitForRunState(session, run.runId, (r) => r.state === 'paused', 30_000);
    expect((await session.handlers['training:pause']({ runId: run.runId })).state).toBe('pausing');
    await paused;
    const cancelled = waitForRunState(session, run.runId, (r) => r.state === 'cancelled', 10_000);
    await session.handlers['training:cancel']({ runId: run.runId });
    await cancelled;
  });

  it('finishes a second run of the session with metrics, a network and trajectories', async () => {
    const selection = { ...dataset.suggestedSelection!, genes: dataset.geneNames.slice(0, 8) };
    const run = await session.handlers['training:start']({
      datasetId: dataset.datasetId,
      label: 'short',
      selection,
      config: { ...SMALL, iterations: 60 },
    });
    const { run: done } = await waitForRunState(session, run.runId, (r) => r.state === 'completed' || r.state === 'failed', 90_000);
    // A short test run may carry the fit's warnings (e.g. a dense network); nothing went wrong in training.
    expect(done.message ?? '').not.toMatch(/restarted|failed|stopped/i);
    expect(done.state).toBe('completed');
    expect(done.engine).toBe('tfjs');
    const result = await session.handlers['run:result']({ runId: run.runId });
    expect(result.genes).toEqual(selection.genes);
    expect(result.metrics.iterations).toBe(60);
    expect(Object.keys(result.metrics.test_mse)).toEqual(['21']);
    expect(result.metrics.train_mse).toBeGreaterThan(0);
    expect(result.edges.length).toBeGreaterThan(0);
    expect(result.heatmap.values).toHaveLength(64);
    expect(result.edgeTotal).toBe(result.edges.length);
    // Heatmap cells are the signed edge weights (4 significant digits), zero on the diagonal.
    const heaviest = result.edges[0];
    const cell =
      result.heatmap.values[result.heatmap.sources.indexOf(heaviest.source) * 8 + result.heatmap.targets.indexOf(heaviest.target)];
    expect(cell).toBeCloseTo(heaviest.sign * heaviest.weight, 3);
    for (let i = 0; i < 8; i++) expect(result.heatmap.values[i * 8 + i]).toBe(0);
    expect(result.trajectories.map((t) => `${t.split}:${t.name}`).sort()).toEqual([
      'test:B_21',
      'test:eryth_21',
      'test:mono_21',
      'train:B_12',
      'train:eryth_12',
      'train:mono_12',
    ]);
    const history = result.history;
    expect(history[history.length - 1].iteration).toBe(60);
    // The loss falls over a short run on real data (mean of the first vs the last ten iterations).
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(history.slice(-10).map((p) => p.loss.total))).toBeLessThan(mean(history.slice(0, 10).map((p) => p.loss.total)));

    const comparison = await session.handlers['run:trajectories']({ runId: run.runId, genes: [selection.genes[0], selection.genes[3]] });
    const first = comparison.trajectories[0];
    expect(first.observed).toHaveLength(first.cells * 2);
    expect(first.predicted).toHaveLength(first.cells * 2);
    expect(first.times).toHaveLength(first.cells);
    await expect(session.handlers['run:trajectories']({ runId: run.runId, genes: ['NOT_A_GENE'] })).rejects.toThrow(
      /not among the 8 genes/,
    );

    expect((await session.handlers['training:list']({})).map((r) => r.state)).toEqual(['cancelled', 'cancelled', 'completed']);
  });

  it('refuses unknown genes and a text pseudotime column before starting, naming them', async () => {
    const selection = { ...dataset.suggestedSelection!, genes: ['GATA1', 'NOPE1', 'NOPE2'] };
    await expect(session.handlers['training:start']({ datasetId: dataset.datasetId, selection, config: SMALL })).rejects.toThrow(
      /2 of the 3 chosen genes are not in "hematopoiesis": "NOPE1", "NOPE2"/,
    );
    await expect(
      session.handlers['training:start']({
        datasetId: dataset.datasetId,
        selection: dataset.suggestedSelection!,
        config: SMALL,
        tfList: { kind: 'path', path: '/nowhere/tfs.txt' },
      }),
    ).rejects.toThrow(/There is no TF list at "\/nowhere\/tfs.txt"/);
    const textTime = { ...dataset.suggestedSelection!, pseudotimeColumn: 'lineage' };
    await expect(session.handlers['training:start']({ datasetId: dataset.datasetId, selection: textTime, config: SMALL })).rejects.toThrow(
      /pseudotime column "lineage".*not numbers/,
    );
  });
});
