/**
 * The paper's preparation of one trajectory (theislab/PathReg, notebooks/single cell/single_cell_PathReg.ipynb, as
 * /work/shared/data/pathreg-hematopoiesis/README.md describes it): sort by pseudotime, drop duplicated pseudotimes,
 * drop the noisy ends, min–max scale each gene and the time, and take the initial state from the first cells.
 */
import type { PreparedTrajectory, Trajectory } from '../dataset.ts';
import { DataInputError } from '../paper-tables/data-input-error.ts';

export interface PreparationOptions {
  /** Cells dropped at the start of each sorted trajectory (the paper: 10). */
  dropFirst: number;
  /** Cells dropped at the end (the paper: 20). */
  dropLast: number;
  /** Cells averaged into the initial state (the paper's `ntimestamps`: 5). */
  initialCells: number;
  /** Drop cells whose pseudotime equals an earlier cell's, keeping the first, when such cells are rare (see prepareTrajectory). */
  dropDuplicateTimes: boolean;
}

/**
 * Duplicated pseudotimes are dropped only while they are strays (one, or at most this share of the cells): the
 * paper's one duplicate in 1,472 cells goes, but time-course data (hours or days, many cells per time point) keeps its cells.
 */
export const MAX_DUPLICATE_SHARE = 0.05;

export const PAPER_PREPARATION: PreparationOptions = { dropFirst: 10, dropLast: 20, initialCells: 5, dropDuplicateTimes: true };

/** What preparation did to one trajectory, for the log and the app's data view. */
export interface PreparationReport {
  name: string;
  cellsRead: number;
  duplicateTimesDropped: number;
  droppedAtStart: number;
  droppedAtEnd: number;
  cellsKept: number;
  /** Genes constant (usually all zero) over the kept cells: they scale to 0 everywhere. */
  constantGenes: string[];
  /** Anything the user should know about (e.g. duplicated times kept). */
  notes: string[];
}

export interface PreparedWithReport {
  prepared: PreparedTrajectory;
  report: PreparationReport;
}

/** Checks preparation options, naming the option that is out of range. */
export function checkPreparationOptions(options: PreparationOptions): void {
  const integerAtLeast = (name: keyof PreparationOptions, min: number) => {
    const value = options[name];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
      throw new RangeError(`preparation option ${name} must be a whole number ≥ ${min}; got ${String(value)}`);
    }
  };
  integerAtLeast('dropFirst', 0);
  integerAtLeast('dropLast', 0);
  integerAtLeast('initialCells', 1);
}

/**
 * Prepares one trajectory exactly as the paper's notebook, returning what was done.
 *
 * Duplicated pseudotimes are dropped (keeping the first cell in sorted order) for every trajectory, not only for
 * donors 21 and 24 as in the notebook: only mono_21 has a duplicate among the paper's files, so the notebook's
 * row counts are reproduced. When more than MAX_DUPLICATE_SHARE of the cells are duplicates the time is a
 * time-course value rather than a pseudotime, and every cell is kept, with a note.
 * The sort is stable (file order among equal times); pandas' default quicksort is not, so which of two cells with
 * equal pseudotime comes first may differ from the notebook.
 */
export function prepareTrajectoryWithReport(trajectory: Trajectory, options: PreparationOptions = PAPER_PREPARATION): PreparedWithReport {
  checkPreparationOptions(options);
  const genes = trajectory.genes.length;
  const cellsRead = trajectory.times.length;
  if (trajectory.values.length !== cellsRead * genes) {
    throw new Error(`trajectory ${trajectory.name}: ${trajectory.values.length} values for ${cellsRead} cells × ${genes} genes`);
  }
  const order = Array.from({ length: cellsRead }, (_, i) => i).sort((a, b) => trajectory.times[a] - trajectory.times[b]);
  const distinct = order.filter((cell, k) => k === 0 || trajectory.times[cell] !== trajectory.times[order[k - 1]]);
  const duplicateTimes = order.length - distinct.length;
  const notes: string[] = [];
  let unique = order;
  if (options.dropDuplicateTimes && duplicateTimes > 0) {
    if (duplicateTimes <= Math.max(1, MAX_DUPLICATE_SHARE * order.length)) {
      unique = distinct;
    } else {
      notes.push(
        `${duplicateTimes} of ${order.length} cells share their time with another cell, as in time-course data; ` +
          'they were all kept (only stray duplicated pseudotimes are dropped)',
      );
    }
  }
  const duplicateTimesDropped = order.length - unique.length;
  const kept = unique.slice(options.dropFirst, Math.max(options.dropFirst, unique.length - options.dropLast));
  if (kept.length < 2) {
    const leaves = kept.length === 0 ? 'leaves no cells' : 'leaves 1 cell (at least 2 are needed to scale pseudotime)';
    throw new DataInputError(
      `Trajectory ${trajectory.name} (${trajectory.source}) has ${cellsRead} cells` +
        (duplicateTimesDropped > 0 ? `, ${unique.length} after dropping ${duplicateTimesDropped} duplicated pseudotime(s)` : '') +
        `; dropping the first ${options.dropFirst} and the last ${options.dropLast} ${leaves}. ` +
        'Drop fewer cells at the ends (the trimming options), or leave this trajectory out.',
      { file: trajectory.source },
    );
  }

  const n = kept.length;
  const values = new Float32Array(n * genes);
  const constantGenes: string[] = [];
  for (let g = 0; g < genes; g++) {
    let min = Infinity;
    let max = -Infinity;
    for (const cell of kept) {
      const v = trajectory.values[cell * genes + g];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    const range = max - min;
    // (x − min)/(max − min) is 0/0 for a constant gene; the notebook's fillna(0) makes it 0.
    if (range === 0) {
      constantGenes.push(trajectory.genes[g]);
      continue;
    }
    for (let k = 0; k < n; k++) values[k * genes + g] = (trajectory.values[kept[k] * genes + g] - min) / range;
  }

  // Every gene constant (an all-zero matrix, an empty layer): every target scales to 0 and training would still
  // write a network, learned from nothing but the initialisation.
  if (genes > 0 && constantGenes.length === genes) {
    const value = trajectory.values[kept[0] * genes];
    const allZero = kept.every((cell) => trajectory.values.subarray(cell * genes, (cell + 1) * genes).every((v) => v === 0));
    throw new DataInputError(
      `Trajectory ${trajectory.name} (${trajectory.source}): ${allZero ? 'every expression value is 0' : `every gene has the same value (${value}) in every cell`} ` +
        `over the ${n} cells kept, for all ${genes} genes, so there is nothing to learn. Check that the file holds expression ` +
        'values (an empty layer, or a matrix written before the counts were filled, reads as all zeros), or choose another layer.',
      { file: trajectory.source },
    );
  }

  const tMin = trajectory.times[kept[0]];
  const tMax = trajectory.times[kept[n - 1]];
  const times = new Float64Array(n);
  for (let k = 0; k < n; k++) times[k] = tMax === tMin ? 0 : (trajectory.times[kept[k]] - tMin) / (tMax - tMin);
  if (tMax === tMin) {
    throw new DataInputError(
      `Trajectory ${trajectory.name} (${trajectory.source}): all ${n} cells kept after trimming have the same pseudotime ` +
        `${tMin}, so time cannot be scaled to [0, 1]. Check the pseudotime column.`,
      { file: trajectory.source },
    );
  }

  return {
    prepared: {
      name: trajectory.name,
      lineage: trajectory.lineage,
      donor: trajectory.donor,
      source: trajectory.source,
      genes: trajectory.genes.slice(),
      times,
      values,
      initialState: initialState(values, genes, Math.min(options.initialCells, n)),
      rawTimeRange: [tMin, tMax],
      keptRows: Int32Array.from(kept),
    },
    report: {
      name: trajectory.name,
      cellsRead,
      duplicateTimesDropped,
      droppedAtStart: Math.min(options.dropFirst, unique.length),
      droppedAtEnd: unique.length - n - Math.min(options.dropFirst, unique.length),
      cellsKept: n,
      constantGenes,
      notes,
    },
  };
}

/** Prepares one trajectory as the paper's notebook does (see prepareTrajectoryWithReport). */
export function prepareTrajectory(trajectory: Trajectory, options: PreparationOptions = PAPER_PREPARATION): PreparedTrajectory {
  return prepareTrajectoryWithReport(trajectory, options).prepared;
}

/** Prepares every trajectory with the same options; they must share their genes (the model is shared). */
export function prepareTrajectories(trajectories: Trajectory[], options: PreparationOptions = PAPER_PREPARATION): PreparedTrajectory[] {
  if (trajectories.length > 1) {
    const genes = trajectories[0].genes;
    for (const t of trajectories.slice(1)) {
      if (t.genes.length !== genes.length || t.genes.some((g, i) => g !== genes[i])) {
        throw new DataInputError(
          `Trajectories ${trajectories[0].name} (${trajectories[0].source}) and ${t.name} (${t.source}) have different genes ` +
            'or gene order; all trajectories of one run must have the same genes.',
          { file: t.source },
        );
      }
    }
  }
  return trajectories.map((t) => prepareTrajectory(t, options));
}

/**
 * Per-gene mean of the first cells, counting only values whose z-score among those cells is below 3 (the paper's
 * first module; unbiased variance as torch, a NaN z-score — a constant gene — counts as 0). With the paper's 5
 * cells |z| ≤ 4/√5 ≈ 1.79, so nothing is ever left out and this is the plain mean; with more cells it can matter.
 */
export function initialState(values: Float32Array, genes: number, cells: number): Float32Array {
  const state = new Float32Array(genes);
  for (let g = 0; g < genes; g++) {
    let sum = 0;
    for (let c = 0; c < cells; c++) sum += values[c * genes + g];
    const mean = sum / cells;
    let squares = 0;
    for (let c = 0; c < cells; c++) squares += (values[c * genes + g] - mean) ** 2;
    const std = cells > 1 ? Math.sqrt(squares / (cells - 1)) : NaN;
    let keptSum = 0;
    let keptCount = 0;
    for (let c = 0; c < cells; c++) {
      const z = std > 0 ? Math.abs(values[c * genes + g] - mean) / std : 0;
      if (z < 3) {
        keptSum += values[c * genes + g];
        keptCount++;
      }
    }
    state[g] = keptCount > 0 ? keptSum / keptCount : mean;
  }
  return state;
}
