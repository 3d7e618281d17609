/**
 * The edge table's rules, pure so the main process (which holds every edge of a run) and the tests run the same code:
 * which edges a query keeps, and in which order.
 */
import type { EdgeTableQuery, EdgeTableRow } from './contract/edge-table.ts';

/** The gene the filter names, as the run spells it (exact first, then ignoring case); null when the run has none such. */
export function resolveFilterGene(gene: string | undefined, genes: Iterable<string>): string | null {
  const wanted = gene?.trim();
  if (!wanted) return null;
  let caseless: string | null = null;
  for (const candidate of genes) {
    if (candidate === wanted) return candidate;
    if (caseless === null && candidate.toLowerCase() === wanted.toLowerCase()) caseless = candidate;
  }
  return caseless;
}

const SIGN_OF_FILTER = { activation: 1, repression: -1, unsigned: 0 } as const;

/**
 * The rows the query keeps, sorted. `gene` is the filter's gene as resolved by resolveFilterGene (null: no gene
 * filter). Ties keep the network's rank order (heaviest first), so every sort is deterministic.
 */
export function queryEdgeTable(rows: readonly EdgeTableRow[], query: EdgeTableQuery, gene: string | null): EdgeTableRow[] {
  return sortEdgeTable(filterEdgeTable(rows, query, gene), query);
}

/** The rows the query's filters keep, in the order given (filtering a sorted list keeps it sorted). */
export function filterEdgeTable(rows: readonly EdgeTableRow[], query: EdgeTableQuery, gene: string | null): EdgeTableRow[] {
  const sign = query.sign === 'all' ? null : SIGN_OF_FILTER[query.sign];
  return rows.filter(
    (row) =>
      (sign === null || row.sign === sign) &&
      (!query.tfSourcesOnly || row.sourceIsTF === true) &&
      (gene === null || (query.geneRole !== 'target' && row.source === gene) || (query.geneRole !== 'source' && row.target === gene)),
  );
}

/** The rows in the query's order (a new array); ties keep the network's rank order. */
export function sortEdgeTable(rows: readonly EdgeTableRow[], query: Pick<EdgeTableQuery, 'sort' | 'descending'>): EdgeTableRow[] {
  const direction = query.descending ? -1 : 1;
  const compare = COMPARE[query.sort];
  return [...rows].sort((a, b) => direction * compare(a, b) || a.rank - b.rank);
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const COMPARE: Record<EdgeTableQuery['sort'], (a: EdgeTableRow, b: EdgeTableRow) => number> = {
  // Rank order is weight order with the exports' tie-break (source, then target).
  weight: (a, b) => b.rank - a.rank,
  sign: (a, b) => a.sign - b.sign,
  source: (a, b) => byName(a.source, b.source),
  target: (a, b) => byName(a.target, b.target),
};
