/**
 * Cytoscape.js JSON (`.cyjs`, as Cytoscape desktop's "Export Network to File → Cytoscape.js JSON" writes it):
 * `data` holds network attributes (provenance here), `elements.nodes/edges` carry `data` and node `position`.
 */
import { comparisonValues, confidenceValues, degrees, type NetworkData } from './network-data.ts';
import { provenanceEntries, provenanceJson, type Provenance } from './provenance.ts';
import { interactionName } from './sif-writer.ts';
import { withLayout } from './network-layout.ts';

export function writeCyjs(network: NetworkData, provenance: Provenance): string {
  const laidOut = withLayout(network, provenance.seed ?? 0);
  const degree = degrees(laidOut);
  const networkData: Record<string, unknown> = { name: `PathReg network (${provenance.content})`, shared_name: 'PathReg network' };
  for (const [key, value] of provenanceEntries(provenance)) networkData[key] = value;
  networkData.provenance = provenanceJson(provenance);
  const document = {
    format_version: '1.0',
    generated_by: `${provenance.app} ${provenance.appVersion}`,
    target_cytoscapejs_version: '~2.1',
    directed: true,
    multigraph: false,
    data: networkData,
    elements: {
      nodes: laidOut.nodes.map((node) => ({
        data: {
          id: node.id,
          name: node.id,
          shared_name: node.id,
          ...(node.isTF === null ? {} : { is_TF: node.isTF }),
          degree: degree.get(node.id) ?? 0,
          ...(node.peakPseudotime === null ? {} : { peak_pseudotime: node.peakPseudotime }),
        },
        position: { x: node.x ?? 0, y: node.y ?? 0 },
      })),
      edges: laidOut.edges.map((edge, index) => ({
        data: {
          id: `e${index}`,
          source: edge.source,
          target: edge.target,
          name: `${edge.source} (${interactionName(edge.sign)}) ${edge.target}`,
          interaction: interactionName(edge.sign),
          weight: edge.weight,
          sign: edge.sign,
          rank: edge.rank,
          // A sweep's consensus: confidence, fdr (null without null fits), null_frequency, mean_weight, selected_in.
          ...(laidOut.consensus ? confidenceValues(edge) : {}),
          // Two runs' difference network: comparison (only_A, only_B, both), weight_a, sign_a, weight_b, sign_b.
          ...(laidOut.comparison ? comparisonValues(edge) : {}),
        },
      })),
    },
  };
  return `${JSON.stringify(document, null, 1)}\n`;
}
