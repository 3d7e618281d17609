/**
 * The adjacency matrix as CSV: row = source gene, column = target gene, entry = path weight A[source][target]
 * for the selected edges and 0 elsewhere (self-edges are 0: the read-out leaves them out). The header is line 1, so
 * spreadsheets open it as it is; provenance and what the entries mean go into the `.provenance.json` sidecar.
 */
import type { NetworkData } from './network-data.ts';
import { csvField, numberField } from './delimited-text.ts';
import { spreadsheetSafe } from './spreadsheet-safe-text.ts';

export function writeAdjacencyCsv(network: NetworkData): string {
  const genes = network.nodes.map((node) => node.id);
  const index = new Map(genes.map((gene, i) => [gene, i]));
  const n = genes.length;
  const matrix = new Float64Array(n * n);
  for (const edge of network.edges) {
    const i = index.get(edge.source);
    const j = index.get(edge.target);
    if (i === undefined || j === undefined)
      throw new Error(`edge ${edge.source} -> ${edge.target} names a gene that is not in the network's gene list.`);
    matrix[i * n + j] = edge.weight;
  }
  const lines: string[] = [];
  // Gene names may start like a spreadsheet formula; an adjacency matrix is made to be opened in one.
  const cell = (gene: string) => csvField(spreadsheetSafe(gene));
  lines.push(['source\\target', ...genes].map(cell).join(','));
  for (let i = 0; i < n; i++) {
    const row = [cell(genes[i])];
    for (let j = 0; j < n; j++) row.push(numberField(matrix[i * n + j]));
    lines.push(row.join(','));
  }
  return `${lines.join('\n')}\n`;
}
