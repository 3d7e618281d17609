import { describe, expect, it } from 'vitest';
import { earlyPrecision } from '../../../src-main/scoring/early-precision.ts';

describe('earlyPrecision (BEELINE computeEarlyPrec.py)', () => {
  const truth = new Set(['a', 'b', 'c']);
  it('keeps every edge tied with the k-th weight after rounding to 6 decimals', () => {
    const r = earlyPrecision(
      [
        { key: 'a', weight: 0.9 },
        { key: 'x', weight: -0.8 },
        { key: 'b', weight: 0.5 },
        { key: 'y', weight: 0.5000000004 },
        { key: 'c', weight: 0.1 },
      ],
      truth,
    );
    expect(r.k).toBe(3);
    expect(r.selected.sort()).toEqual(['a', 'b', 'x', 'y']);
    expect(r.truePositives).toBe(2);
    expect(r.precision).toBe(0.5);
  });
  it('never counts zero-weight edges: the cut rises to the smallest non-zero weight', () => {
    const r = earlyPrecision(
      [
        { key: 'x', weight: 0.3 },
        { key: 'a', weight: 0 },
        { key: 'b', weight: 0 },
      ],
      truth,
    );
    expect(r.selected).toEqual(['x']);
    expect(r.precision).toBe(0);
  });
  it('reports 0 when every weight is zero, as BEELINE does', () => {
    expect(earlyPrecision([{ key: 'a', weight: 0 }], truth)).toEqual({ k: 3, selected: [], truePositives: 0, precision: 0 });
  });
});
