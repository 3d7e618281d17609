/** Gene names that start like a spreadsheet formula are written as text in CSV/TSV/adjacency and read back as they were. */
import { describe, expect, it } from 'vitest';
import { writeAdjacencyCsv } from '../../../src-main/export/adjacency-writer.ts';
import { writeEdgeList } from '../../../src-main/export/edge-list-writer.ts';
import type { NetworkData } from '../../../src-main/export/network-data.ts';
import { parseNetworkFile } from '../../../src-main/import/network-importer.ts';
import { fromSpreadsheetSafe, spreadsheetSafe } from '../../../src-main/export/spreadsheet-safe-text.ts';

const NAMES = ['=HYPERLINK("http://x","y")', '+1', '-A', '@SUM(A1)', "'=already", "'plain", 'Gata1', 'a=b'];

const network: NetworkData = {
  nodes: NAMES.map((id) => ({ id, isTF: null, peakPseudotime: null })),
  edges: NAMES.slice(1).map((target, i) => ({ source: NAMES[0], target, weight: 1 - i / 10, sign: 1 as const, rank: i + 1 })),
};

/** A cell a spreadsheet would run as a formula. */
const isFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell.replace(/^"/, ''));

describe('spreadsheet formula injection', () => {
  it('escapes exactly the names that start like a formula, reversibly', () => {
    expect(NAMES.map(spreadsheetSafe)).toEqual([
      `'=HYPERLINK("http://x","y")`,
      "'+1",
      "'-A",
      "'@SUM(A1)",
      "''=already",
      "'plain",
      'Gata1',
      'a=b',
    ]);
    for (const name of NAMES) expect(fromSpreadsheetSafe(spreadsheetSafe(name))).toBe(name);
  });

  for (const delimiter of [',', '\t'] as const) {
    it(`${delimiter === ',' ? 'CSV' : 'TSV'} edge list: no cell starts a formula, and re-import gives the same names`, () => {
      const text = writeEdgeList(network, delimiter);
      const cells = text
        .split('\n')
        .filter((line) => line)
        .flatMap((line) => line.split(delimiter));
      expect(cells.filter(isFormula)).toEqual([]);
      const imported = parseNetworkFile(text, delimiter === ',' ? 'csv' : 'tsv', 'net');
      expect(imported.network.edges.map((edge) => [edge.source, edge.target])).toEqual(
        network.edges.map((edge) => [edge.source, edge.target]),
      );
    });
  }

  it('adjacency CSV: no header or row-name cell starts a formula', () => {
    const text = writeAdjacencyCsv(network);
    const rows = text.split('\n').filter((line) => line);
    expect(rows[0].split(',').filter(isFormula)).toEqual([]);
    expect(
      rows
        .slice(1)
        .map((row) => row.split(',')[0])
        .filter(isFormula),
    ).toEqual([]);
  });
});
