/**
 * How far two runs' networks agree, pure so the main process computes it and the tests check it by hand: the
 * Jaccard index of their top-k edges, Spearman's rank correlation of the weights over the pairs both networks have,
 * and the difference network of their top-k edges (only in A, only in B, in both).
 */
import type { DifferenceEdge, EdgeOverlap } from './contract/run-comparison.ts';

export interface ComparableEdge {
  source: string;
  target: string;
  weight: number;
  sign: -1 | 0 | 1;
}

const pairKey = (edge: { source: string; target: string }) => `${edge.source}\u0000${edge.target}`;

/**
 * The k heaviest edges (self-edges left out), ties by source then target, as every export ranks them: so the
 * top-k of a run is the same set whichever order its edges came in.
 */
export function topKEdges<E extends ComparableEdge>(edges: readonly E[], k: number): E[] {
  return edges
    .filter((edge) => edge.source !== edge.target)
    .sort(
      (a, b) =>
        b.weight - a.weight ||
        (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
        (a.target < b.target ? -1 : a.target > b.target ? 1 : 0),
    )
    .slice(0, Math.max(0, Math.floor(k)));
}

/** |A ∩ B| / |A ∪ B| of two sets of (source, target) pairs; null when both are empty. */
export function jaccardOfPairs(
  a: readonly ComparableEdge[],
  b: readonly ComparableEdge[],
): { jaccard: number | null; shared: number; union: number } {
  const keysA = new Set(a.map(pairKey));
  const keysB = new Set(b.map(pairKey));
  let shared = 0;
  for (const key of keysA) if (keysB.has(key)) shared++;
  const union = keysA.size + keysB.size - shared;
  return { jaccard: union === 0 ? null : shared / union, shared, union };
}

/** Ranks 1…n of the values, ascending, ties given the mean of the ranks they span (as Spearman's rho needs). */
export function meanRanks(values: readonly number[]): number[] {
  const order = values.map((value, index) => ({ value, index })).sort((x, y) => x.value - y.value);
  const ranks = new Array<number>(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && order[end + 1].value === order[start].value) end++;
    // Positions start…end (0-based) hold ranks start+1…end+1: their mean.
    const rank = (start + end) / 2 + 1;
    for (let i = start; i <= end; i++) ranks[order[i].index] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Pearson's correlation of the two lists' mean ranks; null under 2 values or when either has no spread. */
export function spearman(x: readonly number[], y: readonly number[]): number | null {
  if (x.length !== y.length) throw new Error(`spearman: ${x.length} values against ${y.length}`);
  if (x.length < 2) return null;
  const rx = meanRanks(x);
  const ry = meanRanks(y);
  const mean = (x.length + 1) / 2;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < x.length; i++) {
    const dx = rx[i] - mean;
    const dy = ry[i] - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return null;
  return sxy / Math.sqrt(sxx * syy);
}

/** The Jaccard index of the two runs' top-k edges and Spearman's rho over the pairs both whole networks hold. */
export function edgeOverlap(a: readonly ComparableEdge[], b: readonly ComparableEdge[], k: number): Omit<EdgeOverlap, 'a' | 'b'> {
  const top = jaccardOfPairs(topKEdges(a, k), topKEdges(b, k));
  const weightsB = new Map(b.filter((edge) => edge.source !== edge.target).map((edge) => [pairKey(edge), edge.weight]));
  const x: number[] = [];
  const y: number[] = [];
  for (const edge of a) {
    if (edge.source === edge.target) continue;
    const other = weightsB.get(pairKey(edge));
    if (other === undefined) continue;
    x.push(edge.weight);
    y.push(other);
  }
  return { jaccard: top.jaccard, sharedTopK: top.shared, unionTopK: top.union, spearman: spearman(x, y), sharedPairs: x.length };
}

/** Every edge in either run's top-k: A's heaviest first, then those only B has (heaviest in B first). */
export function differenceNetwork(a: readonly ComparableEdge[], b: readonly ComparableEdge[], k: number): DifferenceEdge[] {
  const topA = topKEdges(a, k);
  const topB = topKEdges(b, k);
  const inTopB = new Set(topB.map(pairKey));
  const inTopA = new Set(topA.map(pairKey));
  const wholeA = new Map(a.map((edge) => [pairKey(edge), edge]));
  const wholeB = new Map(b.map((edge) => [pairKey(edge), edge]));
  const row = (edge: ComparableEdge, where: DifferenceEdge['in']): DifferenceEdge => {
    const inA = wholeA.get(pairKey(edge));
    const inB = wholeB.get(pairKey(edge));
    return {
      source: edge.source,
      target: edge.target,
      in: where,
      weightA: inA?.weight ?? null,
      weightB: inB?.weight ?? null,
      signA: inA?.sign ?? null,
      signB: inB?.sign ?? null,
    };
  };
  return [
    ...topA.map((edge) => row(edge, inTopB.has(pairKey(edge)) ? 'both' : 'a')),
    ...topB.filter((edge) => !inTopA.has(pairKey(edge))).map((edge) => row(edge, 'b')),
  ];
}
