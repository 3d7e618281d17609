/**
 * The TF list of a training job, read where it is used: a bundled list by name (resources/tf-lists/, as
 * `pathreg fit --tf-list human` reads it), a file, none, or the bundled default. Only the default is "not given":
 * the fit then treats a list that names none of the genes as a note rather than a reason to stop.
 */
import { basename } from 'node:path';
import { readBundledTfList } from '../data/tf-lists/bundled-tf-lists.ts';
import { readTfListFile, type TfList } from '../data/tf-lists/read-tf-list.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import { DEFAULT_TF_LIST, type TfListSource } from '../../src-shared/tf-list-choice.ts';

export interface JobTfList {
  tfList: TfList | null;
  /** False for the automatic default (and for no list). */
  given: boolean;
}

export async function readJobTfList(source: TfListSource): Promise<JobTfList> {
  switch (source.kind) {
    case 'none':
      return { tfList: null, given: false };
    case 'default':
      return { tfList: await readBundledTfList(DEFAULT_TF_LIST), given: false };
    case 'bundled':
      return { tfList: await readBundledTfList(source.name), given: true };
    case 'file':
      try {
        const list = await readTfListFile(source.path);
        return { tfList: source.origin ? { ...list, origin: source.origin } : list, given: true };
      } catch (error) {
        throw new UserError(
          'bad-input',
          `${error instanceof Error ? error.message : String(error)} A TF list is a text file with one gene symbol per line.`,
        );
      }
  }
}

/** How a source is named to the user: the bundled list's name, or the file's own name. */
export function tfListSourceName(source: TfListSource, list: TfList): string {
  if (source.kind === 'file') return source.origin ?? basename(source.path);
  return list.origin;
}
