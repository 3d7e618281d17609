/**
 * Builds the cells a velocity fit reads from what the readers give: a BEELINE folder (one matrix, lineages as
 * pseudotime columns that may share cells) or separate trajectories (each its own cells, as the paper's tables).
 */
import type { BeelineData } from '../../data/beeline/read-beeline.ts';
import type { PreparedTrajectory, Trajectory } from '../../data/dataset.ts';
import { initialState } from '../../data/prepare/prepare-trajectory.ts';
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

/**
 * The units a velocity field is trained and integrated in, one map per donor: each gene min–max scaled over all the
 * donor's cells at once (not per lineage), and pseudotime divided by the donor's longest lineage's span.
 */
export interface VelocityScaling {
  /** Per gene: the smallest raw value over the training cells. */
  geneMin: Float32Array;
  /** Per gene: max − min over the training cells (1 for a gene constant there, which then scales to 0). */
  geneRange: Float32Array;
  /** The longest pseudotime span (last − first kept cell) of a training lineage (1 when every span is 0). */
  timeSpan: number;
}

/**
 * Why one scaling: the paper's preparation min–max scales every lineage on its own, so a progenitor shared by two
 * lineages gets two different states, a gene's unit differs from lineage to lineage, and one field matched to
 * velocities in those units sees each lineage's regulation through its own distortion. With one scaling every cell
 * has one state and every lineage's velocities are in the same units. Give it one donor's trajectories: donors differ
 * in depth and batch, so each keeps its own map, as the paper scales each held-out trajectory on its own. The map is
 * taken from the cells the preparation kept (`keptRows`: sorted, trimmed), so both methods see the same cells.
 * `raw[i]` is the trajectory as read that `prepared[i]` was prepared from.
 */
export function velocityScaling(raw: Trajectory[], prepared: PreparedTrajectory[]): VelocityScaling {
  checkPairs(raw, prepared);
  const d = raw[0].genes.length;
  const geneMin = new Float32Array(d).fill(Infinity);
  const geneMax = new Float32Array(d).fill(-Infinity);
  let timeSpan = 0;
  prepared.forEach((p, i) => {
    const { values, times } = raw[i];
    const rows = p.keptRows!;
    for (const row of rows) {
      for (let g = 0; g < d; g++) {
        const v = values[row * d + g];
        if (v < geneMin[g]) geneMin[g] = v;
        if (v > geneMax[g]) geneMax[g] = v;
      }
    }
    if (rows.length > 0) timeSpan = Math.max(timeSpan, times[rows[rows.length - 1]] - times[rows[0]]);
  });
  const geneRange = Float32Array.from(geneMax, (max, g) => (max > geneMin[g] ? max - geneMin[g] : 1));
  return { geneMin, geneRange, timeSpan: timeSpan > 0 ? timeSpan : 1 };
}

/**
 * A prepared trajectory re-expressed in the field's units: the same kept cells, values mapped by the run's one
 * scaling, time from the lineage's first kept cell (an autonomous field does not care where time starts) in units of
 * `timeSpan`, and the initial state by the preparation's own rule over `initialCells` first cells.
 */
export function inFieldUnits(
  raw: Trajectory,
  prepared: PreparedTrajectory,
  scaling: VelocityScaling,
  initialCells: number,
): PreparedTrajectory {
  const rows = prepared.keptRows;
  if (!rows) throw new RangeError(`Trajectory ${JSON.stringify(prepared.name)} does not say which of its cells were kept.`);
  const d = raw.genes.length;
  const values = new Float32Array(rows.length * d);
  rows.forEach((row, c) => {
    for (let g = 0; g < d; g++) values[c * d + g] = (raw.values[row * d + g] - scaling.geneMin[g]) / scaling.geneRange[g];
  });
  const start = rows.length > 0 ? raw.times[rows[0]] : 0;
  const times = Float64Array.from(rows, (row) => (raw.times[row] - start) / scaling.timeSpan);
  return { ...prepared, values, times, initialState: initialState(values, d, Math.min(initialCells, rows.length)) };
}

/**
 * The training cells of a velocity fit from trajectories already in the field's units. A cell in several lineages
 * (the same data-set row, `Trajectory.cells`) is one cell, whose velocity target averages its lineages'; trajectories
 * read from separate tables (no rows) share no cells.
 */
export function velocityCellsOneScaling(raw: Trajectory[], scaled: PreparedTrajectory[]): VelocityCells {
  checkPairs(raw, scaled);
  const d = raw[0].genes.length;
  const indexOf = new Map<number, number>();
  const rows: Array<{ trajectory: number; position: number }> = [];
  const lineages = scaled.map((t, i) => {
    const ids = raw[i].cells;
    const cells = Int32Array.from(t.keptRows!, (row, position) => {
      // A data-set row seen in an earlier lineage is the same cell: the one scaling gives it the same state there.
      const id = ids ? ids[row] : -1;
      const known = id >= 0 ? indexOf.get(id) : undefined;
      if (known !== undefined) return known;
      rows.push({ trajectory: i, position });
      if (id >= 0) indexOf.set(id, rows.length - 1);
      return rows.length - 1;
    });
    return { name: t.name, cells, times: Float64Array.from(t.times) };
  });
  const values = new Float32Array(rows.length * d);
  rows.forEach(({ trajectory, position }, c) => values.set(scaled[trajectory].values.subarray(position * d, (position + 1) * d), c * d));
  return { genes: raw[0].genes.slice(), values, lineages };
}

function checkPairs(raw: Trajectory[], prepared: PreparedTrajectory[]): void {
  if (raw.length !== prepared.length || raw.length === 0)
    throw new RangeError(`A velocity fit's cells: ${raw.length} trajectories as read for ${prepared.length} prepared ones.`);
  const genes = raw[0].genes;
  raw.forEach((t, i) => {
    if (t.genes.length !== genes.length || t.genes.some((g, k) => g !== genes[k]))
      throw new RangeError(
        `Trajectory ${JSON.stringify(t.name)} has other genes than ${JSON.stringify(raw[0].name)}; they must match in order.`,
      );
    if (!prepared[i].keptRows)
      throw new RangeError(`Trajectory ${JSON.stringify(prepared[i].name)} does not say which of its cells were kept.`);
  });
}
