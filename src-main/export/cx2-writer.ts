/**
 * CX2 (Cytoscape Exchange format 2.0, as NDEx and Cytoscape ≥ 3.10 read it): a JSON array of aspects —
 * CXVersion, metaData with element counts, attributeDeclarations with types, networkAttributes (provenance here),
 * nodes with integer ids, x, y and values `v`, edges with `s`/`t`, and status.
 */
import { CONFIDENCE_FIELDS, confidenceValues, degrees, type NetworkData } from './network-data.ts';
import { provenanceEntries, provenanceJson, type Provenance } from './provenance.ts';
import { interactionName } from './sif-writer.ts';
import { withLayout } from './network-layout.ts';

export function writeCx2(network: NetworkData, provenance: Provenance): string {
  const laidOut = withLayout(network, provenance.seed ?? 0);
  const degree = degrees(laidOut);
  const nodeId = new Map(laidOut.nodes.map((node, index) => [node.id, index]));
  const networkAttributes: Record<string, string> = {
    name: `PathReg network (${provenance.content})`,
    description: `Exported by ${provenance.app} ${provenance.appVersion}`,
  };
  const networkDeclarations: Record<string, { d: string }> = { name: { d: 'string' }, description: { d: 'string' } };
  for (const [key, value] of provenanceEntries(provenance)) {
    networkAttributes[key] = value;
    networkDeclarations[key] = { d: 'string' };
  }
  networkAttributes.provenance_json = JSON.stringify(provenanceJson(provenance));
  networkDeclarations.provenance_json = { d: 'string' };
  const anyTF = laidOut.nodes.some((node) => node.isTF !== null);
  const anyPeak = laidOut.nodes.some((node) => node.peakPseudotime !== null);
  const nodeDeclarations: Record<string, { d: string }> = { name: { d: 'string' }, degree: { d: 'integer' } };
  if (anyTF) nodeDeclarations.is_TF = { d: 'boolean' };
  if (anyPeak) nodeDeclarations.peak_pseudotime = { d: 'double' };
  const nodes = laidOut.nodes.map((node, index) => ({
    id: index,
    x: node.x ?? 0,
    y: node.y ?? 0,
    v: {
      name: node.id,
      degree: degree.get(node.id) ?? 0,
      ...(node.isTF === null ? {} : { is_TF: node.isTF }),
      ...(node.peakPseudotime === null ? {} : { peak_pseudotime: node.peakPseudotime }),
    },
  }));
  const edges = laidOut.edges.map((edge, index) => {
    const s = nodeId.get(edge.source);
    const t = nodeId.get(edge.target);
    if (s === undefined || t === undefined)
      throw new Error(`edge ${edge.source} -> ${edge.target} names a gene that is not in the network's gene list.`);
    const v: Record<string, string | number> = {
      interaction: interactionName(edge.sign),
      weight: edge.weight,
      sign: edge.sign,
      rank: edge.rank,
    };
    // CX2 has no null: an unknown FDR (no null fits) is left out of the edge's values.
    if (laidOut.consensus) for (const [field, value] of Object.entries(confidenceValues(edge))) if (value !== null) v[field] = value;
    return { id: index, s, t, v };
  });
  const aspects = [
    { CXVersion: '2.0', hasFragments: false },
    {
      metaData: [
        { name: 'attributeDeclarations', elementCount: 1 },
        { name: 'networkAttributes', elementCount: 1 },
        { name: 'nodes', elementCount: nodes.length },
        { name: 'edges', elementCount: edges.length },
      ],
    },
    {
      attributeDeclarations: [
        {
          networkAttributes: networkDeclarations,
          nodes: nodeDeclarations,
          edges: {
            interaction: { d: 'string' },
            weight: { d: 'double' },
            sign: { d: 'integer' },
            rank: { d: 'integer' },
            ...(laidOut.consensus
              ? Object.fromEntries(CONFIDENCE_FIELDS.map((field) => [field, { d: field === 'selected_in' ? 'integer' : 'double' }]))
              : {}),
          },
        },
      ],
    },
    { networkAttributes: [networkAttributes] },
    { nodes },
    { edges },
    { status: [{ error: '', success: true }] },
  ];
  return `${JSON.stringify(aspects)}\n`;
}
