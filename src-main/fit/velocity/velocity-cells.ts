/**
 * Builds the cells a velocity fit reads from what the readers give: a BEELINE folder (one matrix, lineages as
 * pseudotime columns that may share cells) or separate trajectories (each its own cells, as the paper's tables).
 */
import type { BeelineData } from '../../data/beeline/read-beeline.ts';
import type { VelocityCells } from '../../engine/velocity/velocity-targets.ts';

/** Every cell of a BEELINE folder once; each PseudoTime column is a lineage of the cells that have a time in it. */
export async function velocityCellsFromBeeline(data: BeelineData): Promise<VelocityCells> {
  const { dataset } = data;
  const genes = dataset.geneNames.slice();
  const values = await dataset.readGenes(genes.map((_, g) => g));
  const lineages = data.trajectories.map((trajectory) => {
    const column = dataset.obs.find((c) => c.name === trajectory.lineage);
    if (!column || column.type !== 'numeric')
      throw new Error(`The BEELINE data set has no numeric obs column ${JSON.stringify(trajectory.lineage)}.`);
    const cells: number[] = [];
    const times: number[] = [];
    column.values.forEach((t, c) => {
      if (!Number.isNaN(t)) {
        cells.push(c);
        times.push(t);
      }
    });
    return { name: trajectory.lineage, cells: Int32Array.from(cells), times: Float64Array.from(times) };
  });
  return { genes, values, lineages };
}

/** Trajectories that share no cells (one per lineage and donor), stacked into one matrix. */
export function velocityCellsFromTrajectories(
  trajectories: Array<{ name: string; genes: string[]; times: Float64Array; values: Float32Array }>,
): VelocityCells {
  if (trajectories.length === 0) throw new RangeError('A velocity fit needs at least one trajectory.');
  const genes = trajectories[0].genes;
  for (const t of trajectories) {
    if (t.genes.length !== genes.length || t.genes.some((g, i) => g !== genes[i]))
      throw new RangeError(
        `Trajectory ${JSON.stringify(t.name)} has other genes than ${JSON.stringify(trajectories[0].name)}; they must match in order.`,
      );
  }
  const total = trajectories.reduce((sum, t) => sum + t.times.length, 0);
  const values = new Float32Array(total * genes.length);
  let offset = 0;
  const lineages = trajectories.map((t) => {
    values.set(t.values, offset * genes.length);
    const cells = Int32Array.from({ length: t.times.length }, (_, i) => offset + i);
    offset += t.times.length;
    return { name: t.name, cells, times: Float64Array.from(t.times) };
  });
  return { genes: genes.slice(), values, lineages };
}
