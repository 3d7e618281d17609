/**
 * One task of a sweep, as a worker process runs it (`pathreg sweep-task SWEEP INDEX`, started by the local pool or
 * by a Slurm array job): an ordinary fit (runFit, through the command line's own option parsing) into the task's run
 * folder, bracketed by the markers the coordinator reads. The task reads the manifest and never writes it.
 */
import { mkdir, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import type { CellResample } from '../fit/resample-cells.ts';
import { taskFitArguments } from './task-arguments.ts';
import { dataPathSha256, readManifest, SweepError, writeTaskMarker, type TaskMarker } from './sweep-manifest.ts';

/** How a fit ended, in the terms a marker records. */
export interface TaskFitResult {
  status: 'completed' | 'cancelled' | 'diverged' | 'device-failed';
  message: string | null;
  dataSha256: string | null;
}

/** Runs `pathreg fit` with these options (the front end's parsing and wording) on the resampled cells. */
export type TaskFitter = (fitArgs: string[], resample: CellResample | null) => Promise<TaskFitResult>;

/** Runs task `index` of the sweep in `sweepDir`; resolves to the process's exit status (0 done, 1 failed, 130 cancelled). */
export async function runSweepTask(sweepDir: string, index: number, fit: TaskFitter, log: (line: string) => void): Promise<number> {
  const dir = resolve(sweepDir);
  const manifest = await readManifest(dir);
  const task = manifest.tasks[index];
  if (!task) throw new SweepError(`The sweep in ${dir} has tasks 0 to ${manifest.tasks.length - 1}; there is no task ${index}.`);
  const folder = join(dir, task.folder);
  // A task run again starts from an empty folder, so nothing of a failed or cancelled attempt is mistaken for a result.
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const started = performance.now();
  const marker = (state: TaskMarker['state'], message: string | null, exitCode: number | null, sha: string | null): TaskMarker => ({
    index,
    state,
    message,
    exitCode,
    seconds: state === 'running' ? null : (performance.now() - started) / 1000,
    host: hostname(),
    pid: process.pid,
    dataSha256: sha,
    at: new Date().toISOString(),
  });
  await writeTaskMarker(folder, marker('running', null, null, null));
  log(
    `sweep task ${index}: λ ${task.lambda}, seed ${task.seed}, ${task.resample ? `${task.resample.kind} ${task.resample.replicate}` : 'all cells'}`,
  );
  try {
    const sha = await dataPathSha256(manifest.dataPath);
    if (sha !== manifest.dataSha256) {
      throw new SweepError(
        `The data "${manifest.dataPath}" changed since the sweep started (SHA-256 ${sha.slice(0, 12)}…, the sweep's ${manifest.dataSha256.slice(0, 12)}…): ` +
          'its tasks would not be comparable. Start a new sweep on the data as it is now.',
      );
    }
    const args = taskFitArguments(manifest.fitArgs, task.lambda, task.seed, folder);
    const result = await fit(args, task.resample);
    if (result.status === 'completed') {
      await writeTaskMarker(folder, marker('done', null, 0, result.dataSha256));
      return 0;
    }
    if (result.status === 'cancelled') {
      await writeTaskMarker(folder, marker('cancelled', result.message ?? 'stopped before the end', 130, result.dataSha256));
      return 130;
    }
    await writeTaskMarker(folder, marker('failed', result.message ?? result.status, 1, result.dataSha256));
    return 1;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`sweep task ${index} failed: ${message}`);
    await writeTaskMarker(folder, marker('failed', message, 1, null));
    return 1;
  }
}
