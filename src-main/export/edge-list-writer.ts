/**
 * Edge list as CSV or TSV: `source,target,weight,sign,rank`, the header on line 1 and one row per edge, strongest
 * first; a sweep's consensus network adds `confidence,fdr,null_frequency,mean_weight,selected_in` (an empty FDR: the
 * sweep had no null fits). Provenance goes into the `.provenance.json` sidecar (network-export.ts): `#` lines above the header made
 * Excel and Python's csv module read them as rows.
 */
import { CONFIDENCE_FIELDS, confidenceValues, type NetworkData } from './network-data.ts';
import { csvField, numberField, tsvField } from './delimited-text.ts';
import { spreadsheetSafe } from './spreadsheet-safe-text.ts';

export function writeEdgeList(network: NetworkData, delimiter: ',' | '\t'): string {
  // Gene names may start like a spreadsheet formula; these files are opened in spreadsheets.
  const field =
    delimiter === ',' ? (value: string) => csvField(spreadsheetSafe(value)) : (value: string) => tsvField(spreadsheetSafe(value), 'gene');
  const consensus = network.consensus !== undefined;
  const lines = [['source', 'target', 'weight', 'sign', 'rank', ...(consensus ? CONFIDENCE_FIELDS : [])].join(delimiter)];
  for (const edge of network.edges) {
    const row = [field(edge.source), field(edge.target), numberField(edge.weight), String(edge.sign), String(edge.rank)];
    if (consensus) row.push(...Object.values(confidenceValues(edge)).map((value) => (value === null ? '' : numberField(value))));
    lines.push(row.join(delimiter));
  }
  return `${lines.join('\n')}\n`;
}
