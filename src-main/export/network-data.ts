/**
 * The network as every exporter sees it: genes with their attributes and directed, weighted, signed edges.
 * Built from a run folder (edges.csv + metrics.json) or from the app's current view; the writers never compute.
 */

import type { EdgeSign, NetworkEdge as Edge } from '../../src-shared/contract/types.ts';

export type { EdgeSign };

/** The contract's edge with its rank in the whole network, which exports keep when a selection drops weaker edges. */
export interface NetworkEdge extends Edge {
  /** 1 = strongest edge of the whole network. */
  rank: number;
  /** How sure a sweep is of the edge; only in a sweep's consensus network (NetworkData.consensus). */
  confidence?: EdgeConfidence;
  /** Where the edge is in two runs' difference network; only there (NetworkData.comparison). */
  comparison?: EdgeComparison;
}

/**
 * A difference-network edge (two runs compared, issue 18): which top-k holds it and its weight and sign in each run's
 * whole network (null: that run has no such edge). The edge's own `weight` and `sign` are those it is drawn with.
 */
export interface EdgeComparison {
  in: 'only_A' | 'only_B' | 'both';
  weightA: number | null;
  signA: -1 | 0 | 1 | null;
  weightB: number | null;
  signB: -1 | 0 | 1 | null;
}

/** What a difference network compares; its edges then all carry `comparison`. */
export interface ComparisonOf {
  labelA: string;
  labelB: string;
  topK: number;
}

/**
 * A consensus edge's confidence over a sweep's fits at one λ (src-main/sweep/sweep-results.ts): the edge's `weight`
 * is then its weight summed over the fits ÷ all of them (0 where a fit left it out), the score its FDR is computed on.
 */
export interface EdgeConfidence {
  /** Selection frequency over the fits on all cells and subsamples, every seed (stability selection). */
  frequency: number;
  /** Empirical FDR (q-value) from the permuted-pseudotime null fits; null when the sweep had none. */
  fdr: number | null;
  /** Selection frequency over the null fits; null when the sweep had none. */
  nullFrequency: number | null;
  /** Mean weight over the fits that selected the edge. */
  meanWeight: number;
  /** How many fits selected it. */
  selectedIn: number;
}

/** What a consensus network is a consensus of; its edges then all carry `confidence`. */
export interface ConsensusOf {
  lambda: number;
  fits: number;
  nullFits: number;
}

export interface NetworkNode {
  id: string;
  /** Whether the gene is in the run's TF list; null when the run had no TF list. */
  isTF: boolean | null;
  /** Scaled pseudotime (0–1) at which the fitted trajectory of this gene peaks; null when not known. */
  peakPseudotime: number | null;
  /** Layout position in px (the app's current layout, or the exporter's deterministic layout). */
  x?: number;
  y?: number;
}

export interface NetworkData {
  nodes: NetworkNode[];
  /** Sorted by rank (weight descending). */
  edges: NetworkEdge[];
  /** Present for a sweep's consensus network: every format then adds the edges' confidence. */
  consensus?: ConsensusOf;
  /** Present for two runs' difference network: GraphML and cyjs then add each edge's class and both runs' values. */
  comparison?: ComparisonOf;
}

/** Which edges an export contains. */
export type EdgeSelection = { kind: 'all' } | { kind: 'top-k'; k: number } | { kind: 'threshold'; minWeight: number };

/** Human-readable description of a selection, for provenance and file comments. */
export function describeSelection(selection: EdgeSelection, kept: number, total: number): string {
  switch (selection.kind) {
    case 'all':
      return `whole network (${total} edges)`;
    case 'top-k':
      return `top ${selection.k} edges by weight (${kept} of ${total})`;
    case 'threshold':
      return `edges with weight >= ${selection.minWeight} (${kept} of ${total})`;
  }
}

/**
 * Orders edges by weight (descending; ties by source then target so every export of the same run is identical)
 * and numbers them 1, 2, … as `rank`.
 */
export function rankEdges(edges: Array<Omit<NetworkEdge, 'rank'>>): NetworkEdge[] {
  const sorted = [...edges].sort(
    (a, b) =>
      b.weight - a.weight ||
      (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
      (a.target < b.target ? -1 : a.target > b.target ? 1 : 0),
  );
  return sorted.map((edge, index) => ({ ...edge, rank: index + 1 }));
}

/**
 * Keeps the edges the selection asks for. Every gene stays a node (an isolated gene is still part of the model),
 * so node counts equal the run's gene count whatever the selection.
 */
export function selectEdges(network: NetworkData, selection: EdgeSelection): NetworkData {
  let edges: NetworkEdge[];
  switch (selection.kind) {
    case 'all':
      edges = network.edges;
      break;
    case 'top-k':
      edges = network.edges.slice(0, Math.max(0, Math.floor(selection.k)));
      break;
    case 'threshold':
      edges = network.edges.filter((edge) => edge.weight >= selection.minWeight);
      break;
  }
  return { ...network, edges };
}

/** In-degree + out-degree of each gene over the given edges (the exported selection). */
export function degrees(network: NetworkData): Map<string, number> {
  const degree = new Map<string, number>(network.nodes.map((node) => [node.id, 0]));
  for (const edge of network.edges) {
    degree.set(edge.source, (degree.get(edge.source) ?? 0) + 1);
    degree.set(edge.target, (degree.get(edge.target) ?? 0) + 1);
  }
  return degree;
}

/**
 * The network "as shown": only the genes with at least one of the given edges, which is what the Network view draws
 * when it hides genes without edges (exports of what the screen shows must not carry the other hundreds).
 */
export function withoutIsolatedGenes(network: NetworkData): NetworkData {
  const linked = new Set(network.edges.flatMap((edge) => [edge.source, edge.target]));
  return { ...network, nodes: network.nodes.filter((node) => linked.has(node.id)) };
}

/** The confidence columns of a consensus edge, in the order every table and attribute list writes them. */
export const CONFIDENCE_FIELDS = ['confidence', 'fdr', 'null_frequency', 'mean_weight', 'selected_in'] as const;

/** A consensus edge's confidence by field name (null: not known, e.g. an FDR without null fits). */
export function confidenceValues(edge: NetworkEdge): Record<(typeof CONFIDENCE_FIELDS)[number], number | null> {
  const c = edge.confidence;
  if (!c) throw new Error(`edge ${edge.source} -> ${edge.target} of a consensus network has no confidence.`);
  return { confidence: c.frequency, fdr: c.fdr, null_frequency: c.nullFrequency, mean_weight: c.meanWeight, selected_in: c.selectedIn };
}

/** A difference-network edge's attributes by name, in the order GraphML and cyjs write them (null: not in that run). */
export function comparisonValues(edge: NetworkEdge): {
  comparison: EdgeComparison['in'];
  weight_a: number | null;
  sign_a: number | null;
  weight_b: number | null;
  sign_b: number | null;
} {
  const c = edge.comparison;
  if (!c) throw new Error(`edge ${edge.source} -> ${edge.target} of a difference network has no comparison.`);
  return { comparison: c.in, weight_a: c.weightA, sign_a: c.signA, weight_b: c.weightB, sign_b: c.signB };
}
