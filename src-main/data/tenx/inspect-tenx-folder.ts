/**
 * The summary of a 10x matrix folder without reading its matrix: the MatrixMarket size line gives genes, cells and
 * stored entries (hence sparsity), barcodes and features give the counts and the Gene Expression filter, and only the
 * first entries are read, for the value-kind sample. Same summary and same folder checks as openTenxFolder.
 */
import type { DatasetSummary } from '../dataset.ts';
import { readTextLines } from '../text-lines.ts';
import { ADVICE, describeTenxFolder, locateTenxFolder, readFeatures, readMatrixMarket, VALUE_SAMPLE_ENTRIES } from './read-tenx-mtx.ts';

/** Barcodes are only counted here: the summary does not need their names. */
async function countBarcodes(path: string): Promise<number> {
  let count = 0;
  for await (const text of readTextLines(path, ADVICE)) if (text !== '') count++;
  return count;
}

export async function inspectTenxFolder(path: string): Promise<DatasetSummary> {
  const files = locateTenxFolder(path);
  const [features, barcodeCount, firstEntries] = await Promise.all([
    readFeatures(files.features),
    countBarcodes(files.barcodes),
    readMatrixMarket(files.matrix, VALUE_SAMPLE_ENTRIES),
  ]);
  return describeTenxFolder(files, features, barcodeCount, firstEntries).summary;
}
