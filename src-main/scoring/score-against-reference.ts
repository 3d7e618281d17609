/**
 * Scores a run's network against a reference network, the one procedure behind `pathreg score` and the app's
 * scoring panel, so both give the same numbers for the same run folder and file. BEELINE's question: every ordered
 * pair of distinct genes of the reference (genes the run lacks included: their pairs score 0), reference edges the
 * positives, |weight| the score. Besides the BEELINE numbers it returns what a screen needs: the precision–recall
 * points, the reference edges to draw, and the counts of found and missed edges.
 */
import type { ReferenceEdge } from '../data/beeline/reference-network.ts';
import { earlyPrecision } from './early-precision.ts';
import type { ReferenceEdgeList } from './reference-edge-list.ts';
import { scoreNetwork, type NetworkScores, type PredictedEdge } from './score-network.ts';
import { thresholdCurve } from './threshold-curve.ts';

/** Why a run cannot be scored against a reference, as facts; each front end words it with its own controls. */
export type ScoringRefusalReason =
  | { kind: 'no-shared-genes'; referenceGenes: string[]; runGenes: string[] }
  | { kind: 'empty-network'; referenceGenes: string[] }
  | { kind: 'no-reference-edge'; referenceGenes: string[] };

export class ScoringRefusal extends Error {
  override name = 'ScoringRefusal';
  constructor(readonly reason: ScoringRefusalReason) {
    super(`cannot score: ${reason.kind}`);
  }
}

export interface PrecisionRecallPoints {
  /** One point per distinct score, highest first, from (recall 0, precision 1) as BEELINE's curve starts. */
  recall: number[];
  precision: number[];
}

export interface ReferenceScoring {
  scores: NetworkScores;
  /** The scored genes: every gene of the reference network, in file order. */
  universe: string[];
  /** Reference genes the run does not have (their pairs count as weight 0, as in BEELINE). */
  genesNotInRun: string[];
  /** Reference edges between two different genes, distinct, in file order (what "missed" is counted against). */
  referenceEdges: ReferenceEdge[];
  curve: PrecisionRecallPoints;
  /** Reference edges outside the top-k set (k = reference edges, BEELINE's early precision). */
  missedInTopK: number;
  /** Reference edges the run gave no edge at all (weight 0). */
  unpredicted: number;
  /** Lines for the user about the reference file (duplicates, conflicting signs, genes not in the run). */
  notes: string[];
}

const pairKey = (source: string, target: string) => `${source}\u0000${target}`;

const sample = (names: string[]) =>
  names
    .slice(0, 5)
    .map((n) => `"${n}"`)
    .join(', ') + (names.length > 5 ? `, … (${names.length} in all)` : '');

/**
 * `runGenes`: every gene of the run; `runEdges`: every edge of its read-out (edges.csv), heaviest first.
 * Throws ScoringRefusal when there is nothing to score.
 */
export function scoreAgainstReference(runGenes: string[], runEdges: PredictedEdge[], reference: ReferenceEdgeList): ReferenceScoring {
  const universe = [...new Set(reference.edges.flatMap((e) => [e.source, e.target]))];
  const inUniverse = new Set(universe);
  const runGeneSet = new Set(runGenes);
  if (!universe.some((gene) => runGeneSet.has(gene)))
    throw new ScoringRefusal({ kind: 'no-shared-genes', referenceGenes: universe, runGenes });
  const referenceEdges = reference.edges.filter((e) => e.source !== e.target);
  if (referenceEdges.length === 0) throw new ScoringRefusal({ kind: 'no-reference-edge', referenceGenes: universe });
  const predicted = runEdges.filter((e) => e.weight !== 0 && e.source !== e.target && inUniverse.has(e.source) && inUniverse.has(e.target));
  if (predicted.length === 0) throw new ScoringRefusal({ kind: 'empty-network', referenceGenes: universe });
  const scores = scoreNetwork(predicted, reference.edges, universe);

  // The same pairs and scores scoreNetwork ranks (first listed weight of a pair, |weight|, 0 when absent), for the
  // curve the figure draws; a test holds that its trapezoid area is scoreNetwork's BEELINE AUPRC.
  const weightOf = new Map<string, number>();
  for (const edge of predicted) {
    const key = pairKey(edge.source, edge.target);
    if (!weightOf.has(key)) weightOf.set(key, Math.abs(edge.weight));
  }
  const referenceKeys = new Set(referenceEdges.map((e) => pairKey(e.source, e.target)));
  const pairScores: number[] = [];
  const labels: boolean[] = [];
  for (const source of universe)
    for (const target of universe) {
      if (source === target) continue;
      const key = pairKey(source, target);
      pairScores.push(weightOf.get(key) ?? 0);
      labels.push(referenceKeys.has(key));
    }
  const threshold = thresholdCurve(pairScores, labels);
  const curve: PrecisionRecallPoints = { recall: [0], precision: [1] };
  for (let k = 0; k < threshold.thresholds.length; k++) {
    const tp = threshold.truePositives[k];
    curve.recall.push(tp / threshold.positives);
    curve.precision.push(tp / (tp + threshold.falsePositives[k]));
  }
  const early = earlyPrecision(
    [...weightOf].map(([key, weight]) => ({ key, weight })),
    referenceKeys,
  );
  const inTopK = new Set(early.selected);
  const distinctReference = [...new Map(referenceEdges.map((e) => [pairKey(e.source, e.target), e])).values()];

  const genesNotInRun = universe.filter((gene) => !runGeneSet.has(gene));
  const notes: string[] = [];
  if (genesNotInRun.length > 0)
    notes.push(
      `${genesNotInRun.length} of the ${universe.length} reference genes are not in the run (their pairs count as weight 0, as in BEELINE): ${sample(genesNotInRun)}.`,
    );
  if (reference.duplicateRows > 0) notes.push(`${reference.duplicateRows} duplicate reference rows were collapsed.`);
  if (reference.conflictingSigns.length > 0)
    notes.push(`${reference.conflictingSigns.length} reference pairs are listed with both signs; the first sign is used.`);

  return {
    scores,
    universe,
    genesNotInRun,
    referenceEdges: distinctReference,
    curve,
    missedInTopK: distinctReference.filter((e) => !inTopK.has(pairKey(e.source, e.target))).length,
    unpredicted: distinctReference.filter((e) => !weightOf.has(pairKey(e.source, e.target))).length,
    notes,
  };
}

export { sample as sampleGeneNames };
