import { describe, expect, it } from 'vitest';
import type { RunSummary, TrainingProgress } from '../../../src-shared/contract/types.ts';
import { runTimeText } from '../../../src-renderer/view-logic/run-time-text.ts';

const progress: TrainingProgress = {
  runId: 'run-1',
  iteration: 50,
  iterations: 100,
  loss: { data: 1, penalty: 0, total: 1 },
  learningRate: 0.01,
  rate: 2,
  etaSeconds: 250,
  elapsedSeconds: 25,
  engine: 'wasm',
  sparsity: null,
};
const run = { runId: 'run-1', state: 'running', selection: { genes: [] }, stages: [] } as unknown as RunSummary;

describe('the time beside a running run', () => {
  it('shows the time left as "about" with its range, and says when it is uncertain', () => {
    expect(runTimeText(run, { ...progress, etaRange: { low: 200, high: 320, uncertain: false, slowdown: 1 } })).toBe(
      'ETA about 4 min 10 s (3 min 20 s – 5 min 20 s), evaluation included',
    );
    expect(runTimeText(run, { ...progress, etaRange: { low: 60, high: 900, uncertain: true, slowdown: 6 } })).toBe(
      'ETA uncertain, about 4 min 10 s (1 min 00 s – 15 min 00 s), evaluation included',
    );
    // A run of the velocity method has no range.
    expect(runTimeText(run, progress)).toBe('ETA 4 min 10 s, evaluation included');
  });

  it('stretches the read-out and files by the measured slowdown once training is done', () => {
    const genes = Array.from({ length: 2000 }, (_, i) => `g${i}`);
    const writing = {
      ...run,
      selection: { genes },
      stages: [
        { stage: 'evaluating', status: 'done', seconds: 0, total: 2, done: 2 },
        { stage: 'writing', status: 'active', seconds: 0, total: 3, done: 0 },
      ],
    } as unknown as RunSummary;
    const idle = runTimeText(writing, { ...progress, rate: 1000, etaRange: { low: 0, high: 1, uncertain: false, slowdown: 1 } });
    const loaded = runTimeText(writing, { ...progress, rate: 1000, etaRange: { low: 0, high: 1, uncertain: false, slowdown: 5 } });
    // 2,000² pairs × 8 µs = 32 s idle, 160 s at a fifth of a core (plus 0.08 s of evaluation at 1,000 it/s).
    expect(idle).toBe('about 32 s left (evaluating)');
    expect(loaded).toBe('about 2 min 40 s left (evaluating)');
  });

  it("counts a velocity run's evaluation down from the time its last report gave it", () => {
    const velocity = (evaluatingSeconds: number) =>
      ({
        ...run,
        config: { method: 'velocity' },
        stages: [
          { stage: 'training', status: 'done', seconds: 60, total: 2200, done: 2200 },
          { stage: 'evaluating', status: 'active', seconds: evaluatingSeconds, total: 3, done: 1 },
        ],
      }) as unknown as RunSummary;
    // 12 s for evaluation and files when refinement ended; 4 s of them spent.
    expect(runTimeText(velocity(4), { ...progress, etaSeconds: 12 })).toBe('about 8 s left (evaluating)');
    expect(runTimeText(velocity(13), { ...progress, etaSeconds: 12 })).toBe('finishing the evaluation…');
    // The trajectory method's evaluation is costed in its iterations, as before.
    expect(
      runTimeText({ ...velocity(4), config: { method: 'trajectory' } } as unknown as RunSummary, { ...progress, etaSeconds: 12 }),
    ).toMatch(/left \(evaluating\)$/);
  });
});
