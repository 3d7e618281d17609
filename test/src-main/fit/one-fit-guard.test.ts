// The guard of the one fit: the same input through `pathreg fit` (its option parser and runFit) and through an app
// training job (the worker's adapter, in process) gives a byte-identical edges.csv and equal metrics — on the bundled
// example (the paper's tables) and on the shared HSMM time course (h5ad, Ensembl ids with gene_short_name, Hours).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitSettingsFromOptions, fitOptionSpecs } from '../../../src-main/cli/commands/fit.ts';
import { parseOptions } from '../../../src-main/cli/option-parser.ts';
import { defaultEngineRegistry } from '../../../src-main/engine/engine-registry.ts';
import { TrainingControl } from '../../../src-main/engine/training/training-control.ts';
import { runFit } from '../../../src-main/fit/run-fit.ts';
import { runTrainingJob } from '../../../src-main/jobs/training-job.ts';
import type { WorkerToRunner } from '../../../src-main/jobs/training-protocol.ts';
import { APP_ROOT } from '../../../src-main/session/create-session.ts';
import { RUN_RECORD_CIRCUMSTANCES } from '../../../src-shared/contract/run-record.ts';
import type { TrajectorySelection } from '../../../src-shared/contract/types.ts';
import { SHARED_DATA } from '../../shared-data.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-one-fit-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const EXAMPLE = path.join(APP_ROOT, 'resources/examples/hematopoiesis');
const HSMM = path.join(SHARED_DATA, 'hsmm/hsmm.h5ad');
const SHORT = ['--iterations', '12', '--engine', 'wasm', '--seed', '5', '--checkpoint-every', '5'];

/** Both front ends on the same input; returns the two run folders. */
async function bothWays(
  name: string,
  argv: string[],
  selection: TrajectorySelection,
): Promise<{ cli: string; app: string; messages: WorkerToRunner[] }> {
  const cli = path.join(root, `${name}-cli`);
  const app = path.join(root, `${name}-app`);
  const request = await fitSettingsFromOptions(parseOptions('fit', [...argv, '--out', cli], fitOptionSpecs()), 'pathreg fit (test)');
  const outcome = await runFit(request, { registry: defaultEngineRegistry() });
  expect(outcome.status).toBe('completed');
  const messages: WorkerToRunner[] = [];
  await runTrainingJob(
    {
      runId: 'run-1',
      datasetPath: request.dataPath,
      selection,
      config: request.config,
      tfList: { kind: 'default' },
      folder: app,
      resumeCheckpoint: null,
    },
    { registry: defaultEngineRegistry(), control: new TrainingControl(), post: (m: WorkerToRunner) => messages.push(m) },
  );
  const done = messages.find((m) => m.type === 'done');
  expect(done, JSON.stringify(messages.filter((m) => m.type !== 'progress'))).toBeDefined();
  return { cli, app, messages };
}

async function expectSameRun(folders: { cli: string; app: string }): Promise<Record<string, unknown>> {
  const edges = await Promise.all([folders.cli, folders.app].map((f) => readFile(path.join(f, 'edges.csv'))));
  expect(edges[0].length).toBeGreaterThan(30);
  expect(Buffer.compare(edges[0], edges[1])).toBe(0);
  const [cli, app] = await Promise.all(
    [folders.cli, folders.app].map(
      async (f) => JSON.parse(await readFile(path.join(f, 'metrics.json'), 'utf8')) as Record<string, unknown>,
    ),
  );
  for (const key of RUN_RECORD_CIRCUMSTANCES) {
    delete cli[key];
    delete app[key];
  }
  // The velocity field's refinement times itself, like the run's own `seconds`: a circumstance, not a result.
  for (const record of [cli, app]) {
    const refinement = (record.velocity as { refinement?: Record<string, unknown> | null } | undefined)?.refinement;
    if (refinement) delete refinement.seconds;
  }
  expect(app).toEqual(cli);
  return cli;
}

describe('one fit for the command line and the app', () => {
  it("the bundled example: same edges.csv byte for byte, same metrics, lineages in the tables' order", async () => {
    const run = await bothWays('example', ['--data', EXAMPLE, '--train', '12', '--test', '21', ...SHORT], {
      genes: [],
      pseudotimeColumn: 'pseudotime',
      lineageColumn: 'lineage',
      donorColumn: 'donor',
      lineages: [],
      trainDonors: ['12'],
      testDonors: ['21'],
      trimStart: 10,
      trimEnd: 20,
    });
    const metrics = await expectSameRun(run);
    expect(metrics.lineages).toEqual(['eryth', 'mono', 'B']);
    expect(metrics.genes).toBe(529);
  }, 240_000);

  it('the velocity and linear methods on the bundled example: same edges.csv byte for byte, same metrics', async () => {
    // Twelve lineage regulators keep the per-edge field small enough to train in seconds.
    const genes = ['GATA1', 'KLF1', 'GATA2', 'TAL1', 'CEBPB', 'IRF8', 'PAX5', 'EBF1', 'THRB', 'MAFB', 'ELF2', 'AHR'];
    const selection: TrajectorySelection = {
      genes,
      pseudotimeColumn: 'pseudotime',
      lineageColumn: 'lineage',
      donorColumn: 'donor',
      lineages: [],
      trainDonors: ['12'],
      testDonors: ['21'],
      trimStart: 10,
      trimEnd: 20,
    };
    const common = ['--data', EXAMPLE, '--train', '12', '--test', '21', '--genes', genes.join(','), '--seed', '5'];
    const velocityRun = await bothWays(
      'example-velocity',
      [...common, '--method', 'velocity', '--velocity', 'iterations=40,stages=2,stage-iterations=10'],
      selection,
    );
    const velocity = await expectSameRun(velocityRun);
    // What the Training view is sent: the engine, progress with the loss terms, and the finished run's result.
    const engine = velocityRun.messages.find((m) => m.type === 'engine') as { engine: string } | undefined;
    expect(engine?.engine).toMatch(/^(native|wasm)$/);
    const progress = velocityRun.messages.filter((m) => m.type === 'progress');
    expect(progress.at(-1)).toMatchObject({ iteration: 60, iterations: 60, engine: engine?.engine });
    expect(velocityRun.messages.find((m) => m.type === 'done')).toMatchObject({
      status: 'completed',
      result: { metrics: { method: 'velocity' } },
    });
    expect(velocity.method).toBe('velocity');
    expect(velocity.test_mse_mean).toBeGreaterThan(0);
    const linear = await expectSameRun(await bothWays('example-linear', [...common, '--method', 'linear'], selection));
    expect(linear.method).toBe('linear');
    expect(linear.edges).toBeGreaterThan(0);
  }, 240_000);

  it('hsmm.h5ad with Hours as a time course: same run, gene symbols, log-normalised values', async () => {
    const run = await bothWays('hsmm', ['--data', HSMM, '--time', 'Hours', ...SHORT], {
      genes: [],
      pseudotimeColumn: 'Hours',
      timeKind: 'time',
      lineageColumn: null,
      donorColumn: null,
      lineages: [],
      trainDonors: [],
      testDonors: [],
      trimStart: 0,
      trimEnd: 0,
    });
    const metrics = await expectSameRun(run);
    const genes = metrics.gene_names as string[];
    expect(genes).toContain('MYOG');
    expect(genes.some((gene) => gene.startsWith('ENSG'))).toBe(false);
    expect((metrics.data_set as { notes: string[] }).notes.join(' ')).toMatch(/log1p/);
  }, 240_000);
});
