/**
 * `--tf-list NAME|PATH|none`: the transcription factors used for the spurious-feature sparsity. The default is the
 * paper's list (the TFs of the PathReg base GRN, bundled in resources/tf-lists/).
 */
import { BUNDLED_TF_LISTS, readTfListByNameOrPath } from '../data/tf-lists/bundled-tf-lists.ts';
import type { TfList } from '../data/tf-lists/read-tf-list.ts';

import { DEFAULT_TF_LIST } from '../fit/fit-defaults.ts';

export { DEFAULT_TF_LIST };
export const TF_LIST_DEFAULT_TEXT = `${DEFAULT_TF_LIST} (bundled; also ${BUNDLED_TF_LISTS.filter((l) => l.name !== DEFAULT_TF_LIST)
  .map((l) => l.name)
  .join(', ')})`;

export async function loadTfListOption(raw: string | undefined): Promise<TfList | null> {
  const value = raw ?? DEFAULT_TF_LIST;
  if (value === 'none') return null;
  try {
    return await readTfListByNameOrPath(value);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`--tf-list: ${message} Give a bundled list name, a file with one gene symbol per line, or --tf-list none.`, {
      cause: error,
    });
  }
}
