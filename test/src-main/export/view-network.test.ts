import { describe, expect, it } from 'vitest';
import { networkFromView } from '../../../src-main/export/view-network.ts';
import { renderNetworkFile } from '../../../src-main/export/network-export.ts';
import { parseNetworkFile } from '../../../src-main/import/network-importer.ts';
import { selectEdges } from '../../../src-shared/figures/index.ts';
import type { Provenance } from '../../../src-main/export/provenance.ts';

const provenance: Provenance = {
  app: 'PathReg Studio',
  appVersion: 'test',
  engine: 'tfjs',
  seed: 1,
  parameters: { regularizer: { kind: 'pathreg', lambda: 0.01 } },
  inputs: [],
  runFolder: null,
  runDate: null,
  exportedAt: '2026-11-24T12:00:00.000Z',
  content: 'view',
};

describe('networkFromView', () => {
  const view = {
    nodes: [
      { id: 'Gata1', isTF: true },
      { id: 'Klf1', isTF: true },
      { id: 'Hbb', isTF: false },
      { id: 'Alone', isTF: false },
    ],
    edges: [
      { source: 'Gata1', target: 'Hbb', weight: 0.5, sign: 1 as const },
      { source: 'Klf1', target: 'Hbb', weight: 0.25, sign: -1 as const },
      { source: 'Gata1', target: 'Klf1', weight: 0.75, sign: 1 as const },
      { source: 'Hbb', target: 'Gata1', weight: 0.01, sign: 0 as const },
    ],
  };

  it('exports what the view shows: its selection, its positions, ranks by weight', () => {
    const shown = { nodes: view.nodes, edges: selectEdges(view.edges, { topK: 2 }) };
    const positions = { Gata1: { x: 10, y: 20 }, Klf1: { x: -5, y: 3.5 }, Hbb: { x: 0, y: 0 }, Alone: { x: 40, y: 40 } };
    const network = networkFromView({ view: shown, positions, hasTfList: true });
    expect(network.edges.map((edge) => [edge.source, edge.target, edge.rank])).toEqual([
      ['Gata1', 'Klf1', 1],
      ['Gata1', 'Hbb', 2],
    ]);
    const reread = parseNetworkFile(renderNetworkFile('cyjs', network, provenance), 'cyjs', 'view.cyjs');
    expect(reread.network.nodes.map((node) => [node.id, node.x, node.y, node.isTF])).toEqual([
      ['Gata1', 10, 20, true],
      ['Klf1', -5, 3.5, true],
      ['Hbb', 0, 0, false],
      ['Alone', 40, 40, false],
    ]);
    expect(reread.network.edges).toEqual(network.edges);
  });

  it('without a TF list, is_TF is left out of the file rather than written as false', () => {
    const network = networkFromView({ view, hasTfList: false });
    const graphml = renderNetworkFile('graphml', network, provenance);
    expect(graphml).not.toContain('<data key="n_is_tf">');
    expect(network.nodes.every((node) => node.isTF === null)).toBe(true);
  });
});
