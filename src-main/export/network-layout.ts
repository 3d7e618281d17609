/**
 * Positions for formats that carry a layout (.cyjs, CX2, GraphML x/y) when the export does not come from the
 * app's screen: a d3-force layout run for a fixed number of ticks. d3-force seeds its own jitter and starts nodes
 * on a phyllotaxis spiral, so the same network always gets the same positions.
 */
import { forceCenter, forceLink, forceManyBody, forceSimulation, type SimulationLinkDatum, type SimulationNodeDatum } from 'd3';
import type { NetworkData } from './network-data.ts';

interface LayoutNode extends SimulationNodeDatum { id: string }

/** Returns a copy of the network whose nodes all have x/y (nodes that already have both keep them). */
export function withLayout(network: NetworkData, ticks = 300): NetworkData {
  if (network.nodes.every((node) => node.x !== undefined && node.y !== undefined)) return network;
  const nodes: LayoutNode[] = network.nodes.map((node) => ({ id: node.id }));
  const links: Array<SimulationLinkDatum<LayoutNode>> = network.edges.map((edge) => ({ source: edge.source, target: edge.target }));
  const simulation = forceSimulation(nodes)
    .force('link', forceLink<LayoutNode, SimulationLinkDatum<LayoutNode>>(links).id((node) => node.id).distance(60))
    .force('charge', forceManyBody().strength(-120))
    .force('center', forceCenter(0, 0))
    .stop();
  simulation.tick(ticks);
  const round = (value: number | undefined) => Math.round((value ?? 0) * 100) / 100;
  return {
    edges: network.edges,
    nodes: network.nodes.map((node, i) => (node.x !== undefined && node.y !== undefined ? node : { ...node, x: round(nodes[i].x), y: round(nodes[i].y) })),
  };
}
