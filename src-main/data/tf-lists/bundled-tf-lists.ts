/** The TF lists shipped in resources/tf-lists/ (sources and licenses in that folder's README). */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readTfListFile, type TfList } from './read-tf-list.ts';
import { BUNDLED_TF_LISTS, isBundledTfListName, type BundledTfList } from '../../../src-shared/tf-list-choice.ts';

// The names and descriptions are shared with the renderer, which offers them in the Data view.
export { BUNDLED_TF_LISTS, type BundledTfList };

/** resources/tf-lists in the source tree; a packaged app passes its own resources folder. */
export function defaultTfListFolder(): string {
  return fileURLToPath(new URL('../../../resources/tf-lists/', import.meta.url));
}

/** Reads a bundled list by name. */
export async function readBundledTfList(name: string, folder = defaultTfListFolder()): Promise<TfList> {
  const entry = BUNDLED_TF_LISTS.find((list) => list.name === name);
  if (!entry) {
    throw new RangeError(
      `There is no bundled TF list ${JSON.stringify(name)}; the bundled lists are ${BUNDLED_TF_LISTS.map((l) => l.name).join(', ')}.`,
    );
  }
  const list = await readTfListFile(join(folder, entry.file));
  return { ...list, origin: entry.name };
}

/** A bundled list when `nameOrPath` names one, else the file at that path (the command line's and a run record's form). */
export async function readTfListByNameOrPath(nameOrPath: string): Promise<TfList> {
  return isBundledTfListName(nameOrPath) ? await readBundledTfList(nameOrPath) : await readTfListFile(nameOrPath);
}
