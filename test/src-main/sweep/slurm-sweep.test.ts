// Sweeps through a REAL Slurm (22.05, one node on this machine, started by ../shared/slurm's script, as .ci/run
// does): a sweep of 8 tasks in two chunked arrays finishes, a sweep cancelled midway (scancel) is resumed, and a
// failing task is reported with its log. Where Slurm cannot start (not root, no apt, another OS) the tests are
// skipped and the reason is printed in the skipped suite's name and on stderr.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSweep, runSweep } from '../../../src-main/sweep/run-sweep.ts';
import { readManifest, readTaskMarker } from '../../../src-main/sweep/sweep-manifest.ts';
import { slurmExecutor } from '../../../src-main/sweep/slurm-executor.ts';
import { grid, TINY_FIT, trajectoryData } from './sweep-fixture.ts';

const START = fileURLToPath(new URL('../../../../shared/slurm/start-single-node-slurm.sh', import.meta.url));

async function startSlurm(): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (!existsSync(START)) return { ok: false, reason: `${START} is not there (the team's shared folder beside the checkout)` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'starting a single-node Slurm needs root' };
  return new Promise((done) => {
    execFile('bash', [START], { timeout: 300_000 }, (error, stdout, stderr) => {
      if (error)
        done({
          ok: false,
          reason: `${START} failed: ${(String(stderr) || String(stdout) || error.message).trim().split('\n').slice(-3).join(' ')}`,
        });
      else done({ ok: true });
    });
  });
}

const slurm = await startSlurm();
if (!slurm.ok) process.stderr.write(`Slurm sweep tests skipped: ${slurm.reason}\n`);

let root: string;
let data: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-slurm-sweep-'));
  data = await trajectoryData(root);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const fast = { pollMs: 1000, markerGraceMs: 10_000, throttle: 2 };

describe.skipIf(!slurm.ok)(`sweeps through a real Slurm${slurm.ok ? '' : ` (skipped: ${slurm.reason})`}`, () => {
  it('runs a sweep of 8 tasks as two job arrays under MaxArraySize and sees every task finish', async () => {
    const out = join(root, 'eight');
    await createSweep({
      sweepDir: out,
      dataPath: data,
      fitArgs: TINY_FIT,
      grid: grid({ lambdas: [0.01, 0.1], seeds: [0, 1], subsamples: 1 }),
      executor: { kind: 'slurm', options: {} },
    });
    const manifest = await runSweep(out, slurmExecutor({ ...fast, maxArraySize: 5 }));
    expect(manifest.tasks.map((t) => t.state)).toEqual(Array(8).fill('done'));
    expect(manifest.slurmSubmissions.map((s) => [s.offset, s.array])).toEqual([
      [0, '0-4'],
      [5, '0-2'],
    ]);
    const [first, second] = manifest.slurmSubmissions.map((s) => s.jobId);
    expect(manifest.tasks.map((t) => t.job)).toEqual(
      [0, 1, 2, 3, 4].map((i) => `${first}_${i}`).concat([0, 1, 2].map((i) => `${second}_${i}`)),
    );
    for (const task of manifest.tasks) {
      const metrics = JSON.parse(await readFile(join(out, task.folder, 'metrics.json'), 'utf8'));
      expect([metrics.seed, metrics.config.regularizer.lambda]).toEqual([task.seed, task.lambda]);
    }
    // The array script ran the task through the same command line, its output in the task's own log.
    expect(await readFile(join(out, manifest.tasks[7].log), 'utf8')).toMatch(/sweep task 7: λ 0.1, seed 1, subsample 1/);
  });

  it('cancels a sweep midway with scancel, then a resume runs only what did not finish', async () => {
    const out = join(root, 'cancel');
    await createSweep({
      sweepDir: out,
      dataPath: data,
      fitArgs: TINY_FIT,
      // Eight tasks, one at a time: a tiny fit from the bundled command line ends within a poll (1 s) on a quiet
      // machine, so with four tasks all but one could finish before the cancel reached Slurm.
      grid: grid({ seeds: [0, 1, 2, 3, 4, 5, 6, 7] }),
      executor: { kind: 'slurm', options: {} },
    });
    const controller = new AbortController();
    const first = await runSweep(out, slurmExecutor({ ...fast, throttle: 1 }), {
      signal: controller.signal,
      onChange: (manifest) => {
        if (manifest.tasks[0].state === 'done') controller.abort();
      },
    });
    expect(first.tasks[0].state).toBe('done');
    expect(first.tasks.slice(1).every((t) => t.state === 'cancelled' || t.state === 'done')).toBe(true);
    expect(first.tasks.filter((t) => t.state === 'cancelled').length).toBeGreaterThanOrEqual(2);
    const jobOfFirst = first.slurmSubmissions[0].jobId;
    // scancel took effect: Slurm runs nothing of the array any more.
    const queue = await new Promise<string>((done) =>
      execFile('squeue', ['-h', '-j', jobOfFirst, '-o', '%i|%T'], (_e, stdout) => done(String(stdout))),
    );
    expect(queue.split('\n').filter((l) => /RUNNING|PENDING/.test(l))).toEqual([]);
    const doneAt = (await readTaskMarker(out, first.tasks[0]))!.at;

    const resumed = await runSweep(out, slurmExecutor(fast));
    expect(resumed.tasks.map((t) => t.state)).toEqual(Array(8).fill('done'));
    expect((await readTaskMarker(out, resumed.tasks[0]))!.at).toBe(doneAt);
    expect(resumed.tasks[0].attempts).toBe(1);
    expect(resumed.slurmSubmissions).toHaveLength(2);
    expect(resumed.slurmSubmissions[1].tasks).not.toContain(0);
  });

  it('reports a failing task with the reason and the end of its log', async () => {
    const out = join(root, 'failing');
    // Share 0.3 keeps 18 of 60 cells: the paper's trimming (10 + 20) leaves none, so the subsample task fails.
    await createSweep({
      sweepDir: out,
      dataPath: data,
      fitArgs: TINY_FIT,
      grid: grid({ subsamples: 1, subsampleFraction: 0.3 }),
      executor: { kind: 'slurm', options: {} },
    });
    const manifest = await runSweep(out, slurmExecutor(fast));
    expect(manifest.tasks.map((t) => t.state)).toEqual(['done', 'failed']);
    expect(manifest.tasks[1].message).toMatch(/leaves no cells.*Drop fewer cells.*\(log: logs\/task-0001\.log\)/s);
    expect(await readFile(join(out, 'logs', 'task-0001.log'), 'utf8')).toMatch(/sweep task 1 failed/);
    expect((await readManifest(out)).tasks[1].state).toBe('failed');
  });
});
