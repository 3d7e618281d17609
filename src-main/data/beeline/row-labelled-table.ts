/**
 * BEELINE's CSV files share one shape: a header of column names and rows whose first field names the row. R's
 * write.csv leaves the header's first (row-name) cell empty, and some writers drop it altogether; both are accepted.
 */
import { basename } from 'node:path';
import { DataInputError, describePlace } from '../paper-tables/data-input-error.ts';
import { detectDelimiter, parseStrictNumber, splitFields, type Delimiter } from '../paper-tables/delimited-fields.ts';
import { GrowableFloat64 } from '../paper-tables/growable-array.ts';
import { openTextLines } from '../paper-tables/text-lines.ts';
import type { SourceFile } from '../dataset.ts';

export interface RowLabelledTable {
  columns: string[];
  rows: string[];
  /** rows × columns, row-major; NaN where a missing value was allowed and found. */
  values: Float64Array;
  source: SourceFile;
}

export interface RowLabelledTableOptions {
  /** Treat empty fields and "NA" as missing (NaN) instead of an error. */
  allowMissing: boolean;
  /** What the rows are, for messages ("gene", "cell"). */
  rowKind: string;
}

const MISSING = /^(|NA|NaN|nan)$/;

export async function readRowLabelledTable(path: string, options: RowLabelledTableOptions): Promise<RowLabelledTable> {
  const name = JSON.stringify(basename(path));
  const stream = await openTextLines(path);
  let columns: string[] | null = null;
  let delimiter: Delimiter = ',';
  const rows: string[] = [];
  const values = new GrowableFloat64(1 << 14);
  let lineNumber = 0;
  let rowNameHeaderKnown = false;
  for await (const line of stream.lines) {
    lineNumber++;
    if (line.trim().length === 0) continue;
    if (columns === null) {
      delimiter = detectDelimiter(line);
      columns = splitFields(line, delimiter).map((c) => c.trim());
      // An empty first header cell is the row-name column's (R's write.csv, pandas' to_csv).
      if (columns[0] === '') {
        columns = columns.slice(1);
        rowNameHeaderKnown = true;
      }
      continue;
    }
    const fields = splitFields(line, delimiter);
    if (rows.length === 0 && !rowNameHeaderKnown && fields.length === columns.length) {
      // The header names the row-name column ("gene,c1,c2"): rows are as long as the header.
      columns = columns.slice(1);
    }
    const expected = columns.length + 1;
    if (fields.length !== expected) {
      throw new DataInputError(
        `${name}, line ${lineNumber}: this row has ${fields.length} fields but the header names ${columns.length} column(s) ` +
          `plus the ${options.rowKind} name. Is the file truncated or edited by hand?`,
        { file: path, line: lineNumber },
      );
    }
    const rowName = fields[0].trim();
    if (rowName.length === 0) {
      throw new DataInputError(`${name}, line ${lineNumber}: the ${options.rowKind} name (first field) is empty.`, {
        file: path,
        line: lineNumber,
        column: 1,
      });
    }
    rows.push(rowName);
    for (let i = 1; i < fields.length; i++) {
      const text = fields[i].trim();
      if (options.allowMissing && MISSING.test(text)) {
        values.push(NaN);
        continue;
      }
      const parsed = parseStrictNumber(text);
      if (typeof parsed !== 'number') {
        const found = parsed === 'empty' ? 'an empty value' : `${JSON.stringify(text)} (${parsed})`;
        throw new DataInputError(
          `${name}, ${describePlace(lineNumber, i + 1, columns[i - 1])}: found ${found} where a finite number is needed.`,
          { file: path, line: lineNumber, column: i + 1, columnName: columns[i - 1] },
        );
      }
      values.push(parsed);
    }
  }
  if (columns === null)
    throw new DataInputError(`${name} is empty: expected a header row and one row per ${options.rowKind}.`, { file: path });
  if (rows.length === 0) throw new DataInputError(`${name} has a header but no ${options.rowKind} rows.`, { file: path, line: lineNumber });
  return { columns, rows, values: values.toArray(), source: stream.source() };
}
