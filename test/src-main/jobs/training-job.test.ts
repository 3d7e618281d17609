// The training pipeline continuing from a checkpoint (TrainingJobSpec.resumeCheckpoint), in process with the real
// reader and TF.js engine: it goes on exactly, and refuses a checkpoint from other data, genes or settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatasetForJob } from '../../../src-main/jobs/open-dataset-for-job.ts';
import { describeDataset } from '../../../src-main/jobs/describe-dataset.ts';
import { runTrainingJob } from '../../../src-main/jobs/training-job.ts';
import type { TrainingJobSpec, WorkerToRunner } from '../../../src-main/jobs/training-protocol.ts';
import { defaultEngineRegistry } from '../../../src-main/engine/engine-registry.ts';
import { TrainingControl } from '../../../src-main/engine/training/training-control.ts';
import { APP_ROOT } from '../../../src-main/session/create-session.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../../src-shared/run-config.ts';
import type { TrajectorySelection } from '../../../src-shared/contract/types.ts';

let root: string;
let selection: TrajectorySelection;
const example = path.join(APP_ROOT, 'resources/examples/hematopoiesis');
const config: TrainingConfig = {
  ...PAPER_DEFAULTS,
  model: { hidden: [4], activation: 'first' },
  solver: { kind: 'rk4', bins: 6, substeps: 1 },
  iterations: 3,
  engine: 'tfjs',
  seed: 3,
};

async function job(name: string, overrides: Partial<TrainingJobSpec>): Promise<WorkerToRunner[]> {
  const folder = path.join(root, name);
  await mkdir(folder, { recursive: true });
  const spec: TrainingJobSpec = {
    runId: 'run-1',
    datasetPath: path.join(root, 'data'),
    selection,
    config,
    tfList: { kind: 'default' },
    folder,
    resumeCheckpoint: null,
    ...overrides,
  };
  const messages: WorkerToRunner[] = [];
  await runTrainingJob(spec, {
    registry: defaultEngineRegistry(),
    control: new TrainingControl(),
    post: (m: WorkerToRunner) => messages.push(m),
  });
  return messages;
}

const checkpointOf = (name: string) => path.join(root, name, 'checkpoint.bin');

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-pipeline-test-'));
  // Donor 12 only: the full example folder then holds other files, so its SHA-256 differs.
  await cp(example, path.join(root, 'data'), { recursive: true, filter: (source) => !/_21_/.test(source) });
  const dataset = await openDatasetForJob(path.join(root, 'data'));
  try {
    const info = describeDataset(dataset, 'dataset-1');
    selection = { ...info.suggestedSelection!, genes: info.geneNames.slice(0, 6), trainDonors: ['12'], testDonors: [] };
  } finally {
    dataset.close();
  }
  const first = await job('first', {});
  expect(first.at(-1)).toMatchObject({ type: 'done', status: 'completed', iteration: 3 });
}, 60_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('continuing a job from a checkpoint', () => {
  it('starts after the checkpoint iteration and ends at the new total', async () => {
    const messages = await job('continued', { config: { ...config, iterations: 5 }, resumeCheckpoint: checkpointOf('first') });
    const iterations = messages.filter((m) => m.type === 'progress').map((m) => (m.type === 'progress' ? m.iteration : 0));
    expect(iterations).toEqual([4, 5]);
    expect(messages.at(-1)).toMatchObject({ type: 'done', status: 'completed', iteration: 5 });
  }, 60_000);

  it("relays the one fit's named stages in order, each stage's last report complete, before the job's last word", async () => {
    const messages = await job('stages', { config: { ...config, iterations: 5 }, resumeCheckpoint: checkpointOf('first') });
    const reports = messages.flatMap((m) => (m.type === 'stage' ? [m.report] : []));
    const order = reports.map((r) => r.stage).filter((stage, i, all) => all[i - 1] !== stage);
    // The paper's tables carry their pseudotime: no pseudotime stage; preparing comes back after the genes are chosen.
    expect(order).toEqual(['reading', 'preparing', 'training', 'evaluating', 'writing']);
    const last = (stage: string) => reports.filter((r) => r.stage === stage).at(-1)!;
    expect(last('training')).toMatchObject({ done: 5, total: 5 });
    expect(last('evaluating')).toMatchObject({ done: 2, total: 2 });
    expect(last('writing')).toMatchObject({ done: 3, total: 3 });
    expect(messages.findIndex((m) => m.type === 'stage' && m.report.stage === 'writing')).toBeLessThan(messages.length - 1);
    // Rate and time left come smoothed and cover the evaluation: never negative, never NaN.
    for (const m of messages) if (m.type === 'progress') expect(m.etaSeconds).not.toBeNaN();
    // Each carries its range and the slowdown the fit measured (wall per CPU second, at least 1).
    const ranged = messages.flatMap((m) => (m.type === 'progress' && Number.isFinite(m.etaSeconds) ? [m] : []));
    expect(ranged.length).toBeGreaterThan(0);
    for (const m of ranged) {
      expect(m.etaRange!.low).toBeLessThanOrEqual(m.etaSeconds);
      expect(m.etaRange!.high).toBeGreaterThanOrEqual(m.etaSeconds);
      expect(m.etaRange!.slowdown).toBeGreaterThanOrEqual(1);
    }
  }, 60_000);

  it('refuses a checkpoint trained on other data files, naming the checkpoint', async () => {
    const refused = job('other-data', {
      datasetPath: example,
      config: { ...config, iterations: 5 },
      resumeCheckpoint: checkpointOf('first'),
    });
    await expect(refused).rejects.toThrow(
      /checkpoint ".*first.checkpoint\.bin" was trained on other data \(SHA-256 [0-9a-f]{12}…, the open files give [0-9a-f]{12}…\)/,
    );
  });

  it('refuses other genes, other settings, and a total the checkpoint has already reached', async () => {
    const resumeCheckpoint = checkpointOf('first');
    await expect(
      job('genes', {
        selection: { ...selection, genes: selection.genes.slice(0, 5) },
        config: { ...config, iterations: 5 },
        resumeCheckpoint,
      }),
    ).rejects.toThrow(/was trained on 6 genes, but this selection gives 5/);
    await expect(job('seed', { config: { ...config, iterations: 5, seed: 4 }, resumeCheckpoint })).rejects.toThrow(
      /other settings \(seed differ\)/,
    );
    await expect(job('reached', { config: { ...config, iterations: 3 }, resumeCheckpoint })).rejects.toThrow(
      /already at iteration 3: ask for more than 3/,
    );
  });

  it('says a damaged checkpoint cannot be continued, without command-line advice', async () => {
    const damaged = path.join(root, 'damaged.bin');
    await writeFile(damaged, 'not a checkpoint');
    const refused = job('damaged', { config: { ...config, iterations: 5 }, resumeCheckpoint: damaged });
    await expect(refused).rejects.toThrow(
      /"[^"]*damaged\.bin" is not a usable PathReg checkpoint \(it does not start with the checkpoint marker\)\. The run cannot be continued; start a new run instead\.$/,
    );
  });
});
