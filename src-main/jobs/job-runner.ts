/**
 * The training job supervisor behind both transports. Each run trains in its own worker_thread, so neither the
 * Electron main thread nor the server's event loop ever computes. Run state lives here, not in a window: a reloaded
 * window asks for the list and a snapshot (with the loss history) and picks up the event stream again.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import type { ServerEvent } from '../../src-shared/contract/events.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import type { RunResult, RunSnapshot, RunSummary, TrainingProgress, TrajectorySelection } from '../../src-shared/contract/types.ts';
import { fitMethodOf, type EngineChoice, type TrainingConfig } from '../../src-shared/run-config.ts';
import type { TfListSource } from '../../src-shared/tf-list-choice.ts';
import { ThinnedSeries } from '../run/thinned-series.ts';
import { spawnWorker } from './spawn-worker.ts';
import { CHECKPOINT_FILE } from '../run/run-folder.ts';
import { readRunResult } from '../run/run-result.ts';
import type { RunnerToWorker, TrainingJobSpec, WorkerToRunner } from './training-protocol.ts';
import { advanceStages, finishStages, initialStages } from '../../src-shared/fit-stages.ts';

/** A job that has not stopped this long after a cancel is killed (house style 5). */
export const CANCEL_KILL_AFTER_MS = 5000;
/** Progress events per run are sent at most this often; the latest always goes out. */
const EVENT_INTERVAL_MS = 100;
/** Within one stage, its progress reaches the window at most twice a second (a change of stage at once). */
const STAGE_EVENT_INTERVAL_MS = 500;

export interface StartRunRequest {
  datasetId: string;
  datasetName: string;
  datasetPath: string;
  label?: string;
  selection: TrajectorySelection;
  config: TrainingConfig;
  tfList: TfListSource;
  /** Checkpoint to continue from (see continueRun); absent starts from the seed. */
  resumeCheckpoint?: string;
  /** Iterations already done when continuing, shown until the first progress arrives. */
  startIteration?: number;
}

export interface JobRunnerOptions {
  /** Run folders go to `<sessionDir>/runs/run-N`. */
  sessionDir: string;
  emit: (event: ServerEvent) => void;
  /** The worker module; defaults to training-worker.ts next to this file. */
  workerEntry?: URL;
  killAfterMs?: number;
}

interface RunRecord {
  summary: RunSummary;
  history: ThinnedSeries<TrainingProgress>;
  worker: Worker | null;
  killTimer: ReturnType<typeof setTimeout> | null;
  pendingEvent: TrainingProgress | null;
  eventTimer: ReturnType<typeof setTimeout> | null;
  lastEventAt: number;
  lastStageEventAt: number;
  result: RunResult | null;
  /** Kept so a continued run reads the same TF list; the default for runs restored from a project. */
  tfList: TfListSource;
}

export class JobRunner {
  private readonly runs = new Map<string, RunRecord>();
  private nextId = 1;
  private readonly workerEntry: URL;
  private readonly killAfterMs: number;

  constructor(private readonly options: JobRunnerOptions) {
    this.workerEntry = options.workerEntry ?? new URL('./training-worker.ts', import.meta.url);
    this.killAfterMs = options.killAfterMs ?? CANCEL_KILL_AFTER_MS;
  }

  async start(request: StartRunRequest): Promise<RunSummary> {
    const runId = `run-${this.nextId++}`;
    const folder = path.join(this.options.sessionDir, 'runs', runId);
    await mkdir(folder, { recursive: true });
    const summary: RunSummary = {
      runId,
      label: request.label?.trim() || `Run ${runId.slice(4)}`,
      datasetId: request.datasetId,
      datasetName: request.datasetName,
      state: 'starting',
      iteration: request.startIteration ?? 0,
      iterations: request.config.iterations,
      engine: null,
      engineReason: null,
      createdAt: new Date().toISOString(),
      last: null,
      message: null,
      selection: request.selection,
      config: request.config,
      folder,
      hasResult: false,
    };
    const record: RunRecord = {
      summary,
      history: new ThinnedSeries<TrainingProgress>(),
      worker: null,
      killTimer: null,
      pendingEvent: null,
      eventTimer: null,
      lastEventAt: 0,
      lastStageEventAt: 0,
      result: null,
      tfList: request.tfList,
    };
    this.runs.set(runId, record);
    const spec: TrainingJobSpec = {
      runId,
      datasetPath: request.datasetPath,
      selection: request.selection,
      config: request.config,
      tfList: request.tfList,
      folder,
      resumeCheckpoint: request.resumeCheckpoint ?? null,
    };
    const worker = spawnWorker(this.workerEntry, { payload: spec });
    record.worker = worker;
    worker.on('message', (message: WorkerToRunner) => this.onMessage(record, message));
    worker.on('error', (error) => this.finish(record, 'failed', `The training job stopped with an error: ${error.message}`));
    worker.on('exit', (code) => {
      record.worker = null;
      if (record.killTimer) clearTimeout(record.killTimer);
      if (record.summary.state === 'cancelling') {
        this.finish(
          record,
          'cancelled',
          `Cancelled at iteration ${record.summary.iteration}; the job did not stop within ${this.killAfterMs / 1000} s and was ended.`,
        );
      } else if (!isFinal(record.summary.state)) {
        this.finish(record, 'failed', `The training job ended unexpectedly (exit code ${code}) at iteration ${record.summary.iteration}.`);
      }
    });
    this.emitState(record);
    return { ...summary };
  }

  /**
   * A new run that goes on from where a stopped run's checkpoint left it, with the same data, selection and settings
   * but `iterations` in total, and `engine` instead of the run's engine choice when given ('cpu' after its GPU
   * failed). The old run and its folder stay as they are.
   */
  async continueRun(runId: string, iterations: number, datasetPath: string, engine?: EngineChoice): Promise<RunSummary> {
    const { summary, tfList } = this.get(runId);
    if (!isFinal(summary.state)) {
      throw new UserError(
        'conflict',
        `${summary.label} is still ${summary.state}; a run can be continued once it has completed or been cancelled.`,
      );
    }
    const checkpoint = path.join(summary.folder, CHECKPOINT_FILE);
    if (!existsSync(checkpoint)) {
      const why =
        summary.state === 'failed'
          ? 'it failed before its first checkpoint was written'
          : 'its folder holds no checkpoint.bin (it was moved or deleted)';
      throw new UserError('not-found', `${summary.label} cannot be continued: ${why} ("${checkpoint}"). Start a new run instead.`);
    }
    // A failed run's checkpoint is the last good one, earlier than the iteration it failed at; after a device failure
    // the job said which iteration that checkpoint holds.
    const done = summary.deviceFailure ? summary.deviceFailure.checkpointIteration : summary.state === 'failed' ? 0 : summary.iteration;
    if (iterations <= done) {
      throw new UserError(
        'bad-input',
        `${summary.label} is already at iteration ${done}: give a new total above ${done} iterations to continue it.`,
      );
    }
    return this.start({
      datasetId: summary.datasetId,
      datasetName: summary.datasetName,
      datasetPath,
      label: `${summary.label} (continued${engine && engine !== summary.config.engine ? ` on ${engine === 'cpu' ? 'the CPU' : engine}` : ''})`,
      selection: summary.selection,
      config: { ...summary.config, iterations, ...(engine ? { engine } : {}) },
      tfList,
      resumeCheckpoint: checkpoint,
      startIteration: done,
    });
  }

  pause(runId: string): RunSummary {
    const record = this.get(runId);
    if (record.summary.state === 'paused' || record.summary.state === 'pausing') return { ...record.summary };
    if (record.summary.state !== 'running' && record.summary.state !== 'starting') {
      throw new UserError('conflict', `${record.summary.label} is ${record.summary.state}; only a running run can be paused.`);
    }
    const method = fitMethodOf(record.summary.config);
    // The velocity fit checks only for a cancel between its iterations; a pause it never acknowledged would hang.
    if (method !== 'trajectory')
      throw new UserError(
        'conflict',
        `${record.summary.label} uses the ${method} method, which cannot pause: let it finish, or cancel it and start it again later.`,
      );
    this.send(record, { type: 'pause' });
    this.setState(record, 'pausing');
    return { ...record.summary };
  }

  resume(runId: string): RunSummary {
    const record = this.get(runId);
    if (record.summary.state !== 'paused' && record.summary.state !== 'pausing') {
      throw new UserError('conflict', `${record.summary.label} is ${record.summary.state}; only a paused run can be resumed.`);
    }
    this.send(record, { type: 'resume' });
    this.setState(record, 'running');
    return { ...record.summary };
  }

  /** Acknowledged at once; the worker stops between iterations, or is ended after the kill delay. */
  cancel(runId: string): RunSummary {
    const record = this.get(runId);
    if (isFinal(record.summary.state) || record.summary.state === 'cancelling') return { ...record.summary };
    this.send(record, { type: 'cancel' });
    this.setState(record, 'cancelling');
    record.killTimer = setTimeout(() => {
      void record.worker?.terminate();
    }, this.killAfterMs);
    return { ...record.summary };
  }

  list(): RunSummary[] {
    return [...this.runs.values()].map((record) => ({ ...record.summary }));
  }

  snapshot(runId: string): RunSnapshot {
    const record = this.get(runId);
    return { run: { ...record.summary }, history: record.history.list() };
  }

  async result(runId: string): Promise<RunResult> {
    const record = this.get(runId);
    if (record.result) return record.result;
    if (!record.summary.hasResult) {
      const why = isFinal(record.summary.state)
        ? (record.summary.message ?? 'it produced no result')
        : `it is still ${record.summary.state}`;
      throw new UserError('conflict', `${record.summary.label} has no result yet: ${why}.`);
    }
    const stored = await readRunResult(record.summary.folder, runId);
    record.result = { ...stored, history: record.history.list() };
    return record.result;
  }

  /** Adds a finished run read back from a project file (its folder holds the run files, metrics.json last). */
  restore(summary: RunSummary, history: TrainingProgress[]): RunSummary {
    const runId = `run-${this.nextId++}`;
    const restored: RunSummary = { ...summary, runId, state: isFinal(summary.state) ? summary.state : 'cancelled' };
    if (!isFinal(summary.state)) restored.message = 'This run was still training when the project was saved; it is shown as it was then.';
    this.runs.set(runId, {
      summary: restored,
      history: ThinnedSeries.from(history),
      worker: null,
      killTimer: null,
      pendingEvent: null,
      eventTimer: null,
      lastEventAt: 0,
      lastStageEventAt: 0,
      result: null,
      tfList: { kind: 'default' },
    });
    this.emitState(this.get(runId));
    return { ...restored };
  }

  /** The data behind a project file: summaries and loss histories of every run. */
  exportRuns(): Array<{ summary: RunSummary; history: TrainingProgress[] }> {
    return [...this.runs.values()].map((record) => ({ summary: { ...record.summary }, history: record.history.list() }));
  }

  folderOf(runId: string): string {
    return this.get(runId).summary.folder;
  }

  /** Ends every job (app quit, server close). */
  async dispose(): Promise<void> {
    const workers: Promise<number>[] = [];
    for (const record of this.runs.values()) {
      if (record.killTimer) clearTimeout(record.killTimer);
      if (record.eventTimer) clearTimeout(record.eventTimer);
      if (record.worker) workers.push(record.worker.terminate());
    }
    await Promise.all(workers);
  }

  private get(runId: string): RunRecord {
    const record = this.runs.get(runId);
    if (!record) throw new UserError('not-found', `There is no run "${runId}" in this session; the run list shows the runs there are.`);
    return record;
  }

  private send(record: RunRecord, message: RunnerToWorker): void {
    record.worker?.postMessage(message);
  }

  private onMessage(record: RunRecord, message: WorkerToRunner): void {
    const summary = record.summary;
    switch (message.type) {
      case 'engine':
        summary.engine = message.engine;
        summary.engineReason = message.reason;
        if (summary.state === 'starting') summary.state = 'running';
        this.emitState(record);
        return;
      case 'stage': {
        // Stages after the run ended (the read-out of a cancelled run) would reopen a closed list.
        if (isFinal(summary.state)) return;
        const changed = summary.stages?.find((s) => s.status === 'active')?.stage !== message.report.stage;
        summary.stages = advanceStages(summary.stages ?? initialStages(), message.report, Date.now());
        if (changed || Date.now() - record.lastStageEventAt >= STAGE_EVENT_INTERVAL_MS) {
          record.lastStageEventAt = Date.now();
          this.emitState(record);
        }
        return;
      }
      case 'progress': {
        const progress: TrainingProgress = {
          runId: summary.runId,
          iteration: message.iteration,
          iterations: message.iterations,
          loss: message.loss,
          learningRate: message.learningRate,
          rate: message.rate,
          etaSeconds: Number.isFinite(message.etaSeconds) ? message.etaSeconds : -1,
          // Infinity does not survive JSON: an unbounded range is sent without its top.
          ...(message.etaRange && Number.isFinite(message.etaSeconds) && Number.isFinite(message.etaRange.high)
            ? { etaRange: message.etaRange }
            : {}),
          elapsedSeconds: message.elapsedSeconds,
          engine: message.engine,
          sparsity: message.sparsity,
        };
        summary.iteration = message.iteration;
        summary.last = progress;
        record.history.add(progress);
        if (summary.state === 'starting') this.setState(record, 'running');
        this.queueProgress(record, progress);
        return;
      }
      case 'paused':
        if (summary.state === 'pausing') this.setState(record, 'paused');
        return;
      case 'stopped':
        summary.iteration = message.iteration;
        // A cancel is confirmed as soon as the loop stops; the read-out of the partly trained model follows.
        if (message.status === 'cancelled') this.finish(record, 'cancelled', `Cancelled at iteration ${message.iteration}.`, false);
        return;
      case 'done':
        summary.iteration = message.iteration;
        summary.hasResult = message.result !== null;
        if (message.result) record.result = { ...message.result, history: record.history.list() };
        if (isFinal(summary.state)) {
          this.emitState(record);
          this.endWorker(record);
        } else {
          const restarts = message.notes?.length
            ? `Training restarted ${message.notes.length} time(s) after the loss stopped being finite: ${message.notes.join('; ')}.`
            : null;
          const cancelled = message.status === 'cancelled' ? `Cancelled at iteration ${message.iteration}.` : null;
          // The fit's warnings (a degraded run, an empty or dense network, no better than a line) stay with the run.
          const warnings = message.result?.metrics.warnings?.map((warning) => warning.message).join(' ') || null;
          this.finish(record, message.status, [cancelled, restarts, warnings].filter(Boolean).join(' ') || null);
        }
        return;
      case 'failed':
        this.finish(record, 'failed', message.message);
        return;
      case 'device-failed':
        summary.deviceFailure =
          message.checkpointIteration === null ? null : { engine: message.engine, checkpointIteration: message.checkpointIteration };
        this.finish(record, 'failed', message.message);
        return;
    }
  }

  private finish(record: RunRecord, state: 'completed' | 'cancelled' | 'failed', message: string | null, jobDone = true): void {
    if (isFinal(record.summary.state)) return;
    if (record.killTimer) clearTimeout(record.killTimer);
    if (jobDone) this.endWorker(record);
    record.summary.message = message;
    if (record.summary.stages)
      record.summary.stages = finishStages(record.summary.stages, Date.now(), state === 'completed' ? 'completed' : 'stopped');
    this.flushProgress(record);
    this.setState(record, state);
  }

  /** The job has said its last word; end the thread so it frees its memory (TF.js keeps timers alive). */
  private endWorker(record: RunRecord): void {
    const worker = record.worker;
    if (worker) setTimeout(() => void worker.terminate(), 50).unref();
  }

  private setState(record: RunRecord, state: RunSummary['state']): void {
    record.summary.state = state;
    this.emitState(record);
  }

  private emitState(record: RunRecord): void {
    this.options.emit({ type: 'training:state', run: { ...record.summary } });
  }

  private queueProgress(record: RunRecord, progress: TrainingProgress): void {
    record.pendingEvent = progress;
    const wait = record.lastEventAt + EVENT_INTERVAL_MS - Date.now();
    if (wait <= 0) this.flushProgress(record);
    else record.eventTimer ??= setTimeout(() => this.flushProgress(record), wait);
  }

  private flushProgress(record: RunRecord): void {
    if (record.eventTimer) clearTimeout(record.eventTimer);
    record.eventTimer = null;
    if (!record.pendingEvent) return;
    this.options.emit({ type: 'training:progress', progress: record.pendingEvent });
    record.pendingEvent = null;
    record.lastEventAt = Date.now();
  }
}

function isFinal(state: RunSummary['state']): boolean {
  return state === 'completed' || state === 'cancelled' || state === 'failed';
}
