// PCA against examples worked by hand: the scores and variances follow from the geometry of a few points.
import { describe, expect, it } from 'vitest';
import { principalComponents } from '../../../../src-main/data/pseudotime/principal-components.ts';

describe('PCA, worked by hand', () => {
  it('four cells on two perpendicular lines at 45° (more cells than genes)', () => {
    // Around the mean (1, 3): ±2 along u = (1, 1)/√2 and ±1 along v = (−1, 1)/√2.
    const r = Math.SQRT1_2;
    const cells = [
      [1 + 2 * r, 3 + 2 * r],
      [1 - 2 * r, 3 - 2 * r],
      [1 - r, 3 + r],
      [1 + r, 3 - r],
    ];
    const pca = principalComponents(cells.flat(), 4, 2, 2);
    // Scores on u are ±2, 0, 0; on v 0, 0, ±1 (each component's sign is arbitrary, as in scanpy).
    const first = [0, 1, 2, 3].map((c) => pca.scores[c * 2]);
    const second = [0, 1, 2, 3].map((c) => pca.scores[c * 2 + 1]);
    const s1 = Math.sign(first[0]);
    const s2 = Math.sign(second[2]);
    expect(first.map((x) => x * s1)).toEqual([2, -2, 0, 0].map((x) => expect.closeTo(x, 10)));
    expect(second.map((x) => x * s2)).toEqual([0, 0, 1, -1].map((x) => expect.closeTo(x, 10)));
    // Variances with n − 1: (4 + 4) / 3 and (1 + 1) / 3.
    expect(pca.variance[0]).toBeCloseTo(8 / 3, 10);
    expect(pca.variance[1]).toBeCloseTo(2 / 3, 10);
  });

  it('three cells, four genes (more genes than cells): all variance on (1, 1, 0, 0)/√2', () => {
    const pca = principalComponents([1, 1, 0, 0, -1, -1, 0, 0, 0, 0, 0, 0], 3, 4, 1);
    const sign = Math.sign(pca.scores[0]);
    expect(Array.from(pca.scores, (x) => x * sign)).toEqual([Math.SQRT2, -Math.SQRT2, 0].map((x) => expect.closeTo(x, 10)));
    // (2 + 2 + 0) / (3 − 1).
    expect(pca.variance[0]).toBeCloseTo(2, 10);
  });
});
