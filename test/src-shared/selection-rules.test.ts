import { describe, expect, it } from 'vitest';
import { defaultDonorSplit, defaultSelection, isTimeColumnName, timeDefaults } from '../../src-shared/selection-rules.ts';
import type { ColumnFacts } from '../../src-shared/selection-rules.ts';

const numeric = (name: string, distinctValues = 500): ColumnFacts => ({ name, type: 'numeric', distinctValues });
const labels = (name: string, ...levels: string[]): ColumnFacts => ({
  name,
  type: 'categorical',
  levels: levels.map((level) => ({ name: level, cells: 10 })),
});

describe('the shared selection rules', () => {
  it('never pick a per-cell count or a column whose name does not say time (issue 14)', () => {
    const snapshot = defaultSelection({ format: 'h5ad', obs: [numeric('nCount_RNA'), numeric('nFeature_RNA'), numeric('t')] });
    expect(snapshot.pseudotimeColumn).toBe('');
    expect(snapshot.timeKind).toBeUndefined();
    expect(isTimeColumnName('n_counts_time_normalized')).toBe(false);
    expect(isTimeColumnName('Hours')).toBe(true);
  });

  it('prefer a column named as a pseudotime over a sampled time, and say a few sampled times are a time course', () => {
    expect(defaultSelection({ format: 'h5ad', obs: [numeric('Hours', 4), numeric('Pseudotime')] })).toMatchObject({
      pseudotimeColumn: 'Pseudotime',
      timeKind: 'pseudotime',
      trimStart: 10,
      trimEnd: 20,
    });
    expect(defaultSelection({ format: 'h5ad', obs: [numeric('Hours', 4)] })).toMatchObject({
      pseudotimeColumn: 'Hours',
      timeKind: 'time',
      trimStart: 0,
      trimEnd: 0,
    });
    expect(timeDefaults(undefined)).toEqual({ timeKind: 'pseudotime', trimStart: 10, trimEnd: 20 });
  });

  it('BEELINE: every numeric column is a lineage, the single-lineage "Time" column included', () => {
    const selection = defaultSelection({ format: 'beeline', obs: [numeric('Time'), labels('lineages', 'a')] });
    expect(selection.lineagePseudotimeColumns).toEqual(['Time']);
    expect(selection.lineageColumn).toBeNull();
  });

  it('lineage and donor columns by name; every donor trains but the last, in the column order', () => {
    const selection = defaultSelection({
      format: 'h5ad',
      obs: [numeric('dpt_pseudotime'), labels('leiden', '0', '1'), labels('cell_type', 'ery', 'mono'), labels('donor', 'd2', 'd1', 'd3')],
    });
    expect(selection).toMatchObject({ lineageColumn: 'cell_type', donorColumn: 'donor', trainDonors: ['d2', 'd1'], testDonors: ['d3'] });
    expect(defaultDonorSplit(['only'])).toEqual({ trainDonors: ['only'], testDonors: [] });
    expect(defaultDonorSplit([])).toEqual({ trainDonors: [], testDonors: [] });
  });
});
