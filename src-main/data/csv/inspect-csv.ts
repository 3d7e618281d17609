/**
 * The summary of a CSV/TSV table in one streaming pass, without building the matrix: per column it keeps only
 * counts (text fields, non-missing text, zeros), the first text field (for the error message), the distinct values
 * in order of appearance up to one more than a categorical column may have, and a small reservoir of values for the
 * value-kind detector. Memory grows with the number of columns, not with cells × genes. Gives the same summary and
 * the same errors as `(await openCsv(path)).summary`, by the same rules (see read-csv.ts).
 */
import { basename } from 'node:path';
import type { DatasetSummary, MetadataColumnSummary } from '../dataset.ts';
import { readTextLines, splitDelimited } from '../text-lines.ts';
import { detectValueKind } from '../value-kind.ts';
import { ColumnValueSample } from './column-value-sample.ts';
import { DistinctNumberSet } from './distinct-number-set.ts';
import {
  detectOrientation,
  duplicateGeneNamesNote,
  emptyFileError,
  isTextField,
  MAX_CATEGORICAL_LEVELS,
  METADATA_NAME,
  metadataColumnsNote,
  MISSING,
  noDataRowsError,
  noGeneColumnsError,
  orientationNote,
  parseHeaderLine,
  raggedRowError,
  rejectUnmatchedQuote,
  textInNumberColumnError,
  type CsvOptions,
} from './read-csv.ts';
import { parseDecimal } from '../decimal-number.ts';

/** What one pass learns about one column. */
class ColumnStatistics {
  textCount = 0;
  nonMissingTextCount = 0;
  zeroCount = 0;
  firstText: { row: number; text: string } | null = null;
  /**
   * Distinct non-missing values in order of appearance, as the obs column's levels would be: text as written,
   * numbers as numbers (turned into text only at the end). null once there are more than a categorical column may
   * have: the column can then only be a string column, and the values are dropped to keep memory bounded.
   */
  distinct: Array<string | number> | null = [];
  // Membership, one set per kind; numbers, the bulk of every column, in a compact set of their own.
  private numbers = new DistinctNumberSet(MAX_CATEGORICAL_LEVELS + 1);
  private texts = new Set<string>();

  constructor(
    readonly name: string,
    readonly keepsFullPrecision: boolean,
  ) {}

  addNumber(value: number): void {
    if (this.distinct !== null && this.numbers.add(value)) this.remember(value);
  }

  addText(text: string): void {
    if (this.distinct === null) return;
    const before = this.texts.size;
    this.texts.add(text);
    if (this.texts.size !== before) this.remember(text);
  }

  private remember(value: string | number): void {
    if (this.distinct === null) return;
    this.distinct.push(value);
    if (this.distinct.length > MAX_CATEGORICAL_LEVELS) {
      this.distinct = null;
      this.numbers = new DistinctNumberSet(0);
      this.texts = new Set();
    }
  }
}

function columnsOf(header: string[]): ColumnStatistics[] {
  return header.slice(1).map((raw) => {
    const name = raw.trim();
    return new ColumnStatistics(name, METADATA_NAME.test(name));
  });
}

/** An obs column's summary from its statistics, by the rule of read-csv.ts's asMetadata. */
function summarizeObsColumn(column: ColumnStatistics, rows: number): MetadataColumnSummary {
  if (column.nonMissingTextCount === 0) return { name: column.name, type: 'numeric' };
  if (column.distinct !== null) {
    const levels = [...column.distinct].map(String);
    if (levels.length <= MAX_CATEGORICAL_LEVELS && levels.length * 2 <= rows) return { name: column.name, type: 'categorical', levels };
  }
  return { name: column.name, type: 'string' };
}

/** The summary of a (possibly gzipped) CSV/TSV table, read once as a stream. */
export async function inspectCsv(path: string, options: CsvOptions = {}): Promise<DatasetSummary> {
  let header: string[] | null = null;
  let delimiter = ',';
  let width = 0;
  let columns: ColumnStatistics[] = [];
  let sample = new ColumnValueSample(0);
  let rows = 0;
  let line = 0;
  // The first column to show text, for the genes × cells error (the full reader reports that column's first text).
  let firstTextColumn = -1;
  // Row names matter only in a genes × cells table (they are the genes): kept to count duplicates. In a cells × genes
  // table they are cells and are not kept, so memory does not grow with the rows.
  let keepRowNames = false;
  const rowNamesSeen = new Set<string>();
  let duplicateRowNames = 0;
  const duplicateExamples: string[] = [];
  for await (const text of readTextLines(path)) {
    line++;
    if (header === null) {
      ({ delimiter, header, width } = parseHeaderLine(path, line, text));
      columns = columnsOf(header);
      sample = new ColumnValueSample(width);
      continue;
    }
    if (text.trim() === '') continue;
    rejectUnmatchedQuote(path, line, text);
    const fields = splitDelimited(text, delimiter);
    // R's write.table omits the name column's header: the header is then one field shorter than the rows.
    if (rows === 0 && fields.length === width + 2) {
      header.unshift('');
      width++;
      columns = columnsOf(header);
      sample = new ColumnValueSample(width);
    }
    if (fields.length !== width + 1) throw raggedRowError(path, line, fields.length, width, delimiter);
    // The header is final once the first row has shown whether it lacks the name column's header.
    if (rows === 0) keepRowNames = (options.orientation ?? detectOrientation(header).orientation) === 'genes-by-cells';
    const rowName = fields[0];
    if (keepRowNames) {
      if (rowNamesSeen.has(rowName)) {
        duplicateRowNames++;
        if (duplicateExamples.length < 3) duplicateExamples.push(rowName);
      } else rowNamesSeen.add(rowName);
    }
    for (let j = 0; j < width; j++) {
      const field = fields[j + 1];
      // Most fields of an expression table are a plain zero: no number parsing, text test or set lookup needed.
      if (field === '0') {
        sample.add(j, 0);
        columns[j].zeroCount++;
        columns[j].addNumber(0);
        continue;
      }
      const value = field.length > 0 ? parseDecimal(field) : NaN;
      // The matrix holds float32: zeros, the sample and numbers shown as levels are counted as the full reader sees them.
      const stored = Math.fround(value);
      const column = columns[j];
      sample.add(j, stored);
      if (isTextField(field, value)) {
        column.textCount++;
        if (column.firstText === null) {
          column.firstText = { row: rows, text: field };
          if (firstTextColumn < 0) firstTextColumn = j;
        }
        if (!MISSING.test(field.trim())) {
          column.nonMissingTextCount++;
          column.addText(field);
        }
        continue;
      }
      if (stored === 0) column.zeroCount++;
      column.addNumber(column.keepsFullPrecision ? value : stored);
    }
    rows++;
  }
  if (header === null) throw emptyFileError(path);
  if (rows === 0) throw noDataRowsError(path);

  const detected = detectOrientation(header);
  const orientation = options.orientation ?? detected.orientation;
  const notes = [orientationNote(orientation, options, detected.reason)];
  const obs: MetadataColumnSummary[] = [];
  let cells: number;
  let genes: number;
  let sampledColumns: number[];
  if (orientation === 'cells-by-genes') {
    sampledColumns = [];
    for (let j = 0; j < width; j++) {
      const column = columns[j];
      if (column.keepsFullPrecision || column.textCount * 2 >= rows) {
        obs.push(summarizeObsColumn(column, rows));
        continue;
      }
      if (column.firstText !== null)
        throw textInNumberColumnError(path, orientation, column.firstText.row, j, column.name, column.firstText.text);
      sampledColumns.push(j);
    }
    if (sampledColumns.length === 0) throw noGeneColumnsError(path);
    if (obs.length > 0) notes.push(metadataColumnsNote(obs.map((c) => c.name)));
    cells = rows;
    genes = sampledColumns.length;
    const geneNames = sampledColumns.map((j) => columns[j].name);
    const distinctGenes = new Set(geneNames).size;
    if (distinctGenes < genes) notes.push(duplicateGeneNamesNote(genes - distinctGenes, repeatedNames(geneNames)));
  } else {
    if (firstTextColumn >= 0) {
      const { row, text } = columns[firstTextColumn].firstText ?? { row: 0, text: '' };
      throw textInNumberColumnError(path, orientation, row, firstTextColumn, columns[firstTextColumn].name, text);
    }
    sampledColumns = columns.map((_, j) => j);
    cells = width;
    genes = rows;
    if (duplicateRowNames > 0) notes.push(duplicateGeneNamesNote(duplicateRowNames, duplicateExamples));
  }
  let zeros = 0;
  for (const j of sampledColumns) zeros += columns[j].zeroCount;
  const verdict = detectValueKind(sample.valuesOf(sampledColumns), basename(path));
  return {
    format: 'csv',
    path,
    cells,
    genes,
    sparsity: zeros / (cells * genes),
    valueKind: verdict.valueKind,
    valueKindReason: verdict.reason,
    obs,
    var: [],
    layers: [],
    notes,
  };
}

/** The first three names that repeat an earlier one, as makeNamesUnique lists them. */
function repeatedNames(names: string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const name of names) {
    if (seen.has(name)) {
      if (out.length < 3) out.push(name);
    } else seen.add(name);
  }
  return out;
}
