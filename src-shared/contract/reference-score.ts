/**
 * Scoring a run against a reference network (run:score): the request (a file by path on the machine running
 * PathReg Studio, or an upload) and the answer. `scores` is the same record `pathreg score` writes to scores.json
 * (snake_case, like metrics.json), so the app and the command line can be compared key by key.
 */
import { z } from 'zod';
import type { EdgeSign } from './types.ts';

const runId = z.string().regex(/^run-[0-9]+$/, 'a run id looks like "run-3"');
const fileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\\0]+$/, 'a file name without folders');

/** A reference network is text of a few edges to a few hundred thousand: 20 MB of base64 is plenty. */
export const MAX_REFERENCE_BASE64_CHARS = 20 * 1024 * 1024;

export const runScoreSchema = z.union([
  z.strictObject({ runId, path: z.string().min(1).max(4096) }),
  z.strictObject({
    runId,
    fileName,
    contentBase64: z
      .string()
      .max(MAX_REFERENCE_BASE64_CHARS)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 text'),
  }),
]);

export interface SignAgreementRecord {
  compared: number;
  agreeing: number;
  fraction: number | null;
}

/** scores.json's `scores` (src-main/scoring/scores-record.ts writes it for both front ends). */
export interface ReferenceScoresRecord {
  genes: number;
  pairs: number;
  reference_edges: number;
  reference_self_loops_excluded: number;
  predicted_edges: number;
  density: number;
  auprc: number;
  auprc_ratio: number;
  auprc_beeline: number;
  auprc_beeline_ratio: number;
  auroc: number;
  early_precision: number;
  early_precision_ratio: number;
  early_precision_k: number;
  early_precision_selected: number;
  early_precision_true_positives: number;
  sign_agreement: { early: SignAgreementRecord; all: SignAgreementRecord };
}

/** Reference edges sent to the window at most (the network view marks them); the counts are over all of them. */
export const MAX_REFERENCE_EDGES_SENT = 50_000;
/** Precision–recall points sent at most (evenly thinned, first and last kept). */
export const MAX_CURVE_POINTS = 2_000;

export interface ReferenceScore {
  runId: string;
  runLabel: string;
  reference: {
    fileName: string;
    sha256: string;
    /** How the file was read: BEELINE's Gene1,Gene2,Type, a header naming the columns, or no header. */
    layout: 'beeline' | 'header' | 'no-header';
  };
  scoredAt: string;
  scores: ReferenceScoresRecord;
  /** Reference edges outside the top-k set (k = reference edges). */
  missedInTopK: number;
  /** Reference edges the run gave no edge at all. */
  unpredicted: number;
  /** Reference genes the run lacks (first 200 names) and how many there are. */
  genesNotInRun: string[];
  genesNotInRunCount: number;
  /** Distinct reference edges between two different genes (sign 1 activation, −1 repression, 0 unknown). */
  referenceEdges: Array<{ source: string; target: string; sign: EdgeSign }>;
  referenceEdgesTotal: number;
  /** BEELINE's precision–recall curve, from (recall 0, precision 1), one point per distinct score. */
  curve: { recall: number[]; precision: number[] };
  notes: string[];
}
