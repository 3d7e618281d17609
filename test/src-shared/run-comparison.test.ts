import { describe, expect, it } from 'vitest';
import {
  differenceNetwork,
  edgeOverlap,
  jaccardOfPairs,
  meanRanks,
  spearman,
  topKEdges,
  type ComparableEdge,
} from '../../src-shared/run-comparison.ts';

const edge = (source: string, target: string, weight: number, sign: -1 | 0 | 1 = 1): ComparableEdge => ({ source, target, weight, sign });

// Worked by hand (docs in the comments): two small networks over genes a, b, c.
const A = [edge('a', 'b', 0.9), edge('a', 'c', 0.5), edge('b', 'c', 0.3, -1), edge('c', 'a', 0.1)];
const B = [edge('a', 'c', 0.2), edge('c', 'b', 0.4), edge('b', 'c', 0.6, -1), edge('a', 'b', 0.8)];

describe('run comparison, against a hand-worked example', () => {
  it('top-2 of A = {a→b, a→c}, of B = {a→b, b→c}: Jaccard = 1 shared / 3 in either = 1/3', () => {
    expect(topKEdges(A, 2).map((e) => `${e.source}${e.target}`)).toEqual(['ab', 'ac']);
    expect(topKEdges(B, 2).map((e) => `${e.source}${e.target}`)).toEqual(['ab', 'bc']);
    const overlap = edgeOverlap(A, B, 2);
    expect(overlap.jaccard).toBeCloseTo(1 / 3, 12);
    expect([overlap.sharedTopK, overlap.unionTopK]).toEqual([1, 3]);
  });

  it('Spearman over the pairs both have (a→b, a→c, b→c): ranks (3,2,1) vs (3,1,2), Σd² = 2, rho = 1 − 6·2/(3·8) = 0.5', () => {
    const overlap = edgeOverlap(A, B, 2);
    expect(overlap.sharedPairs).toBe(3);
    expect(overlap.spearman).toBeCloseTo(0.5, 12);
  });

  it('the difference network of the top-2: a→b in both, a→c only in A, b→c only in B, with each run’s weights', () => {
    expect(differenceNetwork(A, B, 2)).toEqual([
      { source: 'a', target: 'b', in: 'both', weightA: 0.9, weightB: 0.8, signA: 1, signB: 1 },
      { source: 'a', target: 'c', in: 'a', weightA: 0.5, weightB: 0.2, signA: 1, signB: 1 },
      { source: 'b', target: 'c', in: 'b', weightA: 0.3, weightB: 0.6, signA: -1, signB: -1 },
    ]);
  });

  it('k larger than either network takes every edge: Jaccard = 3 shared / 5 pairs', () => {
    expect(edgeOverlap(A, B, 100).jaccard).toBeCloseTo(3 / 5, 12);
    expect(differenceNetwork(A, B, 100).map((e) => e.in)).toEqual(['both', 'both', 'both', 'a', 'b']);
  });

  it('a network against itself: Jaccard 1, rho 1; disjoint networks: Jaccard 0 and no shared pair', () => {
    expect(edgeOverlap(A, A, 3)).toMatchObject({ jaccard: 1, spearman: 1, sharedPairs: 4 });
    const other = [edge('x', 'y', 1), edge('y', 'x', 0.5)];
    expect(edgeOverlap(A, other, 2)).toMatchObject({ jaccard: 0, spearman: null, sharedPairs: 0 });
  });

  it('ties at the k-th edge go by source, then target, whatever order the edges came in', () => {
    const tied = [edge('c', 'a', 0.5), edge('b', 'a', 0.5), edge('a', 'c', 0.5)];
    expect(topKEdges(tied, 2).map((e) => `${e.source}${e.target}`)).toEqual(['ac', 'ba']);
    expect(topKEdges([...tied].reverse(), 2).map((e) => `${e.source}${e.target}`)).toEqual(['ac', 'ba']);
  });

  it('self-edges never count, and empty networks give no Jaccard instead of 0/0', () => {
    expect(jaccardOfPairs([], [])).toEqual({ jaccard: null, shared: 0, union: 0 });
    expect(topKEdges([edge('a', 'a', 5), edge('a', 'b', 1)], 1).map((e) => e.target)).toEqual(['b']);
  });
});

describe('Spearman with ties', () => {
  it('mean ranks: [1, 2, 2, 3] → [1, 2.5, 2.5, 4]', () => {
    expect(meanRanks([1, 2, 2, 3])).toEqual([1, 2.5, 2.5, 4]);
    expect(meanRanks([7, 7, 7])).toEqual([2, 2, 2]);
  });

  it('x = [1,2,2,3], y = [1,2,3,4]: rho = 4.5 / √(4.5·5) = √0.9', () => {
    expect(spearman([1, 2, 2, 3], [1, 2, 3, 4])).toBeCloseTo(Math.sqrt(0.9), 12);
  });

  it('no spread or fewer than two values: null, never NaN', () => {
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNull();
    expect(spearman([1], [2])).toBeNull();
    expect(spearman([], [])).toBeNull();
    expect(() => spearman([1, 2], [1])).toThrow(/2 values against 1/);
  });

  it('reversed order gives −1', () => {
    expect(spearman([1, 2, 3, 4], [0.4, 0.3, 0.2, 0.1])).toBeCloseTo(-1, 12);
  });
});
