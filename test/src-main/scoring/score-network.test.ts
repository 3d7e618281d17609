import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scoreNetwork, type PredictedEdge, type ReferenceEdgeInput } from '../../../src-main/scoring/score-network.ts';

/**
 * Worked by hand. Genes A, B, C: 6 ordered pairs. Reference A→B (+), B→C (−); the self-loop A→A and the repeated
 * A→B row must not count. Predicted |weights|: A→B .9, A→C .5, B→C .5, C→A .1, B→A and C→B absent (0); the
 * edge to X lies outside the genes and is ignored.
 *   thresholds .9 / .5 / .1 / 0 → (TP, FP) = (1,0) (2,1) (2,2) (2,4); P = 2, N = 4, density 2/6 = 1/3
 *   average precision = ½·1 + ½·⅔ = 5/6;  BEELINE trapezoid from (0,1): ½·1 + ½·(1+⅔)/2 = 11/12
 *   AUROC (Mann–Whitney): .9 beats 4 negatives, .5 beats 3 and ties 1 → 7.5 / 8 = 15/16
 *   early precision: k = 2, the 2nd weight is .5 and A→C ties B→C → 3 kept, 2 true → ⅔, ratio 2
 *   signs: A→B + vs +1 agrees, B→C − vs +1 does not → 1 of 2
 */
const reference: ReferenceEdgeInput[] = [
  { source: 'A', target: 'B', sign: '+' },
  { source: 'B', target: 'C', sign: '-' },
  { source: 'A', target: 'A', sign: '+' },
  { source: 'A', target: 'B', sign: '+' },
];
const predicted: PredictedEdge[] = [
  { source: 'A', target: 'B', weight: 0.9, sign: 1 },
  { source: 'X', target: 'A', weight: 5, sign: 1 },
  { source: 'A', target: 'C', weight: -0.5, sign: -1 },
  { source: 'B', target: 'C', weight: 0.5, sign: 1 },
  { source: 'C', target: 'A', weight: 0.1, sign: 1 },
  { source: 'B', target: 'B', weight: 3, sign: 1 },
];

describe('scoreNetwork', () => {
  it('matches the example worked by hand', () => {
    const s = scoreNetwork(predicted, reference, ['A', 'B', 'C']);
    expect(s.pairs).toBe(6);
    expect(s.referenceEdges).toBe(2);
    expect(s.referenceSelfLoops).toBe(1);
    expect(s.predictedEdges).toBe(4);
    expect(s.density).toBeCloseTo(1 / 3, 12);
    expect(s.auprc).toBeCloseTo(5 / 6, 12);
    expect(s.auprcRatio).toBeCloseTo(2.5, 12);
    expect(s.auprcBeeline).toBeCloseTo(11 / 12, 12);
    expect(s.auprcBeelineRatio).toBeCloseTo(2.75, 12);
    expect(s.auroc).toBeCloseTo(15 / 16, 12);
    expect(s.earlyPrecisionSelected).toBe(3);
    expect(s.earlyPrecision).toBeCloseTo(2 / 3, 12);
    expect(s.earlyPrecisionRatio).toBeCloseTo(2, 12);
    expect(s.signAgreement.early).toEqual({ compared: 2, agreeing: 1, fraction: 0.5 });
  });

  it('gives a perfect ranking ratio 1/density and a reversed one AUROC 0', () => {
    const genes = ['A', 'B', 'C'];
    const perfect = scoreNetwork(
      [
        { source: 'A', target: 'B', weight: 1 },
        { source: 'B', target: 'C', weight: 1 },
      ],
      reference,
      genes,
    );
    expect(perfect.auprc).toBe(1);
    expect(perfect.auroc).toBe(1);
    expect(perfect.earlyPrecisionRatio).toBeCloseTo(3, 12);
    const others = [
      ['A', 'C'],
      ['B', 'A'],
      ['C', 'A'],
      ['C', 'B'],
    ].map(([source, target]) => ({ source, target, weight: 1 }));
    expect(scoreNetwork(others, reference, genes).auroc).toBe(0);
  });

  it('refuses a reference with no edge between two distinct scored genes', () => {
    expect(() => scoreNetwork(predicted, [{ source: 'A', target: 'A', sign: '+' }], ['A', 'B'])).toThrow(/nothing to score against/);
  });

  it('refuses a non-finite weight, naming the edge', () => {
    expect(() => scoreNetwork([{ source: 'A', target: 'B', weight: Number.NaN }], reference, ['A', 'B', 'C'])).toThrow(/A → B/);
  });

  // Produced by fixtures/beeline-scores-reference.py (numpy, independent algorithms; see its docstring).
  const fixture = JSON.parse(readFileSync(new URL('./fixtures/beeline-scores-reference.json', import.meta.url), 'utf8')) as {
    cases: Array<{
      name: string;
      genes: string[];
      reference: Array<[string, string, string]>;
      predicted: Array<[string, string, number, number]>;
      expected: Record<string, unknown>;
    }>;
  };
  it.each(fixture.cases.map((c) => [c.name, c] as const))('matches the numpy reference on %s', (_name, c) => {
    const s = scoreNetwork(
      c.predicted.map(([source, target, weight, sign]) => ({ source, target, weight, sign })),
      c.reference.map(([source, target, sign]) => ({ source, target, sign: sign as '+' | '-' | '' })),
      c.genes,
    );
    const expected = c.expected;
    for (const key of ['genes', 'pairs', 'referenceEdges', 'earlyPrecisionSelected', 'earlyPrecisionTruePositives'] as const) {
      expect(s[key], key).toBe(expected[key]);
    }
    for (const key of [
      'density',
      'auprc',
      'auprcRatio',
      'auprcBeeline',
      'auprcBeelineRatio',
      'auroc',
      'earlyPrecision',
      'earlyPrecisionRatio',
    ] as const) {
      expect(s[key], key).toBeCloseTo(expected[key] as number, 10);
    }
    expect(s.signAgreement).toEqual(expected.signAgreement);
  });

  it('the fixture exercises ties at the early-precision cut and an all-zero prediction', () => {
    expect(fixture.cases.some((c) => (c.expected.earlyPrecisionSelected as number) > (c.expected.referenceEdges as number))).toBe(true);
    expect(fixture.cases.some((c) => c.expected.earlyPrecisionSelected === 0)).toBe(true);
  });
});
