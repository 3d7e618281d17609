import { describe, expect, it } from 'vitest';
import { detectValueKind } from '../../../src-main/data/value-kind.ts';

describe('detectValueKind', () => {
  it('whole numbers are counts', () => {
    expect(detectValueKind(Float32Array.of(0, 1, 3, 17, 250), '/X')).toEqual({
      valueKind: 'counts',
      reason: 'all 4 non-zero values sampled from /X are whole numbers (range 1 to 250): raw counts',
    });
  });

  it('fractions up to 30 are log-normalized, larger fractions normalized', () => {
    expect(detectValueKind(Float64Array.of(0.69, 1.1, 8.2), '/X').valueKind).toBe('log-normalized');
    expect(detectValueKind(Float64Array.of(0.5, 21.98, 47677.1), '/X')).toMatchObject({
      valueKind: 'normalized',
      reason: expect.stringMatching(/maximum 4\.768e\+4 \(> 30\): normalised but not logged/),
    });
  });

  it('negative values mean scaled data', () => {
    expect(detectValueKind(Float64Array.of(-1.2, 0.3, 2.5), '/X').valueKind).toBe('scaled');
  });

  it('NaN or only zeros leave the kind unknown and say why', () => {
    expect(detectValueKind(Float64Array.of(1, NaN, 2), '/X')).toEqual({
      valueKind: 'unknown',
      reason: '1 NaN or infinite values among the /X sample; they must be removed before training',
    });
    expect(detectValueKind(new Float32Array(4), 'matrix.mtx')).toEqual({
      valueKind: 'unknown',
      reason: 'no non-zero values found in matrix.mtx',
    });
    expect(detectValueKind([], 'matrix.mtx').valueKind).toBe('unknown');
  });
});
