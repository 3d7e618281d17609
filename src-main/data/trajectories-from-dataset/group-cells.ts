/**
 * Splits cells into trajectories, one per lineage × donor: lineages come from a lineage/cell-type column, or — as in
 * BEELINE's PseudoTime.csv — from several pseudotime columns, a cell belonging to every lineage where it has a value.
 */
import { DataFileError } from '../reader-error.ts';
import { listSome } from './obs-columns.ts';

/** The label used when there is no lineage or no donor column. */
export const ALL_CELLS = 'all';

export interface TimeColumnValues {
  name: string;
  /** Per cell; NaN or +Infinity where the cell is not part of it. */
  values: Float64Array;
}

export interface LabelColumnValues {
  name: string;
  labels: Array<string | null>;
  /** The order of the labels (a categorical column's categories); absent: natural sort order. */
  order?: string[];
}

export interface GroupingRequest {
  /** The file, for messages. */
  file: string;
  /** One time column, or several (one lineage each). */
  times: TimeColumnValues[];
  lineage?: LabelColumnValues;
  donor?: LabelColumnValues;
  /** Keep only these lineages (all present otherwise). */
  lineages?: string[];
  /** One flag per cell: 1 = excluded from training by name (the run's notes count them once). */
  excluded?: Uint8Array;
  /** Fewest cells a trajectory may have (e.g. the trimmed cells plus 2). */
  minCells: number;
  /** What the fewest-cells limit comes from, for the message ("10 + 20 trimmed + 2"). */
  minCellsReason?: string;
}

export interface CellGroup {
  name: string;
  lineage: string;
  donor: string;
  /** Cell indices into the data set, in file order. */
  cells: number[];
  /** Time of each of those cells. */
  times: Float64Array;
}

export interface Grouping {
  groups: CellGroup[];
  lineages: string[];
  donors: string[];
  notes: string[];
}

export function groupCells(request: GroupingRequest): Grouping {
  const { file, times } = request;
  if (times.length === 0) throw new RangeError('groupCells: no time column');
  if (times.length > 1 && request.lineage) {
    throw new DataFileError(
      file,
      `obs column "${request.lineage.name}"`,
      `was given as the lineage column together with several pseudotime columns (${times.map((t) => `"${t.name}"`).join(', ')}), which already define one lineage each: give one or the other.`,
    );
  }
  const cells = times[0].values.length;
  const notes: string[] = [];
  const donorOf = request.donor?.labels;
  const lineageOf = request.lineage?.labels;
  const keys = new Map<string, CellGroup>();
  const timeLess = new Set<number>();
  let noLineage = 0;
  let noDonor = 0;
  for (const column of times) {
    for (let c = 0; c < cells; c++) {
      if (request.excluded?.[c]) continue;
      const t = column.values[c];
      if (!Number.isFinite(t)) {
        if (times.length === 1) timeLess.add(c);
        continue;
      }
      const lineage = times.length > 1 ? column.name : lineageOf ? lineageOf[c] : ALL_CELLS;
      if (lineage === null) {
        noLineage++;
        continue;
      }
      const donor = donorOf ? donorOf[c] : ALL_CELLS;
      if (donor === null) {
        noDonor++;
        continue;
      }
      const key = `${lineage}\u0000${donor}`;
      let group = keys.get(key);
      if (!group) keys.set(key, (group = { name: trajectoryName(lineage, donor), lineage, donor, cells: [], times: new Float64Array(0) }));
      group.cells.push(c);
    }
  }
  if (times.length > 1) {
    for (let c = 0; c < cells; c++)
      if (!request.excluded?.[c] && times.every((column) => !Number.isFinite(column.values[c]))) timeLess.add(c);
  }
  if (timeLess.size > 0) {
    const what = times.length > 1 ? `any of ${times.map((t) => `"${t.name}"`).join(', ')}` : `"${times[0].name}"`;
    notes.push(`${timeLess.size} of ${cells} cells have no value in ${what} and were left out`);
  }
  if (noLineage > 0) notes.push(`${noLineage} cells have no value in the lineage column "${request.lineage?.name}" and were left out`);
  if (noDonor > 0) notes.push(`${noDonor} cells have no value in the donor column "${request.donor?.name}" and were left out`);

  const present = (values: Iterable<string>, order?: string[]) => {
    const found = new Set(values);
    const sorted = [...found].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    if (!order) return sorted;
    const ordered = order.filter((label) => found.has(label));
    return [...ordered, ...sorted.filter((label) => !ordered.includes(label))];
  };
  const all = [...keys.values()];
  if (all.length === 0) {
    throw new DataFileError(
      file,
      `obs column "${times[0].name}"`,
      'gives no cell a usable time (every value is empty or missing): choose another column.',
    );
  }
  const lineagesPresent =
    times.length > 1
      ? times.map((t) => t.name).filter((name) => all.some((g) => g.lineage === name))
      : present(
          all.map((g) => g.lineage),
          request.lineage?.order,
        );
  const donors = present(
    all.map((g) => g.donor),
    request.donor?.order,
  );
  let lineages = lineagesPresent;
  if (request.lineages && request.lineages.length > 0) {
    const unknown = request.lineages.filter((l) => !lineagesPresent.includes(l));
    if (unknown.length > 0) {
      const where = request.lineage
        ? `the lineage column "${request.lineage.name}"`
        : times.length > 1
          ? 'the pseudotime columns'
          : 'the data (no lineage column was given)';
      throw new DataFileError(
        file,
        '',
        `has no cells of lineage ${listSome(unknown.map((l) => `"${l}"`))} in ${where}. Lineages present: ${listSome(
          lineagesPresent.map((l) => `"${l}"`),
          15,
        )}.`,
      );
    }
    lineages = request.lineages;
  }
  const groups: CellGroup[] = [];
  for (const donor of donors) {
    for (const lineage of lineages) {
      const group = keys.get(`${lineage}\u0000${donor}`);
      if (!group) continue;
      const column = times.length > 1 ? times.find((t) => t.name === lineage)! : times[0];
      group.times = Float64Array.from(group.cells, (c) => column.values[c]);
      if (group.cells.length < request.minCells) {
        const who = describeGroup(group, request);
        throw new DataFileError(
          file,
          '',
          `${who} has only ${group.cells.length} cell${group.cells.length === 1 ? '' : 's'} with a time, but a trajectory needs at least ${request.minCells}` +
            `${request.minCellsReason ? ` (${request.minCellsReason})` : ''}. Leave it out (choose the lineages to use), merge it with a related group, or trim fewer cells at the ends.`,
        );
      }
      groups.push(group);
    }
  }
  return { groups, lineages, donors, notes };
}

function describeGroup(group: CellGroup, request: GroupingRequest): string {
  const parts: string[] = [];
  if (group.lineage !== ALL_CELLS || request.lineage || request.times.length > 1) {
    parts.push(request.lineage ? `lineage "${group.lineage}" (column "${request.lineage.name}")` : `lineage "${group.lineage}"`);
  }
  if (request.donor) parts.push(`donor "${group.donor}" (column "${request.donor.name}")`);
  return parts.length > 0 ? `The trajectory of ${parts.join(' and ')}` : 'The data';
}

/** "eryth_12" for a lineage and a donor; just one of them when the other is absent. */
export function trajectoryName(lineage: string, donor: string): string {
  if (lineage === ALL_CELLS && donor === ALL_CELLS) return 'all cells';
  if (donor === ALL_CELLS) return lineage;
  if (lineage === ALL_CELLS) return donor;
  return `${lineage}_${donor}`;
}
