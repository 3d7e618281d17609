// The app opens a run made by `pathreg fit` (issue 11): run:import with the run folder's path shows the record, the
// network (every edge of edges.csv), the trajectories and the loss history of history.csv; exports work; a saved
// project keeps the folder's files; and the source folder is never written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RUN_FILES } from '../../../src-main/run/run-folder.ts';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import type {
  ExportedFile,
  ImportedRun,
  ProjectInfo,
  RunResult,
  RunSnapshot,
  TrajectoryComparison,
} from '../../../src-shared/contract/types.ts';
import { runCli, writeTrajectoryFolder } from '../cli/cli-harness.ts';
import { callChannel } from './session-calls.ts';

let root: string;
let session: AppSession;
let fitFolder: string;
let imported: ImportedRun;

const csvRows = (text: string) => text.split('\n').filter((line) => line !== '' && !line.startsWith('#') && !/^[a-z_]+,/.test(line));

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-import-fit-'));
  const data = await writeTrajectoryFolder(path.join(root, 'data'));
  fitFolder = path.join(root, 'fit-run');
  // A short run of the one fit, as a user types it: 12 iterations, a checkpoint (and history rows) every 4.
  const options = '--train 12 --test 21 --iterations 12 --checkpoint-every 4 --hidden 4 --bins 5 --engine wasm --tf-list none';
  const fit = await runCli(['fit', '--data', data, ...options.split(' '), '--out', fitFolder]);
  expect(fit.code, fit.stderr).toBe(0);
  session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session') });
  imported = await callChannel<ImportedRun>(session, 'run:import', { path: fitFolder });
}, 120_000);

afterAll(async () => {
  await session.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('a run folder made by pathreg fit, opened in the app', () => {
  it('shows the run record and every edge of edges.csv', async () => {
    expect(imported.run.state).toBe('completed');
    expect(imported.run.label).toBe('fit-run (run folder)');
    expect(imported.run.iterations).toBe(12);
    const edges = csvRows(await readFile(path.join(fitFolder, RUN_FILES.edges), 'utf8'));
    expect(imported.edges).toBe(edges.length);
    const result = await callChannel<RunResult>(session, 'run:result', { runId: imported.run.runId });
    const record = JSON.parse(await readFile(path.join(fitFolder, RUN_FILES.metrics), 'utf8'));
    expect(result.metrics).toEqual(record);
    expect(result.edgeTotal).toBe(edges.length);
    expect(result.genes).toEqual(record.gene_names);
    expect(imported.run.selection).toMatchObject({ trainDonors: ['12'], testDonors: ['21'], lineages: record.lineages });
  });

  it("shows the loss history of history.csv and the trajectories' predictions", async () => {
    const rows = csvRows(await readFile(path.join(fitFolder, RUN_FILES.history), 'utf8'));
    const snapshot = await callChannel<RunSnapshot>(session, 'training:subscribe', { runId: imported.run.runId });
    expect(snapshot.history.map((p) => p.iteration)).toEqual(rows.map((row) => Number(row.split(',')[0])));
    expect(snapshot.history.at(-1)!.loss.total).toBeCloseTo(Number(rows.at(-1)!.split(',')[3]), 5);
    const result = await callChannel<RunResult>(session, 'run:result', { runId: imported.run.runId });
    expect(result.history).toHaveLength(rows.length);
    const comparison = await callChannel<TrajectoryComparison>(session, 'run:trajectories', {
      runId: imported.run.runId,
      genes: result.genes.slice(0, 2),
    });
    expect(comparison.trajectories.map((t) => `${t.lineage}:${t.donor}:${t.split}`)).toEqual([
      'eryth:12:train',
      'mono:12:train',
      'eryth:21:test',
    ]);
    for (const t of comparison.trajectories) {
      expect(t.predicted).toHaveLength(t.observed.length);
      expect(t.predicted.every(Number.isFinite)).toBe(true);
    }
  });

  it('exports its whole network and its figures', async () => {
    const network = await callChannel<ExportedFile>(session, 'export:network', {
      runId: imported.run.runId,
      format: 'csv',
      selection: 'all',
    });
    const exported = csvRows(Buffer.from(network.contentBase64, 'base64').toString('utf8'));
    expect(exported).toHaveLength(imported.edges);
    const curves = await callChannel<ExportedFile>(session, 'export:figure', {
      runId: imported.run.runId,
      figure: 'curves',
      format: 'svg',
      width: 89,
      height: 70,
      unit: 'mm',
      dpi: 150,
      background: 'white',
    });
    expect(Buffer.from(curves.contentBase64, 'base64').toString('utf8')).toContain('<svg');
  });

  it('keeps its files with a saved project, and never writes the source folder', async () => {
    const before = await Promise.all(
      (await readdir(fitFolder)).map(async (name) => [name, (await stat(path.join(fitFolder, name))).mtimeMs]),
    );
    const project = path.join(root, 'with-import.pathreg');
    await callChannel(session, 'project:save', { path: project, viewState: {} });
    const opened = await callChannel<ProjectInfo>(session, 'project:open', { path: project });
    const run = opened.runs.find((r) => r.label === imported.run.label)!;
    const kept = await readdir(run.folder);
    for (const name of await readdir(fitFolder)) expect(kept, `${name} kept`).toContain(name);
    const after = await Promise.all(
      (await readdir(fitFolder)).map(async (name) => [name, (await stat(path.join(fitFolder, name))).mtimeMs]),
    );
    expect(after).toEqual(before);
  });

  it('refuses a folder that holds no run, naming it', async () => {
    await expect(callChannel(session, 'run:import', { path: path.join(root, 'data') })).rejects.toThrow(
      /The folder "data" has no metrics\.json, so it holds no finished run/,
    );
  });
});
