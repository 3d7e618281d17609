/**
 * The root cell of diffusion pseudotime: given by the user, or suggested from a group of candidate cells (those at
 * the earliest time point, or with the highest/lowest expression of a marker gene). Within the group the root is the
 * cell at the group's end of the first non-trivial diffusion component — the extremal cell Haghverdi et al. (2016)
 * recommend as a start, so the whole early population lies on one side of it.
 */
import type { DiffusionMap } from './diffusion-map.ts';

/** Candidate cells: those whose value equals the smallest (or largest) finite value. */
export function extremeCells(values: ArrayLike<number>, which: 'lowest' | 'highest'): number[] {
  let best = which === 'lowest' ? Infinity : -Infinity;
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    if (!Number.isFinite(v)) continue;
    if (which === 'lowest' ? v < best : v > best) best = v;
  }
  const cells: number[] = [];
  if (!Number.isFinite(best)) return cells;
  for (let c = 0; c < values.length; c++) if (values[c] === best) cells.push(c);
  return cells;
}

/** The candidate farthest out along the first non-stationary diffusion component, on the candidates' side. */
export function rootAmongCandidates(map: DiffusionMap, candidates: number[]): number {
  if (candidates.length === 0) throw new RangeError('root choice: no candidate cells');
  if (candidates.length === 1 || map.count < 2) return candidates[0];
  const cells = map.components.length / map.count;
  const dc1 = (c: number) => map.components[c * map.count + 1];
  let meanAll = 0;
  for (let c = 0; c < cells; c++) meanAll += dc1(c);
  meanAll /= cells;
  let meanCandidates = 0;
  for (const c of candidates) meanCandidates += dc1(c);
  meanCandidates /= candidates.length;
  const sign = meanCandidates >= meanAll ? 1 : -1;
  let best = candidates[0];
  for (const c of candidates) if (sign * dc1(c) > sign * dc1(best)) best = c;
  return best;
}
