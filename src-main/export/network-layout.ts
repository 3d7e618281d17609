/**
 * Positions for formats that carry a layout (.cyjs, CX2) when the export does not come with the screen's
 * positions: the same seeded force layout the network view and the network figure use (src-shared/figures/
 * network-layout.ts), so a CLI export opens in Cytoscape looking like the app and the exported figure.
 */
import { forceLayout } from '../../src-shared/figures/network-layout.ts';
import type { NetworkData } from './network-data.ts';

/**
 * A force layout over ~280,000 edges (a whole 529-gene network) would take minutes and gigabytes; the strongest
 * edges decide the picture, so at most this many shape it (every gene still gets a position).
 */
export const LAYOUT_EDGE_LIMIT = 5000;

/** Returns a copy of the network whose nodes all have x/y (nodes that already have both keep them). */
export function withLayout(network: NetworkData, seed = 0): NetworkData {
  if (network.nodes.every((node) => node.x !== undefined && node.y !== undefined)) return network;
  const nodes = network.nodes.map((node) => ({ id: node.id, isTF: node.isTF ?? false }));
  const edges = network.edges.slice(0, LAYOUT_EDGE_LIMIT).map(({ source, target, weight, sign }) => ({ source, target, weight, sign }));
  const positions = forceLayout({ nodes, edges }, edges, { seed });
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    ...network,
    nodes: network.nodes.map((node) => {
      if (node.x !== undefined && node.y !== undefined) return node;
      const point = positions[node.id] ?? { x: 0, y: 0 };
      return { ...node, x: round(point.x), y: round(point.y) };
    }),
  };
}
