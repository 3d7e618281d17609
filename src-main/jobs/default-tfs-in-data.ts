/**
 * How many transcription factors of the bundled default list a data set has, under the gene names the Data view
 * pre-selects: with the 100 most variable genes it gives the size of the default gene choice before any training,
 * which the time estimate needs (training 2,000 genes and 200 differ a hundredfold).
 */
import { readBundledTfList } from '../data/tf-lists/bundled-tf-lists.ts';
import { matchTfList } from '../data/tf-lists/read-tf-list.ts';
import { DEFAULT_TF_LIST } from '../fit/fit-defaults.ts';
import type { DatasetInfo } from '../../src-shared/contract/types.ts';
import { geneNamesOf } from '../../src-shared/gene-names.ts';

export async function defaultTfsInData(info: Omit<DatasetInfo, 'datasetId'>): Promise<number> {
  const list = await readBundledTfList(DEFAULT_TF_LIST);
  try {
    return matchTfList(list, geneNamesOf(info, undefined)).tfGenes.length;
  } catch {
    // A list sharing no gene with the data (mouse or simulated genes) is left out of the default choice.
    return 0;
  }
}
