/**
 * Simple Interaction Format (Cytoscape): `source<TAB>interaction<TAB>target`, with the interaction named by the
 * sign (activates / represses / regulates). Genes with no selected edge are written as a line of their own name so
 * the node count survives. SIF has no comments and no weights; provenance and weights go in the sidecar.
 */
import type { EdgeSign, NetworkData } from './network-data.ts';
import { tsvField } from './delimited-text.ts';

export function interactionName(sign: EdgeSign): string {
  return sign > 0 ? 'activates' : sign < 0 ? 'represses' : 'regulates';
}

export function writeSif(network: NetworkData): string {
  const connected = new Set<string>();
  const lines: string[] = [];
  for (const edge of network.edges) {
    lines.push(`${tsvField(edge.source, 'gene')}\t${interactionName(edge.sign)}\t${tsvField(edge.target, 'gene')}`);
    connected.add(edge.source);
    connected.add(edge.target);
  }
  for (const node of network.nodes) if (!connected.has(node.id)) lines.push(tsvField(node.id, 'gene'));
  return `${lines.join('\n')}\n`;
}
