import { describe, expect, it, vi } from 'vitest';
import type { RunSummary, TrainingProgress } from '../../../src-shared/contract/types.ts';
import { PAPER_DEFAULTS } from '../../../src-shared/run-config.ts';
import {
  appendProgress,
  applyProgress,
  EMPTY_SESSION,
  MAX_HISTORY_POINTS,
  runControls,
  upsertRun,
} from '../../../src-renderer/state/session-state.ts';
import { createAppStore } from '../../../src-renderer/state/app-store.ts';

const progress = (iteration: number, runId = 'run-1'): TrainingProgress => ({
  runId,
  iteration,
  iterations: 100,
  loss: { data: 1 / iteration, penalty: 0.1, total: 1 / iteration + 0.1 },
  learningRate: 0.01,
  rate: 10,
  etaSeconds: 5,
  elapsedSeconds: 1,
  engine: 'wasm',
  sparsity: null,
});

const run = (state: RunSummary['state']): RunSummary => ({
  runId: 'run-1',
  label: 'run 1',
  datasetId: 'dataset-1',
  datasetName: 'x',
  state,
  iteration: 0,
  iterations: 100,
  engine: null,
  engineReason: null,
  createdAt: '',
  last: null,
  message: null,
  folder: '/tmp',
  hasResult: false,
  config: PAPER_DEFAULTS,
  selection: {
    genes: [],
    pseudotimeColumn: 't',
    lineageColumn: null,
    donorColumn: null,
    lineages: [],
    trainDonors: [],
    testDonors: [],
    trimStart: 0,
    trimEnd: 0,
  },
});

describe('session state', () => {
  it('appends progress in order and drops replays after a resubscribe', () => {
    const history = appendProgress([progress(1), progress(2)], [progress(2), progress(3), progress(1)]);
    expect(history.map((p) => p.iteration)).toEqual([1, 2, 3]);
  });

  it('thins a long history but keeps the newest quarter whole', () => {
    const long = Array.from({ length: MAX_HISTORY_POINTS }, (_, i) => progress(i + 1));
    const next = appendProgress(long, [progress(MAX_HISTORY_POINTS + 1)]);
    expect(next.length).toBeLessThan(MAX_HISTORY_POINTS);
    expect(next[next.length - 1].iteration).toBe(MAX_HISTORY_POINTS + 1);
    expect(next[next.length - 2].iteration).toBe(MAX_HISTORY_POINTS);
  });

  it("updates the run's latest progress", () => {
    const session = applyProgress({ ...EMPTY_SESSION, runs: [run('running')] }, [progress(4), progress(5)]);
    expect(session.runs[0].last?.iteration).toBe(5);
    expect(session.histories['run-1']).toHaveLength(2);
  });

  it('enables only the buttons that make sense', () => {
    expect(runControls(run('running'))).toEqual({ pause: true, resume: false, cancel: true });
    expect(runControls(run('paused'))).toEqual({ pause: false, resume: true, cancel: true });
    expect(runControls(run('completed'))).toEqual({ pause: false, resume: false, cancel: false });
    expect(runControls(null)).toEqual({ pause: false, resume: false, cancel: false });
  });

  it('replaces runs by id', () => {
    expect(upsertRun([run('running')], run('paused')).map((r) => r.state)).toEqual(['paused']);
  });
});

describe('app store', () => {
  it('batches progress events into one notification per flush', () => {
    vi.useFakeTimers();
    try {
      const store = createAppStore(250);
      store.set((s) => ({ ...s, runs: [run('running')] }));
      const listener = vi.fn();
      store.subscribe(listener);
      for (let i = 1; i <= 50; i++) store.receive({ type: 'training:progress', progress: progress(i) });
      expect(listener).not.toHaveBeenCalled();
      vi.advanceTimersByTime(250);
      expect(listener).toHaveBeenCalledTimes(1);
      expect(store.get().histories['run-1']).toHaveLength(50);
    } finally {
      vi.useRealTimers();
    }
  });

  it('applies state changes at once, keeping newer progress it already has', () => {
    const store = createAppStore(250);
    store.set((s) => ({ ...s, runs: [{ ...run('running'), last: progress(9), iteration: 9 }] }));
    store.receive({ type: 'training:state', run: { ...run('paused'), last: progress(7), iteration: 7 } });
    expect(store.get().runs[0].state).toBe('paused');
    expect(store.get().runs[0].last?.iteration).toBe(9);
  });
});
