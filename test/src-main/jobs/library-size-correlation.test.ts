import { describe, expect, it } from 'vitest';
import type { MetadataColumn } from '../../../src-main/data/dataset.ts';
import { librarySizeCorrelations, spearmanCorrelation } from '../../../src-main/jobs/library-size-correlation.ts';
import { describeObsColumn as describeColumn } from '../../../src-main/data/describe-obs-column.ts';

const numeric = (name: string, values: number[]): MetadataColumn => ({ name, type: 'numeric', values: Float64Array.from(values) });

describe('library size correlation', () => {
  it('Spearman: 1 for any increasing relation, −1 for a decreasing one, ties at their mean rank, NaN cells skipped', () => {
    expect(spearmanCorrelation([1, 2, 3, 4, 5], [1, 8, 27, 64, 125])).toBeCloseTo(1, 12);
    expect(spearmanCorrelation([1, 2, 3, 4, 5], [5, 4, 3, 2, 1])).toBeCloseTo(-1, 12);
    // Ranks of [1, 1, 2] are [1.5, 1.5, 3]; of [1, 2, 3] are [1, 2, 3]: r = 0.866.
    expect(spearmanCorrelation([1, 1, 2], [1, 2, 3])).toBeCloseTo(Math.sqrt(3) / 2, 12);
    expect(spearmanCorrelation([1, NaN, 2, 3], [1, 100, 2, 3])).toBeCloseTo(1, 12);
    expect(spearmanCorrelation([1, 2], [1, 2])).toBeNaN();
  });

  it('finds nCount_RNA and correlates every numeric column with it; none without a library-size column', () => {
    const obs = [
      numeric('nCount_RNA', [100, 400, 200, 800, 300]),
      numeric('pseudotime', [0.1, 0.4, 0.2, 0.9, 0.3]),
      numeric('other', [5, 1, 4, 2, 3]),
      { name: 'groups', type: 'categorical', codes: Int32Array.of(0, 1, 0, 1, 0), levels: ['g1', 'g2'] } as MetadataColumn,
    ];
    const result = librarySizeCorrelations(obs)!;
    expect(result.column).toBe('nCount_RNA');
    expect(result.correlations.nCount_RNA).toBeCloseTo(1, 12);
    expect(result.correlations.pseudotime).toBeCloseTo(1, 12);
    expect(result.correlations.other).toBeLessThan(-0.5);
    expect(Object.keys(result.correlations)).not.toContain('groups');
    expect(librarySizeCorrelations([numeric('pseudotime', [1, 2, 3])])).toBeNull();
  });

  it('describeColumn counts distinct numeric values (a time course of 4 sampled times has 4)', () => {
    expect(describeColumn(numeric('Hours', [0, 24, 24, 48, 72, 72, NaN])).distinctValues).toBe(4);
  });
});
