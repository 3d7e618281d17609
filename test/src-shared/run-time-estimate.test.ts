import { describe, expect, it } from 'vitest';
import { evaluationSecondsEstimate, sparsitySecondsEstimate, writingSecondsEstimate } from '../../src-shared/run-time-estimate.ts';

describe('what a run costs besides its iterations (idle 2-core dev box)', () => {
  it('HSMM with 2,000 genes: half a minute of read-out and files and about a minute of sparsity reads, not "ETA 0 s"', () => {
    expect(writingSecondsEstimate(2000)).toBeGreaterThan(30);
    expect(writingSecondsEstimate(2000) / writingSecondsEstimate(529)).toBeCloseTo((2000 / 529) ** 2, 6);
    expect(sparsitySecondsEstimate(2000, [100, 100])).toBeCloseTo(50 * 1.12, 0);
  });

  it('evaluation grows with the donors evaluated and the seconds per iteration', () => {
    expect(evaluationSecondsEstimate(0.01, 2)).toBeCloseTo(2 * evaluationSecondsEstimate(0.01, 1), 9);
    expect(evaluationSecondsEstimate(0.02, 1)).toBeCloseTo(2 * evaluationSecondsEstimate(0.01, 1), 9);
  });
});
