import { describe, expect, it } from 'vitest';
import { averageLinkage, clusterRows, rowDistances, transpose } from '../../../src-shared/figures/hierarchical-clustering.ts';
import { seededUniform } from '../../../src-shared/figures/network-layout.ts';

/** Naive O(n³) UPGMA, the textbook definition, to check the NN-chain result against. */
function naiveAverageLinkage(points: number[][]): number[] {
  const clusters = points.map((_, i) => [i]);
  const distance = (a: number[], b: number[]) => Math.hypot(...a.map((v, k) => v - b[k]));
  const heights: number[] = [];
  while (clusters.length > 1) {
    let best = Infinity,
      bi = 0,
      bj = 1;
    for (let i = 0; i < clusters.length; i++)
      for (let j = i + 1; j < clusters.length; j++) {
        let sum = 0;
        for (const a of clusters[i]) for (const b of clusters[j]) sum += distance(points[a], points[b]);
        const d = sum / (clusters[i].length * clusters[j].length);
        if (d < best) {
          best = d;
          bi = i;
          bj = j;
        }
      }
    heights.push(best);
    clusters[bi] = clusters[bi].concat(clusters[bj]);
    clusters.splice(bj, 1);
  }
  return heights;
}

describe('average-linkage clustering', () => {
  it('merges at the same heights as the textbook algorithm', () => {
    const random = seededUniform(3);
    const points = Array.from({ length: 25 }, () => [random(), random(), random()]);
    const flat = points.flat();
    const result = clusterRows(flat, 25, 3);
    const expected = naiveAverageLinkage(points);
    expect(result.merges.length).toBe(24);
    result.merges.forEach((merge, i) => expect(merge.height).toBeCloseTo(expected[i], 10));
    expect(result.merges[23].size).toBe(25);
  });

  it('puts planted groups next to each other in the leaf order', () => {
    // Rows 0, 2, 4 near 0; rows 1, 3, 5 near 10.
    const values = [0, 0, 10, 10, 0.1, 0, 10.1, 10, 0, 0.2, 10, 10.2];
    const { order } = clusterRows(values, 6, 2);
    expect(order.length).toBe(6);
    const group = order.map((row) => row % 2);
    expect(group.slice(0, 3).every((g) => g === group[0])).toBe(true);
    expect(group.slice(3).every((g) => g !== group[0])).toBe(true);
    expect([...order].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('handles empty and single-item inputs', () => {
    expect(averageLinkage(new Float64Array(0), 0)).toEqual({ order: [], merges: [] });
    expect(averageLinkage(new Float64Array(1), 1)).toEqual({ order: [0], merges: [] });
  });

  it('is deterministic with tied distances', () => {
    const values = [1, 1, 1, 1, 1, 1, 1, 1];
    expect(clusterRows(values, 4, 2).order).toEqual(clusterRows(values, 4, 2).order);
  });

  it('treats NaN as 0 rather than poisoning every distance', () => {
    const distances = rowDistances([NaN, 1, 0, 1], 2, 2);
    expect(distances[1]).toBe(0);
  });

  it('rejects a distance matrix of the wrong size with a message', () => {
    expect(() => averageLinkage(new Float64Array(5), 3)).toThrow(/3 × 3 distance matrix/);
  });

  it('transposes row-major matrices', () => {
    expect([...transpose([1, 2, 3, 4, 5, 6], 2, 3)]).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('clusters 529 genes quickly enough for the UI thread', () => {
    const random = seededUniform(9);
    const values = Float64Array.from({ length: 529 * 40 }, () => random());
    const start = performance.now();
    const { order } = clusterRows(values, 529, 40);
    const elapsed = performance.now() - start;
    expect(new Set(order).size).toBe(529);
    expect(elapsed).toBeLessThan(2000);
  });
});
