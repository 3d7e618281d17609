/**
 * BEELINE's early precision (BLEval/computeEarlyPrec.py): the fraction of reference edges among the top-k predicted
 * edges, k = number of reference edges (self-loops excluded). Followed exactly, ties included: weights are taken
 * as |weight| rounded to 6 decimals, the cut is the k-th weight (or the smallest non-zero weight when fewer than
 * k edges are non-zero, so zero-weight edges never count as predictions), and EVERY edge at or above the cut is
 * kept — a tie at the k-th place can make the set larger than k. Rounding here is half away from zero where numpy
 * rounds half to even; the two differ only for weights exactly halfway at the 7th decimal.
 */
export interface RankedPair {
  key: string;
  weight: number;
}

export interface EarlyPrecision {
  /** k: the number of reference edges. */
  k: number;
  /** Predicted edges at or above the cut (k, more with ties, fewer when fewer than k are non-zero). */
  selected: string[];
  truePositives: number;
  /** truePositives / selected.length; 0 when nothing is selected, as BEELINE reports it. */
  precision: number;
}

function roundTo6(value: number): number {
  return Math.round(Math.abs(value) * 1e6) / 1e6;
}

export function earlyPrecision(predicted: RankedPair[], referenceKeys: ReadonlySet<string>): EarlyPrecision {
  const k = referenceKeys.size;
  const ranked = predicted.map((p) => ({ key: p.key, weight: roundTo6(p.weight) })).sort((a, b) => b.weight - a.weight);
  const nonZero = ranked.filter((p) => p.weight > 0);
  if (k === 0 || nonZero.length === 0) return { k, selected: [], truePositives: 0, precision: 0 };
  const kthWeight = ranked[Math.min(ranked.length, k) - 1].weight;
  const smallestNonZero = nonZero[nonZero.length - 1].weight;
  const cut = Math.max(kthWeight, smallestNonZero);
  const selected = ranked.filter((p) => p.weight >= cut).map((p) => p.key);
  const truePositives = selected.filter((key) => referenceKeys.has(key)).length;
  return { k, selected, truePositives, precision: truePositives / selected.length };
}
