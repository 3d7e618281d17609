/**
 * Scores a predicted gene regulatory network against a known reference network the way BEELINE (Pratapa et al.,
 * Nature Methods 2020) does: over every ordered pair of distinct genes of the universe, reference edges are the
 * positives and each pair's score is |weight| of the predicted edge (0 when the model gave none).
 */
import { averagePrecision } from './average-precision.ts';
import { beelinePrecisionRecallArea } from './beeline-precision-recall-area.ts';
import { earlyPrecision, type RankedPair } from './early-precision.ts';
import { rocArea } from './roc-area.ts';
import { thresholdCurve } from './threshold-curve.ts';

export interface PredictedEdge {
  source: string;
  target: string;
  weight: number;
  /** +1 activation, −1 repression, 0 or absent when the prediction carries no sign. */
  sign?: number;
}

export interface ReferenceEdgeInput {
  source: string;
  target: string;
  /** "+" activation, "-" repression, "" unknown. */
  sign: '+' | '-' | '';
}

export interface SignAgreement {
  /** True positives where both the reference and the prediction give a sign. */
  compared: number;
  agreeing: number;
  /** agreeing / compared; null when nothing could be compared. */
  fraction: number | null;
}

export interface NetworkScores {
  genes: number;
  /** n·(n−1) ordered pairs. */
  pairs: number;
  /** Distinct reference edges between distinct genes of the universe. */
  referenceEdges: number;
  /** Reference self-loops left out (BEELINE scores without self-edges). */
  referenceSelfLoops: number;
  /** Predicted edges with non-zero weight between distinct universe genes. */
  predictedEdges: number;
  /** referenceEdges / pairs: the precision of a random ranking. */
  density: number;
  /** Average precision (scikit-learn average_precision_score). */
  auprc: number;
  auprcRatio: number;
  /** BEELINE's own AUPRC: trapezoid through the precision–recall points (the published ratios use this). */
  auprcBeeline: number;
  auprcBeelineRatio: number;
  auroc: number;
  earlyPrecision: number;
  earlyPrecisionRatio: number;
  /** k = referenceEdges, and how many predicted edges the top-k cut kept (ties can add some). */
  earlyPrecisionK: number;
  earlyPrecisionSelected: number;
  earlyPrecisionTruePositives: number;
  /** Sign agreement (activation/repression) among true positives: in the early-precision set, and among all. */
  signAgreement: { early: SignAgreement; all: SignAgreement };
}

const pairKey = (source: string, target: string) => `${source}\u0000${target}`;

function agreement(keys: Iterable<string>, referenceSign: Map<string, string>, predictedSign: Map<string, number>): SignAgreement {
  let compared = 0;
  let agreeing = 0;
  for (const key of keys) {
    const expected = referenceSign.get(key);
    const got = predictedSign.get(key) ?? 0;
    if (!expected || got === 0) continue;
    compared++;
    if ((expected === '+') === got > 0) agreeing++;
  }
  return { compared, agreeing, fraction: compared > 0 ? agreeing / compared : null };
}

/**
 * `universe`: the genes whose ordered pairs are scored (BEELINE: the reference network's genes). Predicted edges
 * outside it or self-loops are ignored; a repeated predicted pair keeps its first (heaviest-first) weight, as
 * BEELINE takes the first matching row. Reference pairs are collapsed and self-loops excluded.
 */
export function scoreNetwork(predicted: PredictedEdge[], reference: ReferenceEdgeInput[], universe: string[]): NetworkScores {
  const genes = [...new Set(universe)];
  const inUniverse = new Set(genes);
  const referenceSign = new Map<string, string>();
  let referenceSelfLoops = 0;
  for (const edge of reference) {
    if (!inUniverse.has(edge.source) || !inUniverse.has(edge.target)) continue;
    const key = pairKey(edge.source, edge.target);
    if (edge.source === edge.target) {
      referenceSelfLoops++;
      continue;
    }
    if (!referenceSign.has(key)) referenceSign.set(key, edge.sign);
  }
  const referenceKeys = new Set(referenceSign.keys());
  if (referenceKeys.size === 0)
    throw new Error(
      'The reference network has no edge between two different genes of the scored genes: there is nothing to score against.',
    );

  const predictedWeight = new Map<string, number>();
  const predictedSign = new Map<string, number>();
  for (const edge of predicted) {
    if (edge.source === edge.target || !inUniverse.has(edge.source) || !inUniverse.has(edge.target)) continue;
    if (!Number.isFinite(edge.weight))
      throw new Error(`The predicted edge ${edge.source} → ${edge.target} has weight ${edge.weight}; weights must be finite numbers.`);
    const key = pairKey(edge.source, edge.target);
    if (predictedWeight.has(key)) continue;
    predictedWeight.set(key, Math.abs(edge.weight));
    predictedSign.set(key, Math.sign(edge.sign ?? 0));
  }

  const scores: number[] = [];
  const labels: boolean[] = [];
  for (const source of genes) {
    for (const target of genes) {
      if (source === target) continue;
      const key = pairKey(source, target);
      scores.push(predictedWeight.get(key) ?? 0);
      labels.push(referenceKeys.has(key));
    }
  }
  const curve = thresholdCurve(scores, labels);
  const density = referenceKeys.size / scores.length;
  const auprc = averagePrecision(curve);
  const auprcBeeline = beelinePrecisionRecallArea(curve);
  const ranked: RankedPair[] = [...predictedWeight].map(([key, weight]) => ({ key, weight }));
  const early = earlyPrecision(ranked, referenceKeys);
  const truePositivesAll = [...predictedWeight].filter(([key, weight]) => weight > 0 && referenceKeys.has(key)).map(([key]) => key);
  return {
    genes: genes.length,
    pairs: scores.length,
    referenceEdges: referenceKeys.size,
    referenceSelfLoops,
    predictedEdges: [...predictedWeight.values()].filter((w) => w > 0).length,
    density,
    auprc,
    auprcRatio: auprc / density,
    auprcBeeline,
    auprcBeelineRatio: auprcBeeline / density,
    auroc: rocArea(curve),
    earlyPrecision: early.precision,
    earlyPrecisionRatio: early.precision / density,
    earlyPrecisionK: early.k,
    earlyPrecisionSelected: early.selected.length,
    earlyPrecisionTruePositives: early.truePositives,
    signAgreement: {
      early: agreement(
        early.selected.filter((key) => referenceKeys.has(key)),
        referenceSign,
        predictedSign,
      ),
      all: agreement(truePositivesAll, referenceSign, predictedSign),
    },
  };
}
