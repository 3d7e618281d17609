/**
 * Edge list as CSV or TSV: `source,target,weight,sign,rank`, the header on line 1 and one row per edge, strongest
 * first. Provenance goes into the `.provenance.json` sidecar (network-export.ts): `#` lines above the header made
 * Excel and Python's csv module read them as rows.
 */
import type { NetworkData } from './network-data.ts';
import { csvField, numberField, tsvField } from './delimited-text.ts';
import { spreadsheetSafe } from './spreadsheet-safe-text.ts';

export function writeEdgeList(network: NetworkData, delimiter: ',' | '\t'): string {
  // Gene names may start like a spreadsheet formula; these files are opened in spreadsheets.
  const field =
    delimiter === ',' ? (value: string) => csvField(spreadsheetSafe(value)) : (value: string) => tsvField(spreadsheetSafe(value), 'gene');
  const lines = [['source', 'target', 'weight', 'sign', 'rank'].join(delimiter)];
  for (const edge of network.edges) {
    lines.push([field(edge.source), field(edge.target), numberField(edge.weight), String(edge.sign), String(edge.rank)].join(delimiter));
  }
  return `${lines.join('\n')}\n`;
}
