// Cells excluded by name (the Embedding view's lasso, `pathreg fit --exclude-cells FILE`) reach the one fit the same
// way from both front ends: the same run, fewer cells trained on, and the count in metrics.json's notes.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitSettingsFromOptions, fitOptionSpecs } from '../../../src-main/cli/commands/fit.ts';
import { parseOptions } from '../../../src-main/cli/option-parser.ts';
import { openDataset } from '../../../src-main/data/open-dataset.ts';
import { defaultEngineRegistry } from '../../../src-main/engine/engine-registry.ts';
import { TrainingControl } from '../../../src-main/engine/training/training-control.ts';
import { runFit } from '../../../src-main/fit/run-fit.ts';
import { runTrainingJob } from '../../../src-main/jobs/training-job.ts';
import type { WorkerToRunner } from '../../../src-main/jobs/training-protocol.ts';
import type { TrajectorySelection } from '../../../src-shared/contract/types.ts';
import { SHARED_DATA } from '../../shared-data.ts';

const HSMM = path.join(SHARED_DATA, 'hsmm/hsmm.h5ad');
const SHORT = ['--data', HSMM, '--time', 'Hours', '--iterations', '6', '--engine', 'wasm', '--seed', '5', '--checkpoint-every', '5'];
const SELECTION: TrajectorySelection = {
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
};

let root: string;
let excluded: string[];
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-excluded-'));
  const dataset = await openDataset(HSMM);
  // Every seventh cell: spread over all four time points, so every time keeps cells.
  excluded = dataset.cellNames.filter((_, c) => c % 7 === 3);
  dataset.close();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

type Metrics = { notes: string[]; lineage_cells: Record<string, Record<string, number>> };
const readMetrics = async (folder: string) => JSON.parse(await readFile(path.join(folder, 'metrics.json'), 'utf8')) as Metrics;
const cellsTrained = (metrics: Metrics) =>
  Object.values(metrics.lineage_cells).reduce((sum, perLineage) => sum + Object.values(perLineage).reduce((a, b) => a + b, 0), 0);

async function cliRun(name: string, extra: string[]): Promise<string> {
  const out = path.join(root, name);
  const request = await fitSettingsFromOptions(
    parseOptions('fit', [...SHORT, ...extra, '--out', out], fitOptionSpecs()),
    'pathreg fit (test)',
  );
  const outcome = await runFit(request, { registry: defaultEngineRegistry() });
  expect(outcome.status).toBe('completed');
  return out;
}

describe('cells excluded by name', () => {
  it('the app selection and --exclude-cells FILE give the same run, with fewer cells and the count recorded', async () => {
    const list = path.join(root, 'excluded.txt');
    await writeFile(list, `# cells lassoed in the Embedding view\n${excluded.join('\n')}\n`);
    const everyCell = await readMetrics(await cliRun('all', []));
    const cli = await cliRun('cli', ['--exclude-cells', list]);

    const app = path.join(root, 'app');
    const messages: WorkerToRunner[] = [];
    const request = await fitSettingsFromOptions(parseOptions('fit', [...SHORT, '--out', cli], fitOptionSpecs()), 'pathreg fit (test)');
    await runTrainingJob(
      {
        runId: 'run-1',
        datasetPath: HSMM,
        selection: { ...SELECTION, excludedCells: excluded },
        config: request.config,
        tfList: { kind: 'default' },
        folder: app,
        resumeCheckpoint: null,
      },
      { registry: defaultEngineRegistry(), control: new TrainingControl(), post: (m: WorkerToRunner) => messages.push(m) },
    );
    expect(messages.find((m) => m.type === 'done')).toBeDefined();

    const [cliEdges, appEdges] = await Promise.all([cli, app].map((f) => readFile(path.join(f, 'edges.csv'))));
    expect(Buffer.compare(cliEdges, appEdges)).toBe(0);
    const [cliMetrics, appMetrics] = await Promise.all([readMetrics(cli), readMetrics(app)]);
    expect(cellsTrained(everyCell)).toBe(271);
    expect(excluded.length).toBe(39);
    expect(cellsTrained(cliMetrics)).toBe(271 - 39);
    expect(cellsTrained(appMetrics)).toBe(271 - 39);
    for (const metrics of [cliMetrics, appMetrics]) expect(metrics.notes.join('\n')).toMatch(/39 of 271 cells excluded from training/);
    expect(everyCell.notes.join('\n')).not.toMatch(/excluded from training/);
  }, 240_000);

  it('names that are not cells of the file are refused with the file, the names and what to do', async () => {
    const list = path.join(root, 'wrong.txt');
    await writeFile(list, 'T0_CT_A01\nNOT_A_CELL\n');
    await expect(cliRun('wrong', ['--exclude-cells', list])).rejects.toThrow(
      /hsmm\.h5ad.*has no cell named "NOT_A_CELL" \(1 of the 2 cells to exclude\).*another data set/,
    );
  }, 60_000);
});
