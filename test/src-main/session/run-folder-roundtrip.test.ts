// One run folder for every front end (issue 11): a run trained in the app keeps every run file through project save
// and reopen, its whole-network export holds every edge of edges.csv (more than the window is sent), and
// `pathreg export` of the app's run folder writes the same network as the app's export, and `pathreg score` scores it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../../src-main/cli/main.ts';
import { RUN_FILES } from '../../../src-main/run/run-folder.ts';
import { APP_ROOT, createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import {
  MAX_RESULT_EDGES,
  type DatasetInfo,
  type ExportedFile,
  type ProjectInfo,
  type RunSummary,
} from '../../../src-shared/contract/types.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../../src-shared/run-config.ts';
import { callChannel, runFinished } from './session-calls.ts';

let root: string;
let session: AppSession;
let dataset: DatasetInfo;
let run: RunSummary;
// 220 genes and no penalty after 3 iterations: nearly every one of the 48,180 pairs is an edge, more than the
// MAX_RESULT_EDGES the window is sent, so a "whole network" export must read the run folder.
const config: TrainingConfig = {
  ...PAPER_DEFAULTS,
  regularizer: { kind: 'none', lambda: 0 },
  model: { hidden: [4], activation: 'first' },
  solver: { kind: 'rk4', bins: 6, substeps: 1 },
  iterations: 3,
  engine: 'wasm',
  seed: 2,
};

/** Edge rows of an exported or written CSV (provenance `#` lines and the header left out). */
function edgeRows(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('source,'));
}

async function exportWhole(): Promise<string> {
  const file = await callChannel<ExportedFile>(session, 'export:network', { runId: run.runId, format: 'csv', selection: 'all' });
  return Buffer.from(file.contentBase64, 'base64').toString('utf8');
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-roundtrip-test-'));
  await cp(path.join(APP_ROOT, 'resources/examples/hematopoiesis'), path.join(root, 'data'), {
    recursive: true,
    filter: (source) => !/_21_/.test(source),
  });
  session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session') });
  dataset = await session.handlers['dataset:open']({ path: path.join(root, 'data') });
  const selection = { ...dataset.suggestedSelection!, genes: dataset.geneNames.slice(0, 220), testDonors: [] };
  const started = await callChannel<RunSummary>(session, 'training:start', { datasetId: dataset.datasetId, selection, config });
  run = await runFinished(session, started.runId);
}, 240_000);

afterAll(async () => {
  await session.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('one run folder through the app, a project and pathreg export', () => {
  it('the whole-network export holds every edge of edges.csv, after save and reopen too', async () => {
    expect(run.state).toBe('completed');
    const written = edgeRows(await readFile(path.join(run.folder, RUN_FILES.edges), 'utf8'));
    expect(written.length).toBeGreaterThan(MAX_RESULT_EDGES);
    const exported = edgeRows(await exportWhole());
    expect(exported).toHaveLength(written.length);

    const project = path.join(root, 'analysis.pathreg');
    await callChannel(session, 'project:save', { path: project, viewState: {} });
    const opened = await callChannel<ProjectInfo>(session, 'project:open', { path: project });
    run = opened.runs.find((r) => r.label === run.label)!;
    for (const name of Object.values(RUN_FILES)) {
      // The label is the app's, the best checkpoint appears only when validation improves, the velocity model only
      // in velocity-method runs.
      if (name === RUN_FILES.label || name === RUN_FILES.bestCheckpoint || name === RUN_FILES.velocityModel) continue;
      expect(existsSync(path.join(run.folder, name)), `${name} kept with the project`).toBe(true);
    }
    expect(edgeRows(await exportWhole())).toEqual(exported);
  }, 120_000);

  it('pathreg export of the app run folder writes the same network as the app', async () => {
    const out = path.join(root, 'cli-export.csv');
    const quiet = process.stderr.write;
    process.stderr.write = () => true;
    let code: number;
    try {
      code = await main(['export', run.folder, '--format', 'csv', '--out', out]);
    } finally {
      process.stderr.write = quiet;
    }
    expect(code).toBe(0);
    expect(edgeRows(await readFile(out, 'utf8'))).toEqual(edgeRows(await exportWhole()));
  }, 120_000);

  it('pathreg score reads the app run folder: its ten heaviest edges as the reference rank first (AUPRC 1)', async () => {
    const edges = edgeRows(await readFile(path.join(run.folder, RUN_FILES.edges), 'utf8')).map((line) => line.split(','));
    const reference = path.join(root, 'refNetwork.csv');
    await writeFile(reference, ['Gene1,Gene2,Type', ...edges.slice(0, 10).map(([source, target]) => `${source},${target},+`)].join('\n'));
    const quiet = [process.stdout.write, process.stderr.write];
    let printed = '';
    process.stdout.write = (chunk: string | Uint8Array) => ((printed += String(chunk)), true);
    process.stderr.write = () => true;
    let code: number;
    try {
      code = await main(['score', run.folder, '--reference', reference, '--json']);
    } finally {
      [process.stdout.write, process.stderr.write] = quiet;
    }
    expect(code).toBe(0);
    const scored = JSON.parse(printed).scores;
    expect(scored.reference_edges).toBe(10);
    expect(scored.auprc_beeline).toBeCloseTo(1, 9);
    expect(JSON.parse(await readFile(path.join(run.folder, 'scores.json'), 'utf8')).scores).toEqual(scored);
  }, 60_000);
});
