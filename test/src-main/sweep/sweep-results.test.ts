import { describe, expect, it } from 'vitest';
import { empiricalFdr, lambdaConsensus } from '../../../src-main/sweep/sweep-results.ts';
import { parseReferenceEdgeList } from '../../../src-main/scoring/reference-edge-list.ts';

const fit = (edges: Array<[string, string, number, number]>) => ({
  genes: ['A', 'B', 'C', 'D'],
  selected: new Map(edges.map(([s, t, w, sign]) => [`${s}\u0000${t}`, { weight: w, sign }])),
});

describe('empiricalFdr', () => {
  it('divides the null edges reaching a frequency by the real ones reaching it, monotone as a q-value', () => {
    // Real frequencies: four edges at 1, two at 0.5, four at 0.25. Null: one edge at 1, three at 0.5.
    const q = empiricalFdr([1, 1, 1, 1, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25], [1, 0.5, 0.5, 0.5]);
    expect(q(1)).toBeCloseTo(1 / 4, 12);
    expect(q(0.25)).toBeCloseTo(4 / 10, 12);
    // FDR at τ = 0.5 is 4/6, but calling every edge down to 0.25 has FDR 0.4, a call that includes the 0.5 edges:
    // the q-value is the least FDR of any call that includes the edge, so never above a lower frequency's.
    expect(q(0.5)).toBeCloseTo(4 / 10, 12);
  });

  it('is 0 where the null selects nothing and at most 1 where it selects more than the real fits', () => {
    expect(empiricalFdr([1, 0.5], [])(1)).toBe(0);
    expect(empiricalFdr([1], [1, 1, 1])(1)).toBe(1);
  });

  it('averages the null scores over the null fits', () => {
    // Two null fits with one edge each at 1: one expected false call among the two real edges at 1.
    expect(empiricalFdr([1, 1], [1, 1], 2)(1)).toBe(0.5);
  });
});

describe('lambdaConsensus', () => {
  const stability = [
    fit([
      ['A', 'B', 2, 1],
      ['B', 'C', 1, -1],
    ]),
    fit([
      ['A', 'B', 4, 1],
      ['C', 'D', 1, 1],
    ]),
    fit([
      ['A', 'B', 3, 1],
      ['B', 'C', 1, -1],
    ]),
    fit([['A', 'B', 1, -1]]),
  ];
  const nulls = [fit([['C', 'D', 1, 1]]), fit([['B', 'C', 1, 1]])];

  it('gives each edge its selection frequency, mean weight, majority sign and FDR against the null fits', () => {
    const c = lambdaConsensus(0.1, stability, nulls, null);
    expect(c.fits).toBe(4);
    expect(c.nullFits).toBe(2);
    expect(c.edges.map((e) => [e.source, e.target, e.confidence, e.selectedIn, e.sign, e.nullFrequency])).toEqual([
      ['A', 'B', 1, 4, 1, 0],
      ['B', 'C', 0.5, 2, -1, 0.5],
      ['C', 'D', 0.25, 1, 1, 0.5],
    ]);
    expect(c.edges[0].meanWeight).toBeCloseTo(2.5, 12);
    // Scores (weight summed ÷ 4 fits): A→B 2.5, B→C 0.5, C→D 0.25; null scores 1 and 1 over 2 null fits.
    // FDR at τ = 2.5: 0 of 1; at 0.5: (2 ÷ 2) of 2 = 1/2; at 0.25: 1 of 3. q-values: 0, min(1/2, 1/3), 1/3.
    expect(c.edges.map((e) => e.fdr)).toEqual([0, 1 / 3, 1 / 3]);
    expect(c.reference).toBeNull();
  });

  it('without null fits gives frequencies and no FDR', () => {
    expect(lambdaConsensus(0.1, stability, [], null).edges.every((e) => e.fdr === null && e.nullFrequency === null)).toBe(true);
  });

  it('checks the consensus against a reference: AUPRC ratio of the frequency ranking and the share of called non-edges', () => {
    const reference = parseReferenceEdgeList('Gene1,Gene2,Type\nA,B,+\nC,D,+\nD,A,-\n', 'refNetwork.csv');
    const c = lambdaConsensus(0.1, stability, nulls, reference, 0.7);
    // Called at FDR ≤ 0.7: A→B and C→D (known edges) and B→C (a non-edge, FDR 1/3).
    expect(c.reference).toMatchObject({ called: 3, calledNonEdges: 1, observedFalseShare: 1 / 3, meanFdrOfNonEdges: 1 / 3 });
    expect(c.reference!.auprcRatio).toBeGreaterThan(1);
  });
});
