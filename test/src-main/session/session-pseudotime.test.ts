// dataset:pseudotime and training on it, over the contract with the real dataset and training workers: the Data
// view's preview and the run compute the same diffusion pseudotime (same root, same description, same cells), and
// a bad root comes back as a message naming the file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../../src-shared/run-config.ts';
import type { ComputedPseudotime, DatasetInfo, RunResult, RunSummary, TrajectorySelection } from '../../../src-shared/contract/types.ts';
import { SHARED_DATA } from '../../shared-data.ts';
import { callChannel, runFinished } from './session-calls.ts';

let root: string;
let session: AppSession;
let dataset: DatasetInfo;
const config: TrainingConfig = {
  ...PAPER_DEFAULTS,
  model: { hidden: [4], activation: 'first' },
  solver: { kind: 'rk4', bins: 6, substeps: 1 },
  iterations: 3,
  engine: 'tfjs',
  seed: 1,
};

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-session-dpt-test-'));
  session = await createAppSession({ transport: 'http', sessionDir: root });
  dataset = await callChannel<DatasetInfo>(session, 'dataset:open', { path: path.join(SHARED_DATA, 'hsmm/hsmm.csv') });
}, 60_000);

afterAll(async () => {
  await session.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('diffusion pseudotime over the contract', () => {
  it('has no pseudotime column: the shared rules propose Hours as a time course (no trimming), or compute one', () => {
    expect(dataset.obs.map((c) => c.name)).toEqual(['Hours']);
    expect(dataset.suggestedSelection).toMatchObject({ pseudotimeColumn: 'Hours', timeKind: 'time', trimStart: 0, trimEnd: 0 });
  });

  it('computes it in the dataset worker and trains on exactly what the preview showed', async () => {
    const settings = { root: 'earliest:Hours', neighbors: 12 };
    const preview = await callChannel<ComputedPseudotime>(session, 'dataset:pseudotime', { datasetId: dataset.datasetId, settings });
    expect(preview.column.name).toBe('dpt_pseudotime');
    expect(preview.column.range).toEqual([0, 1]);
    expect(preview.column.histogram!.reduce((a, b) => a + b, 0) + preview.column.missing).toBe(271);
    expect(preview.root.name).toMatch(/^T0_/);
    expect(preview.description).toContain(
      `from root "${preview.root.name}" (cell ${preview.root.index}, given as earliest:Hours; 12 neighbours`,
    );

    const selection: TrajectorySelection = {
      genes: dataset.geneNames.slice(0, 5),
      pseudotimeColumn: 'dpt_pseudotime',
      lineageColumn: null,
      donorColumn: null,
      lineages: [],
      trainDonors: [],
      testDonors: [],
      trimStart: 2,
      trimEnd: 3,
      diffusionPseudotime: settings,
    };
    const started = await callChannel<RunSummary>(session, 'training:start', {
      datasetId: dataset.datasetId,
      label: 'dpt',
      selection,
      config,
    });
    const run = await runFinished(session, started.runId);
    expect(run.state).toBe('completed');
    expect(run.selection.diffusionPseudotime).toEqual(settings);
    const result = await callChannel<RunResult>(session, 'run:result', { runId: run.runId });
    expect(result.metrics.pseudotime).toBe(preview.description);
    // Every reached cell, less the trimmed ones (and duplicate times the preparation drops, none here).
    expect(result.trajectories).toHaveLength(1);
    expect(result.trajectories[0].cells).toBe(271 - preview.column.missing - 2 - 3);
  }, 120_000);

  it('answers a bad root with a message naming the file and the root forms', async () => {
    await expect(callChannel(session, 'dataset:pseudotime', { datasetId: dataset.datasetId, settings: { root: '9999' } })).rejects.toThrow(
      /"hsmm.csv" has 271 cells \(0-based indices 0 to 270\); the root cell index 9999 is outside them/,
    );
    await expect(
      callChannel(session, 'dataset:pseudotime', { datasetId: dataset.datasetId, settings: { root: 'earliest:Media' } }),
    ).rejects.toThrow(/hsmm.csv.*Media/);
  });
});
