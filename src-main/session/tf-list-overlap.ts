/**
 * The Data view's TF-list check before training: how many of the genes a TF list names, matched as the fit matches
 * them (exactly, else ignoring case), so a list of another species or of symbols against Ensembl IDs shows at once
 * instead of after the run has started.
 */
import { basename } from 'node:path';
import type { TfListOverlap } from '../../src-shared/contract/types.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import { matchTfList, readTfListFile } from '../data/tf-lists/read-tf-list.ts';

/** Shown names of the TFs found. */
const EXAMPLES = 6;

/** `genes` are the chosen genes; empty means every gene of the data set (`allGenes`). */
export async function tfListOverlap(file: string, genes: string[], allGenes: string[]): Promise<TfListOverlap> {
  let list;
  try {
    list = await readTfListFile(file);
  } catch (error) {
    throw new UserError(
      'bad-input',
      `${error instanceof Error ? error.message : String(error)} A TF list is a text file with one gene symbol per line.`,
    );
  }
  const pool = genes.length > 0 ? genes : allGenes;
  let tfGenes: string[] = [];
  try {
    tfGenes = matchTfList(list, pool).tfGenes;
  } catch {
    // matchTfList refuses a list that names none of the genes: here that is the answer, shown as a warning.
  }
  return {
    origin: basename(file),
    symbols: list.symbols.length,
    genes: pool.length,
    tfs: tfGenes.length,
    examples: tfGenes.slice(0, EXAMPLES),
  };
}
