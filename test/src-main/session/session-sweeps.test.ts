// The app's sweeps behind the Sweep view's channels (SweepService): Slurm offered only where sbatch is on the PATH,
// a grid refused in words, and a real local sweep on the CLI harness's data that is cancelled midway, reports its
// failing task with the end of its log, and resumes only what did not finish. One task fails on purpose: its
// worker is started through a wrapper that exits for task 1 and runs the real `pathreg sweep-task` otherwise.
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath, SweepService } from '../../../src-main/session/session-sweeps.ts';
import { defaultTaskCommand } from '../../../src-main/sweep/sweep-executor.ts';
import type { DatasetInfo, RunSummary } from '../../../src-shared/contract/types.ts';
import type { SweepSnapshot, SweepStartRequest } from '../../../src-shared/contract/sweep.ts';
import { trajectoryData } from '../sweep/sweep-fixture.ts';

let root: string;
let data: string;
const opened: string[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-session-sweeps-'));
  data = await trajectoryData(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function service(options: { searchPath?: string; failTask?: number } = {}): SweepService {
  const real = defaultTaskCommand();
  const wrapper = join(root, 'fail-one-task.mjs');
  return new SweepService({
    sessionDir: join(root, 'session'),
    dataset: (datasetId) => {
      if (datasetId !== 'dataset-1') throw new Error(`no ${datasetId}`);
      return { datasetId, name: 'harness data', path: data } as DatasetInfo;
    },
    openRunFolder: async (folder) => {
      opened.push(folder);
      return { runId: 'run-1', folder } as RunSummary;
    },
    ...(options.failTask === undefined ? {} : { taskCommand: { node: real.node, pathreg: wrapper } }),
    ...(options.searchPath === undefined ? {} : { searchPath: options.searchPath }),
  });
}

const request = (patch: Partial<SweepStartRequest> = {}): SweepStartRequest => ({
  datasetId: 'dataset-1',
  method: 'trajectory',
  iterations: 5,
  tfList: 'none',
  grid: { lambdas: [0.01], seeds: [0, 1, 2], subsamples: 0, nulls: 0 },
  executor: { kind: 'local', workers: 1 },
  ...patch,
});

async function until(sweeps: SweepService, id: string, done: (s: SweepSnapshot) => boolean, ms = 120_000): Promise<SweepSnapshot> {
  const end = Date.now() + ms;
  for (;;) {
    const snapshot = await sweeps.status(id);
    if (done(snapshot)) return snapshot;
    if (Date.now() > end) throw new Error(`timed out: ${JSON.stringify(snapshot.tasks.map((t) => t.state))}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('the Sweep view’s executors', () => {
  it('offers Slurm only when sbatch is an executable on the PATH', async () => {
    const bin = join(root, 'bin');
    await mkdir(bin, { recursive: true });
    expect(await findOnPath('sbatch', bin)).toBeNull();
    await writeFile(join(bin, 'sbatch'), '#!/bin/sh\n');
    expect(await findOnPath('sbatch', bin)).toBeNull(); // not executable
    await chmod(join(bin, 'sbatch'), 0o755);
    expect(await findOnPath('sbatch', `/nonexistent:${bin}`)).toBe(join(bin, 'sbatch'));

    const none = await service({ searchPath: '' }).executors();
    expect(none.slurm).toEqual({ available: false, reason: expect.stringMatching(/sbatch is not on the PATH/) });
    expect(none.local.workers).toBeGreaterThanOrEqual(1);
    expect((await service({ searchPath: bin }).executors()).slurm.available).toBe(true);
    await expect(service({ searchPath: '' }).start(request({ executor: { kind: 'slurm' } }))).rejects.toThrow(/sbatch is not on the PATH/);
  });

  it('refuses a grid in words before anything runs', async () => {
    await expect(
      service().start(request({ method: 'linear', grid: { lambdas: [0.1, 0.01], seeds: [0], subsamples: 0, nulls: 0 } })),
    ).rejects.toThrow(/linear method follows its whole lasso path and has no λ to choose/);
  });
});

describe('a sweep started from the app', () => {
  it('runs, cancels midway, reports the failing task with its log, resumes only the rest and opens a finished run', async () => {
    const real = defaultTaskCommand();
    await writeFile(
      join(root, 'fail-one-task.mjs'),
      `if (process.argv[4] === '1') { console.error('task 1 cannot run: a failure the test asked for'); process.exit(3); }\n` +
        `process.argv.splice(1, 1, ${JSON.stringify(real.pathreg)});\nawait import(${JSON.stringify(real.pathreg)});\n`,
    );
    const sweeps = service({ failTask: 1 });
    const started = await sweeps.start(request());
    expect(started.running).toBe(true);
    expect(started.tasks.map((t) => t.cells)).toEqual(['all cells', 'all cells', 'all cells']);
    // One worker: task 0 finishes, task 1 fails, and the sweep is cancelled as task 2 runs.
    await until(sweeps, started.sweepId, (s) => s.tasks[2].state === 'running');
    const cancelled = await sweeps.cancel(started.sweepId);
    expect(cancelled.running).toBe(false);
    expect(cancelled.tasks.map((t) => t.state)).toEqual(['done', 'failed', 'cancelled']);
    expect(cancelled.tasks[1].logTail).toMatch(/task 1 cannot run: a failure the test asked for/);
    expect(cancelled.tasks[1].message).toMatch(/exited with status 3/);
    expect(cancelled.lambdaPath).toEqual([
      expect.objectContaining({ lambda: 0.01, fits: 1, tasks: [0], heldOutMse: expect.any(Number), edges: expect.any(Number) }),
    ]);
    await expect(sweeps.cancel(started.sweepId)).rejects.toThrow(/is not running: there is nothing to cancel/);

    const resumed = await sweeps.resume(started.sweepId);
    expect(resumed.running).toBe(true);
    await expect(sweeps.resume(started.sweepId)).rejects.toThrow(/is running already/);
    const finished = await until(sweeps, started.sweepId, (s) => !s.running);
    expect(finished.tasks.map((t) => t.state)).toEqual(['done', 'failed', 'done']);
    // Task 0 was not run again.
    const manifest = JSON.parse(await readFile(join(root, 'session', 'sweeps', started.sweepId, 'sweep.json'), 'utf8'));
    expect(manifest.tasks.map((t: { attempts: number }) => t.attempts)).toEqual([1, 2, 2]);

    const consensus = await sweeps.consensus(started.sweepId, 0.01);
    expect(consensus.fits).toBe(2);
    expect(consensus.edges.every((e) => e.confidence === 0.5 || e.confidence === 1)).toBe(true);
    expect(consensus.edges.every((e) => e.fdr === null)).toBe(true);

    // Exported like any network, from the view: SIF with its edge table, the least confidence applied.
    const sif = await sweeps.exportNetwork(started.sweepId, 0.01, 'sif', 1);
    expect(sif.fileName).toMatch(/-lambda-0\.01-consensus\.sif$/);
    expect(sif.edgeTable?.fileName).toBe(`${sif.fileName}.edge-attributes.csv`);
    const table = Buffer.from(sif.edgeTable!.contentBase64, 'base64').toString('utf8').trim().split('\n');
    expect(table[0]).toBe('shared name,source,interaction,target,weight,sign,rank,confidence,fdr,null_frequency,mean_weight,selected_in');
    expect(table.length - 1).toBe(consensus.edges.filter((e) => e.confidence === 1).length);
    expect(sif.content).toMatch(
      /consensus of 2 fits and 0 permuted-pseudotime null fits at λ 0.01\): edges selected by at least 1 of the fits/,
    );
    expect(JSON.parse(Buffer.from(sif.sidecar!.contentBase64, 'base64').toString('utf8')).inputs[0].name).toBe(data);

    await sweeps.openRun(started.sweepId, 2);
    expect(opened.pop()).toBe(join(root, 'session', 'sweeps', started.sweepId, 'tasks', 'task-0002'));
    await expect(sweeps.openRun(started.sweepId, 1)).rejects.toThrow(/Task 1 of .* is failed, not finished/);
    await expect(sweeps.status('sweep-99')).rejects.toThrow(/There is no sweep "sweep-99" in this session/);
  }, 240_000);
});
