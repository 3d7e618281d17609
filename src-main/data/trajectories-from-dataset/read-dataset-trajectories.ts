/**
 * `pathreg fit --data FILE` for any format but the paper's tables: opens the file (h5ad, 10x, loom, CSV/TSV,
 * BEELINE), builds the trajectories from its obs columns or diffusion pseudotime, keeps the donors asked for, and
 * returns them in the same shape the trajectory tables have, so the rest of the fit is unchanged.
 */
import type { DatasetFormat } from '../dataset.ts';
import { openDataset } from '../open-dataset.ts';
import type { TrajectoryTables } from '../paper-tables/read-trajectory-folder.ts';
import { DataFileError } from '../reader-error.ts';
import {
  trajectoriesFromDataset,
  withFormatDefaults,
  type DatasetStageListener,
  type DatasetTrajectoryRequest,
} from './dataset-trajectories.ts';
import { ALL_CELLS } from './group-cells.ts';
import { listSome } from './obs-columns.ts';
import { SelectionInputError } from './selection-input-error.ts';

export interface DatasetFitRequest extends DatasetTrajectoryRequest {
  /** Skips format detection. */
  format?: DatasetFormat;
  /** Donors named for training and holding out (values of the donor column); each must exist. */
  donors?: string[];
  /** Keep only the named donors (true when the training donors are listed); otherwise every donor is kept. */
  onlyNamedDonors?: boolean;
}

export interface DatasetTrajectoryTables extends TrajectoryTables {
  genes: string[];
  notes: string[];
  root?: { index: number; name: string };
  /** The format read (h5ad, pathreg-tables, …). */
  format: DatasetFormat;
  /** How each cell's time was made. */
  pseudotime: string;
}

export async function readDatasetTrajectories(
  path: string,
  asked: DatasetFitRequest,
  log: (line: string) => void = () => {},
  stage: DatasetStageListener = () => {},
): Promise<DatasetTrajectoryTables> {
  const dataset = await openDataset(path, { format: asked.format });
  try {
    const request = { ...asked, ...withFormatDefaults(dataset, asked) };
    const summary = dataset.summary;
    log(
      `opened ${summary.format} data: ${summary.cells.toLocaleString('en-US')} cells × ${summary.genes.toLocaleString('en-US')} genes, values ${summary.valueKind} (${summary.valueKindReason})`,
    );
    if (request.donors && request.donors.length > 0 && !request.donorColumn) {
      throw new SelectionInputError(path, 'donors-without-column', request.donors);
    }
    stage('reading', `${summary.cells.toLocaleString('en-US')} cells × ${summary.genes.toLocaleString('en-US')} genes (${summary.format})`);
    const result = await trajectoriesFromDataset(dataset, request, (line) => log(`note: ${line}`), stage);
    let trajectories = result.trajectories;
    if (request.donors && request.donors.length > 0) {
      const present = [...new Set(trajectories.map((t) => t.donor))];
      const missing = request.donors.filter((d) => !present.includes(d));
      if (missing.length > 0) {
        throw new DataFileError(
          path,
          `obs column "${request.donorColumn}"`,
          `has no cells of donor ${listSome(missing.map((d) => `"${d}"`))} (in the lineages used). Donors present: ${listSome(
            present.filter((d) => d !== ALL_CELLS).map((d) => `"${d}"`),
            15,
          )}.`,
        );
      }
      if (request.onlyNamedDonors) trajectories = trajectories.filter((t) => request.donors!.includes(t.donor));
    }
    return {
      path,
      trajectories,
      sources: dataset.sources,
      genes: result.genes,
      notes: result.notes,
      root: result.root,
      format: summary.format,
      pseudotime: result.pseudotime,
    };
  } finally {
    dataset.close();
  }
}
