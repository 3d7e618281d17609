/**
 * GraphML (graphml.graphdrawing.org): a directed graph with node attributes is_TF, degree, peak_pseudotime and
 * edge attributes weight, sign, rank, interaction (and, for a sweep's consensus, confidence, fdr, null_frequency,
 * mean_weight, selected_in; a missing FDR is left out, as GraphML leaves unknown values). Provenance: a <desc> in words plus one graph-level <data> per
 * provenance entry, and the whole provenance as JSON, so networkx/Cytoscape/yEd show it as network attributes.
 */
import { comparisonValues, CONFIDENCE_FIELDS, confidenceValues, degrees, type NetworkData } from './network-data.ts';
import { provenanceEntries, provenanceJson, type Provenance } from './provenance.ts';
import { interactionName } from './sif-writer.ts';
import { numberField } from './delimited-text.ts';
import { escapeXml } from './xml-text.ts';

const CONSENSUS_DESCRIPTION =
  "Consensus of a sweep's fits: weight = path weight summed over the fits / fits, confidence = selection frequency, fdr = empirical FDR (q-value) from the permuted-pseudotime fits";

/** What a difference network's edge attributes mean, for the file's <desc>. */
export function comparisonDescription(of: NonNullable<NetworkData['comparison']>): string {
  return `Difference network of the top ${of.topK} edges of A (${of.labelA}) and B (${of.labelB}): comparison = only_A, only_B or both; weight_a, sign_a, weight_b, sign_b = the edge's PathReg path weight and sign in each run's whole network (left out where the run has no such edge); weight and sign = those of the run whose top-k holds it (the larger weight when both do)`;
}

export function writeGraphml(network: NetworkData, provenance: Provenance): string {
  const entries = provenanceEntries(provenance);
  const degree = degrees(network);
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
      'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
  );
  out.push(
    `  <desc>${escapeXml(`Gene regulatory network exported by ${provenance.app} ${provenance.appVersion}: ${provenance.content}. ${network.consensus ? CONSENSUS_DESCRIPTION : network.comparison ? comparisonDescription(network.comparison) : 'Edge weight = PathReg path weight A[source][target]'}; sign = sign of the mean Jacobian; degree counts the edges in this file.`)}</desc>`,
  );
  out.push('  <key id="n_is_tf" for="node" attr.name="is_TF" attr.type="boolean"/>');
  out.push('  <key id="n_degree" for="node" attr.name="degree" attr.type="int"/>');
  out.push('  <key id="n_peak" for="node" attr.name="peak_pseudotime" attr.type="double"/>');
  out.push('  <key id="n_x" for="node" attr.name="x" attr.type="double"/>');
  out.push('  <key id="n_y" for="node" attr.name="y" attr.type="double"/>');
  out.push('  <key id="e_weight" for="edge" attr.name="weight" attr.type="double"/>');
  out.push('  <key id="e_sign" for="edge" attr.name="sign" attr.type="int"/>');
  out.push('  <key id="e_rank" for="edge" attr.name="rank" attr.type="int"/>');
  out.push('  <key id="e_interaction" for="edge" attr.name="interaction" attr.type="string"/>');
  const consensus = network.consensus !== undefined;
  if (consensus)
    for (const field of CONFIDENCE_FIELDS)
      out.push(`  <key id="e_${field}" for="edge" attr.name="${field}" attr.type="${field === 'selected_in' ? 'int' : 'double'}"/>`);
  const comparison = network.comparison !== undefined;
  if (comparison) {
    out.push('  <key id="e_comparison" for="edge" attr.name="comparison" attr.type="string"/>');
    for (const run of ['a', 'b'])
      out.push(
        `  <key id="e_weight_${run}" for="edge" attr.name="weight_${run}" attr.type="double"/>`,
        `  <key id="e_sign_${run}" for="edge" attr.name="sign_${run}" attr.type="int"/>`,
      );
  }
  entries.forEach(([key], index) => out.push(`  <key id="g_${index}" for="graph" attr.name="${escapeXml(key)}" attr.type="string"/>`));
  out.push('  <key id="g_provenance_json" for="graph" attr.name="provenance_json" attr.type="string"/>');
  out.push('  <graph id="G" edgedefault="directed">');
  entries.forEach(([, value], index) => out.push(`    <data key="g_${index}">${escapeXml(value)}</data>`));
  out.push(`    <data key="g_provenance_json">${escapeXml(JSON.stringify(provenanceJson(provenance)))}</data>`);
  for (const node of network.nodes) {
    const data: string[] = [];
    if (node.isTF !== null) data.push(`<data key="n_is_tf">${node.isTF ? 'true' : 'false'}</data>`);
    data.push(`<data key="n_degree">${degree.get(node.id) ?? 0}</data>`);
    if (node.peakPseudotime !== null) data.push(`<data key="n_peak">${numberField(node.peakPseudotime)}</data>`);
    if (node.x !== undefined && node.y !== undefined)
      data.push(`<data key="n_x">${numberField(node.x)}</data><data key="n_y">${numberField(node.y)}</data>`);
    out.push(`    <node id="${escapeXml(node.id)}">${data.join('')}</node>`);
  }
  network.edges.forEach((edge, index) => {
    out.push(
      `    <edge id="e${index}" source="${escapeXml(edge.source)}" target="${escapeXml(edge.target)}">` +
        `<data key="e_weight">${numberField(edge.weight)}</data><data key="e_sign">${edge.sign}</data>` +
        `<data key="e_rank">${edge.rank}</data><data key="e_interaction">${interactionName(edge.sign)}</data>` +
        (consensus
          ? Object.entries(confidenceValues(edge))
              .filter(([, value]) => value !== null)
              .map(([field, value]) => `<data key="e_${field}">${numberField(value!)}</data>`)
              .join('')
          : '') +
        (comparison
          ? Object.entries(comparisonValues(edge))
              .filter(([, value]) => value !== null)
              .map(
                ([field, value]) => `<data key="e_${field}">${typeof value === 'number' ? numberField(value) : escapeXml(value!)}</data>`,
              )
              .join('')
          : '') +
        '</edge>',
    );
  });
  out.push('  </graph>');
  out.push('</graphml>');
  return `${out.join('\n')}\n`;
}
