/**
 * The local executor: a pool of worker processes on this machine, each running one `pathreg sweep-task` at a time.
 * Processes, not threads, so a task that runs out of memory or crashes ends only itself, and cancel is a signal.
 */
import { spawn } from 'node:child_process';
import { mkdir, open } from 'node:fs/promises';
import { availableParallelism, freemem } from 'node:os';
import { dirname, join } from 'node:path';
import { readTaskMarker, type SweepTask } from './sweep-manifest.ts';
import { defaultTaskCommand, logTail, type ExecutorContext, type SweepExecutor, type TaskCommand } from './sweep-executor.ts';

/** A fit's worker process (node, TF.js wasm, the data) rarely needs more; a pool never plans for less per worker. */
export const MEMORY_PER_WORKER_BYTES = 1.5 * 1024 ** 3;

/** Workers for this machine: one per core, fewer when free memory would not hold them, at least one. */
export function localWorkerCount(tasks: number, cores = availableParallelism(), freeBytes = freemem()): number {
  const byMemory = Math.floor(freeBytes / MEMORY_PER_WORKER_BYTES);
  return Math.max(1, Math.min(tasks, cores, byMemory));
}

export interface LocalExecutorOptions {
  /** Worker processes; default localWorkerCount. */
  workers?: number;
  command?: TaskCommand;
  /** Time a worker has to write its checkpoint after TERM before it is killed. */
  killAfterMs?: number;
}

export function localExecutor(options: LocalExecutorOptions = {}): SweepExecutor {
  return {
    kind: 'local',
    async run(tasks, context) {
      const command = options.command ?? defaultTaskCommand();
      const workers = options.workers ?? localWorkerCount(tasks.length);
      context.log(`local executor: ${workers} worker process(es) for ${tasks.length} task(s)`);
      const queue = [...tasks];
      const runOne = async (): Promise<void> => {
        while (queue.length > 0 && !context.signal.aborted) {
          await runTaskProcess(queue.shift()!, context, command, options.killAfterMs ?? 5000);
        }
      };
      await Promise.all(Array.from({ length: workers }, runOne));
      // Tasks never started because of a cancel are recorded as cancelled, so a resume runs them.
      for (const task of queue)
        await context.update(task.index, { state: 'cancelled', message: 'the sweep was cancelled before it started' });
    },
  };
}

async function runTaskProcess(task: SweepTask, context: ExecutorContext, command: TaskCommand, killAfterMs: number): Promise<void> {
  const logPath = join(context.sweepDir, task.log);
  await mkdir(dirname(logPath), { recursive: true });
  const logFile = await open(logPath, 'w');
  const started = performance.now();
  const child = spawn(command.node, [command.pathreg, 'sweep-task', context.sweepDir, String(task.index)], {
    cwd: context.manifest.cwd,
    stdio: ['ignore', logFile.fd, logFile.fd],
    // From the desktop app, process.execPath is Electron's binary: this makes it run the worker as plain Node.
    env: process.versions.electron ? { ...process.env, ELECTRON_RUN_AS_NODE: '1' } : process.env,
  });
  // Listened to before anything is awaited: a task that ends at once (a bad option, a crash on start) can exit while
  // the manifest is being written, and an exit event nobody listened to would leave it "running" for ever.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.on('error', () => done({ code: null, signal: null }));
    child.on('exit', (code, signal) => done({ code, signal }));
  });
  let killTimer: NodeJS.Timeout | undefined;
  const stop = () => {
    child.kill('SIGTERM');
    killTimer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
  };
  context.signal.addEventListener('abort', stop, { once: true });
  if (context.signal.aborted) stop();
  await context.update(task.index, { state: 'running', job: `pid ${child.pid}`, message: null });
  const exit = await exited;
  context.signal.removeEventListener('abort', stop);
  if (killTimer) clearTimeout(killTimer);
  await logFile.close();
  const seconds = (performance.now() - started) / 1000;
  const marker = await readTaskMarker(context.sweepDir, task);
  if (marker?.state === 'done') return context.update(task.index, { state: 'done', seconds: marker.seconds ?? seconds, message: null });
  if (context.signal.aborted)
    return context.update(task.index, { state: 'cancelled', seconds, message: 'the sweep was cancelled while it ran' });
  if (marker?.state === 'failed') return context.update(task.index, { state: 'failed', seconds, message: marker.message });
  const how = exit.signal ? `was ended by ${exit.signal}` : `exited with status ${exit.code ?? 'unknown'}`;
  const tail = await logTail(logPath);
  await context.update(task.index, {
    state: 'failed',
    seconds,
    message: `the worker process ${how} without finishing (out of memory?); its log ${task.log} ends:\n${tail}`,
  });
}
