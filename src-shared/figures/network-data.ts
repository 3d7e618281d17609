/**
 * The inferred network as the figures and the network view see it, and the pure selections the view's sliders,
 * search and focus apply (the same selection feeds the canvas on screen and the exported SVG).
 */

export interface NetworkNode {
  id: string;
  /** Listed as a transcription factor in the run's TF list. */
  isTF: boolean;
}

import type { NetworkEdge } from '../contract/types.ts';

export type { NetworkEdge };

export interface NetworkData {
  nodes: NetworkNode[];
  edges: NetworkEdge[];
}

export interface EdgeSelection {
  /** Keep edges with weight ≥ threshold (0 keeps all). */
  threshold?: number;
  /** Then keep only the k heaviest (undefined or 0: no limit). */
  topK?: number;
  /** Keep only edges into or out of this gene. */
  focus?: string | null;
}

/**
 * Edges that pass the threshold and top-k, heaviest first, self-edges left out; ties broken by source then target
 * name so the same input always gives the same order (exports are compared against the screen).
 */
export function selectEdges(edges: readonly NetworkEdge[], selection: EdgeSelection): NetworkEdge[] {
  return selectFromSorted(sortEdges(edges), selection);
}

/** Finite, non-self edges heaviest first (sort once; every slider move then only slices). */
export function sortEdges(edges: readonly NetworkEdge[]): NetworkEdge[] {
  return edges.filter((edge) => edge.source !== edge.target && Number.isFinite(edge.weight)).sort(compareEdges);
}

/**
 * The selection from edges already in `sortEdges` order: a binary search for the threshold and a slice for top-k,
 * so a network of 280,000 edges follows the sliders without a long task.
 */
export function selectFromSorted(sorted: readonly NetworkEdge[], selection: EdgeSelection): NetworkEdge[] {
  const threshold = selection.threshold ?? 0;
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid].weight >= threshold) low = mid + 1;
    else high = mid;
  }
  let end = low;
  if (selection.topK && selection.topK > 0) end = Math.min(end, selection.topK);
  let kept = sorted.slice(0, end);
  if (selection.focus) {
    const focus = selection.focus;
    kept = kept.filter((edge) => edge.source === focus || edge.target === focus);
  }
  return kept;
}

function compareEdges(a: NetworkEdge, b: NetworkEdge): number {
  if (b.weight !== a.weight) return b.weight - a.weight;
  if (a.source !== b.source) return a.source < b.source ? -1 : 1;
  return a.target < b.target ? -1 : a.target > b.target ? 1 : 0;
}

/**
 * Edges to draw: the slider selection plus, for a focused gene, its strongest regulators and targets even below
 * the threshold (clicking a gene should always show who regulates it and whom it regulates).
 */
export function withFocusEdges<E extends { source: string; target: string }>(
  selected: readonly E[],
  sorted: readonly E[],
  focus: string | null,
  perSide = 10,
): E[] {
  if (!focus) return selected as E[];
  const chosen = new Set(selected);
  const extra: E[] = [];
  let regulators = 0;
  let targets = 0;
  for (const edge of sorted) {
    if (regulators >= perSide && targets >= perSide) break;
    if (edge.target === focus && edge.source !== focus && regulators < perSide) {
      regulators++;
      if (!chosen.has(edge)) extra.push(edge);
    } else if (edge.source === focus && edge.target !== focus && targets < perSide) {
      targets++;
      if (!chosen.has(edge)) extra.push(edge);
    }
  }
  return extra.length ? [...selected, ...extra] : (selected as E[]);
}

/** Regulators (edges into) and targets (edges out of) a gene among the given edges. */
export function neighbours(edges: readonly NetworkEdge[], gene: string): { regulators: NetworkEdge[]; targets: NetworkEdge[] } {
  return {
    regulators: edges.filter((edge) => edge.target === gene && edge.source !== gene),
    targets: edges.filter((edge) => edge.source === gene && edge.target !== gene),
  };
}

/**
 * Genes matching a search, best first: exact name, then prefix, then substring, case-insensitive.
 * An empty query matches nothing (the view shows every gene then anyway).
 */
export function searchGenes(nodes: readonly NetworkNode[], query: string, limit = 20): NetworkNode[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const scored: { node: NetworkNode; score: number }[] = [];
  for (const node of nodes) {
    const name = node.id.toLowerCase();
    const score = name === needle ? 0 : name.startsWith(needle) ? 1 : name.includes(needle) ? 2 : -1;
    if (score >= 0) scored.push({ node, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.node.id < b.node.id ? -1 : a.node.id > b.node.id ? 1 : 0));
  return scored.slice(0, limit).map((entry) => entry.node);
}

/** Largest edge weight, for slider ranges (0 for an empty network). */
export function maxEdgeWeight(edges: readonly NetworkEdge[]): number {
  let max = 0;
  for (const edge of edges) if (edge.weight > max && Number.isFinite(edge.weight)) max = edge.weight;
  return max;
}

/** Checks that every edge names known genes; returns messages naming the offending edges (empty when fine). */
export function validateNetwork(data: NetworkData): string[] {
  const ids = new Set(data.nodes.map((node) => node.id));
  const problems: string[] = [];
  if (ids.size !== data.nodes.length) problems.push('The network lists some genes more than once.');
  data.edges.forEach((edge, index) => {
    if (!ids.has(edge.source) || !ids.has(edge.target)) {
      problems.push(`Edge ${index + 1} (${edge.source} → ${edge.target}) names a gene that is not in the network's gene list.`);
    }
  });
  return problems.slice(0, 5);
}
