import { describe, expect, it } from 'vitest';
import { thresholdCurve } from '../../../src-main/scoring/threshold-curve.ts';
import { averagePrecision } from '../../../src-main/scoring/average-precision.ts';
import { rocArea } from '../../../src-main/scoring/roc-area.ts';

describe('thresholdCurve', () => {
  it('groups tied scores into one threshold, whatever order they come in', () => {
    const forward = thresholdCurve([0.5, 0.5, 0.2, 0.9], [false, true, false, true]);
    const backward = thresholdCurve([0.5, 0.5, 0.2, 0.9], [true, false, false, true]);
    expect(forward).toEqual(backward);
    expect(forward.thresholds).toEqual([0.9, 0.5, 0.2]);
    expect(forward.truePositives).toEqual([1, 2, 2]);
    expect(forward.falsePositives).toEqual([0, 1, 2]);
  });
  it('scores all-tied predictions as random: AP = prevalence, AUROC = ½', () => {
    const curve = thresholdCurve([0, 0, 0, 0], [true, false, false, false]);
    expect(averagePrecision(curve)).toBe(0.25);
    expect(rocArea(curve)).toBe(0.5);
  });
  it('refuses mismatched lengths and NaN scores', () => {
    expect(() => thresholdCurve([1], [true, false])).toThrow(/1 scores but 2 labels/);
    expect(() => thresholdCurve([Number.NaN, 1], [true, false])).toThrow(/not a number/);
  });
});
