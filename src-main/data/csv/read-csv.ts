/**
 * Generic expression table (CSV or TSV, optionally gzip): cells × genes (one row per cell, the usual pandas/scanpy
 * export) or genes × cells (one row per gene, as BEELINE and many R exports), detected from the headers and
 * overridable. In cells × genes tables, columns that hold text, or are named like metadata (time, pseudotime, hours,
 * lineage, cell type, cluster, …), become obs columns; every other column is a gene.
 */
import { basename } from 'node:path';
import type { Dataset, DatasetSummary, MetadataColumn } from '../dataset.ts';
import { assembleDataset, makeNamesUnique, summarizeColumns } from '../assemble-dataset.ts';
import { DataFileError, formatCount } from '../reader-error.ts';
import { readTextLines, splitDelimited } from '../text-lines.ts';
import { detectValueKind } from '../value-kind.ts';
import { DenseMemoryMatrix } from './dense-memory-matrix.ts';
import { ColumnValueSample } from './column-value-sample.ts';
import { parseDecimal } from '../decimal-number.ts';
import { dataMemoryBudgetBytes, formatBytes } from '../read-limits.ts';

export type TableOrientation = 'cells-by-genes' | 'genes-by-cells';

export interface CsvOptions {
  /** Overrides the detected orientation. */
  orientation?: TableOrientation;
}

export const ADVICE = 'fix the table (one header row, one name column, then numbers) and save it again';
/** Column names that mean per-cell metadata, not genes, even when the values are numbers. */
export const METADATA_NAME =
  /^(time|times|pseudotime|pseudo_?time|dpt_pseudotime|latent_?time|velocity_pseudotime|hours?|hrs?|days?|timepoint|time_?point|age|lineage|lineages|cell_?type|celltype|cluster|clusters|louvain|leiden|batch|sample|donor|condition|stage|state|group|treatment|n_counts|n_genes|total_counts)$/i;
const GENE_ROW_HEADER = /^(genes?|gene_?ids?|gene_?names?|gene_?symbols?|symbols?|features?|ensembl(_?id)?|id)$/i;
const CELL_ROW_HEADER = /^(cells?|cell_?ids?|cell_?names?|barcodes?|obs_?names?|index|sample_?ids?)$/i;
const BARCODE = /^[ACGTN]{8,}(-\d+)?$/;
export const MISSING = /^(|na|nan|n\/a|null|none)$/i;

/** Largest number of distinct values a text obs column may have to be read as categorical. */
export const MAX_CATEGORICAL_LEVELS = 100;

/** The delimiter of a table, from its header line: tab, then comma, then semicolon. */
export function detectDelimiter(headerLine: string): string {
  return headerLine.includes('\t') ? '\t' : headerLine.includes(',') ? ',' : headerLine.includes(';') ? ';' : '\t';
}

/** True when a field that is not a number is text rather than a spelled-out NaN ("nan", "-NaN"). */
export function isTextField(field: string, value: number): boolean {
  return Number.isNaN(value) && !/^[+-]?nan$/i.test(field.trim());
}

/** Why a data row cannot be read: it has more or fewer fields than the header. */
export function raggedRowError(path: string, line: number, fields: number, width: number, delimiter: string): DataFileError {
  return new DataFileError(
    path,
    `line ${line}`,
    `has ${fields} fields but the header has ${width + 1}: check for a missing value, an extra separator or an unquoted ${delimiter === ',' ? 'comma' : 'tab'} in a name; ${ADVICE}`,
  );
}

/** Text in a column that must hold numbers: a gene column (cells × genes) or a cell column (genes × cells). */
export function textInNumberColumnError(
  path: string,
  orientation: TableOrientation,
  row: number,
  column: number,
  name: string,
  text: string,
): DataFileError {
  const where = `line ${row + 2}, column ${column + 2} ("${name}")`;
  return orientation === 'cells-by-genes'
    ? new DataFileError(
        path,
        where,
        `holds "${text.slice(0, 40)}", which is not a number, in a gene column: write 0 for no expression or remove the cell; ${ADVICE}`,
      )
    : new DataFileError(
        path,
        where,
        `holds "${text.slice(0, 40)}", which is not a number: in a genes × cells table every column after the first must be a cell of numbers; ${ADVICE}`,
      );
}

/** The first note of a table's summary: how the orientation was chosen. */
export function orientationNote(orientation: TableOrientation, options: CsvOptions, reason: string): string {
  return options.orientation ? `orientation ${options.orientation} was set by the user` : `read as ${orientation}: ${reason}`;
}

/** The header line of a table, shared by the full reader and the one-pass summary: delimiter, names, data width. */
export function parseHeaderLine(path: string, line: number, text: string): { delimiter: string; header: string[]; width: number } {
  if (text.trim() === '') throw blankHeaderError(path);
  const delimiter = detectDelimiter(text);
  rejectUnmatchedQuote(path, line, text);
  const header = splitDelimited(text, delimiter);
  const width = header.length - 1;
  if (width < 1) throw oneColumnError(path);
  return { delimiter, header, width };
}

export function blankHeaderError(path: string): DataFileError {
  return new DataFileError(
    path,
    'line 1',
    `is empty: the table needs a header row with a name column and then gene (or cell) names; ${ADVICE}`,
  );
}

export function oneColumnError(path: string): DataFileError {
  return new DataFileError(
    path,
    'line 1',
    `has only one column: expected a name column and then one column per gene (or cell), separated by commas or tabs; ${ADVICE}`,
  );
}

export function emptyFileError(path: string): DataFileError {
  return new DataFileError(path, '', `is empty: ${ADVICE}`);
}

export function noDataRowsError(path: string): DataFileError {
  return new DataFileError(path, 'line 2', `is missing: the table has a header but no data rows; ${ADVICE}`);
}

export function noGeneColumnsError(path: string): DataFileError {
  return new DataFileError(path, 'line 1', `has no gene columns (every column looks like cell metadata): ${ADVICE}`);
}

export function metadataColumnsNote(names: string[]): string {
  return `columns read as cell metadata: ${names.join(', ')}`;
}

export function duplicateGeneNamesNote(renamed: number, examples: string[]): string {
  return `${renamed} duplicated gene names were made unique by adding -1, -2, … (e.g. ${examples.join(', ')})`;
}

/** Decides the orientation from the header: the first column's name, metadata names, barcode-like names. */
export function detectOrientation(header: string[]): { orientation: TableOrientation; reason: string } {
  const first = header[0]?.trim() ?? '';
  const rest = header.slice(1);
  if (GENE_ROW_HEADER.test(first))
    return { orientation: 'genes-by-cells', reason: `the first column is named "${first}", so each row is a gene` };
  if (CELL_ROW_HEADER.test(first))
    return { orientation: 'cells-by-genes', reason: `the first column is named "${first}", so each row is a cell` };
  const metadata = rest.filter((n) => METADATA_NAME.test(n.trim()));
  if (metadata.length > 0)
    return {
      orientation: 'cells-by-genes',
      reason: `the header has per-cell columns (${metadata.slice(0, 3).join(', ')}), so each row is a cell`,
    };
  const barcodes = rest.filter((n) => BARCODE.test(n.trim())).length;
  if (rest.length > 0 && barcodes * 2 > rest.length)
    return { orientation: 'genes-by-cells', reason: 'the column names look like cell barcodes, so each row is a gene' };
  return {
    orientation: 'cells-by-genes',
    // No option named: the app reads the same note. Naming the first column says which way the table lies.
    reason: 'nothing in the header says otherwise, so each row is taken to be a cell; if each row is a gene, name the first column "gene"',
  };
}

interface ParsedTable {
  delimiter: string;
  header: string[];
  rowNames: string[];
  /** rows × (header.length − 1) values, NaN where the text was not a number. */
  values: Float32Array;
  /** Text of non-numeric cells by column: first few kept for messages, all kept for metadata columns. */
  textByColumn: Map<number, Map<number, string>>;
  /** Float64 copies of columns named like metadata (time values need full precision). */
  preciseByColumn: Map<number, Float64Array>;
}

async function parseTable(path: string, precise: (name: string) => boolean): Promise<ParsedTable> {
  let header: string[] | null = null;
  let delimiter = ',';
  const rowNames: string[] = [];
  let values: Float32Array = new Float32Array(0);
  let width = 0;
  let line = 0;
  const textByColumn = new Map<number, Map<number, string>>();
  const preciseColumns: number[] = [];
  const preciseValues = new Map<number, number[]>();
  const findPreciseColumns = (names: string[]): void => {
    preciseColumns.length = 0;
    preciseValues.clear();
    names.forEach((name, i) => {
      if (i > 0 && precise(name.trim())) {
        preciseColumns.push(i - 1);
        preciseValues.set(i - 1, []);
      }
    });
  };
  for await (const text of readTextLines(path)) {
    line++;
    if (header === null) {
      ({ delimiter, header, width } = parseHeaderLine(path, line, text));
      findPreciseColumns(header);
      values = new Float32Array(width * 1024);
      continue;
    }
    if (text.trim() === '') continue;
    rejectUnmatchedQuote(path, line, text);
    const fields = splitDelimited(text, delimiter);
    // R's write.table omits the name column's header: the header is then one field shorter than the rows.
    if (rowNames.length === 0 && fields.length === width + 2) {
      header.unshift('');
      width++;
      values = new Float32Array(width * 1024);
      // Every name moved one column to the right: so do the full-precision columns.
      findPreciseColumns(header);
    }
    if (fields.length !== width + 1) throw raggedRowError(path, line, fields.length, width, delimiter);
    const row = rowNames.length;
    if ((row + 1) * width > values.length) {
      const size = Math.max(values.length * 2, (row + 1) * width);
      // A table has no declared shape: its growth is what is bounded (a gzip of zeros inflates 1,000-fold).
      const budget = dataMemoryBudgetBytes();
      if (size * 4 > budget) {
        throw new DataFileError(
          path,
          `line ${line}`,
          `is where the table outgrows the memory available for it (${formatBytes(budget)} for ${formatCount(rowNames.length)} rows × ${formatCount(width)} columns and more): save it as h5ad or a 10x folder, which are read gene by gene, or keep fewer genes`,
        );
      }
      const grown = new Float32Array(size);
      grown.set(values);
      values = grown;
    }
    rowNames.push(fields[0]);
    for (let j = 0; j < width; j++) {
      const field = fields[j + 1];
      const v = field.length > 0 ? parseDecimal(field) : NaN;
      values[row * width + j] = v;
      if (isTextField(field, v)) {
        let texts = textByColumn.get(j);
        if (!texts) {
          texts = new Map();
          textByColumn.set(j, texts);
        }
        texts.set(row, field);
      }
    }
    for (const j of preciseColumns) preciseValues.get(j)?.push(parseDecimal(fields[j + 1]));
  }
  if (header === null) throw emptyFileError(path);
  if (rowNames.length === 0) throw noDataRowsError(path);
  const preciseByColumn = new Map<number, Float64Array>();
  for (const [j, list] of preciseValues) preciseByColumn.set(j, Float64Array.from(list));
  return { delimiter, header, rowNames, values: values.subarray(0, rowNames.length * width), textByColumn, preciseByColumn };
}

/** An odd number of double quotes means a quoted name never ends, which would silently swallow the rest of the row. */
export function rejectUnmatchedQuote(path: string, line: number, text: string): void {
  let quotes = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) quotes++;
  if (quotes % 2 === 1)
    throw new DataFileError(
      path,
      `line ${line}`,
      `has an unmatched double quote: close the quoted name ("…") or remove the quote; ${ADVICE}`,
    );
}

function asMetadata(name: string, rows: number, table: ParsedTable, j: number, width: number): MetadataColumn {
  const texts = table.textByColumn.get(j);
  const nonMissingText = texts ? [...texts.values()].filter((t) => !MISSING.test(t.trim())).length : 0;
  if (nonMissingText === 0) {
    const precise = table.preciseByColumn.get(j);
    const values = new Float64Array(rows);
    for (let r = 0; r < rows; r++) values[r] = precise ? precise[r] : table.values[r * width + j];
    return { name, type: 'numeric', values };
  }
  const strings = Array.from({ length: rows }, (_, r) => {
    const t = texts?.get(r);
    if (t !== undefined) return MISSING.test(t.trim()) ? '' : t;
    return String(table.preciseByColumn.get(j)?.[r] ?? table.values[r * width + j]);
  });
  const levels = [...new Set(strings.filter((s) => s !== ''))];
  if (levels.length <= MAX_CATEGORICAL_LEVELS && levels.length * 2 <= rows) {
    const codeOf = new Map(levels.map((l, i) => [l, i]));
    return { name, type: 'categorical', levels, codes: Int32Array.from(strings, (s) => codeOf.get(s) ?? -1) };
  }
  return { name, type: 'string', values: strings };
}

/** Reads a table into a Dataset (held in memory: text tables are small by nature). */
export async function openCsv(path: string, options: CsvOptions = {}): Promise<Dataset> {
  const table = await parseTable(path, (name) => METADATA_NAME.test(name));
  const detected = detectOrientation(table.header);
  const orientation = options.orientation ?? detected.orientation;
  const orientationReason = orientationNote(orientation, options, detected.reason);
  const width = table.header.length - 1;
  const rows = table.rowNames.length;
  const columnNames = table.header.slice(1).map((n) => n.trim());
  const notes = [orientationReason];
  let cellNames: string[];
  let geneNamesRaw: string[];
  let matrixValues: Float32Array;
  const obs: MetadataColumn[] = [];
  // Every column of a genes × cells table is a cell of numbers.
  let sampledColumns = Array.from({ length: width }, (_, j) => j);
  if (orientation === 'cells-by-genes') {
    const geneColumns: number[] = [];
    for (let j = 0; j < width; j++) {
      const texts = table.textByColumn.get(j);
      const textCount = texts?.size ?? 0;
      if (METADATA_NAME.test(columnNames[j]) || textCount * 2 >= rows) {
        obs.push(asMetadata(columnNames[j], rows, table, j, width));
        continue;
      }
      if (textCount > 0 && texts) {
        const [row, text] = texts.entries().next().value as [number, string];
        throw textInNumberColumnError(path, orientation, row, j, columnNames[j], text);
      }
      geneColumns.push(j);
    }
    if (geneColumns.length === 0) throw noGeneColumnsError(path);
    sampledColumns = geneColumns;
    cellNames = table.rowNames;
    geneNamesRaw = geneColumns.map((j) => columnNames[j]);
    matrixValues = new Float32Array(rows * geneColumns.length);
    for (let r = 0; r < rows; r++)
      for (let k = 0; k < geneColumns.length; k++) matrixValues[r * geneColumns.length + k] = table.values[r * width + geneColumns[k]];
    if (obs.length > 0) notes.push(metadataColumnsNote(obs.map((c) => c.name)));
  } else {
    for (const [j, texts] of table.textByColumn) {
      const [row, text] = texts.entries().next().value as [number, string];
      throw textInNumberColumnError(path, orientation, row, j, columnNames[j], text);
    }
    cellNames = columnNames;
    geneNamesRaw = table.rowNames;
    matrixValues = new Float32Array(rows * width);
    for (let g = 0; g < rows; g++) for (let c = 0; c < width; c++) matrixValues[c * rows + g] = table.values[g * width + c];
  }
  const unique = makeNamesUnique(geneNamesRaw);
  if (unique.renamed > 0) notes.push(duplicateGeneNamesNote(unique.renamed, unique.examples));
  const matrix = new DenseMemoryMatrix(path, basename(path), cellNames.length, unique.names.length, matrixValues);
  // The sample inspectCsv draws in its streaming pass: the same values offered in file order.
  const sample = new ColumnValueSample(width);
  for (let r = 0; r < rows; r++) for (let j = 0; j < width; j++) sample.add(j, table.values[r * width + j]);
  const verdict = detectValueKind(sample.valuesOf(sampledColumns), basename(path));
  const summary: DatasetSummary = {
    format: 'csv',
    path,
    cells: cellNames.length,
    genes: unique.names.length,
    sparsity: matrix.zeroShare(),
    valueKind: verdict.valueKind,
    valueKindReason: verdict.reason,
    obs: summarizeColumns(obs),
    var: [],
    layers: [],
    notes,
  };
  if (cellNames.length === 0 || unique.names.length === 0)
    throw new DataFileError(
      path,
      '',
      `holds ${formatCount(cellNames.length)} cells and ${formatCount(unique.names.length)} genes: ${ADVICE}`,
    );
  return assembleDataset({
    summary,
    sourcePaths: [path],
    cellNames,
    geneNames: unique.names,
    obs,
    var: [],
    matrixFor: () => ({ source: matrix, geneIndices: (requested) => requested }),
    close: () => undefined,
  });
}
