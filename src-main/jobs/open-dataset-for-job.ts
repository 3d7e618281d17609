/**
 * Opens a data file inside a job worker (dataset description or training) with the readers' single entry point,
 * which detects the format (h5ad, loom, 10x, CSV/TSV, paper tables, BEELINE) from the content and the name.
 */
import type { Dataset } from '../data/dataset.ts';
import { openDataset } from '../data/open-dataset.ts';

export async function openDatasetForJob(file: string): Promise<Dataset> {
  return openDataset(file);
}
