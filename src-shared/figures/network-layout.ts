/**
 * Node positions for the network: a seeded d3-force layout and a hierarchical TF → target layout. Both are pure
 * (same input and seed, same positions), so the figure exported from a run matches the one the view showed.
 */
import { forceSimulation, forceLink, forceManyBody, forceCenter, forceX, forceY, type SimulationNodeDatum } from 'd3';
import type { NetworkData, NetworkEdge } from './network-data.ts';

export interface Point {
  x: number;
  y: number;
}

export type Positions = Record<string, Point>;

export interface ForceLayoutOptions {
  seed?: number;
  /** Simulation ticks; 300 is d3's default cooling schedule (alpha from 1 to 0.001). */
  ticks?: number;
  /** Previous positions to start from (keeps the picture stable when the threshold changes). */
  start?: Positions;
}

export interface ForceNode extends SimulationNodeDatum {
  id: string;
}

/** Mulberry32: a tiny seeded generator for d3-force's jiggle, so layouts repeat exactly. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds (but does not run) the force simulation shared by the static layout and the interactive view.
 * Link strength grows with weight so that strong regulators pull their targets close.
 */
export function createForceSimulation(nodes: ForceNode[], edges: readonly NetworkEdge[], seed = 0) {
  const index = new Map(nodes.map((node) => [node.id, node]));
  let maxWeight = 0;
  for (const edge of edges) maxWeight = Math.max(maxWeight, edge.weight);
  const links = edges
    .filter((edge) => index.has(edge.source) && index.has(edge.target) && edge.source !== edge.target)
    .map((edge) => ({ source: edge.source, target: edge.target, weight: edge.weight }));
  const degree = new Map<string, number>();
  for (const link of links) {
    degree.set(link.source, (degree.get(link.source) ?? 0) + 1);
    degree.set(link.target, (degree.get(link.target) ?? 0) + 1);
  }
  const spread = Math.sqrt(nodes.length) * 12;
  return (
    forceSimulation<ForceNode>(nodes)
      .randomSource(seededUniform(seed))
      .force(
        'link',
        forceLink<ForceNode, { source: string | ForceNode; target: string | ForceNode; weight: number }>(links)
          .id((node) => node.id)
          .distance(36)
          .strength((link) => {
            const source = typeof link.source === 'string' ? link.source : link.source.id;
            const target = typeof link.target === 'string' ? link.target : link.target.id;
            const base = 1 / Math.min(degree.get(source) ?? 1, degree.get(target) ?? 1);
            return base * (0.3 + 0.7 * (maxWeight > 0 ? link.weight / maxWeight : 0));
          }),
      )
      .force(
        'charge',
        forceManyBody<ForceNode>()
          .strength(-50)
          .distanceMax(spread * 2),
      )
      .force('center', forceCenter(0, 0))
      // A pull to the middle, stronger for genes without drawn edges: otherwise the charge pushes them far out and the
      // fitted figure shrinks the connected part to a clump.
      .force(
        'x',
        forceX<ForceNode>(0).strength((node) => (degree.has(node.id) ? 0.04 : 0.25)),
      )
      .force(
        'y',
        forceY<ForceNode>(0).strength((node) => (degree.has(node.id) ? 0.04 : 0.25)),
      )
  );
}

/** Runs the seeded force layout to rest and returns positions centred on (0, 0). */
export function forceLayout(data: NetworkData, edges: readonly NetworkEdge[], options: ForceLayoutOptions = {}): Positions {
  // Start from seeded random positions (d3's own start, a phyllotaxis spiral, ignores the seed), so the seed
  // really picks the layout and a user can ask for another one.
  const random = seededUniform((options.seed ?? 0) ^ 0x9e3779b9);
  const spread = Math.sqrt(data.nodes.length) * 20;
  const nodes: ForceNode[] = data.nodes.map((node) => {
    const start = options.start?.[node.id];
    return start ? { id: node.id, x: start.x, y: start.y } : { id: node.id, x: (random() - 0.5) * spread, y: (random() - 0.5) * spread };
  });
  const simulation = createForceSimulation(nodes, edges, options.seed ?? 0).stop();
  simulation.tick(options.ticks ?? 300);
  const positions: Positions = {};
  for (const node of nodes) positions[node.id] = { x: node.x ?? 0, y: node.y ?? 0 };
  return positions;
}

export interface HierarchicalLayoutOptions {
  width: number;
  height: number;
  /** Smallest horizontal gap between nodes in a row before the row wraps. */
  minSpacing?: number;
}

/**
 * Three tiers: regulators no other drawn regulator regulates (top), regulators that are themselves regulated (middle),
 * every other gene (bottom), each wrapped into several rows when one would be too crowded. Regulators are the TFs with
 * outgoing edges (or every source when no TF has one). Orders are improved by a few barycentre sweeps
 * (Sugiyama et al. 1981) to cut edge crossings.
 */
export function hierarchicalLayout(data: NetworkData, edges: readonly NetworkEdge[], options: HierarchicalLayoutOptions): Positions {
  const isTF = new Map(data.nodes.map((node) => [node.id, node.isTF]));
  const sources = new Set(edges.map((edge) => edge.source));
  const tfSources = [...sources].filter((id) => isTF.get(id));
  const regulatorSet = new Set(tfSources.length > 0 ? tfSources : sources);
  const regulated = new Set(
    edges
      .filter((edge) => regulatorSet.has(edge.source) && regulatorSet.has(edge.target) && edge.source !== edge.target)
      .map((edge) => edge.target),
  );
  const top = data.nodes.filter((node) => regulatorSet.has(node.id) && !regulated.has(node.id)).map((node) => node.id);
  const middle = data.nodes.filter((node) => regulatorSet.has(node.id) && regulated.has(node.id)).map((node) => node.id);
  const bottom = data.nodes.filter((node) => !regulatorSet.has(node.id)).map((node) => node.id);
  // With every regulator regulated (a cycle through all of them) keep them in one tier rather than an empty top.
  const tiers = (top.length ? [top, middle, bottom] : [middle, bottom]).filter((tier) => tier.length > 0);

  const order = new Map<string, number>();
  for (const tier of tiers) tier.forEach((id, i) => order.set(id, i / Math.max(1, tier.length - 1)));
  const linked = new Map<string, string[]>();
  for (const edge of edges) {
    if (edge.source === edge.target) continue;
    if (!linked.has(edge.source)) linked.set(edge.source, []);
    if (!linked.has(edge.target)) linked.set(edge.target, []);
    linked.get(edge.source)!.push(edge.target);
    linked.get(edge.target)!.push(edge.source);
  }
  const sweep = (tier: string[]) => {
    const keyed = tier.map((id, i) => {
      const others = linked.get(id) ?? [];
      const mean = others.length ? others.reduce((sum, other) => sum + (order.get(other) ?? 0), 0) / others.length : (order.get(id) ?? 0);
      return { id, key: mean, i };
    });
    keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    keyed.forEach((entry, i) => {
      tier[i] = entry.id;
      order.set(entry.id, i / Math.max(1, tier.length - 1));
    });
  };
  for (let pass = 0; pass < 4; pass++) {
    for (let t = tiers.length - 1; t >= 0; t--) sweep(tiers[t]);
    for (let t = 0; t < tiers.length; t++) sweep(tiers[t]);
  }

  const positions: Positions = {};
  const minSpacing = options.minSpacing ?? 14;
  const perRow = Math.max(1, Math.floor(options.width / minSpacing));
  const placeTier = (tier: string[], upper: number, lower: number) => {
    const rows = Math.max(1, Math.ceil(tier.length / perRow));
    const rowHeight = rows > 1 ? (lower - upper) / (rows - 1) : 0;
    // Consecutive genes go to alternating rows so that neighbours in the order stay close horizontally.
    const columns = Math.ceil(tier.length / rows);
    tier.forEach((id, i) => {
      const column = Math.floor(i / rows);
      const row = i % rows;
      const x = columns > 1 ? (column / (columns - 1)) * options.width : options.width / 2;
      positions[id] = { x, y: rows > 1 ? upper + row * rowHeight : (upper + lower) / 2 };
    });
  };
  // Tiers share the height; the bottom one, usually the largest, gets the most room for its rows.
  const h = options.height;
  const bands =
    tiers.length === 3
      ? [
          [0, 0.12],
          [0.3, 0.42],
          [0.62, 1],
        ]
      : tiers.length === 2
        ? [
            [0, 0.2],
            [0.55, 1],
          ]
        : [[0, 1]];
  tiers.forEach((tier, t) => placeTier(tier, bands[t][0] * h, bands[t][1] * h));
  return positions;
}
