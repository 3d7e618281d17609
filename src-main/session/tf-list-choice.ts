/**
 * A window's TF-list choice (src-shared/tf-list-choice.ts) as the source a training job reads: bundled lists stay
 * names (they are the app's own files, outside any folder the user was allowed to read), a path must exist on this
 * machine, and an upload is kept in the session folder under its content's hash, so asking for the overlap again
 * with the same file writes nothing new.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../src-shared/contract/result.ts';
import type { TfListOverlap } from '../../src-shared/contract/types.ts';
import type { TfListChoice, TfListSource } from '../../src-shared/tf-list-choice.ts';

export async function tfListSourceOf(choice: TfListChoice | undefined, sessionDir: string): Promise<TfListSource> {
  if (!choice) return { kind: 'default' };
  switch (choice.kind) {
    case 'none':
    case 'bundled':
      return choice;
    case 'path':
      if (!existsSync(choice.path)) {
        throw new UserError(
          'bad-input',
          `There is no TF list at "${choice.path}" (the path is read on the machine running PathReg Studio). Fix the path, or choose a bundled list or an upload.`,
        );
      }
      return { kind: 'file', path: choice.path };
    case 'upload': {
      const bytes = Buffer.from(choice.contentBase64, 'base64');
      const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 16);
      const folder = path.join(sessionDir, 'uploads', 'tf-lists', hash);
      const file = path.join(folder, choice.fileName);
      if (!existsSync(file)) {
        await mkdir(folder, { recursive: true });
        await writeFile(file, bytes);
      }
      return { kind: 'file', path: file, origin: choice.fileName };
    }
  }
}

/**
 * Why a run with this TF list would stop before training, or null: a list the user chose that names none of the
 * genes (the fit refuses it, after reading and preparing the data: here it is said before the run starts).
 */
export function tfListMismatch(overlap: TfListOverlap, datasetName: string, genesChosen: boolean): string | null {
  if (overlap.tfs > 0) return null;
  const genes = `${overlap.genes.toLocaleString('en-US')} ${genesChosen ? 'chosen genes' : 'genes'} of "${datasetName}"`;
  return (
    `The TF list ${overlap.origin} (${overlap.symbols.toLocaleString('en-US')} symbols) names none of the ${genes}, so the run would stop ` +
    'before training. In the Data view, choose the TF list of this species, check that "Gene names from" gives gene symbols rather than ' +
    'IDs, or choose no TF list.'
  );
}
