import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/cli-harness.ts';
import { localExecutor, localWorkerCount, MEMORY_PER_WORKER_BYTES } from '../../../src-main/sweep/local-executor.ts';
import { createSweep, runSweep } from '../../../src-main/sweep/run-sweep.ts';
import { readManifest, readTaskMarker, tasksOfGrid, type SweepManifest } from '../../../src-main/sweep/sweep-manifest.ts';
import { grid, TINY_FIT, trajectoryData } from './sweep-fixture.ts';

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-sweep-'));
  data = await trajectoryData(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('localWorkerCount', () => {
  it('uses every core unless memory is short, and never fewer than one worker', () => {
    expect(localWorkerCount(24, 2, 24 * 1024 ** 3)).toBe(2);
    expect(localWorkerCount(24, 16, 4 * MEMORY_PER_WORKER_BYTES)).toBe(4);
    expect(localWorkerCount(1, 16, 64 * 1024 ** 3)).toBe(1);
    expect(localWorkerCount(24, 2, 0)).toBe(1);
  });
});

describe('pathreg sweep on the local cores', () => {
  it('runs every task into an ordinary run folder and reports a failing task with the reason from its log', async () => {
    const out = join(root, 'cli');
    // Share 0.3 leaves 18 of 60 cells, which the paper's trimming (10 + 20 cells) cannot take: those tasks fail.
    const args = ['sweep', '--data', data, '--out', out, '--lambdas', '0.01', '--seeds', '0,1', '--subsamples', '1'];
    const result = await runCli([...args, '--subsample-share', '0.3', '--workers', '2', ...TINY_FIT]);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(/2 done, 2 failed, 0 cancelled of 4/);
    const manifest = await readManifest(out);
    expect(manifest.fitArgs).toEqual(['--data', data, ...TINY_FIT]);
    expect(manifest.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(manifest.tasks.map((t) => [t.seed, t.resample?.kind ?? 'all', t.state])).toEqual([
      [0, 'all', 'done'],
      [0, 'subsample', 'failed'],
      [1, 'all', 'done'],
      [1, 'subsample', 'failed'],
    ]);
    expect(manifest.tasks[1].message).toMatch(/dropping the first 10 and the last 20 leaves no cells.*Drop fewer cells/);
    const metrics = JSON.parse(await readFile(join(out, manifest.tasks[2].folder, 'metrics.json'), 'utf8'));
    expect(metrics.seed).toBe(1);
    expect(metrics.config.regularizer.lambda).toBe(0.01);
    expect(metrics.data_sha256).toBe((await readTaskMarker(out, manifest.tasks[2]))?.dataSha256);
    expect(await readFile(join(out, manifest.tasks[1].log), 'utf8')).toMatch(/sweep task 1 failed/);

    // The finished tasks are summarised at once: λ path and consensus, with the sweep's provenance.
    const path = await readFile(join(out, 'results', 'lambda-path.csv'), 'utf8');
    expect(path).toContain(`# data_sha256: ${manifest.dataSha256}`);
    expect(path).toMatch(
      /\nlambda,fits,held_out_mse,train_mse,edges,spurious_regulator_fraction,auprc_ratio,tasks\n0\.01,2,[0-9.]+,[0-9.]+,[0-9.]+,,,0 2\n$/,
    );
    const consensus = await readFile(join(out, 'results', 'consensus-lambda-0.01.csv'), 'utf8');
    expect(consensus).toMatch(/# consensus over 2 fits .* and 0 permuted-pseudotime null fits/);
    expect(consensus).toMatch(/\nsource,target,confidence,fdr,null_frequency,mean_weight,sign,selected_in\n\w+,\w+,(1|0\.5),,,/);

    const status = await runCli(['sweep', '--out', out, '--status']);
    expect(JSON.parse(status.stdout).progress).toEqual({ done: 2, failed: 2, cancelled: 0, total: 4 });
    const refused = await runCli(['sweep', '--data', data, '--out', out, ...TINY_FIT]);
    expect(refused.stderr).toMatch(/already holds a sweep \(4 tasks\): resume it, or choose a new folder/);
    const perTask = await runCli(['sweep', '--data', data, '--out', join(root, 'x'), '--lambda', '0.1']);
    expect(perTask.stderr).toMatch(/--lambda is set by the sweep for each task; use --lambdas/);
  });

  it('stops running tasks on cancel, keeps the finished ones, and a resume runs only the rest', async () => {
    const out = join(root, 'cancel');
    await createSweep({
      sweepDir: out,
      dataPath: data,
      fitArgs: TINY_FIT,
      grid: grid({ seeds: [0, 1, 2] }),
      executor: { kind: 'local', options: {} },
    });
    const controller = new AbortController();
    // One worker: task 0 finishes, task 1 is stopped while it runs, task 2 never starts.
    const first = await runSweep(out, localExecutor({ workers: 1 }), {
      signal: controller.signal,
      onChange: (manifest, index) => {
        if (index === 1 && manifest.tasks[1].state === 'running') setTimeout(() => controller.abort(), 300);
      },
    });
    expect(
      first.tasks.map((t) => t.state),
      JSON.stringify(first.tasks),
    ).toEqual(['done', 'cancelled', 'cancelled']);
    const doneAt = (await readTaskMarker(out, first.tasks[0]))!.at;

    const resumed = await runSweep(out, localExecutor({ workers: 2 }));
    expect(resumed.tasks.map((t) => t.state)).toEqual(['done', 'done', 'done']);
    expect(resumed.tasks.map((t) => t.attempts)).toEqual([1, 2, 1]);
    expect((await readTaskMarker(out, resumed.tasks[0]))!.at).toBe(doneAt);
  });
});

describe('localExecutor with a task that ends at once', () => {
  it('sees the exit of a worker that ends while its "running" state is still being written (it used to wait for ever)', async () => {
    const sweepDir = await mkdtemp(join(root, 'exits-at-once-'));
    const quits = join(sweepDir, 'quits.mjs');
    await writeFile(quits, "console.error('cannot start: the test asked for it'); process.exit(3);\n");
    const tasks = tasksOfGrid({ lambdas: [0.1], seeds: [0, 1], subsamples: 0, nulls: 0, subsampleFraction: 0.8, strata: 4 });
    const updates: string[] = [];
    const executor = localExecutor({ workers: 1, command: { node: process.execPath, pathreg: quits } });
    const ran = executor.run(tasks, {
      sweepDir,
      manifest: { cwd: sweepDir } as SweepManifest,
      signal: new AbortController().signal,
      // A slow manifest write (a busy disk, a network file system): the worker has long exited when it returns.
      update: async (index, update) => {
        if (update.state === 'running') await new Promise((resolve) => setTimeout(resolve, 1500));
        updates.push(`${index}:${update.state}`);
      },
      log: () => {},
    });
    await expect(
      Promise.race([ran.then(() => 'ended'), new Promise((resolve) => setTimeout(() => resolve('hung'), 20_000))]),
    ).resolves.toBe('ended');
    expect(updates).toEqual(['0:running', '0:failed', '1:running', '1:failed']);
  }, 30_000);
});
