/**
 * Which obs columns of a BEELINE data set are its lineages' times.
 *
 * readBeelineFolder turns every column of PseudoTime.csv into one numeric obs column (NaN outside that lineage) and
 * adds only the categorical `lineages` column beside them, so in a BEELINE data set every numeric obs column is a
 * lineage's time, whatever its name: BoolODE's multi-lineage simulations call them PseudoTime0, PseudoTime1, …, its
 * single-lineage ones (dyn-LI, dyn-CY, dyn-LL) call the one column `Time`.
 */
export function beelineLineageTimeColumns(obs: ReadonlyArray<{ name: string; type: string }>): string[] {
  return obs.filter((column) => column.type === 'numeric').map((column) => column.name);
}
