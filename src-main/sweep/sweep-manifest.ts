/**
 * A sweep on disk (issue 16): `sweep.json`, the manifest — the grid, the fit's options, the data's SHA-256 and every
 * task's state — written atomically by the one process that coordinates the sweep, and one ordinary run folder per
 * task under `tasks/`. A task never writes the manifest (many run at once, on other nodes): it leaves
 * `sweep-task.json` in its own run folder, started and then ended, and the coordinator folds those markers in.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { writeFileAtomic } from '../files/atomic-write.ts';
import type { CellResample } from '../fit/resample-cells.ts';

export const MANIFEST_FILE = 'sweep.json';
export const TASK_MARKER_FILE = 'sweep-task.json';
export const TASKS_FOLDER = 'tasks';
export const LOGS_FOLDER = 'logs';
export const MANIFEST_VERSION = 1;

/** What is fitted: every λ × every seed × (the full data, each subsample, each permuted-pseudotime null). */
export interface SweepGrid {
  lambdas: number[];
  seeds: number[];
  /** Stratified subsamples of the training cells (stability selection). */
  subsamples: number;
  /** Fits on permuted pseudotime (the null for the empirical FDR). */
  nulls: number;
  /** Share of each stratum's cells a subsample keeps. */
  subsampleFraction: number;
  /** Pseudotime strata per trajectory. */
  strata: number;
}

export type TaskState = 'pending' | 'submitted' | 'running' | 'done' | 'failed' | 'cancelled';

export interface SweepTask {
  index: number;
  lambda: number;
  seed: number;
  /** Null for a fit on all the cells. */
  resample: CellResample | null;
  /** The task's run folder, relative to the sweep folder. */
  folder: string;
  state: TaskState;
  attempts: number;
  /** The Slurm job (`JOBID_ARRAYINDEX`) or the local worker's pid that last ran it. */
  job: string | null;
  /** Why it failed or was cancelled, for the user. */
  message: string | null;
  /** Its log, relative to the sweep folder. */
  log: string;
  seconds: number | null;
}

export interface SlurmSubmission {
  jobId: string;
  /** Task index = offset + SLURM_ARRAY_TASK_ID. */
  offset: number;
  array: string;
  tasks: number[];
  submittedAt: string;
}

export interface SweepManifest {
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Where tasks run from, so relative paths in the fit's options mean the same on every node. */
  cwd: string;
  dataPath: string;
  /** SHA-256 over "relative-path sha256" lines of every file under the data path. */
  dataSha256: string;
  /** `pathreg fit` options shared by every task (no --out, --lambda, --seed, --resume: the sweep sets those). */
  fitArgs: string[];
  grid: SweepGrid;
  executor: { kind: 'local' | 'slurm'; options: Record<string, unknown> };
  slurmSubmissions: SlurmSubmission[];
  tasks: SweepTask[];
}

/** What a task leaves in its run folder: `running` when it starts, then how it ended. */
export interface TaskMarker {
  index: number;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  message: string | null;
  exitCode: number | null;
  seconds: number | null;
  host: string;
  pid: number;
  dataSha256: string | null;
  at: string;
}

/** The grid's tasks, in a fixed order (λ, then seed, then full data, subsamples, nulls). */
export function tasksOfGrid(grid: SweepGrid): SweepTask[] {
  const tasks: SweepTask[] = [];
  for (const lambda of grid.lambdas) {
    for (const seed of grid.seeds) {
      const resamples: Array<CellResample | null> = [null];
      for (let r = 1; r <= grid.subsamples; r++) {
        resamples.push({ kind: 'subsample', replicate: r, fraction: grid.subsampleFraction, strata: grid.strata });
      }
      for (let r = 1; r <= grid.nulls; r++) resamples.push({ kind: 'permute', replicate: r });
      for (const resample of resamples) {
        const index = tasks.length;
        const name = `task-${String(index).padStart(4, '0')}`;
        tasks.push({
          index,
          lambda,
          seed,
          resample,
          folder: `${TASKS_FOLDER}/${name}`,
          state: 'pending',
          attempts: 0,
          job: null,
          message: null,
          log: `${LOGS_FOLDER}/${name}.log`,
          seconds: null,
        });
      }
    }
  }
  return tasks;
}

export function manifestPath(sweepDir: string): string {
  return join(sweepDir, MANIFEST_FILE);
}

export async function readManifest(sweepDir: string): Promise<SweepManifest> {
  const path = manifestPath(sweepDir);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new SweepError(
      `"${path}" does not exist: ${sweepDir} is not a sweep folder. Start a sweep there first, or name the folder of one.`,
    );
  }
  let manifest: SweepManifest;
  try {
    manifest = JSON.parse(text) as SweepManifest;
  } catch (error) {
    throw new SweepError(
      `"${path}" is not valid JSON (${(error as Error).message}): was it edited by hand? Start the sweep again in a new folder.`,
    );
  }
  if (manifest.version !== MANIFEST_VERSION || !Array.isArray(manifest.tasks)) {
    throw new SweepError(
      `"${path}" is a sweep manifest of version ${String(manifest.version)}; this version of PathReg reads version ${MANIFEST_VERSION}.`,
    );
  }
  return manifest;
}

export async function writeManifest(sweepDir: string, manifest: SweepManifest): Promise<void> {
  manifest.updatedAt = new Date().toISOString();
  await writeFileAtomic(manifestPath(sweepDir), `${JSON.stringify(manifest, null, 2)}\n`, { overwrite: true });
}

export async function readTaskMarker(sweepDir: string, task: SweepTask): Promise<TaskMarker | null> {
  try {
    return JSON.parse(await readFile(join(sweepDir, task.folder, TASK_MARKER_FILE), 'utf8')) as TaskMarker;
  } catch {
    // Absent (not started, or not yet visible on a shared file system) or being replaced: no news.
    return null;
  }
}

export async function writeTaskMarker(runFolder: string, marker: TaskMarker): Promise<void> {
  await writeFileAtomic(join(runFolder, TASK_MARKER_FILE), `${JSON.stringify(marker, null, 2)}\n`, { overwrite: true });
}

/** A refusal or failure of the sweep itself, worded for the user. */
export class SweepError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SweepError';
  }
}

/** SHA-256 over "relative-path sha256" lines (sorted) of every regular file under a file or folder. */
export async function dataPathSha256(dataPath: string): Promise<string> {
  const root = resolve(dataPath);
  const info = await stat(root).catch(() => null);
  if (!info) throw new SweepError(`The data "${dataPath}" does not exist. Name a data file or folder that the fit reads.`);
  const files = info.isDirectory() ? await filesUnder(root) : [root];
  const lines: string[] = [];
  for (const file of files)
    lines.push(`${info.isDirectory() ? relative(root, file) : file.split(/[\\/]/).pop()} ${await fileSha256(file)}\n`);
  return createHash('sha256').update(lines.sort().join('')).digest('hex');
}

async function filesUnder(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

function fileSha256(file: string): Promise<string> {
  return new Promise((done, fail) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', fail)
      .on('end', () => done(hash.digest('hex')));
  });
}
