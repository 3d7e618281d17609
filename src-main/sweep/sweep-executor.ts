/**
 * What the coordinator (run-sweep.ts) asks of an executor: run these tasks of the sweep, report each task's state as
 * it changes, stop them all when the signal aborts. `local` (a pool of worker processes) and `slurm` (job arrays)
 * implement it; both start the same `pathreg sweep-task SWEEP INDEX` process per task.
 */
import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SweepManifest, SweepTask, TaskState } from './sweep-manifest.ts';

export interface TaskUpdate {
  state: TaskState;
  job?: string | null;
  message?: string | null;
  seconds?: number | null;
}

export interface ExecutorContext {
  sweepDir: string;
  manifest: SweepManifest;
  signal: AbortSignal;
  /** Records a task's new state (the coordinator writes the manifest). */
  update(index: number, update: TaskUpdate): Promise<void>;
  log(line: string): void;
}

export interface SweepExecutor {
  readonly kind: 'local' | 'slurm';
  /** Resolves when every task given has ended (done, failed or cancelled). */
  run(tasks: SweepTask[], context: ExecutorContext): Promise<void>;
}

/** How a worker process is started: node and the `pathreg` entry point, absolute, so any cwd and node works. */
export interface TaskCommand {
  node: string;
  pathreg: string;
}

/** The running node and this checkout's bin/pathreg.mjs, found upwards from this module (sources or bundle). */
export function defaultTaskCommand(): TaskCommand {
  let folder = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(folder, 'bin', 'pathreg.mjs');
    if (existsSync(candidate)) return { node: process.execPath, pathreg: candidate };
    folder = dirname(folder);
  }
  throw new Error(`bin/pathreg.mjs was not found above ${fileURLToPath(import.meta.url)}: is this an installed PathReg Studio?`);
}

/** The last lines of a task's log, for the message that reports its failure. */
export async function logTail(path: string, lines = 12): Promise<string> {
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      const length = Math.min(size, 8192);
      const buffer = Buffer.alloc(length);
      await handle.read(buffer, 0, length, size - length);
      return buffer.toString('utf8').split('\n').filter(Boolean).slice(-lines).join('\n');
    } finally {
      await handle.close();
    }
  } catch {
    return '';
  }
}
