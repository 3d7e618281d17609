/**
 * `--tf-list PATH|none`: the transcription factors used for the spurious-feature sparsity.
 */
import { readFile } from 'node:fs/promises';
import type { TfList } from '../run/fit-run.ts';

export const TF_LIST_DEFAULT_TEXT = 'none';

export async function loadTfListOption(raw: string | undefined): Promise<TfList | null> {
  if (raw === undefined || raw === 'none') return null;
  let text: string;
  try {
    text = await readFile(raw, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`--tf-list: cannot read "${raw}" (${code === 'ENOENT' ? 'no such file' : code}). Give a text file with one gene symbol per line, or --tf-list none.`, { cause: error });
  }
  const symbols = new Set(text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  if (symbols.size === 0) throw new Error(`--tf-list: "${raw}" holds no gene symbols (expected one per line).`);
  return { source: raw, symbols };
}
