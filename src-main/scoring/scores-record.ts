/**
 * The scores as a record for files and the contract: the `scores` of scores.json (`pathreg score`) and of the app's
 * run:score answer, one shape so both can be compared key by key. snake_case like metrics.json.
 */
import type { ReferenceScoresRecord, SignAgreementRecord } from '../../src-shared/contract/reference-score.ts';
import type { NetworkScores, SignAgreement } from './score-network.ts';

function agreementRecord(a: SignAgreement): SignAgreementRecord {
  return { compared: a.compared, agreeing: a.agreeing, fraction: a.fraction };
}

export function scoresRecord(scores: NetworkScores): ReferenceScoresRecord {
  return {
    genes: scores.genes,
    pairs: scores.pairs,
    reference_edges: scores.referenceEdges,
    reference_self_loops_excluded: scores.referenceSelfLoops,
    predicted_edges: scores.predictedEdges,
    density: scores.density,
    auprc: scores.auprc,
    auprc_ratio: scores.auprcRatio,
    auprc_beeline: scores.auprcBeeline,
    auprc_beeline_ratio: scores.auprcBeelineRatio,
    auroc: scores.auroc,
    early_precision: scores.earlyPrecision,
    early_precision_ratio: scores.earlyPrecisionRatio,
    early_precision_k: scores.earlyPrecisionK,
    early_precision_selected: scores.earlyPrecisionSelected,
    early_precision_true_positives: scores.earlyPrecisionTruePositives,
    sign_agreement: { early: agreementRecord(scores.signAgreement.early), all: agreementRecord(scores.signAgreement.all) },
  };
}
