/**
 * The one set of rules for what to train on when nobody has said: which obs column is the cells' time (and whether
 * it is a pseudotime or a time course of a few sampled times), which splits cells into lineages, which names donors,
 * how donors split into training and held out, and how many cells to trim. The app's Data view starts from
 * `defaultSelection`, the session suggests it, and `pathreg fit` given no column applies it, so a run left to its
 * defaults is the same run in every front end. Pure: it sees only the column descriptions (names, types, levels,
 * distinct values), never the matrix, so the renderer runs it too.
 */
import type { ObsColumnInfo, TrajectorySelection } from './contract/types.ts';

/** Names that say a column is a pseudotime: pseudotime, latent time, DPT, Palantir. */
const PSEUDOTIME_NAMES = /pseudo.?time|latent.?time|dpt|palantir/i;
/** Names that say a column is a time: a pseudotime, a plain time or a time unit. */
const TIME_NAMES = /pseudo.?time|latent.?time|dpt|palantir|time|hours?$|^days?$|^day_|hpf$|dpf$/i;
/** Per-cell counts and quality measures (Seurat's nCount_RNA, scanpy's total_counts, …): never a time. */
const PER_CELL_COUNT_NAMES = /count|^n_?feature|^n_?genes|umi|librar|size.?factor|percent|^pct|mito/i;
/**
 * Lineage columns name branches, fates or (in a differentiation) cell types. Clusters and boolean flags are not
 * lineages and are never pre-selected: a cluster of a snapshot is no branch of a process.
 */
const LINEAGE_NAMES = /lineage|branch|fate|cell.?type|trajectory/i;
const DONOR_NAMES = /donor|sample|patient|individual|subject|batch|replicate/i;

/** The paper's trimming: the first 10 and last 20 cells of each trajectory by pseudotime are left out. */
export const PAPER_TRIM = { trimStart: 10, trimEnd: 20 } as const;
/** A time column with at most this many distinct values is a time course of sampled times, not a pseudotime. */
export const FEW_DISTINCT_TIMES = 20;

/** The column facts the rules look at: what the session describes of every obs column. */
export type ColumnFacts = Pick<ObsColumnInfo, 'name' | 'type' | 'levels' | 'distinctValues'>;

/** Whether a column may be pre-selected as a time: its name says time, and it is not a per-cell count. */
export function isTimeColumnName(name: string): boolean {
  return TIME_NAMES.test(name) && !PER_CELL_COUNT_NAMES.test(name);
}

/** Whether a column's name says it counts something per cell (molecules, genes, a percentage). */
export function isPerCellCountName(name: string): boolean {
  return PER_CELL_COUNT_NAMES.test(name);
}

/**
 * Which obs columns of a BEELINE data set are its lineages' times. The BEELINE reader turns every column of
 * PseudoTime.csv into one numeric obs column (NaN outside that lineage) and adds only the categorical `lineages`
 * column beside them, so every numeric column is a lineage's time whatever its name: BoolODE's multi-lineage
 * simulations call them PseudoTime0, PseudoTime1, …, its single-lineage ones (dyn-LI, dyn-CY, dyn-LL) call the one
 * column `Time`.
 */
export function beelineLineageTimeColumns(obs: ReadonlyArray<{ name: string; type: string }>): string[] {
  return obs.filter((column) => column.type === 'numeric').map((column) => column.name);
}

/**
 * What a time column implies: a time course of a few sampled times is trimmed nowhere (trimming by order would cut
 * cells out of the middle of the first and last time points); a continuous pseudotime gets the paper's 10 and 20.
 */
export function timeDefaults(column: Pick<ColumnFacts, 'distinctValues'> | undefined): {
  timeKind: 'pseudotime' | 'time';
  trimStart: number;
  trimEnd: number;
} {
  if (column?.distinctValues !== undefined && column.distinctValues <= FEW_DISTINCT_TIMES)
    return { timeKind: 'time', trimStart: 0, trimEnd: 0 };
  return { timeKind: 'pseudotime', ...PAPER_TRIM };
}

/** The trimming part of `timeDefaults`. */
export function defaultTrim(column: Pick<ColumnFacts, 'distinctValues'> | undefined): { trimStart: number; trimEnd: number } {
  const { trimStart, trimEnd } = timeDefaults(column);
  return { trimStart, trimEnd };
}

/**
 * Donors in the order of their column's levels: every one trains but the last, which is held out (one donor: it
 * trains, nothing is held out). The bundled example (donors 12, 21) trains on 12 and holds out 21, as the paper.
 */
export function defaultDonorSplit(donors: readonly string[]): { trainDonors: string[]; testDonors: string[] } {
  return { trainDonors: donors.slice(0, Math.max(1, donors.length - 1)), testDonors: donors.length > 1 ? donors.slice(-1) : [] };
}

/**
 * The selection a data set starts from. Nothing is guessed: without a column named as a time, no time is chosen
 * (pseudotimeColumn is empty) and the front end asks for one. A column named as a pseudotime is preferred over a
 * plain time; genes are left empty (the trajectory builder then takes TFs ∪ highly variable genes); every lineage is
 * used, in its column's order. BEELINE data take one lineage per pseudotime column.
 */
export function defaultSelection(dataset: { format: string; obs: readonly ColumnFacts[] }): TrajectorySelection {
  const none = { genes: [], lineages: [] };
  if (dataset.format === 'beeline') {
    const columns = beelineLineageTimeColumns(dataset.obs);
    if (columns.length > 0) {
      return {
        ...none,
        pseudotimeColumn: columns[0],
        lineageColumn: null,
        donorColumn: null,
        trainDonors: [],
        testDonors: [],
        ...PAPER_TRIM,
        lineagePseudotimeColumns: columns,
      };
    }
  }
  const times = dataset.obs.filter((column) => column.type === 'numeric' && isTimeColumnName(column.name));
  const time = times.find((column) => PSEUDOTIME_NAMES.test(column.name)) ?? times[0];
  const labels = dataset.obs.filter((column) => column.type === 'categorical');
  const lineage = labels.find((column) => LINEAGE_NAMES.test(column.name)) ?? null;
  const donor = labels.find((column) => DONOR_NAMES.test(column.name) && column !== lineage) ?? null;
  const { timeKind, trimStart, trimEnd } = timeDefaults(time);
  return {
    ...none,
    pseudotimeColumn: time?.name ?? '',
    ...(time ? { timeKind } : {}),
    lineageColumn: lineage?.name ?? null,
    donorColumn: donor?.name ?? null,
    ...defaultDonorSplit(donor?.levels?.map((level) => level.name) ?? []),
    trimStart,
    trimEnd,
  };
}
