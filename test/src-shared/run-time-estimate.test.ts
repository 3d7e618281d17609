import { describe, expect, it } from 'vitest';
import {
  afterTrainingSeconds,
  evaluationSecondsEstimate,
  sparsityReadSecondsEstimate,
  writingSecondsEstimate,
} from '../../src-shared/run-time-estimate.ts';

describe('time after the last iteration, as the ETA counts it', () => {
  const hsmm = { secondsPerIteration: 0.3, donors: 1, genes: 2000, hidden: [100, 100] };

  it('is the evaluation plus the read-out and files; idle figures until a sparsity read was timed', () => {
    expect(afterTrainingSeconds({ ...hsmm, sparsityReadSeconds: null })).toBeCloseTo(
      evaluationSecondsEstimate(0.3, 1) + writingSecondsEstimate(2000),
      9,
    );
    // HSMM, 2,000 genes: half a minute of read-out and files on an idle machine, not "ETA 0 s".
    expect(writingSecondsEstimate(2000)).toBeGreaterThan(30);
  });

  it('scales the read-out and files by how much slower than idle this machine read a sparsity (both genes × genes work)', () => {
    const idle = sparsityReadSecondsEstimate(2000, [100, 100]);
    expect(idle).toBeCloseTo(1.12, 2);
    const loaded = afterTrainingSeconds({ ...hsmm, sparsityReadSeconds: 4.5 * idle });
    expect(loaded - evaluationSecondsEstimate(0.3, 1)).toBeCloseTo(4.5 * writingSecondsEstimate(2000), 6);
    // Never less than half the idle figure, and tiny reads (timer noise) are not trusted.
    expect(afterTrainingSeconds({ ...hsmm, sparsityReadSeconds: 0 }) - evaluationSecondsEstimate(0.3, 1)).toBeCloseTo(
      0.5 * writingSecondsEstimate(2000),
      6,
    );
    const small = { secondsPerIteration: 0.005, donors: 2, genes: 20, hidden: [8] };
    expect(afterTrainingSeconds({ ...small, sparsityReadSeconds: 1 })).toBeCloseTo(
      afterTrainingSeconds({ ...small, sparsityReadSeconds: null }),
      9,
    );
  });
});
