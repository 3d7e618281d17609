/**
 * Reads a folder of the paper's trajectory tables (one file per lineage and donor) as a list of trajectories with
 * the same genes in the same order, ordered by donor, then lineage.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SourceFile, Trajectory } from '../dataset.ts';
import { DataInputError } from './data-input-error.ts';
import { readTrajectoryTable, type ReadTrajectoryFileOptions } from './read-trajectory-file.ts';
import { fileAccessError } from './text-lines.ts';
import { parseTrajectoryFileName, TRAJECTORY_TABLE_PATTERN } from './trajectory-file-name.ts';

/** The paper's lineage order within a donor (its notebook's `[eryth, mono, B]`); others follow alphabetically. */
export const PAPER_LINEAGE_ORDER = ['eryth', 'mono', 'B'];

export interface ReadTrajectoryFolderOptions extends Pick<ReadTrajectoryFileOptions, 'timeColumn'> {
  /** Keep only these donors, in this order (e.g. ["12", "21"]); every one must have at least one file. */
  donors?: string[];
  /** Keep only these lineages; every one must have at least one file. */
  lineages?: string[];
}

export interface TrajectoryTables {
  /** The folder or file that was read. */
  path: string;
  trajectories: Trajectory[];
  /** One per trajectory, same order. */
  sources: SourceFile[];
}

/** Reads every trajectory table in `folder` (non-table files such as README or LICENSE are ignored). */
export async function readTrajectoryFolderTables(folder: string, options: ReadTrajectoryFolderOptions = {}): Promise<TrajectoryTables> {
  let entries: string[];
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    entries = await readdir(folder);
  } catch (error) {
    throw fileAccessError(folder, error, 'folder');
  }
  let files = entries.filter((name) => TRAJECTORY_TABLE_PATTERN.test(name)).sort();
  if (files.length === 0) {
    throw new DataInputError(
      `${JSON.stringify(folder)} holds no trajectory tables: expected files named like "eryth_12_norm.tsv.gz" ` +
        '(.tsv, .csv or .txt, optionally .gz).',
      { file: folder },
    );
  }
  const named = files.map((file) => ({ file, ...parseTrajectoryFileName(file) }));
  checkRequested(
    folder,
    'donor',
    options.donors,
    named.map((n) => n.donor),
  );
  checkRequested(
    folder,
    'lineage',
    options.lineages,
    named.map((n) => n.lineage),
  );
  const kept = named.filter(
    (n) => (!options.donors || options.donors.includes(n.donor)) && (!options.lineages || options.lineages.includes(n.lineage)),
  );
  kept.sort(
    (a, b) => compareDonors(a.donor, b.donor, options.donors) || compareLineages(a.lineage, b.lineage) || a.file.localeCompare(b.file),
  );
  files = kept.map((n) => n.file);

  const trajectories: Trajectory[] = [];
  const sources: SourceFile[] = [];
  for (const file of files) {
    // One file at a time: the folder's matrices are held once, never two copies of the text.
    const table = await readTrajectoryTable(join(folder, file), { timeColumn: options.timeColumn });
    trajectories.push(table.trajectory);
    sources.push(table.source);
  }
  alignGenes(trajectories, folder);
  const names = new Map<string, string>();
  for (const t of trajectories) {
    const earlier = names.get(t.name);
    if (earlier !== undefined) {
      throw new DataInputError(
        `${JSON.stringify(folder)}: "${earlier}" and "${t.source}" are both lineage "${t.lineage}" of donor "${t.donor}". ` +
          'Keep one file per lineage and donor.',
        { file: folder },
      );
    }
    names.set(t.name, t.source);
  }
  return { path: folder, trajectories, sources };
}

/** Reads a folder of trajectory tables (see readTrajectoryFolderTables). */
export async function readTrajectoryFolder(folder: string, options: ReadTrajectoryFolderOptions = {}): Promise<Trajectory[]> {
  return (await readTrajectoryFolderTables(folder, options)).trajectories;
}

/** A single table or a folder of them, as `pathreg fit --data PATH` accepts. */
export async function readTrajectoryTables(path: string, options: ReadTrajectoryFolderOptions = {}): Promise<TrajectoryTables> {
  let isFolder: boolean;
  try {
    isFolder = (await stat(path)).isDirectory();
  } catch (error) {
    throw fileAccessError(path, error);
  }
  if (isFolder) return readTrajectoryFolderTables(path, options);
  const table = await readTrajectoryTable(path, { timeColumn: options.timeColumn });
  const { trajectory } = table;
  if (options.donors && !options.donors.includes(trajectory.donor)) {
    throw new DataInputError(
      `${JSON.stringify(basename(path))} is donor "${trajectory.donor}", but donor(s) ${options.donors.join(', ')} were asked for.`,
      { file: path },
    );
  }
  if (options.lineages && !options.lineages.includes(trajectory.lineage)) {
    throw new DataInputError(
      `${JSON.stringify(basename(path))} is lineage "${trajectory.lineage}", but lineage(s) ${options.lineages.join(', ')} were asked for.`,
      { file: path },
    );
  }
  return { path, trajectories: [trajectory], sources: [table.source] };
}

function checkRequested(folder: string, what: 'donor' | 'lineage', requested: string[] | undefined, found: string[]): void {
  if (!requested) return;
  const available = [...new Set(found)].sort(naturalCompare);
  const missing = requested.filter((r) => !available.includes(r));
  if (missing.length > 0) {
    throw new DataInputError(
      `${JSON.stringify(folder)} has no files for ${what} ${missing.map((m) => JSON.stringify(m)).join(', ')}. ` +
        `The ${what}s present are ${available.map((a) => JSON.stringify(a)).join(', ')} ` +
        `(read from file names like "eryth_12_norm.tsv.gz": lineage "eryth", donor "12").`,
      { file: folder },
    );
  }
}

/**
 * Every trajectory must have the same genes. Files whose columns are the same genes in another order are put in
 * the first file's order; a different gene set is an error naming both files and the genes that differ.
 */
function alignGenes(trajectories: Trajectory[], folder: string): void {
  const reference = trajectories[0];
  const referenceSet = new Set(reference.genes);
  for (let t = 1; t < trajectories.length; t++) {
    const trajectory = trajectories[t];
    if (sameOrder(reference.genes, trajectory.genes)) continue;
    const set = new Set(trajectory.genes);
    const missing = reference.genes.filter((g) => !set.has(g));
    const extra = trajectory.genes.filter((g) => !referenceSet.has(g));
    if (missing.length > 0 || extra.length > 0) {
      const parts: string[] = [];
      if (missing.length > 0) parts.push(`lacks ${missing.length} gene(s) of "${reference.source}" (${preview(missing)})`);
      if (extra.length > 0) parts.push(`has ${extra.length} gene(s) that "${reference.source}" lacks (${preview(extra)})`);
      throw new DataInputError(
        `${JSON.stringify(folder)}: the trajectories do not have the same genes: "${trajectory.source}" ${parts.join(' and ')}. ` +
          'All trajectories train one shared model, so every file needs the same gene columns.',
        { file: join(folder, trajectory.source) },
      );
    }
    const cells = trajectory.times.length;
    const genes = reference.genes.length;
    const sourceColumn = reference.genes.map((g) => trajectory.genes.indexOf(g));
    const reordered = new Float32Array(cells * genes);
    for (let c = 0; c < cells; c++) {
      for (let g = 0; g < genes; g++) reordered[c * genes + g] = trajectory.values[c * genes + sourceColumn[g]];
    }
    trajectory.values = reordered;
    trajectory.genes = reference.genes.slice();
  }
}

function sameOrder(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((g, i) => g === b[i]);
}

function preview(genes: string[]): string {
  return genes.length > 5 ? `${genes.slice(0, 5).join(', ')}, …` : genes.join(', ');
}

function compareDonors(a: string, b: string, requested: string[] | undefined): number {
  if (requested) return requested.indexOf(a) - requested.indexOf(b);
  return naturalCompare(a, b);
}

function compareLineages(a: string, b: string): number {
  const ia = PAPER_LINEAGE_ORDER.indexOf(a);
  const ib = PAPER_LINEAGE_ORDER.indexOf(b);
  if (ia >= 0 && ib >= 0) return ia - ib;
  if (ia >= 0) return -1;
  if (ib >= 0) return 1;
  return naturalCompare(a, b);
}

function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
