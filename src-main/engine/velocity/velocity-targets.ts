/**
 * Per-cell velocity targets for velocity matching (collocation): for each cell, the mean of its k nearest cells in
 * expression among the next `window` cells in pseudotime of its lineage, minus the cell, over the time step.
 *
 * Why per cell: along one mean trajectory every gene is a function of time, so which gene drives which is not
 * identifiable (issue 13); the cell-to-cell spread around the trajectory is what separates regulators. Neighbours in
 * expression (not just the next cells in time) follow the cell's own state forward instead of the lineage average.
 */

/** Cells × genes, row-major, with the lineages that order them. A cell may belong to several lineages. */
export interface VelocityCells {
  genes: string[];
  /** cells × genes, row-major. */
  values: Float32Array;
  lineages: VelocityLineage[];
}

export interface VelocityLineage {
  name: string;
  /** Indices (rows of `values`) of the lineage's cells, in any order. */
  cells: Int32Array;
  /** Pseudotime of each of those cells, same order. */
  times: Float64Array;
}

export interface VelocityTargetOptions {
  /** Nearest neighbours averaged (default 5). */
  neighbours?: number;
  /** How many following cells in pseudotime are candidates (default 40). */
  window?: number;
}

export interface VelocityTargets {
  genes: string[];
  /** Rows of `values` that received a target, ascending. */
  cells: Int32Array;
  /** The cells' states, cells × genes (copies of their rows of `values`). */
  states: Float32Array;
  /** The velocity targets, cells × genes. */
  velocities: Float32Array;
  /** How many lineages each target was averaged over (a cell in several lineages gets one target). */
  lineageCounts: Int32Array;
  /** Cells of some lineage with no cell of later pseudotime in any of their lineages (the ends of lineages). */
  cellsWithoutTarget: number;
}

export const DEFAULT_VELOCITY_NEIGHBOURS = 5;
export const DEFAULT_VELOCITY_WINDOW = 40;

/**
 * Velocity targets of every cell that has a cell of later pseudotime in one of its lineages (the candidates are the
 * `window` cells that follow it in pseudotime, skipping cells of the same pseudotime). A cell in several lineages (shared
 * progenitors, BEELINE's overlapping pseudotime columns) gets the mean of its lineages' velocities: it has one state
 * and so one velocity in the field, and counting it once keeps shared cells from outweighing the others.
 */
export function velocityTargets(data: VelocityCells, options: VelocityTargetOptions = {}): VelocityTargets {
  const k = options.neighbours ?? DEFAULT_VELOCITY_NEIGHBOURS;
  const window = options.window ?? DEFAULT_VELOCITY_WINDOW;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`The number of velocity neighbours must be a whole number ≥ 1; got ${k}.`);
  if (!Number.isInteger(window) || window < k)
    throw new RangeError(`The velocity window must be a whole number ≥ the number of neighbours (${k}); got ${window}.`);
  const genes = data.genes.length;
  const cellCount = genes > 0 ? data.values.length / genes : 0;
  if (!Number.isInteger(cellCount)) throw new RangeError(`${data.values.length} values do not fill whole rows of ${genes} genes.`);

  const sum = new Float64Array(cellCount * genes);
  const counts = new Int32Array(cellCount);
  const member = new Uint8Array(cellCount);
  const distances = new Float64Array(window);
  const candidates = new Int32Array(window);

  for (const lineage of data.lineages) {
    if (lineage.cells.length !== lineage.times.length)
      throw new RangeError(`Lineage ${JSON.stringify(lineage.name)} has ${lineage.cells.length} cells but ${lineage.times.length} times.`);
    // Stable sort by pseudotime, ties by row, so the result does not depend on the input order.
    const order = Array.from(lineage.cells.keys()).sort(
      (a, b) => lineage.times[a] - lineage.times[b] || lineage.cells[a] - lineage.cells[b],
    );
    for (let position = 0; position < order.length; position++) {
      const cell = lineage.cells[order[position]];
      if (cell < 0 || cell >= cellCount)
        throw new RangeError(`Lineage ${JSON.stringify(lineage.name)} names cell ${cell}, but there are ${cellCount} cells.`);
      member[cell] = 1;
      const time = lineage.times[order[position]];
      // Candidates start after the cells that share this pseudotime: simulated data (BoolODE) samples ~20 cells at
      // each of 100 time points, and a same-time neighbour would give a zero time step and a velocity of pure noise.
      let first = position + 1;
      while (first < order.length && !(lineage.times[order[first]] > time)) first++;
      const available = Math.min(window, order.length - first);
      if (available === 0) continue;
      for (let n = 0; n < available; n++) {
        const other = lineage.cells[order[first + n]];
        candidates[n] = other;
        distances[n] = squaredDistance(data.values, cell, other, genes);
      }
      const chosen = nearest(distances, available, Math.min(k, available));
      let timeSum = 0;
      for (const n of chosen) timeSum += lineage.times[order[first + n]];
      const step = timeSum / chosen.length - time;
      const base = cell * genes;
      for (let g = 0; g < genes; g++) {
        let mean = 0;
        for (const n of chosen) mean += data.values[candidates[n] * genes + g];
        mean /= chosen.length;
        sum[base + g] += (mean - data.values[base + g]) / step;
      }
      counts[cell]++;
    }
  }

  const kept: number[] = [];
  let cellsWithoutTarget = 0;
  for (let c = 0; c < cellCount; c++) {
    if (counts[c] > 0) kept.push(c);
    else if (member[c]) cellsWithoutTarget++;
  }
  const states = new Float32Array(kept.length * genes);
  const velocities = new Float32Array(kept.length * genes);
  const lineageCounts = new Int32Array(kept.length);
  kept.forEach((c, row) => {
    lineageCounts[row] = counts[c];
    for (let g = 0; g < genes; g++) {
      states[row * genes + g] = data.values[c * genes + g];
      velocities[row * genes + g] = sum[c * genes + g] / counts[c];
    }
  });
  return { genes: data.genes.slice(), cells: Int32Array.from(kept), states, velocities, lineageCounts, cellsWithoutTarget };
}

function squaredDistance(values: Float32Array, a: number, b: number, genes: number): number {
  let d = 0;
  for (let g = 0; g < genes; g++) {
    const diff = values[a * genes + g] - values[b * genes + g];
    d += diff * diff;
  }
  return d;
}

/** Positions of the `k` smallest of `distances[0 … available)`, ties to the earlier (sooner in pseudotime) cell. */
function nearest(distances: Float64Array, available: number, k: number): number[] {
  const positions = Array.from({ length: available }, (_, i) => i);
  positions.sort((a, b) => distances[a] - distances[b] || a - b);
  return positions.slice(0, k);
}
