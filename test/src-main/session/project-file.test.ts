// Save a session to a project file and open it in a fresh session: data re-opened and checked by SHA-256, runs and
// their results back, view state intact; moved and changed data, and files that are not projects, say so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile, rename } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createAppSession } from '../../../src-main/session/create-session.ts';
import type { AppSession } from '../../../src-main/session/app-session.ts';
import { APP_ROOT } from '../../../src-main/session/create-session.ts';
import { PAPER_DEFAULTS } from '../../../src-shared/run-config.ts';

let root: string;
let first: AppSession;
let projectFile: string;
let savedRunId: string;

async function finished(session: AppSession, runId: string): Promise<void> {
  await new Promise<void>((resolve) => {
    const stop = session.subscribe((event) => {
      if (event.type === 'training:state' && event.run.runId === runId && event.run.hasResult) {
        stop();
        resolve();
      }
    });
  });
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-project-test-'));
  // Only donor 12's files: a small, real data set the test may change and move.
  await cp(path.join(APP_ROOT, 'resources/examples/hematopoiesis'), path.join(root, 'work', 'data'), {
    recursive: true,
    filter: (source) => !/_21_/.test(source),
  });
  first = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'work', 'session-1') });
  const dataset = await first.handlers['dataset:open']({ path: path.join(root, 'work', 'data') });
  const selection = { ...dataset.suggestedSelection!, genes: dataset.geneNames.slice(0, 5), testDonors: [] };
  const run = await first.handlers['training:start']({
    datasetId: dataset.datasetId,
    label: 'saved run',
    selection,
    config: {
      ...PAPER_DEFAULTS,
      model: { hidden: [3], activation: 'first' },
      solver: { kind: 'rk4', bins: 6, substeps: 1 },
      iterations: 8,
      engine: 'tfjs',
    },
  });
  await finished(first, run.runId);
  savedRunId = run.runId;
  projectFile = path.join(root, 'work', 'study.pathreg');
});

afterAll(async () => {
  await first.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('project files', () => {
  it('saves the session and opens it in a new one with data, runs, results and view state', async () => {
    const saved = await first.handlers['project:save']({
      path: projectFile,
      viewState: { tab: 'network', runId: savedRunId, threshold: 0.25 },
    });
    expect(saved.bytes).toBeGreaterThan(100);
    const document = JSON.parse(await readFile(projectFile, 'utf8'));
    expect(document.format).toBe('pathreg-studio-project');
    expect(document.datasets[0].sources.every((s: { sha256: string }) => /^[0-9a-f]{64}$/.test(s.sha256))).toBe(true);
    expect(document.datasets[0].relativePath).toBe('data');
    expect(document.runs[0].relativeFolder).toBe(path.join('study-runs', savedRunId));

    const second = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'work', 'session-2') });
    try {
      const opened = await second.handlers['project:open']({ path: projectFile });
      expect(opened.warnings).toEqual([]);
      expect(opened.viewState).toEqual({ tab: 'network', runId: savedRunId, threshold: 0.25 });
      expect(opened.datasets).toHaveLength(1);
      expect(opened.runs.map((r) => [r.label, r.state, r.hasResult])).toEqual([['saved run', 'completed', true]]);
      const runId = opened.idMap[savedRunId];
      expect(runId).toBe(opened.runs[0].runId);
      const result = await second.handlers['run:result']({ runId });
      expect(result.genes).toHaveLength(5);
      expect(result.history.at(-1)?.iteration).toBe(8);
      expect((await second.handlers['training:subscribe']({ runId })).history.length).toBe(8);
    } finally {
      await second.dispose();
    }
  });

  it('finds data moved together with the project, and warns when a file changed', async () => {
    await rename(path.join(root, 'work'), path.join(root, 'moved'));
    const moved = path.join(root, 'moved');
    // Same lineage, other content: the hash must differ and the file must still read.
    await cp(path.join(APP_ROOT, 'resources/examples/hematopoiesis/B_21_norm.tsv.gz'), path.join(moved, 'data', 'B_12_norm.tsv.gz'));
    const third = await createAppSession({ transport: 'http', sessionDir: path.join(moved, 'session-3') });
    try {
      const opened = await third.handlers['project:open']({ path: path.join(moved, 'study.pathreg') });
      expect(opened.datasets[0].path).toBe(path.join(moved, 'data'));
      expect(opened.warnings.join('\n')).toMatch(/"B_12_norm.tsv.gz" changed since the project was saved/);
      // The run's folder was kept next to the project, so it moved with it and the result is still there.
      expect(opened.warnings.join('\n')).not.toMatch(/is gone/);
      expect((await third.handlers['run:result']({ runId: opened.runs[0].runId })).metrics.iterations).toBe(8);
    } finally {
      await third.dispose();
      await rename(path.join(root, 'moved'), path.join(root, 'work'));
    }
  });

  it('says what is wrong with files that are not projects', async () => {
    const session = await createAppSession({ transport: 'http', sessionDir: path.join(root, 'work', 'session-4') });
    try {
      const notJson = path.join(root, 'notes.pathreg');
      await writeFile(notJson, 'hello');
      await expect(session.handlers['project:open']({ path: notJson })).rejects.toThrow(
        /"notes.pathreg" is not a PathReg Studio project: it is not valid JSON/,
      );
      const otherJson = path.join(root, 'package.pathreg');
      await writeFile(otherJson, JSON.stringify({ name: 'x' }));
      await expect(session.handlers['project:open']({ path: otherJson })).rejects.toThrow(
        /"package.pathreg" is not a PathReg Studio project file: format/,
      );
      await expect(session.handlers['project:open']({ path: path.join(root, 'missing.pathreg') })).rejects.toThrow(
        /There is no project file at/,
      );
      await expect(session.handlers['project:save']({ path: path.join(root, 'study.txt'), viewState: {} })).rejects.toThrow(
        /end in \.pathreg or \.json/,
      );
    } finally {
      await session.dispose();
    }
  });
});
