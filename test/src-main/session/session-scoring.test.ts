// Scoring a run in the app (run:score) gives the numbers `pathreg score` gives on the same run folder and
// reference, whether the reference is named by path or uploaded, BEELINE's refNetwork.csv or a plain edge list;
// bad files and runs that cannot be scored get messages for the user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import { folderPolicy, withFileAccessPolicy } from '../../../src-main/session/file-access-policy.ts';
import { dispatch } from '../../../src-main/session/handlers.ts';
import type { ReferenceScore } from '../../../src-shared/contract/reference-score.ts';
import type { DatasetInfo, ExportedFile, RunSummary } from '../../../src-shared/contract/types.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../../src-shared/run-config.ts';
import { runCli } from '../cli/cli-harness.ts';
import { SHARED_DATA } from '../../shared-data.ts';
import { callChannel, runFinished } from './session-calls.ts';

const DATA = path.join(SHARED_DATA, 'beeline-sample', 'dyn-BF_2000_0');
const REFERENCE = path.join(DATA, 'refNetwork.csv');
let root: string;
let session: AppSession;
let run: RunSummary;
const config: TrainingConfig = {
  ...PAPER_DEFAULTS,
  model: { hidden: [8], activation: 'first' },
  solver: { kind: 'rk4', bins: 8, substeps: 1 },
  iterations: 40,
  engine: 'wasm',
  seed: 3,
};

const base64 = (text: string) => Buffer.from(text).toString('base64');

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-scoring-test-'));
  session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'session') });
  const dataset = await callChannel<DatasetInfo>(session, 'dataset:open', { path: DATA });
  const started = await callChannel<RunSummary>(session, 'training:start', {
    datasetId: dataset.datasetId,
    selection: dataset.suggestedSelection!,
    config,
  });
  run = await runFinished(session, started.runId);
}, 240_000);

afterAll(async () => {
  await session.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('run:score', () => {
  it('gives the scores pathreg score writes for the same run folder and refNetwork.csv', async () => {
    expect(run.state).toBe('completed');
    const app = await callChannel<ReferenceScore>(session, 'run:score', { runId: run.runId, path: REFERENCE });
    const cli = await runCli(['score', run.folder, '--reference', REFERENCE, '--json']);
    expect(cli.code, cli.stderr).toBe(0);
    const document = JSON.parse(cli.stdout);
    expect(app.scores).toEqual(document.scores);
    expect(app.reference).toEqual({ fileName: 'refNetwork.csv', sha256: document.reference_sha256, layout: 'beeline' });
    expect(app.notes).toEqual(document.notes);
    // dyn-BF: 10 edges between different genes; the counts add up.
    expect(app.referenceEdgesTotal).toBe(10);
    expect(app.referenceEdges).toHaveLength(10);
    expect(app.missedInTopK).toBe(10 - app.scores.early_precision_true_positives);
    expect(app.curve.recall[0]).toBe(0);
    expect(app.curve.recall.at(-1)).toBe(1);
    expect(app.genesNotInRunCount).toBe(0);
  }, 60_000);

  it('scores an uploaded file, and a headerless tab-separated list, the same', async () => {
    const text = await readFile(REFERENCE, 'utf8');
    const byPath = await callChannel<ReferenceScore>(session, 'run:score', { runId: run.runId, path: REFERENCE });
    const uploaded = await callChannel<ReferenceScore>(session, 'run:score', {
      runId: run.runId,
      fileName: 'refNetwork.csv',
      contentBase64: base64(text),
    });
    expect(uploaded.scores).toEqual(byPath.scores);
    expect(uploaded.reference.sha256).toBe(byPath.reference.sha256);
    const tsv = text
      .split('\n')
      .slice(1)
      .map((line) => line.replaceAll(',', '\t'))
      .join('\n');
    const plain = await callChannel<ReferenceScore>(session, 'run:score', {
      runId: run.runId,
      fileName: 'edges.tsv',
      contentBase64: base64(tsv),
    });
    expect(plain.reference.layout).toBe('no-header');
    expect(plain.scores).toEqual(byPath.scores);
  });

  it('counts and names reference genes the run lacks instead of dropping them', async () => {
    const text = `${await readFile(REFERENCE, 'utf8')}g1,Zfp1,+\nZfp2,g3,-\n`;
    const score = await callChannel<ReferenceScore>(session, 'run:score', {
      runId: run.runId,
      fileName: 'extra.csv',
      contentBase64: base64(text),
    });
    expect(score.genesNotInRunCount).toBe(2);
    expect(score.genesNotInRun).toEqual(['Zfp1', 'Zfp2']);
    expect(score.scores.genes).toBe(9);
    expect(score.notes[0]).toMatch(/^2 of the 9 reference genes are not in the run .*"Zfp1", "Zfp2"/);
    expect(score.unpredicted).toBeGreaterThanOrEqual(2);
  });

  it('names the file and the line of a bad reference, and refuses a reference of other genes in words for the app', async () => {
    await expect(
      callChannel(session, 'run:score', {
        runId: run.runId,
        fileName: 'bad.csv',
        contentBase64: base64('Gene1,Gene2,Type\ng1,g2,+\ng2,g3,up?\n'),
      }),
    ).rejects.toThrow(/^"bad\.csv", line 3, column 3 \("Type"\): found "up\?"/);
    const other = callChannel(session, 'run:score', { runId: run.runId, fileName: 'mouse.csv', contentBase64: base64('Gata1,Klf1\n') });
    await expect(other).rejects.toThrow(
      /No gene of "mouse\.csv" \("Gata1", "Klf1"\) is among the 7 genes of .*Choose the reference network of the same data set/,
    );
    await expect(other).rejects.not.toThrow(/--/);
    await expect(callChannel(session, 'run:score', { runId: run.runId, path: path.join(root, 'nope.csv') })).rejects.toThrow(
      /"nope\.csv": no such file/,
    );
  });

  it('validates the request on the transport and checks the path against the file-access policy', async () => {
    await expect(callChannel(session, 'run:score', { runId: run.runId, fileName: '../x.csv', contentBase64: 'AAAA' })).rejects.toThrow(
      /fileName: a file name without folders/,
    );
    await expect(callChannel(session, 'run:score', { runId: run.runId, path: REFERENCE, extra: 1 })).rejects.toThrow(
      /run:score" was refused/,
    );
    const outside = path.join(root, 'elsewhere.csv');
    await writeFile(outside, 'g1,g2\n');
    const guarded = withFileAccessPolicy(session.handlers, await folderPolicy({ roots: [path.join(root, 'session')] }));
    const answer = await dispatch(guarded, 'run:score', { runId: run.runId, path: outside }, 100);
    expect(answer.ok).toBe(false);
    if (!answer.ok) expect(answer.error).toMatchObject({ code: 'forbidden' });
  });

  it('exports the precision-recall figure with the run provenance and the reference named by SHA-256', async () => {
    const score = await callChannel<ReferenceScore>(session, 'run:score', { runId: run.runId, path: REFERENCE });
    const request = { runId: run.runId, figure: 'precision-recall', width: 89, height: 80, unit: 'mm', dpi: 300, background: 'white' };
    const svg = await callChannel<ExportedFile>(session, 'export:figure', { ...request, format: 'svg' });
    expect(svg.fileName).toMatch(/-precision-recall\.svg$/);
    const text = Buffer.from(svg.contentBase64, 'base64').toString('utf8');
    expect(text).toContain('id="pathreg-provenance"');
    expect(text).toContain(score.reference.sha256);
    expect(text).toContain('class="pathreg-figure pathreg-precision-recall"');
    expect(text).toContain(`AUROC ${score.scores.auroc.toFixed(3)}`);
    const pdf = await callChannel<ExportedFile>(session, 'export:figure', { ...request, format: 'pdf' });
    expect(Buffer.from(pdf.contentBase64, 'base64').subarray(0, 5).toString()).toBe('%PDF-');

    // The network figure with the marks on, as the Network view shows them: the same counts as the scene's.
    const network = { ...request, figure: 'network', format: 'svg', width: 183, height: 140, selection: { topK: 8 } };
    const marked = await callChannel<ExportedFile>(session, 'export:figure', { ...network, referenceMarks: true });
    const markedText = Buffer.from(marked.contentBase64, 'base64').toString('utf8');
    const count = (name: string) => Number(new RegExp(`${name}="(\\d+)"`).exec(markedText)?.[1]);
    expect(count('data-true-positives') + count('data-missed')).toBe(10);
    expect(count('data-true-positives') + count('data-false-positives')).toBe(8);
    expect(marked.content).toContain(`edges marked against "refNetwork.csv" (SHA-256 ${score.reference.sha256})`);
    const plain = await callChannel<ExportedFile>(session, 'export:figure', network);
    expect(Buffer.from(plain.contentBase64, 'base64').toString('utf8')).not.toContain('data-missed=');
  }, 60_000);
});
