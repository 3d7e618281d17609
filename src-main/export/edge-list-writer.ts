/**
 * Edge list as CSV or TSV: `source,target,weight,sign,rank`, one row per edge, strongest first.
 * Provenance goes in `#` comment lines above the header (pandas: `read_csv(..., comment='#')`; R: `comment.char`).
 */
import type { NetworkData } from './network-data.ts';
import { provenanceCommentLines, type Provenance } from './provenance.ts';
import { csvField, numberField, tsvField } from './delimited-text.ts';
import { spreadsheetSafe } from './spreadsheet-safe-text.ts';

export function writeEdgeList(network: NetworkData, provenance: Provenance, delimiter: ',' | '\t'): string {
  // Gene names may start like a spreadsheet formula; these files are opened in spreadsheets.
  const field =
    delimiter === ',' ? (value: string) => csvField(spreadsheetSafe(value)) : (value: string) => tsvField(spreadsheetSafe(value), 'gene');
  const lines = provenanceCommentLines(provenance);
  lines.push(['source', 'target', 'weight', 'sign', 'rank'].join(delimiter));
  for (const edge of network.edges) {
    lines.push([field(edge.source), field(edge.target), numberField(edge.weight), String(edge.sign), String(edge.rank)].join(delimiter));
  }
  return `${lines.join('\n')}\n`;
}
