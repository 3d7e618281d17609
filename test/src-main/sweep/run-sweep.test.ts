import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localExecutor } from '../../../src-main/sweep/local-executor.ts';
import type { SweepExecutor } from '../../../src-main/sweep/sweep-executor.ts';
import { createSweep, runSweep } from '../../../src-main/sweep/run-sweep.ts';
import { dataPathSha256, readManifest, tasksOfGrid } from '../../../src-main/sweep/sweep-manifest.ts';
import { grid, TINY_FIT, trajectoryData } from './sweep-fixture.ts';

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-sweep-manifest-'));
  data = await trajectoryData(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the sweep grid and manifest', () => {
  it('lists λ × seed × (all cells, subsamples, nulls) in a fixed order with their folders and logs', () => {
    const tasks = tasksOfGrid(grid({ lambdas: [0.1, 0.01], seeds: [0, 7], subsamples: 2, nulls: 1 }));
    expect(tasks).toHaveLength(16);
    expect(tasks.slice(0, 4).map((t) => [t.lambda, t.seed, t.resample?.kind ?? 'all', t.resample?.replicate ?? 0])).toEqual([
      [0.1, 0, 'all', 0],
      [0.1, 0, 'subsample', 1],
      [0.1, 0, 'subsample', 2],
      [0.1, 0, 'permute', 1],
    ]);
    expect(tasks[15]).toMatchObject({
      index: 15,
      lambda: 0.01,
      seed: 7,
      folder: 'tasks/task-0015',
      log: 'logs/task-0015.log',
      state: 'pending',
    });
  });

  it('hashes a data folder by its files, so a changed file changes the SHA-256', async () => {
    const folder = await trajectoryData(join(root, 'hash'));
    const before = await dataPathSha256(folder);
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect(await dataPathSha256(folder)).toBe(before);
    await appendFile(join(folder, 'mono_12_norm.tsv'), '0.5\t1\t1\t1\t1\t1\n');
    expect(await dataPathSha256(folder)).not.toBe(before);
    await expect(dataPathSha256(join(root, 'absent'))).rejects.toThrow(/does not exist\. Name a data file or folder/);
  });

  it('refuses options the sweep sets, repeated λ values and a folder that already holds a sweep', async () => {
    const base = { dataPath: data, executor: { kind: 'local' as const, options: {} } };
    await expect(createSweep({ ...base, sweepDir: join(root, 'a'), fitArgs: ['--seed', '3'], grid: grid({}) })).rejects.toThrow(
      /--seed is set by the sweep for each task/,
    );
    await expect(createSweep({ ...base, sweepDir: join(root, 'b'), fitArgs: [], grid: grid({ lambdas: [0.1, 0.1] }) })).rejects.toThrow(
      /repeat one: each λ once/,
    );
    await createSweep({ ...base, sweepDir: join(root, 'c'), fitArgs: TINY_FIT, grid: grid({}) });
    await expect(createSweep({ ...base, sweepDir: join(root, 'c'), fitArgs: TINY_FIT, grid: grid({}) })).rejects.toThrow(
      /already holds a sweep \(1 tasks\)/,
    );
    expect((await readManifest(join(root, 'c'))).fitArgs).toEqual(['--data', data, ...TINY_FIT]);
    await expect(readManifest(join(root, 'nothing'))).rejects.toThrow(/is not a sweep folder/);
  });

  it('refuses to resume a sweep whose data changed, before any task runs', async () => {
    const copy = await trajectoryData(join(root, 'changing'));
    await createSweep({
      sweepDir: join(root, 'd'),
      dataPath: copy,
      fitArgs: TINY_FIT,
      grid: grid({}),
      executor: { kind: 'local', options: {} },
    });
    await appendFile(join(copy, 'eryth_12_norm.tsv'), '0.5\t1\t1\t1\t1\t1\n');
    await expect(runSweep(join(root, 'd'), localExecutor())).rejects.toThrow(/changed since this sweep started.*Start a new sweep/);
    expect((await readManifest(join(root, 'd'))).tasks[0].state).toBe('pending');
  });

  it('counts a run of a task seen only when it ended (done or failed between two polls), and not a cancelled one', async () => {
    const dir = join(root, 'unseen-runs');
    await createSweep({
      sweepDir: dir,
      dataPath: data,
      fitArgs: TINY_FIT,
      grid: grid({ seeds: [0, 1, 2, 3] }),
      executor: { kind: 'slurm', options: {} },
    });
    const polledScheduler: SweepExecutor = {
      kind: 'slurm',
      async run(tasks, context) {
        for (const task of tasks) await context.update(task.index, { state: 'submitted', job: `7_${task.index}` });
        await context.update(tasks[0].index, { state: 'done', seconds: 1 });
        await context.update(tasks[1].index, { state: 'failed', message: 'exited with status 3' });
        await context.update(tasks[2].index, { state: 'cancelled', message: 'cancelled before it started' });
        await context.update(tasks[3].index, { state: 'running', job: '7_3' });
        await context.update(tasks[3].index, { state: 'done', seconds: 2 });
      },
    };
    const manifest = await runSweep(dir, polledScheduler);
    expect(manifest.tasks.map((task) => [task.state, task.attempts])).toEqual([
      ['done', 1],
      ['failed', 1],
      ['cancelled', 0],
      ['done', 1],
    ]);
  });
});
