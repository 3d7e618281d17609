/**
 * The paper's trajectory tables as one Dataset: all cells of all files, stacked in file order, with obs columns
 * `pseudotime`, `lineage`, `donor` and `file`, so they go through the same dataset model as h5ad or loom input.
 */
import type { Dataset } from '../dataset.ts';
import { categoricalColumn, denseDataset } from './dense-dataset.ts';
import { readTrajectoryTables, type ReadTrajectoryFolderOptions, type TrajectoryTables } from './read-trajectory-folder.ts';

export function trajectoryTablesToDataset(tables: TrajectoryTables): Dataset {
  const { trajectories } = tables;
  const genes = trajectories[0].genes;
  const cells = trajectories.reduce((sum, t) => sum + t.times.length, 0);
  const values = new Float32Array(cells * genes.length);
  const pseudotime = new Float64Array(cells);
  const cellNames: string[] = [];
  const lineage: string[] = [];
  const donor: string[] = [];
  const file: string[] = [];
  let offset = 0;
  for (const t of trajectories) {
    values.set(t.values, offset * genes.length);
    pseudotime.set(t.times, offset);
    for (let c = 0; c < t.times.length; c++) {
      // The tables carry no cell barcodes; name cells by trajectory and row so they stay unique and traceable.
      cellNames.push(`${t.name}:${c + 1}`);
      lineage.push(t.lineage);
      donor.push(t.donor);
      file.push(t.source);
    }
    offset += t.times.length;
  }
  return denseDataset({
    format: 'pathreg-tables',
    path: tables.path,
    sources: tables.sources,
    cellNames,
    geneNames: genes.slice(),
    values,
    obs: [
      { name: 'pseudotime', type: 'numeric', values: pseudotime },
      categoricalColumn('lineage', lineage),
      categoricalColumn('donor', donor),
      categoricalColumn('file', file),
    ],
  });
}

/** Reads a trajectory table or a folder of them as a Dataset. */
export async function readTrajectoryTablesDataset(path: string, options: ReadTrajectoryFolderOptions = {}): Promise<Dataset> {
  return trajectoryTablesToDataset(await readTrajectoryTables(path, options));
}
