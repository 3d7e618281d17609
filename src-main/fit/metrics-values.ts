/** Small helpers both branches of the one fit use to fill the run record (metrics.json) the same way. */
import type { PreparedTrajectory } from '../data/dataset.ts';

/** JSON has no NaN or Infinity: a value that is not finite is recorded as null. */
export function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Cells per donor and lineage, as the record's cell counts. */
export function cellCounts(trajectories: PreparedTrajectory[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const t of trajectories) (counts[t.donor] ??= {})[t.lineage] = t.times.length;
  return counts;
}
