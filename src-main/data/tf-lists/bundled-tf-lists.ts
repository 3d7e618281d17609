/** The TF lists shipped in resources/tf-lists/ (sources and licenses in that folder's README). */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readTfListFile, type TfList } from './read-tf-list.ts';

export interface BundledTfList {
  name: string;
  file: string;
  species: 'human' | 'mouse';
  description: string;
}

export const BUNDLED_TF_LISTS: BundledTfList[] = [
  {
    name: 'pathreg-basegrn-human',
    file: 'pathreg-basegrn-human.txt',
    species: 'human',
    description: "TFs of the PathReg base GRN (762), the paper's TF list",
  },
  {
    name: 'pathreg-lineage-eryth-human',
    file: 'pathreg-lineage-eryth-human.txt',
    species: 'human',
    description: 'PathReg erythroid-lineage TFs',
  },
  {
    name: 'pathreg-lineage-mono-human',
    file: 'pathreg-lineage-mono-human.txt',
    species: 'human',
    description: 'PathReg monocyte-lineage TFs',
  },
  { name: 'pathreg-lineage-B-human', file: 'pathreg-lineage-B-human.txt', species: 'human', description: 'PathReg B-cell-lineage TFs' },
  {
    name: 'human',
    file: 'beeline-human-tfs.csv',
    species: 'human',
    description: 'genome-wide human TFs from BEELINE (1,563: RegNetwork, TRRUST, DoRothEA A–C; GPL-3.0)',
  },
  {
    name: 'mouse',
    file: 'beeline-mouse-tfs.csv',
    species: 'mouse',
    description:
      'genome-wide mouse TFs from BEELINE (1,479: RegNetwork, TRRUST, ESCAPE; upper-case symbols, matched ignoring case; GPL-3.0)',
  },
];

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
