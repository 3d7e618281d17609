/**
 * Slurm's client commands, called with execFile (no shell, so no path or option is ever reinterpreted) and read in
 * their plain `--parsable` / `-o` / `-P` formats, which stay the same across Slurm versions where the JSON layouts
 * do not (../shared/slurm/README.md: facts measured on Slurm 22.05). Parsers are pure and tested on captured output.
 */
import { execFile } from 'node:child_process';

/** One array task's state as Slurm reports it. */
export interface SlurmTaskState {
  /** `JOBID_INDEX`. */
  id: string;
  state: string;
  reason: string | null;
  /** The task's exit status; null while it runs or when the source does not say. */
  exitCode: number | null;
}

export interface SlurmRunner {
  (command: string, args: string[]): Promise<{ stdout: string; stderr: string }>;
}

/** execFile with a timeout: a hung controller must not hang the sweep. */
export const execSlurm: SlurmRunner = (command, args) =>
  new Promise((done, fail) => {
    execFile(command, args, { timeout: 60_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        const detail = String(stderr).trim() || error.message;
        fail(new SlurmCommandError(`${command} ${args.join(' ')}: ${detail}`, detail));
      } else done({ stdout: String(stdout), stderr: String(stderr) });
    });
  });

export class SlurmCommandError extends Error {
  constructor(
    message: string,
    readonly detail: string,
  ) {
    super(message);
    this.name = 'SlurmCommandError';
  }
}

/** `sbatch --parsable` prints `JOBID[;CLUSTER]`. */
export function parseSbatchJobId(stdout: string): string {
  const id = stdout.trim().split(';')[0];
  if (!/^\d+$/.test(id)) throw new SlurmCommandError(`sbatch printed "${stdout.trim()}", not a job id`, stdout);
  return id;
}

/** `scontrol show config`'s MaxArraySize (array indices must stay below it); Slurm's default 1001 when absent. */
export function parseMaxArraySize(config: string): number {
  const match = /^MaxArraySize\s*=\s*(\d+)/m.exec(config);
  return match ? Number(match[1]) : 1001;
}

/** Array indices in Slurm's notation (`0-3,7`, with an optional `%K` throttle) as numbers. */
export function expandArrayIndices(spec: string): number[] {
  const out: number[] = [];
  for (const part of spec.replace(/%\d+$/, '').split(',')) {
    const [from, to] = part.split('-').map(Number);
    if (!Number.isInteger(from)) continue;
    for (let i = from; i <= (Number.isInteger(to) ? to : from); i++) out.push(i);
  }
  return out;
}

/** Sorted indices as ranges: [0,1,2,5] → `0-2,5`. */
export function compressArrayIndices(indices: number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

/** `squeue -h -t all -o '%i|%T|%r'`: one line per task, pending tasks of an array folded as `JOB_[0-3,7%2]`. */
export function parseSqueue(stdout: string): SlurmTaskState[] {
  const out: SlurmTaskState[] = [];
  for (const line of stdout.split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    if (!id || !state) continue;
    const folded = /^(\d+)_\[(.+)\]$/.exec(id);
    const ids = folded ? expandArrayIndices(folded[2]).map((i) => `${folded[1]}_${i}`) : [id];
    for (const each of ids) out.push({ id: each, state, reason: reason && reason !== 'None' ? reason : null, exitCode: null });
  }
  return out;
}

/** `sacct -n -P -X -o JobID,State,ExitCode`: `JOB_INDEX|STATE|EXIT:SIGNAL`; `CANCELLED by 0` keeps its first word. */
export function parseSacct(stdout: string): SlurmTaskState[] {
  const out: SlurmTaskState[] = [];
  for (const line of stdout.split('\n')) {
    const [id, state, exit] = line.trim().split('|');
    if (!id || !state) continue;
    const folded = /^(\d+)_\[(.+)\]$/.exec(id);
    const ids = folded ? expandArrayIndices(folded[2]).map((i) => `${folded[1]}_${i}`) : [id];
    const code = exit ? Number(exit.split(':')[0]) : Number.NaN;
    for (const each of ids) out.push({ id: each, state: state.split(' ')[0], reason: null, exitCode: Number.isFinite(code) ? code : null });
  }
  return out;
}

/** `scontrol show job -o JOB`: one line per array task (pending ones folded in ArrayTaskId=5-9%2). */
export function parseScontrolJobs(stdout: string): SlurmTaskState[] {
  const out: SlurmTaskState[] = [];
  for (const line of stdout.split('\n')) {
    const field = (name: string) => new RegExp(`(?:^| )${name}=(\\S*)`).exec(line)?.[1] ?? null;
    const arrayJob = field('ArrayJobId');
    const taskIds = field('ArrayTaskId');
    const state = field('JobState');
    if (!arrayJob || !taskIds || !state) continue;
    const reason = field('Reason');
    const exit = field('ExitCode');
    const code = exit ? Number(exit.split(':')[0]) : Number.NaN;
    const finished = !['PENDING', 'RUNNING', 'CONFIGURING', 'COMPLETING', 'REQUEUED', 'RESIZING', 'SUSPENDED'].includes(state);
    for (const index of expandArrayIndices(taskIds)) {
      out.push({
        id: `${arrayJob}_${index}`,
        state,
        reason: reason && reason !== 'None' ? reason : null,
        exitCode: finished && Number.isFinite(code) ? code : null,
      });
    }
  }
  return out;
}

/** States from which a task will not run again by itself. */
export const SLURM_ENDED = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'OUT_OF_MEMORY',
  'NODE_FAIL',
  'BOOT_FAIL',
  'DEADLINE',
  'PREEMPTED',
  'REVOKED',
  'SPECIAL_EXIT',
]);

/** Why Slurm ended a task, in words for the user. */
export function describeSlurmEnd(state: SlurmTaskState): string {
  const what: Record<string, string> = {
    TIMEOUT: 'reached its time limit (ask for more time per task)',
    OUT_OF_MEMORY: 'ran out of its memory allocation (ask for more memory per task)',
    NODE_FAIL: 'lost its node',
    PREEMPTED: 'was preempted by the scheduler',
    CANCELLED: 'was cancelled outside this sweep (by an administrator or scancel)',
    FAILED: 'failed',
    BOOT_FAIL: 'could not start its node',
    DEADLINE: 'missed its deadline',
  };
  const exit = state.exitCode !== null ? `, exit status ${state.exitCode}` : '';
  const reason = state.reason ? `, reason ${state.reason}` : '';
  return `Slurm job ${state.id} ${what[state.state] ?? `ended as ${state.state}`}${exit}${reason}`;
}
