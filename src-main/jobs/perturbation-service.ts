/**
 * The session's side of the perturbation worker: one worker started on the first request and kept (its loaded
 * models make the next answers fast), requests answered in order, a request that takes too long stops the worker.
 */
import type { Worker } from 'node:worker_threads';
import { UserError } from '../../src-shared/contract/result.ts';
import type { PerturbationResult } from '../../src-shared/contract/perturbation.ts';
import type { PerturbationFile } from '../export/perturbation-export.ts';
import type { PerturbationReply, PerturbationTask, PrepareTask } from './perturbation-protocol.ts';
import { spawnWorker } from './spawn-worker.ts';

const PERTURBATION_WORKER = new URL('./perturbation-worker.ts', import.meta.url);
/** Far above the 529-gene example's fraction of a second: only a pathological field reaches it. */
export const PERTURBATION_TIME_LIMIT_MS = 120_000;

type Answer = Extract<PerturbationReply, { ok: true }>;
export type Prepared = Extract<Answer, { prepared: unknown }>['prepared'];

function answerOf(reply: Answer): Extract<Answer, { result: unknown }> {
  if (!('result' in reply)) throw new Error('The perturbation worker answered a perturbation with a preparation.');
  return reply;
}

export class PerturbationService {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: PerturbationReply) => void; timer: NodeJS.Timeout }>();

  constructor(
    private readonly entry: URL = PERTURBATION_WORKER,
    private readonly timeLimitMs = PERTURBATION_TIME_LIMIT_MS,
  ) {}

  async perturb(task: Omit<PerturbationTask, 'id' | 'kind'>): Promise<PerturbationResult> {
    return answerOf(await this.ask({ ...task, kind: 'perturb' })).result;
  }

  async files(task: Omit<PerturbationTask, 'id' | 'kind'>): Promise<{ result: PerturbationResult; files: PerturbationFile[] }> {
    const reply = answerOf(await this.ask({ ...task, kind: 'files' }));
    return { result: reply.result, files: reply.files ?? [] };
  }

  /**
   * Starts the worker and loads a run's model before the first question, so the first knockout waits for the solve
   * alone; the questions asked meanwhile are answered after it, from the same loaded model.
   */
  async prepare(task: Omit<PrepareTask, 'id' | 'kind'>): Promise<Prepared> {
    const reply = await this.ask({ ...task, kind: 'prepare' });
    if (!('prepared' in reply)) throw new Error('The perturbation worker answered a preparation with a result.');
    return reply.prepared;
  }

  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = spawnWorker(this.entry, { payload: null });
    worker.unref();
    worker.on('message', (reply: PerturbationReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      clearTimeout(waiting.timer);
      waiting.resolve(reply);
    });
    const fail = (message: string) => {
      if (this.worker === worker) this.worker = null;
      for (const [id, waiting] of this.pending) {
        clearTimeout(waiting.timer);
        waiting.resolve({ id, ok: false, input: false, message });
      }
      this.pending.clear();
    };
    worker.on('error', (error) => fail(`The perturbation stopped with an error: ${error.message}`));
    worker.on('exit', () => fail('The perturbation worker stopped before answering; try again.'));
    this.worker = worker;
    return worker;
  }

  private ask(task: Omit<PerturbationTask, 'id'> | Omit<PrepareTask, 'id'>): Promise<Extract<PerturbationReply, { ok: true }>> {
    const worker = this.started();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        void this.dispose();
        reject(
          new UserError(
            'bad-input',
            `The perturbation of ${task.runName} took longer than ${Math.round(this.timeLimitMs / 1000)} s and was stopped: the trained field may be too stiff under it; try a level nearer the trained 0–1 range.`,
          ),
        );
      }, this.timeLimitMs);
      this.pending.set(id, {
        timer,
        resolve: (reply) => {
          if (reply.ok) resolve(reply);
          else reject(new UserError(reply.input ? 'bad-input' : 'internal', reply.message));
        },
      });
      worker.postMessage({ ...task, id });
    });
  }
}
