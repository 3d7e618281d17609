import { describe, expect, it } from 'vitest';
import { parseReferenceEdgeList } from '../../../src-main/scoring/reference-edge-list.ts';
import { scoreAgainstReference, ScoringRefusal } from '../../../src-main/scoring/score-against-reference.ts';
import { scoreNetwork } from '../../../src-main/scoring/score-network.ts';

// The hand-worked example of score-network.test.ts: reference A→B (+), B→C (−), a self-loop and a duplicate.
const reference = parseReferenceEdgeList('Gene1,Gene2,Type\nA,B,+\nB,C,-\nA,A,+\nA,B,+\n', 'refNetwork.csv');
const runEdges = [
  { source: 'D', target: 'A', weight: 4, sign: 1 },
  { source: 'A', target: 'B', weight: 0.9, sign: 1 },
  { source: 'A', target: 'C', weight: 0.5, sign: -1 },
  { source: 'B', target: 'C', weight: 0.5, sign: 1 },
  { source: 'C', target: 'A', weight: 0.1, sign: 1 },
];

describe('scoreAgainstReference', () => {
  it("gives scoreNetwork's numbers over the reference genes, with the curve, counts and notes a screen needs", () => {
    const scoring = scoreAgainstReference(['A', 'B', 'C', 'D'], runEdges, reference);
    expect(scoring.scores).toEqual(scoreNetwork(runEdges, reference.edges, ['A', 'B', 'C']));
    expect(scoring.universe).toEqual(['A', 'B', 'C']);
    expect(scoring.referenceEdges.map((e) => `${e.source}${e.target}${e.sign}`)).toEqual(['AB+', 'BC-']);
    // Ranking: A→B 0.9 (TP) | A→C, B→C 0.5 tied (1 TP, 1 FP) | C→A 0.1 (FP) | three pairs at 0.
    expect(scoring.curve.recall).toEqual([0, 0.5, 1, 1, 1]);
    expect(scoring.curve.precision).toEqual([1, 1, 2 / 3, 2 / 4, 2 / 6]);
    // k = 2 reference edges; the tie at the 2nd place keeps A→B, A→C and B→C: both reference edges are in.
    expect(scoring.missedInTopK).toBe(0);
    expect(scoring.unpredicted).toBe(0);
    expect(scoring.genesNotInRun).toEqual([]);
    expect(scoring.notes.join(' ')).toMatch(/1 duplicate reference rows/);
  });

  it("draws the curve whose trapezoid area is BEELINE's AUPRC, and counts missed and unpredicted edges", () => {
    const genes = Array.from({ length: 9 }, (_, i) => `g${i}`);
    const text = ['g0,g1,+', 'g1,g2,-', 'g2,g3,+', 'g3,g4,+', 'g4,g5,-', 'g5,g6,+', 'g8,g0,+', 'g0,g9'].join('\n');
    const ref = parseReferenceEdgeList(text, 'list.csv');
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const edges = genes.flatMap((s) =>
      genes
        .filter((t) => t !== s && random() < 0.4)
        .map((t) => ({ source: s, target: t, weight: Math.round(random() * 20) / 20, sign: 1 })),
    );
    const scoring = scoreAgainstReference(genes, edges, ref);
    let area = 0;
    for (let i = 1; i < scoring.curve.recall.length; i++)
      area += ((scoring.curve.recall[i] - scoring.curve.recall[i - 1]) * (scoring.curve.precision[i] + scoring.curve.precision[i - 1])) / 2;
    expect(area).toBeCloseTo(scoring.scores.auprcBeeline, 12);
    expect(scoring.genesNotInRun).toEqual(['g9']);
    expect(scoring.notes[0]).toMatch(/^1 of the 9 reference genes are not in the run .*"g9"/);
    const predicted = new Set(edges.filter((e) => e.weight > 0).map((e) => `${e.source}>${e.target}`));
    expect(scoring.unpredicted).toBe(scoring.referenceEdges.filter((e) => !predicted.has(`${e.source}>${e.target}`)).length);
    expect(scoring.missedInTopK).toBe(scoring.referenceEdges.length - scoring.scores.earlyPrecisionTruePositives);
  });

  it('refuses, as facts, when there is nothing to score', () => {
    const refusal = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        if (error instanceof ScoringRefusal) return error.reason.kind;
        throw error;
      }
      return 'scored';
    };
    expect(refusal(() => scoreAgainstReference(['X', 'Y'], [{ source: 'X', target: 'Y', weight: 1 }], reference))).toBe('no-shared-genes');
    expect(refusal(() => scoreAgainstReference(['A', 'B', 'C'], [{ source: 'A', target: 'B', weight: 0 }], reference))).toBe(
      'empty-network',
    );
    const selfOnly = parseReferenceEdgeList('A,A\n', 'self.csv');
    expect(refusal(() => scoreAgainstReference(['A', 'B'], [{ source: 'A', target: 'B', weight: 1 }], selfOnly))).toBe('no-reference-edge');
  });
});
