/**
 * The renderer's view of the session, updated from answers and server events by pure functions (tested without a
 * browser). Progress events arrive many times a second; they are merged here and the store flushes them to React at
 * most a few times a second, so drawing never competes with the stream.
 */
import { fitMethodOf } from '../../src-shared/run-config.ts';
import type { DatasetInfo, RunResult, RunSummary, TrainingProgress } from '../../src-shared/contract/types.ts';

/** Longest loss history kept per run in the window (older points are thinned, the newest always kept). */
export const MAX_HISTORY_POINTS = 4000;

export interface SessionView {
  datasets: DatasetInfo[];
  runs: RunSummary[];
  histories: Record<string, TrainingProgress[]>;
  results: Record<string, RunResult>;
}

export const EMPTY_SESSION: SessionView = { datasets: [], runs: [], histories: {}, results: {} };

/** Replaces or adds a run summary, keeping creation order. */
export function upsertRun(runs: readonly RunSummary[], run: RunSummary): RunSummary[] {
  const index = runs.findIndex((existing) => existing.runId === run.runId);
  if (index < 0) return [...runs, run];
  const next = runs.slice();
  next[index] = run;
  return next;
}

export function upsertDataset(datasets: readonly DatasetInfo[], dataset: DatasetInfo): DatasetInfo[] {
  const index = datasets.findIndex((existing) => existing.datasetId === dataset.datasetId);
  if (index < 0) return [...datasets, dataset];
  const next = datasets.slice();
  next[index] = dataset;
  return next;
}

/**
 * Appends progress reports to a history: reports at or before the last iteration are dropped (a resubscribe after a
 * reload replays them), and a history over the cap is halved by keeping every other older point.
 */
export function appendProgress(history: readonly TrainingProgress[], reports: readonly TrainingProgress[]): TrainingProgress[] {
  let next = history.slice();
  let last = next.length ? next[next.length - 1].iteration : -Infinity;
  for (const report of reports) {
    if (report.iteration <= last) continue;
    next.push(report);
    last = report.iteration;
  }
  if (next.length > MAX_HISTORY_POINTS) {
    const keepTail = Math.floor(MAX_HISTORY_POINTS / 4);
    const head = next.slice(0, next.length - keepTail).filter((_, i) => i % 2 === 0);
    next = head.concat(next.slice(next.length - keepTail));
  }
  return next;
}

/** Applies a batch of progress reports to the session (histories and each run's `last`). */
export function applyProgress(session: SessionView, reports: readonly TrainingProgress[]): SessionView {
  if (reports.length === 0) return session;
  const byRun = new Map<string, TrainingProgress[]>();
  for (const report of reports) {
    if (!byRun.has(report.runId)) byRun.set(report.runId, []);
    byRun.get(report.runId)!.push(report);
  }
  const histories = { ...session.histories };
  let runs = session.runs;
  for (const [runId, batch] of byRun) {
    histories[runId] = appendProgress(histories[runId] ?? [], batch);
    const run = runs.find((r) => r.runId === runId);
    const latest = batch[batch.length - 1];
    if (run && (!run.last || run.last.iteration <= latest.iteration)) {
      runs = upsertRun(runs, { ...run, last: latest, iteration: latest.iteration, engine: latest.engine });
    }
  }
  return { ...session, histories, runs };
}

/** Whether a run can still change (its curves are live). */
export function isActive(run: RunSummary): boolean {
  return (
    run.state === 'starting' || run.state === 'running' || run.state === 'pausing' || run.state === 'paused' || run.state === 'cancelling'
  );
}

/** Which run buttons make sense in a state. */
export function runControls(run: RunSummary | null): { pause: boolean; resume: boolean; cancel: boolean } {
  if (!run) return { pause: false, resume: false, cancel: false };
  return {
    // The velocity methods cannot pause (src-main/jobs/job-runner.ts refuses it).
    pause: (run.state === 'running' || run.state === 'starting') && fitMethodOf(run.config) === 'trajectory',
    resume: run.state === 'paused',
    cancel: run.state === 'running' || run.state === 'paused' || run.state === 'starting' || run.state === 'pausing',
  };
}
