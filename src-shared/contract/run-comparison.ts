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

/** The difference network's export formats: the table, the two network formats Cytoscape opens, the figure. */
export const COMPARISON_EXPORT_FORMATS = ['csv', 'graphml', 'cyjs', 'svg', 'png'] as const;
export type ComparisonExportFormat = (typeof COMPARISON_EXPORT_FORMATS)[number];

/** The classes of the difference network's edges: only in A's top-k, only in B's, in both. */
export const differenceClassSchema = z.enum(['a', 'b', 'both']);

export const exportComparisonSchema = runsCompareSchema.extend({
  /** CSV (default), GraphML, Cytoscape.js JSON, or the figure as SVG or PNG. */
  format: z.enum(COMPARISON_EXPORT_FORMATS).optional(),
  /** The classes shown (the view's filter); every format keeps only these. All three when absent. */
  classes: z.array(differenceClassSchema).min(1).max(3).optional(),
  /** The figure's printed size and PNG resolution (SVG and PNG only); 183 × 137 mm at 300 dpi when absent. */
  figure: z
    .strictObject({
      width: z.number().positive().max(2000),
      height: z.number().positive().max(2000),
      unit: z.enum(['mm', 'in']),
      dpi: z.union([z.literal(150), z.literal(300), z.literal(600)]),
      background: z.enum(['white', 'transparent']),
    })
    .optional(),
});

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
  /** The genes on the difference network's edges, sorted; a TF when A or B lists it as one (null: neither has a TF list). */
  differenceGenes: Array<{ id: string; isTF: boolean | null }>;
}
