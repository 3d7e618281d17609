import { describe, expect, it } from 'vitest';
import { ColumnValueSample, VALUE_SAMPLE_SIZE } from '../../../../src-main/data/csv/column-value-sample.ts';

function fill(columns: number, rows: number): ColumnValueSample {
  const sample = new ColumnValueSample(columns);
  for (let r = 0; r < rows; r++) for (let j = 0; j < columns; j++) sample.add(j, r * 1000 + j);
  return sample;
}

describe('ColumnValueSample', () => {
  it('keeps every value of a small table, column by column', () => {
    expect(Array.from(fill(2, 3).valuesOf([1, 0]))).toEqual([1, 1001, 2001, 0, 1000, 2000]);
  });

  it('keeps about VALUE_SAMPLE_SIZE values of a large table, spread over all rows, the same on every run', () => {
    const a = fill(40, 5000).valuesOf(Array.from({ length: 40 }, (_, j) => j));
    expect(a.length).toBe(VALUE_SAMPLE_SIZE);
    expect(fill(40, 5000).valuesOf(Array.from({ length: 40 }, (_, j) => j))).toEqual(a);
    // Rows drawn uniformly: the kept rows of a column average near the middle and reach both ends.
    const rows = Array.from(a.subarray(0, 500), (v) => Math.floor(v / 1000));
    const mean = rows.reduce((s, r) => s + r, 0) / rows.length;
    expect(mean).toBeGreaterThan(2200);
    expect(mean).toBeLessThan(2800);
    expect(Math.min(...rows)).toBeLessThan(500);
    expect(Math.max(...rows)).toBeGreaterThan(4500);
  });
});
