/**
 * The sweep's coordinator: creates the manifest, decides which tasks still need to run (missing, failed or
 * cancelled ones — a resume never redoes a finished task), hands them to an executor and keeps the manifest's task
 * states current, one atomic write per change, so a sweep stopped at any point is resumable and its finished tasks
 * usable.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  dataPathSha256,
  MANIFEST_VERSION,
  readManifest,
  readTaskMarker,
  SweepError,
  tasksOfGrid,
  writeManifest,
  type SweepGrid,
  type SweepManifest,
  type SweepTask,
} from './sweep-manifest.ts';
import type { SweepExecutor, TaskUpdate } from './sweep-executor.ts';

export interface NewSweep {
  sweepDir: string;
  dataPath: string;
  fitArgs: string[];
  grid: SweepGrid;
  executor: SweepManifest['executor'];
  cwd?: string;
}

/** Options the sweep sets per task; given among the shared fit options they would be silently overridden. */
const TASK_OPTIONS = ['--out', '--lambda', '--seed', '--resume'];

export function checkGrid(grid: SweepGrid): void {
  const fail = (message: string) => {
    throw new SweepError(message);
  };
  if (grid.lambdas.length === 0) fail('A sweep needs at least one λ value.');
  if (grid.seeds.length === 0) fail('A sweep needs at least one seed.');
  if (new Set(grid.lambdas).size !== grid.lambdas.length) fail(`The λ values ${grid.lambdas.join(', ')} repeat one: each λ once.`);
  if (new Set(grid.seeds).size !== grid.seeds.length) fail(`The seeds ${grid.seeds.join(', ')} repeat one: each seed once.`);
  if (!Number.isInteger(grid.subsamples) || grid.subsamples < 0)
    fail(`The number of subsamples must be a whole number ≥ 0, got ${grid.subsamples}.`);
  if (!Number.isInteger(grid.nulls) || grid.nulls < 0) fail(`The number of null fits must be a whole number ≥ 0, got ${grid.nulls}.`);
  if (!(grid.subsampleFraction > 0 && grid.subsampleFraction <= 1))
    fail(`The subsample share must be above 0 and at most 1, got ${grid.subsampleFraction}.`);
  if (!Number.isInteger(grid.strata) || grid.strata < 1) fail(`The pseudotime strata must be a whole number ≥ 1, got ${grid.strata}.`);
}

/** Writes a new sweep's manifest (every task pending); refuses a folder that already holds a sweep. */
export async function createSweep(spec: NewSweep): Promise<SweepManifest> {
  checkGrid(spec.grid);
  const clash = spec.fitArgs.find((arg) => TASK_OPTIONS.includes(arg.split('=', 1)[0]));
  if (clash) throw new SweepError(`${clash.split('=', 1)[0]} is set by the sweep for each task; leave it out of the fit's settings.`);
  const sweepDir = resolve(spec.sweepDir);
  const existing = await readManifest(sweepDir).catch(() => null);
  if (existing)
    throw new SweepError(`${sweepDir} already holds a sweep (${existing.tasks.length} tasks): resume it, or choose a new folder.`);
  await mkdir(sweepDir, { recursive: true });
  const now = new Date().toISOString();
  const manifest: SweepManifest = {
    version: MANIFEST_VERSION,
    createdAt: now,
    updatedAt: now,
    cwd: resolve(spec.cwd ?? process.cwd()),
    dataPath: resolve(spec.cwd ?? process.cwd(), spec.dataPath),
    dataSha256: await dataPathSha256(resolve(spec.cwd ?? process.cwd(), spec.dataPath)),
    // The fit reads the data the sweep hashed: named in the options when the caller left it out.
    fitArgs: spec.fitArgs.some((arg) => arg === '--data' || arg.startsWith('--data='))
      ? spec.fitArgs
      : ['--data', spec.dataPath, ...spec.fitArgs],
    grid: spec.grid,
    executor: spec.executor,
    slurmSubmissions: [],
    tasks: tasksOfGrid(spec.grid),
  };
  await writeManifest(sweepDir, manifest);
  return manifest;
}

export interface SweepProgress {
  done: number;
  failed: number;
  cancelled: number;
  total: number;
}

export function sweepProgress(manifest: SweepManifest): SweepProgress {
  const count = (state: SweepTask['state']) => manifest.tasks.filter((t) => t.state === state).length;
  return { done: count('done'), failed: count('failed'), cancelled: count('cancelled'), total: manifest.tasks.length };
}

export interface RunSweepOptions {
  signal?: AbortSignal;
  log?: (line: string) => void;
  /** Called after every change of a task's state (the app's view, the command line's progress). */
  onChange?: (manifest: SweepManifest, index: number) => void;
}

/**
 * Runs every task of the sweep that has not finished, with this executor; resolves with the manifest as it ends.
 * A task whose marker says done counts as done even if the manifest missed it (the coordinator stopped first).
 */
export async function runSweep(sweepDir: string, executor: SweepExecutor, options: RunSweepOptions = {}): Promise<SweepManifest> {
  const dir = resolve(sweepDir);
  const log = options.log ?? (() => {});
  const manifest = await readManifest(dir);
  const sha = await dataPathSha256(manifest.dataPath);
  if (sha !== manifest.dataSha256) {
    throw new SweepError(
      `The data "${manifest.dataPath}" changed since this sweep started: its finished tasks were fitted on other data. Start a new sweep in a new folder.`,
    );
  }
  for (const task of manifest.tasks) {
    const marker = await readTaskMarker(dir, task);
    if (marker?.state === 'done') {
      task.state = 'done';
      task.seconds = marker.seconds;
    } else if (task.state === 'done') {
      // The manifest says done but the run folder has no done marker (deleted or replaced): run it again.
      task.state = 'pending';
    }
  }
  const todo = manifest.tasks.filter((t) => t.state !== 'done');
  for (const task of todo) {
    task.state = 'pending';
    task.message = null;
  }
  manifest.executor = { kind: executor.kind, options: manifest.executor.kind === executor.kind ? manifest.executor.options : {} };
  await writeManifest(dir, manifest);
  log(`sweep ${dir}: ${manifest.tasks.length - todo.length} of ${manifest.tasks.length} tasks done, ${todo.length} to run`);
  if (todo.length === 0) return manifest;

  // One write at a time: updates from many workers arrive together.
  let writing: Promise<void> = Promise.resolve();
  const update = (index: number, change: TaskUpdate): Promise<void> => {
    const task = manifest.tasks[index];
    // A task ran once more when it is seen running, or seen done or failed without having been seen running: a
    // scheduler polled every few seconds can miss a short task's whole run (submitted, then done).
    const ranNow = change.state === 'running' || change.state === 'done' || change.state === 'failed';
    if (ranNow && task.state !== 'running' && task.state !== 'done' && task.state !== 'failed') task.attempts++;
    task.state = change.state;
    if (change.job !== undefined) task.job = change.job;
    if (change.message !== undefined) task.message = change.message;
    if (change.seconds !== undefined) task.seconds = change.seconds;
    if (change.state === 'failed') log(`task ${index} failed: ${task.message ?? ''}`);
    options.onChange?.(manifest, index);
    writing = writing.then(() => writeManifest(dir, manifest));
    return writing;
  };
  await executor.run(todo, { sweepDir: dir, manifest, signal: options.signal ?? new AbortController().signal, update, log });
  await writing;
  const p = sweepProgress(manifest);
  log(`sweep ${dir}: ${p.done} done, ${p.failed} failed, ${p.cancelled} cancelled of ${p.total}`);
  return manifest;
}
