/**
 * Comparing runs (the Compare view): two or more runs of the session (trained, reopened with a project or imported
 * from run folders), their metrics side by side, how far their networks agree, and the difference network of two.
 */
import { z } from 'zod';

const runId = z.string().regex(/^run-[0-9]+$/, 'a run id looks like "run-3"');

/** At most this many runs side by side (the overlap table has one row per pair). */
export const MAX_COMPARED_RUNS = 8;

export const runsCompareSchema = z.strictObject({
  /** The runs, in the order shown; the difference network is of the first two (A, B). */
  runIds: z.array(runId).min(2).max(MAX_COMPARED_RUNS),
  /** How many of each run's heaviest edges the top-k overlap and the difference network use. */
  topK: z.number().int().min(1).max(10_000_000),
});

export const exportComparisonSchema = runsCompareSchema;

/** One edge of the difference network of runs A and B (their top-k edges). */
export interface DifferenceEdge {
  source: string;
  target: string;
  /** Where it is among the top-k: only A's, only B's, or both. */
  in: 'a' | 'b' | 'both';
  /** Its weight and sign in each run's whole network (null: the run has no such edge above 1e-5). */
  weightA: number | null;
  weightB: number | null;
  signA: -1 | 0 | 1 | null;
  signB: -1 | 0 | 1 | null;
}

/** How far two runs' networks agree. */
export interface EdgeOverlap {
  /** Indices into RunComparison.runs. */
  a: number;
  b: number;
  /** |top-k of A ∩ top-k of B| / |top-k of A ∪ top-k of B|; null when both are empty. */
  jaccard: number | null;
  /** Pairs in both top-k lists, and in either. */
  sharedTopK: number;
  unionTopK: number;
  /** Spearman's rank correlation of the weights over the pairs both whole networks have (ties: mean ranks); null under 2 pairs or no spread. */
  spearman: number | null;
  /** How many (source, target) pairs both whole networks have. */
  sharedPairs: number;
}

export interface ComparedRun {
  runId: string;
  label: string;
  /** Edges in the run's whole network (edges.csv, self-edges left out). */
  edges: number;
  /** How many of them the top-k holds (fewer when the run has fewer edges than k). */
  topK: number;
}

/** One metric across the runs, as the Metrics view words it; values in the order of `runs` (null: not recorded). */
export interface ComparedMetric {
  key: string;
  label: string;
  values: Array<number | string | null>;
}

export interface RunComparison {
  runs: ComparedRun[];
  topK: number;
  metrics: ComparedMetric[];
  /** Every pair of runs, in order (0,1), (0,2), …, (1,2), … */
  overlaps: EdgeOverlap[];
  /** A = runs[0], B = runs[1]: every edge in either top-k, heaviest in A first, then B's own. */
  difference: DifferenceEdge[];
}
