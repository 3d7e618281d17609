/**
 * The Slurm executor: the sweep's tasks as job arrays (`sbatch --parsable --array=0-N%K`), chunked so no index
 * reaches the site's MaxArraySize, with the user's time, account, partition and any other sbatch options passed
 * through. A task's end is read from the marker it writes into its own run folder (the dependable signal: Slurm
 * forgets finished jobs after MinJobAge, and sacct needs accounting), with Slurm's view — squeue for live tasks, sacct
 * or, where accounting is off, `scontrol show job` for ended ones — saying why a task ended without one (time
 * limit, memory, node failure). Cancel is `scancel` of every array. Every command runs through execFile.
 */
import { mkdir, writeFile, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import {
  compressArrayIndices,
  describeSlurmEnd,
  execSlurm,
  parseMaxArraySize,
  parseSacct,
  parseSbatchJobId,
  parseScontrolJobs,
  parseSqueue,
  SLURM_ENDED,
  type SlurmRunner,
  type SlurmTaskState,
} from './slurm-commands.ts';
import { LOGS_FOLDER, readTaskMarker, type SlurmSubmission, type SweepTask } from './sweep-manifest.ts';
import { defaultTaskCommand, logTail, type ExecutorContext, type SweepExecutor, type TaskCommand } from './sweep-executor.ts';

export interface SlurmOptions {
  /** `--time` per task, e.g. 01:00:00 (sites usually require one). */
  time?: string;
  account?: string;
  partition?: string;
  /** Any other sbatch options, passed as they are (e.g. `--mem=4G`, `--qos=short`). */
  extra?: string[];
  /** At most this many tasks of one array run at once (`%K`). */
  throttle?: number;
  /** Overrides the MaxArraySize read from `scontrol show config`. */
  maxArraySize?: number;
  pollMs?: number;
  /** How long an ended task may take to show its marker (shared file systems show files late). */
  markerGraceMs?: number;
  command?: TaskCommand;
  runner?: SlurmRunner;
}

export const DEFAULT_THROTTLE = 20;

/** Groups task indices into arrays: each array's indices (task − offset) stay below maxArraySize. */
export function chunkTasks(indices: number[], maxArraySize: number): Array<{ offset: number; indices: number[] }> {
  const sorted = [...indices].sort((a, b) => a - b);
  const chunks: Array<{ offset: number; indices: number[] }> = [];
  for (const index of sorted) {
    const last = chunks[chunks.length - 1];
    if (last && index - last.offset < maxArraySize) last.indices.push(index - last.offset);
    else chunks.push({ offset: index, indices: [0] });
  }
  return chunks;
}

/** The sbatch arguments for one array (the script path last). */
export function sbatchArguments(options: SlurmOptions, array: string, sweepDir: string, cwd: string, script: string): string[] {
  const throttle = options.throttle ?? DEFAULT_THROTTLE;
  return [
    '--parsable',
    `--array=${array}%${throttle}`,
    '--job-name=pathreg-sweep',
    `--chdir=${cwd}`,
    `--output=${join(sweepDir, LOGS_FOLDER, 'slurm-%A_%a.out')}`,
    ...(options.time ? [`--time=${options.time}`] : []),
    ...(options.account ? [`--account=${options.account}`] : []),
    ...(options.partition ? [`--partition=${options.partition}`] : []),
    ...(options.extra ?? []),
    script,
  ];
}

/** The array's job script: task = offset + SLURM_ARRAY_TASK_ID, its output in the task's own log. */
export function arrayScript(command: TaskCommand, sweepDir: string, offset: number): string {
  const q = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  return [
    '#!/bin/sh',
    '# Written by pathreg sweep: one task of the sweep per array index.',
    `task=$((${offset} + SLURM_ARRAY_TASK_ID))`,
    `log=${q(join(sweepDir, LOGS_FOLDER))}/task-$(printf '%04d' "$task").log`,
    // Inside the desktop app the "node" is Electron's own binary; this makes it run the task as plain Node (Node ignores it).
    'export ELECTRON_RUN_AS_NODE=1',
    `exec ${q(command.node)} ${q(command.pathreg)} sweep-task ${q(sweepDir)} "$task" >"$log" 2>&1`,
    '',
  ].join('\n');
}

export function slurmExecutor(options: SlurmOptions = {}): SweepExecutor {
  const run = options.runner ?? execSlurm;
  const pollMs = options.pollMs ?? 5000;
  const graceMs = options.markerGraceMs ?? 30_000;
  return {
    kind: 'slurm',
    async run(tasks, context) {
      const { sweepDir, manifest } = context;
      const command = options.command ?? defaultTaskCommand();
      // A coordinator that stopped (a closed terminal, a login node's reboot) may have left arrays behind; their
      // unfinished tasks are submitted again below, so the old ones must not run beside them.
      const earlier = manifest.slurmSubmissions.map((s) => s.jobId);
      if (earlier.length) await run('scancel', earlier).catch(() => undefined);
      const maxArraySize = options.maxArraySize ?? parseMaxArraySize((await run('scontrol', ['show', 'config'])).stdout);
      await mkdir(join(sweepDir, 'slurm'), { recursive: true });
      await mkdir(join(sweepDir, LOGS_FOLDER), { recursive: true });
      const submissions: SlurmSubmission[] = [];
      const jobOf = new Map<number, string>();
      const submittedAt = Date.now();
      for (const chunk of chunkTasks(
        tasks.map((t) => t.index),
        maxArraySize,
      )) {
        if (context.signal.aborted) break;
        const script = join(sweepDir, 'slurm', `array-${chunk.offset}.sh`);
        await writeFile(script, arrayScript(command, sweepDir, chunk.offset));
        await chmod(script, 0o755);
        const array = compressArrayIndices(chunk.indices);
        const jobId = parseSbatchJobId((await run('sbatch', sbatchArguments(options, array, sweepDir, manifest.cwd, script))).stdout);
        const submission = {
          jobId,
          offset: chunk.offset,
          array,
          tasks: chunk.indices.map((i) => i + chunk.offset),
          submittedAt: new Date().toISOString(),
        };
        submissions.push(submission);
        manifest.slurmSubmissions.push(submission);
        context.log(
          `submitted Slurm array ${jobId} (tasks ${submission.tasks[0]}–${submission.tasks[submission.tasks.length - 1]}, --array=${array}%${options.throttle ?? DEFAULT_THROTTLE})`,
        );
        for (const index of chunk.indices) {
          jobOf.set(index + chunk.offset, `${jobId}_${index}`);
          await context.update(index + chunk.offset, { state: 'submitted', job: `${jobId}_${index}`, message: null });
        }
      }

      let sacctWorks = true;
      let cancelledAt: number | null = null;
      const endedSince = new Map<number, number>();
      const open = new Set(tasks.filter((t) => jobOf.has(t.index)).map((t) => t.index));
      for (const task of tasks)
        if (!jobOf.has(task.index))
          await context.update(task.index, { state: 'cancelled', message: 'the sweep was cancelled before it was submitted' });
      const jobIds = submissions.map((s) => s.jobId);

      const slurmStates = async (): Promise<Map<string, SlurmTaskState>> => {
        const states = new Map<string, SlurmTaskState>();
        const live = await run('squeue', ['-h', '-t', 'all', '-j', jobIds.join(','), '-o', '%i|%T|%r']).catch(() => ({ stdout: '' }));
        for (const s of parseSqueue(live.stdout)) states.set(s.id, s);
        // Ended tasks need their exit status, which squeue does not give: sacct, or scontrol without accounting.
        const ended = [...open].some((i) => !states.has(jobOf.get(i)!) || SLURM_ENDED.has(states.get(jobOf.get(i)!)!.state));
        if (!ended) return states;
        if (sacctWorks) {
          try {
            const acct = await run('sacct', ['-n', '-P', '-X', '-j', jobIds.join(','), '-o', 'JobID,State,ExitCode']);
            for (const s of parseSacct(acct.stdout)) states.set(s.id, { ...s, reason: states.get(s.id)?.reason ?? null });
            return states;
          } catch {
            sacctWorks = false;
            context.log('sacct is not available here (accounting is off): ended tasks are read with scontrol show job and their markers');
          }
        }
        for (const jobId of jobIds) {
          const shown = await run('scontrol', ['show', 'job', '-o', jobId]).catch(() => ({ stdout: '' }));
          for (const s of parseScontrolJobs(shown.stdout)) states.set(s.id, s);
        }
        return states;
      };

      while (open.size > 0) {
        if (context.signal.aborted && cancelledAt === null) {
          cancelledAt = Date.now();
          context.log(`cancelling Slurm array(s) ${jobIds.join(', ')}`);
          await run('scancel', jobIds).catch((error: Error) => context.log(`scancel: ${error.message}`));
        }
        const states = await slurmStates();
        for (const index of [...open]) {
          const task = tasks.find((t) => t.index === index)!;
          const id = jobOf.get(index)!;
          const marker = await readTaskMarker(sweepDir, task);
          const state = states.get(id);
          const finish = async (update: Parameters<ExecutorContext['update']>[1]) => {
            open.delete(index);
            await context.update(index, update);
          };
          if (marker?.state === 'done') {
            await finish({ state: 'done', seconds: marker.seconds, message: null });
            continue;
          }
          if (marker?.state === 'failed') {
            await finish({ state: 'failed', seconds: marker.seconds, message: `${marker.message ?? 'failed'} (log: ${task.log})` });
            continue;
          }
          if (cancelledAt !== null && (!state || SLURM_ENDED.has(state.state) || Date.now() - cancelledAt > graceMs)) {
            await finish({ state: 'cancelled', message: 'the sweep was cancelled (scancel)' });
            continue;
          }
          if (state && !SLURM_ENDED.has(state.state)) {
            if (state.state === 'RUNNING' && task.state !== 'running') await context.update(index, { state: 'running' });
            continue;
          }
          // Ended (or forgotten by Slurm) without a done marker: wait a little for the marker, then report why.
          const since = endedSince.get(index) ?? Date.now();
          endedSince.set(index, since);
          const why = state && state.state !== 'COMPLETED' ? describeSlurmEnd(state) : null;
          if (!why && Date.now() - since < graceMs) continue;
          if (!state && Date.now() - submittedAt < graceMs) continue;
          const tail = await logTail(join(sweepDir, task.log));
          const slurmOut = await logTail(join(sweepDir, LOGS_FOLDER, `slurm-${id}.out`), 5);
          const message =
            (why ??
              (state
                ? `Slurm job ${id} ended without the task writing its result (out of memory, or the sweep folder not visible on the node?)`
                : `Slurm no longer knows job ${id} and the task left no result`)) +
            `; its log ${task.log}${tail ? ` ends:\n${tail}` : ' is empty'}${slurmOut ? `\nSlurm said:\n${slurmOut}` : ''}`;
          await finish({ state: 'failed', seconds: marker?.seconds ?? null, message });
        }
        if (open.size > 0) await sleep(pollMs, context.signal, cancelledAt === null);
      }
    },
  };
}

/** Waits, returning early when the signal aborts (if asked), so a cancel is acted on at once. */
function sleep(ms: number, signal: AbortSignal, wakeOnAbort: boolean): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal.removeEventListener('abort', finish);
      done();
    }
    if (wakeOnAbort) signal.addEventListener('abort', finish, { once: true });
  });
}

/** Whether Slurm's client is on the path here (the app offers the Slurm executor only then). */
export async function slurmAvailable(runner: SlurmRunner = execSlurm): Promise<{ available: boolean; reason: string }> {
  try {
    const { stdout } = await runner('sinfo', ['-h', '-o', '%P|%a|%D']);
    return { available: true, reason: `sinfo: ${stdout.trim().split('\n').length} partition(s)` };
  } catch (error) {
    return { available: false, reason: (error as Error).message };
  }
}

export type { SweepTask };
