/**
 * A consensus network's edge attributes for the formats that cannot hold them (SIF, the adjacency matrix): a CSV
 * written next to the network file, one row per edge, keyed by Cytoscape's edge name `source (interaction) target`
 * (the name Cytoscape gives an edge it reads from SIF), so File → Import → Table from File onto the edges attaches
 * confidence and FDR to the imported network. An empty FDR: the sweep had no null fits.
 */
import { CONFIDENCE_FIELDS, confidenceValues, type NetworkData } from './network-data.ts';
import { csvField, numberField } from './delimited-text.ts';
import { spreadsheetSafe } from './spreadsheet-safe-text.ts';
import { interactionName } from './sif-writer.ts';

/** The file next to `out` that holds the edge attributes. */
export function edgeAttributeTablePath(out: string): string {
  return `${out}.edge-attributes.csv`;
}

export function writeEdgeAttributeTable(network: NetworkData): string {
  const field = (value: string) => csvField(spreadsheetSafe(value));
  const lines = [['shared name', 'source', 'interaction', 'target', 'weight', 'sign', 'rank', ...CONFIDENCE_FIELDS].join(',')];
  for (const edge of network.edges) {
    const interaction = interactionName(edge.sign);
    lines.push(
      [
        field(`${edge.source} (${interaction}) ${edge.target}`),
        field(edge.source),
        interaction,
        field(edge.target),
        numberField(edge.weight),
        String(edge.sign),
        String(edge.rank),
        ...Object.values(confidenceValues(edge)).map((value) => (value === null ? '' : numberField(value))),
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
