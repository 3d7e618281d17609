/**
 * The Data view's TF-list check before training: how many of the genes a TF list names, matched as the fit matches
 * them (exactly, else ignoring case), so a list of another species or of symbols against Ensembl IDs shows at once
 * instead of after the run has started. training:start asks the same question and refuses a list that names none.
 */
import type { TfListOverlap } from '../../src-shared/contract/types.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import type { TfListSource } from '../../src-shared/tf-list-choice.ts';
import { matchTfList } from '../data/tf-lists/read-tf-list.ts';
import { readJobTfList, tfListSourceName } from '../jobs/job-tf-list.ts';

/** Shown names of the TFs found. */
const EXAMPLES = 6;

/** `genes` are the chosen genes; empty means every gene of the data set (`allGenes`). */
export async function tfListOverlap(source: TfListSource, genes: string[], allGenes: string[]): Promise<TfListOverlap> {
  const { tfList: list } = await readJobTfList(source);
  if (!list) throw new UserError('bad-input', 'No TF list is chosen, so there is no overlap to count: choose a list in the Data view.');
  const pool = genes.length > 0 ? genes : allGenes;
  let tfGenes: string[] = [];
  try {
    tfGenes = matchTfList(list, pool).tfGenes;
  } catch {
    // matchTfList refuses a list that names none of the genes: here that is the answer, shown as a warning.
  }
  return {
    origin: tfListSourceName(source, list),
    symbols: list.symbols.length,
    genes: pool.length,
    tfs: tfGenes.length,
    examples: tfGenes.slice(0, EXAMPLES),
  };
}
