import { describe, expect, it } from 'vitest';
import { queryEdgeTable, resolveFilterGene } from '../../src-shared/edge-table-query.ts';
import { DEFAULT_EDGE_TABLE_QUERY, type EdgeTableRow } from '../../src-shared/contract/edge-table.ts';

const row = (rank: number, source: string, target: string, weight: number, sign: -1 | 0 | 1, sourceIsTF: boolean | null): EdgeTableRow => ({
  rank,
  source,
  target,
  weight,
  sign,
  sourceIsTF,
});
const ROWS = [
  row(1, 'GATA1', 'KLF1', 0.9, 1, true),
  row(2, 'SPI1', 'GATA1', 0.7, -1, true),
  row(3, 'KLF1', 'GATA1', 0.5, 1, false),
  row(4, 'GATA1', 'SPI1', 0.5, -1, true),
  row(5, 'HBB', 'KLF1', 0.2, 0, false),
];
const ids = (rows: EdgeTableRow[]) => rows.map((r) => r.rank);

describe('edge table query', () => {
  it('sorts by weight either way (ties keep the network’s rank order)', () => {
    expect(ids(queryEdgeTable(ROWS, DEFAULT_EDGE_TABLE_QUERY, null))).toEqual([1, 2, 3, 4, 5]);
    expect(ids(queryEdgeTable(ROWS, { ...DEFAULT_EDGE_TABLE_QUERY, descending: false }, null))).toEqual([5, 4, 3, 2, 1]);
  });

  it('sorts by source, target and sign, ties by rank', () => {
    expect(ids(queryEdgeTable(ROWS, { ...DEFAULT_EDGE_TABLE_QUERY, sort: 'source', descending: false }, null))).toEqual([1, 4, 5, 3, 2]);
    expect(ids(queryEdgeTable(ROWS, { ...DEFAULT_EDGE_TABLE_QUERY, sort: 'target', descending: true }, null))).toEqual([4, 1, 5, 2, 3]);
    expect(ids(queryEdgeTable(ROWS, { ...DEFAULT_EDGE_TABLE_QUERY, sort: 'sign', descending: false }, null))).toEqual([2, 4, 5, 1, 3]);
  });

  it('filters by sign, by TF source and by gene in a role', () => {
    expect(ids(queryEdgeTable(ROWS, { ...DEFAULT_EDGE_TABLE_QUERY, sign: 'repression' }, null))).toEqual([2, 4]);
    expect(ids(queryEdgeTable(ROWS, { ...DEFAULT_EDGE_TABLE_QUERY, sign: 'unsigned' }, null))).toEqual([5]);
    expect(ids(queryEdgeTable(ROWS, { ...DEFAULT_EDGE_TABLE_QUERY, tfSourcesOnly: true }, null))).toEqual([1, 2, 4]);
    expect(ids(queryEdgeTable(ROWS, DEFAULT_EDGE_TABLE_QUERY, 'GATA1'))).toEqual([1, 2, 3, 4]);
    expect(ids(queryEdgeTable(ROWS, { ...DEFAULT_EDGE_TABLE_QUERY, geneRole: 'source' }, 'GATA1'))).toEqual([1, 4]);
    expect(ids(queryEdgeTable(ROWS, { ...DEFAULT_EDGE_TABLE_QUERY, geneRole: 'target', sign: 'activation' }, 'GATA1'))).toEqual([3]);
  });

  it('does not reorder the rows it was given', () => {
    const copy = [...ROWS];
    queryEdgeTable(ROWS, { ...DEFAULT_EDGE_TABLE_QUERY, sort: 'source', descending: false }, null);
    expect(ROWS).toEqual(copy);
  });

  it('resolves the filter gene exactly, then ignoring case; unknown and blank give null', () => {
    const genes = ['Gata1', 'GATA1', 'Klf1'];
    expect(resolveFilterGene('GATA1', genes)).toBe('GATA1');
    expect(resolveFilterGene(' klf1 ', genes)).toBe('Klf1');
    expect(resolveFilterGene('Tal1', genes)).toBeNull();
    expect(resolveFilterGene('  ', genes)).toBeNull();
    expect(resolveFilterGene(undefined, genes)).toBeNull();
  });
});
