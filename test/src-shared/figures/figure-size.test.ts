import { describe, expect, it } from 'vitest';
import { resolveFigureSize, JOURNAL_COLUMN_MM } from '../../../src-shared/figures/figure-size.ts';

describe('resolveFigureSize', () => {
  it('converts millimetres and inches at the given dpi', () => {
    expect(resolveFigureSize({ width: JOURNAL_COLUMN_MM.single, height: 50, unit: 'mm', dpi: 600 }).width).toBe(2102);
    expect(resolveFigureSize({ width: 3.5, height: 2, unit: 'in', dpi: 300 })).toMatchObject({ width: 1050, height: 600 });
    expect(resolveFigureSize({ width: 400, height: 300 })).toMatchObject({ width: 400, height: 300, dpi: 96 });
  });

  it('scales points with dpi so text keeps its printed size', () => {
    expect(resolveFigureSize({ width: 1, height: 1, unit: 'in', dpi: 300 }).fontSize).toBeCloseTo((8 * 300) / 72);
    expect(resolveFigureSize({ width: 1, height: 1, dpi: 72, fontSizePt: 10 }).pt(1)).toBe(1);
  });

  it('names the bad option', () => {
    expect(() => resolveFigureSize({ width: 0, height: 10 })).toThrow(/width must be a positive number/);
    expect(() => resolveFigureSize({ width: 10, height: 10, dpi: -3 })).toThrow(/dpi must be a positive number/);
    expect(() => resolveFigureSize({ width: 10_000, height: 10_000, unit: 'mm', dpi: 600 })).toThrow(/too large/);
  });
});
