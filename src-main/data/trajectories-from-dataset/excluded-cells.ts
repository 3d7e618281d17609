/**
 * Cells left out of training by name: the Embedding view's lasso, or `pathreg fit`'s list of cell names. Both reach
 * the one trajectory builder as names, which are matched here against the file's cells before the matrix is read.
 */
import { DataFileError, formatCount } from '../reader-error.ts';
import { listSome } from './obs-columns.ts';

/** One flag per cell (1 = left out), or null when no cell is excluded. */
export function excludedCellMask(file: string, cellNames: readonly string[], excluded: readonly string[] | undefined): Uint8Array | null {
  if (!excluded || excluded.length === 0) return null;
  const index = new Map<string, number>();
  cellNames.forEach((name, c) => index.set(name, c));
  const mask = new Uint8Array(cellNames.length);
  const unknown: string[] = [];
  for (const name of excluded) {
    const c = index.get(name);
    if (c === undefined) unknown.push(name);
    else mask[c] = 1;
  }
  if (unknown.length > 0) {
    throw new DataFileError(
      file,
      '',
      `has no cell named ${listSome(
        unknown.map((name) => `"${name}"`),
        5,
      )} (${formatCount(unknown.length)} of the ${formatCount(excluded.length)} cells to exclude): were they chosen on another data set? ` +
        `Its cells are named like "${cellNames[0]}". Remove the unknown names from the excluded cells, or open the data set they came from.`,
    );
  }
  return mask;
}

/** The run's note: how many cells were excluded, so metrics.json records it. */
export function describeExcludedCells(mask: Uint8Array): string {
  let count = 0;
  for (const flag of mask) count += flag;
  return `${formatCount(count)} of ${formatCount(mask.length)} cells excluded from training by name (the Embedding view's lasso or a list of excluded cells)`;
}

/**
 * A list of cell names as the app's "Download the excluded cells" writes it and `pathreg fit` reads it: one name per
 * line; empty lines and lines starting with # are skipped; of a table, the first column (tab or comma separated).
 */
export async function readCellNameList(file: string): Promise<string[]> {
  const { readFile } = await import('node:fs/promises');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new DataFileError(file, '', code === 'ENOENT' ? 'does not exist.' : `cannot be read (${code ?? String(error)}).`);
  }
  const names: string[] = [];
  text.split(/\r?\n/).forEach((line) => {
    const name = line
      .split(/[\t,]/)[0]
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name !== '' && !name.startsWith('#')) names.push(name);
  });
  if (names.length === 0) throw new DataFileError(file, '', 'holds no cell names: give one cell name per line.');
  return names;
}
