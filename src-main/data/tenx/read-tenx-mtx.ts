/**
 * 10x Genomics matrix folder (Cell Ranger's filtered_feature_bc_matrix/): matrix.mtx[.gz] (MatrixMarket coordinate,
 * genes × cells, 1-based), barcodes.tsv[.gz] (one cell per line) and features.tsv[.gz] (id, name, type) or the older
 * genes.tsv (id, name). Only Gene Expression features are kept when several feature types are present.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Dataset, DatasetSummary, MetadataColumn } from '../dataset.ts';
import { assembleDataset, makeNamesUnique, sparsityFromStored, summarizeColumns } from '../assemble-dataset.ts';
import { DataFileError, formatCount } from '../reader-error.ts';
import { readTextLines } from '../text-lines.ts';
import { detectValueKind } from '../value-kind.ts';
import { GeneMajorMatrix } from './gene-major-matrix.ts';
import { parseDecimal } from '../decimal-number.ts';

export const ADVICE = 'copy the whole folder again from the Cell Ranger output (outs/filtered_feature_bc_matrix)';

export interface TenxFolderFiles {
  folder: string;
  matrix: string;
  barcodes: string;
  features: string;
}

/** Finds the three files of a 10x folder (given the folder or its matrix.mtx), or says which is missing. */
export function locateTenxFolder(path: string): TenxFolderFiles {
  const folder = statSync(path).isDirectory() ? path : dirname(path);
  const pick = (names: string[], what: string): string => {
    for (const name of names) if (existsSync(join(folder, name))) return join(folder, name);
    throw new DataFileError(
      folder,
      '',
      `is missing ${what} (looked for ${names.join(', ')}): a 10x folder needs matrix.mtx, barcodes.tsv and features.tsv (or genes.tsv); ${ADVICE}`,
    );
  };
  return {
    folder,
    matrix: pick(['matrix.mtx.gz', 'matrix.mtx'], 'the matrix'),
    barcodes: pick(['barcodes.tsv.gz', 'barcodes.tsv'], 'the cell barcodes'),
    features: pick(['features.tsv.gz', 'features.tsv', 'genes.tsv.gz', 'genes.tsv'], 'the gene list'),
  };
}

export interface Features {
  ids: string[];
  names: string[];
  types: string[] | null;
}

export async function readFeatures(path: string): Promise<Features> {
  const ids: string[] = [];
  const names: string[] = [];
  const types: string[] = [];
  let columns = 0;
  let line = 0;
  for await (const text of readTextLines(path, ADVICE)) {
    line++;
    if (text === '') continue;
    const fields = text.split('\t');
    if (columns === 0) columns = fields.length;
    if (fields.length !== columns)
      throw new DataFileError(path, `line ${line}`, `has ${fields.length} tab-separated columns but line 1 has ${columns}: ${ADVICE}`);
    ids.push(fields[0]);
    names.push(fields.length > 1 ? fields[1] : fields[0]);
    if (fields.length > 2) types.push(fields[2]);
  }
  return { ids, names, types: types.length === ids.length && types.length > 0 ? types : null };
}

export async function readBarcodes(path: string): Promise<string[]> {
  const out: string[] = [];
  for await (const text of readTextLines(path, ADVICE)) if (text !== '') out.push(text.split('\t')[0]);
  return out;
}

/** Entries read from a MatrixMarket file, in file order; `declaredEntries` is the count its size line gives. */
export interface Triplets {
  genes: number;
  cells: number;
  declaredEntries: number;
  geneOf: Int32Array;
  cellOf: Int32Array;
  values: Float32Array;
  integer: boolean;
}

/** The first stored values of the matrix, in file order, go to the value-kind detector (the summary reads only these). */
export const VALUE_SAMPLE_ENTRIES = 20_000;

/**
 * Parses a MatrixMarket coordinate file, checking the header, bounds and entry count. With `stopAfterEntries`, stops
 * after that many entries (for the summary): the entries after them are then neither read nor checked.
 */
export async function readMatrixMarket(path: string, stopAfterEntries = Infinity): Promise<Triplets> {
  let line = 0;
  let header: string | null = null;
  let size: [number, number, number] | null = null;
  let field = 'real';
  let geneOf: Int32Array = new Int32Array(0);
  let cellOf: Int32Array = new Int32Array(0);
  let values: Float32Array = new Float32Array(0);
  let n = 0;
  let integer = true;
  for await (const text of readTextLines(path, ADVICE)) {
    line++;
    if (header === null) {
      header = text;
      const match = /^%%MatrixMarket\s+matrix\s+coordinate\s+(real|integer|pattern|double)\s+general\s*$/i.exec(text);
      if (!match)
        throw new DataFileError(
          path,
          'line 1',
          `should be "%%MatrixMarket matrix coordinate real general" (or integer/pattern) but is "${text.slice(0, 80)}": this is not a 10x sparse matrix; ${ADVICE}`,
        );
      field = match[1].toLowerCase();
      continue;
    }
    if (text.startsWith('%') || text.trim() === '') continue;
    const parts = text.trim().split(/\s+/);
    if (size === null) {
      const dims = parts.map(parseDecimal);
      if (parts.length !== 3 || !dims.every((d) => Number.isInteger(d) && d >= 0)) {
        throw new DataFileError(
          path,
          `line ${line}`,
          `should give "genes cells entries" as three whole numbers but is "${text.slice(0, 80)}"; ${ADVICE}`,
        );
      }
      size = [dims[0], dims[1], dims[2]];
      if (size[2] > size[0] * size[1])
        throw new DataFileError(
          path,
          `line ${line}`,
          `declares ${formatCount(size[2])} entries, more than a ${formatCount(size[0])} × ${formatCount(size[1])} matrix can hold; ${ADVICE}`,
        );
      // Grow with the entries actually present, so a header that lies about the count cannot exhaust memory.
      const capacity = Math.min(size[2], stopAfterEntries, 1 << 20);
      geneOf = new Int32Array(capacity);
      cellOf = new Int32Array(capacity);
      values = new Float32Array(capacity);
      continue;
    }
    const expected = field === 'pattern' ? 2 : 3;
    if (parts.length !== expected)
      throw new DataFileError(
        path,
        `line ${line}`,
        `should have ${expected} numbers (gene, cell${expected === 3 ? ', value' : ''}) but has ${parts.length}: "${text.slice(0, 80)}"; ${ADVICE}`,
      );
    const gene = parseDecimal(parts[0]);
    const cell = parseDecimal(parts[1]);
    if (!Number.isInteger(gene) || gene < 1 || gene > size[0])
      throw new DataFileError(
        path,
        `line ${line}`,
        `has gene index ${parts[0]}, outside 1 to ${formatCount(size[0])}: the file is damaged; ${ADVICE}`,
      );
    if (!Number.isInteger(cell) || cell < 1 || cell > size[1])
      throw new DataFileError(
        path,
        `line ${line}`,
        `has cell index ${parts[1]}, outside 1 to ${formatCount(size[1])}: the file is damaged; ${ADVICE}`,
      );
    let value = 1;
    if (expected === 3) {
      value = parseDecimal(parts[2]);
      if (Number.isNaN(value) && !/^[+-]?nan$/i.test(parts[2]))
        throw new DataFileError(
          path,
          `line ${line}, column 3`,
          `has the value "${parts[2].slice(0, 40)}", which is not a number; ${ADVICE}`,
        );
      if (value !== Math.round(value)) integer = false;
    }
    if (n >= size[2])
      throw new DataFileError(
        path,
        `line ${line}`,
        `is entry ${formatCount(n + 1)}, but the header (size line) declares only ${formatCount(size[2])} entries: the file is damaged; ${ADVICE}`,
      );
    if (n >= geneOf.length) {
      const grow = Math.min(size[2], geneOf.length * 2 + 1024);
      geneOf = resize(geneOf, grow);
      cellOf = resize(cellOf, grow);
      values = resizeF(values, grow);
    }
    geneOf[n] = gene - 1;
    cellOf[n] = cell - 1;
    values[n] = value;
    n++;
    // A file with no more entries than the sample is read to its end, so its count is checked too.
    if (n >= stopAfterEntries && n < size[2])
      return {
        genes: size[0],
        cells: size[1],
        declaredEntries: size[2],
        geneOf: geneOf.subarray(0, n),
        cellOf: cellOf.subarray(0, n),
        values: values.subarray(0, n),
        integer,
      };
  }
  if (header === null) throw new DataFileError(path, '', `is empty: ${ADVICE}`);
  if (size === null)
    throw new DataFileError(path, `line ${line}`, `ends before the size line "genes cells entries": the file is truncated; ${ADVICE}`);
  if (n !== size[2])
    throw new DataFileError(
      path,
      `line ${line}`,
      `ends after ${formatCount(n)} entries but the header declares ${formatCount(size[2])}: the file is truncated; ${ADVICE}`,
    );
  return {
    genes: size[0],
    cells: size[1],
    declaredEntries: size[2],
    geneOf: geneOf.subarray(0, n),
    cellOf: cellOf.subarray(0, n),
    values: values.subarray(0, n),
    integer,
  };
}

function resize(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(n);
  b.set(a.subarray(0, Math.min(n, a.length)));
  return b;
}
function resizeF(a: Float32Array, n: number): Float32Array {
  const b = new Float32Array(n);
  b.set(a.subarray(0, Math.min(n, a.length)));
  return b;
}

/** What the summary and the Dataset share: the checked folder, the kept features and their names. */
export interface TenxFolderContents {
  summary: DatasetSummary;
  /** Matrix rows (features) kept as genes. */
  keep: number[];
  geneNames: string[];
  varColumns: MetadataColumn[];
}

/**
 * Checks that the three files agree and describes the folder. `triplets` may hold only the first entries (the
 * summary's pass): the value kind is detected from the first VALUE_SAMPLE_ENTRIES entries in file order, and sparsity
 * comes from the declared entry count, so both readers state the same summary.
 */
export function describeTenxFolder(
  files: TenxFolderFiles,
  features: Features,
  barcodeCount: number,
  triplets: Triplets,
): TenxFolderContents {
  if (features.ids.length !== triplets.genes) {
    throw new DataFileError(
      files.features,
      '',
      `lists ${formatCount(features.ids.length)} features but ${basename(files.matrix)} has ${formatCount(triplets.genes)} rows (genes): the folder mixes files from different runs; ${ADVICE}`,
    );
  }
  if (barcodeCount !== triplets.cells) {
    throw new DataFileError(
      files.barcodes,
      '',
      `lists ${formatCount(barcodeCount)} barcodes but ${basename(files.matrix)} has ${formatCount(triplets.cells)} columns (cells): the folder mixes files from different runs; ${ADVICE}`,
    );
  }
  const notes: string[] = [];
  let keep = features.ids.map((_, i) => i);
  if (features.types) {
    const distinct = [...new Set(features.types)];
    if (distinct.length > 1) {
      keep = keep.filter((i) => features.types?.[i] === 'Gene Expression');
      notes.push(
        `kept the ${formatCount(keep.length)} Gene Expression features of ${formatCount(features.ids.length)} (also present: ${distinct.filter((t) => t !== 'Gene Expression').join(', ')})`,
      );
      if (keep.length === 0)
        throw new DataFileError(
          files.features,
          '',
          `has no "Gene Expression" features (types: ${distinct.join(', ')}): this app needs gene expression`,
        );
    }
  }
  const unique = makeNamesUnique(keep.map((i) => features.names[i]));
  if (unique.renamed > 0)
    notes.push(
      `${unique.renamed} duplicated gene symbols were made unique by adding -1, -2, … (e.g. ${unique.examples.join(', ')}), as scanpy does`,
    );
  const varColumns: MetadataColumn[] = [{ name: 'gene_ids', type: 'string', values: keep.map((i) => features.ids[i]) }];
  if (features.types) varColumns.push({ name: 'feature_types', type: 'string', values: keep.map((i) => features.types?.[i] ?? '') });
  const verdict = detectValueKind(triplets.values.subarray(0, VALUE_SAMPLE_ENTRIES), basename(files.matrix));
  const summary: DatasetSummary = {
    format: '10x-mtx',
    path: files.folder,
    cells: barcodeCount,
    genes: keep.length,
    sparsity: keep.length === triplets.genes ? sparsityFromStored(triplets.declaredEntries, triplets.cells, triplets.genes) : null,
    valueKind: verdict.valueKind,
    valueKindReason: verdict.reason,
    obs: [],
    var: summarizeColumns(varColumns),
    layers: [],
    notes,
  };
  return { summary, keep, geneNames: unique.names, varColumns };
}

/** Reads a 10x folder into a Dataset (the matrix is held as its non-zeros). */
export async function openTenxFolder(path: string): Promise<Dataset> {
  const files = locateTenxFolder(path);
  const [features, barcodes, triplets] = await Promise.all([
    readFeatures(files.features),
    readBarcodes(files.barcodes),
    readMatrixMarket(files.matrix),
  ]);
  const { summary, keep, geneNames, varColumns } = describeTenxFolder(files, features, barcodes.length, triplets);
  const matrix = GeneMajorMatrix.fromTriplets(
    files.matrix,
    basename(files.matrix),
    triplets.cells,
    triplets.genes,
    triplets.geneOf,
    triplets.cellOf,
    triplets.values,
  );
  return assembleDataset({
    summary,
    sourcePaths: [files.matrix, files.barcodes, files.features],
    cellNames: barcodes,
    geneNames,
    obs: [],
    var: varColumns,
    matrixFor: () => ({ source: matrix, geneIndices: (requested) => requested.map((g) => keep[g]) }),
    close: () => undefined,
  });
}
