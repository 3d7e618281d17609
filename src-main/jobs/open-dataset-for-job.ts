/** Opens a data file inside a job worker with the readers of src-main/data/. */
import type { Dataset } from '../data/dataset.ts';
import { readTrajectoryTablesDataset } from '../data/paper-tables/trajectory-tables-dataset.ts';

export async function openDatasetForJob(file: string): Promise<Dataset> {
  return readTrajectoryTablesDataset(file);
}
