/**
 * `--root`: the start cell of diffusion pseudotime, as a cell name, a 0-based cell index (scanpy's `iroot`), or a
 * suggestion — `earliest:COLUMN` (the cells at the smallest value of a time column) or `high:GENE` / `low:GENE` (the
 * cells expressing a marker gene most or least). A suggestion gives candidates; the pseudotime step picks the one at
 * the end of the first diffusion component.
 */
import type { Dataset } from '../dataset.ts';
import type { GeneMatrixSource } from '../prepare/gene-chunks.ts';
import { varColumnNames } from '../prepare/gene-selection.ts';
import { extremeCells } from '../pseudotime/choose-root.ts';
import type { RootRequest } from '../pseudotime/compute-pseudotime.ts';
import { DataFileError } from '../reader-error.ts';
import { findObsColumn, listSome, timeValues } from './obs-columns.ts';

export const ROOT_FORMS = 'a cell name, a 0-based cell index, earliest:COLUMN (e.g. earliest:Hours), high:GENE or low:GENE (a marker gene)';

/** Resolves the option against the data; `expression` reads (log-normalised) values of one gene for marker roots. */
export async function resolveRoot(dataset: Dataset, spec: string, expression: GeneMatrixSource): Promise<RootRequest> {
  const file = dataset.summary.path;
  const match = /^(earliest|high|low):(.+)$/.exec(spec);
  if (match) {
    const [, kind, name] = match;
    if (kind === 'earliest') {
      const times = timeValues(dataset, findObsColumn(dataset, name, 'root (earliest time point)'), 'time');
      const candidates = extremeCells(times, 'lowest');
      if (candidates.length === 0)
        throw new DataFileError(
          file,
          `obs column "${name}"`,
          'has no value for any cell, so it cannot suggest a root: choose another column or a root cell.',
        );
      return { candidates, why: `among the ${candidates.length} cell(s) at the earliest "${name}" (${times[candidates[0]]})` };
    }
    const gene = findGene(dataset, name);
    const values = await expression.readGenes([gene]);
    const candidates = extremeCells(values, kind === 'high' ? 'highest' : 'lowest');
    return {
      candidates,
      why: `among the ${candidates.length} cell(s) with the ${kind === 'high' ? 'highest' : 'lowest'} expression of ${name} (${values[candidates[0]].toPrecision(4)})`,
    };
  }
  const byName = dataset.cellNames.indexOf(spec);
  if (byName >= 0) return { cell: byName };
  if (/^\d+$/.test(spec)) {
    const index = Number(spec);
    if (index < dataset.cellNames.length) return { cell: index };
    throw new DataFileError(
      file,
      '',
      `has ${dataset.cellNames.length} cells (0-based indices 0 to ${dataset.cellNames.length - 1}); the root cell index ${spec} is outside them.`,
    );
  }
  throw new DataFileError(
    file,
    '',
    `has no cell named "${spec}" for the root (cells are named like ${listSome(dataset.cellNames.slice(0, 3).map((n) => `"${n}"`))}). Give ${ROOT_FORMS}.`,
  );
}

/** A gene by its name in the data, ignoring case, or by a var column of symbols (gene_short_name, …). */
export function findGene(dataset: Dataset, name: string): number {
  const exact = dataset.geneNames.indexOf(name);
  if (exact >= 0) return exact;
  const lower = name.toLowerCase();
  const ignoringCase = dataset.geneNames.findIndex((g) => g.toLowerCase() === lower);
  if (ignoringCase >= 0) return ignoringCase;
  for (const column of dataset.var) {
    const names = varColumnNames(column);
    const index = names?.findIndex((g) => g.toLowerCase() === lower) ?? -1;
    if (index >= 0) return index;
  }
  throw new DataFileError(
    dataset.summary.path,
    '',
    `has no gene "${name}" (gene names look like ${listSome(dataset.geneNames.slice(0, 3).map((n) => `"${n}"`))}): check the spelling and whether the file uses symbols or Ensembl IDs.`,
  );
}
