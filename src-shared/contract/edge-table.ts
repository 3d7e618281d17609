/**
 * The edge table (Network view): every edge of a run, read from the run folder's edges.csv by the main process and
 * sent a page at a time, sorted and filtered there, so a 529-gene network's 280,000 edges never cross as one answer.
 */
import { z } from 'zod';

export const EDGE_TABLE_SORT_KEYS = ['weight', 'sign', 'source', 'target'] as const;
export type EdgeTableSortKey = (typeof EDGE_TABLE_SORT_KEYS)[number];

/** Which signs to keep: activation (+1), repression (−1), undetermined (0). */
export const EDGE_SIGN_FILTERS = ['all', 'activation', 'repression', 'unsigned'] as const;
export type EdgeSignFilter = (typeof EDGE_SIGN_FILTERS)[number];

/** Where the gene filter looks: the edge's source, its target, or either. */
export const EDGE_GENE_ROLES = ['either', 'source', 'target'] as const;
export type EdgeGeneRole = (typeof EDGE_GENE_ROLES)[number];

const name = z.string().min(1).max(200);
const runId = z.string().regex(/^run-[0-9]+$/, 'a run id looks like "run-3"');

export const edgeTableQuerySchema = z.strictObject({
  sort: z.enum(EDGE_TABLE_SORT_KEYS),
  descending: z.boolean(),
  sign: z.enum(EDGE_SIGN_FILTERS),
  /** Only edges whose source is in the run's TF list. */
  tfSourcesOnly: z.boolean(),
  /** A gene name (exact, ignoring case); absent: every gene. */
  gene: name.optional(),
  geneRole: z.enum(EDGE_GENE_ROLES),
});
export type EdgeTableQuery = z.infer<typeof edgeTableQuerySchema>;

/** What the table shows first: the heaviest edges. */
export const DEFAULT_EDGE_TABLE_QUERY: EdgeTableQuery = {
  sort: 'weight',
  descending: true,
  sign: 'all',
  tfSourcesOnly: false,
  geneRole: 'either',
};

/** Rows per page at most (the table asks for the rows in view and a margin). */
export const MAX_EDGE_TABLE_PAGE = 1000;

export const runEdgesSchema = z.strictObject({
  runId,
  query: edgeTableQuerySchema,
  offset: z.number().int().min(0).max(100_000_000),
  limit: z.number().int().min(1).max(MAX_EDGE_TABLE_PAGE),
});

/** The formats the edge table exports: the filtered table, or a gene's neighbourhood as a sub-network. */
export const EDGE_TABLE_EXPORT_FORMATS = ['csv', 'graphml', 'cyjs'] as const;

export const exportEdgeTableSchema = z.discriminatedUnion('what', [
  /** Every row the query keeps, in the table's order (CSV, header on line 1, provenance in a sidecar). */
  z.strictObject({ what: z.literal('table'), runId, query: edgeTableQuerySchema }),
  /**
   * The gene, the genes it shares a kept edge with, and those edges (the query's sign and TF filters apply; its gene
   * filter is replaced by this gene), as GraphML or Cytoscape.js JSON with provenance inside.
   */
  z.strictObject({
    what: z.literal('neighbourhood'),
    runId,
    gene: name,
    query: edgeTableQuerySchema,
    format: z.enum(['graphml', 'cyjs']),
  }),
]);

export interface EdgeTableRow {
  /** 1 = the heaviest edge of the whole network (as in every export). */
  rank: number;
  source: string;
  target: string;
  weight: number;
  sign: -1 | 0 | 1;
  /** Whether the source is in the run's TF list; null when the run had none. */
  sourceIsTF: boolean | null;
}

/** Answer of run:edges: one page of the sorted, filtered table. */
export interface EdgeTablePage {
  runId: string;
  /** Every edge of the run (edges.csv, self-edges left out). */
  total: number;
  /** Edges the query keeps. */
  matched: number;
  offset: number;
  rows: EdgeTableRow[];
  /** Whether the run had a TF list (the TF filter means nothing without one). */
  tfListKnown: boolean;
  /** The filter's gene is not a gene of the run: the table is empty for that reason, say so. */
  unknownGene: string | null;
}
