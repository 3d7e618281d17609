/**
 * BEELINE's `rankedEdges.csv`: tab-separated `Gene1, Gene2, EdgeWeight`, strongest first — what BEELINE's
 * runners write and its evaluator reads (`pd.read_csv(path, sep='\t', header=0)`). The evaluator takes |EdgeWeight|,
 * so the unsigned path weight is written. The format has no place for comments (a `#` line would become an edge),
 * so provenance travels in a sidecar file.
 */
import type { NetworkData } from './network-data.ts';
import { numberField, tsvField } from './delimited-text.ts';

export function writeBeelineRankedEdges(network: NetworkData): string {
  const lines = ['Gene1\tGene2\tEdgeWeight'];
  for (const edge of network.edges)
    lines.push(`${tsvField(edge.source, 'gene')}\t${tsvField(edge.target, 'gene')}\t${numberField(edge.weight)}`);
  return `${lines.join('\n')}\n`;
}
