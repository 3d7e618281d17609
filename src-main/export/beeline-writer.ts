/**
 * BEELINE's `rankedEdges.csv`: tab-separated `Gene1, Gene2, EdgeWeight`, strongest first — what BEELINE's
 * runners write and its evaluator reads (`pd.read_csv(path, sep='\t', header=0)`). The evaluator takes |EdgeWeight|,
 * so the unsigned path weight is written (for a sweep's consensus, the weight summed over the fits ÷ fits, which ranks
 * as the FDR does, followed by the confidence columns, which the evaluator's column names leave alone). The format has no place for comments (a `#` line would become an edge),
 * so provenance travels in a sidecar file.
 */
import { CONFIDENCE_FIELDS, confidenceValues, type NetworkData } from './network-data.ts';
import { numberField, tsvField } from './delimited-text.ts';

export function writeBeelineRankedEdges(network: NetworkData): string {
  const consensus = network.consensus !== undefined;
  const lines = [['Gene1', 'Gene2', 'EdgeWeight', ...(consensus ? ['Sign', ...CONFIDENCE_FIELDS] : [])].join('\t')];
  for (const edge of network.edges) {
    const row = [tsvField(edge.source, 'gene'), tsvField(edge.target, 'gene'), numberField(edge.weight)];
    if (consensus)
      row.push(String(edge.sign), ...Object.values(confidenceValues(edge)).map((value) => (value === null ? '' : numberField(value))));
    lines.push(row.join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
