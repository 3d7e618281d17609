/**
 * Reading the obs columns a training run is built from — per-cell times and per-cell group labels — with errors that
 * name the file, the column and the first offending cell, so a biologist can fix the table that produced them.
 */
import type { Dataset, MetadataColumn } from '../dataset.ts';
import { DataFileError } from '../reader-error.ts';

/** Text that stands for "no value" in exported tables (R's NA, pandas' NaN, empty). */
const MISSING_TEXT = /^(|na|nan|none|null)$/i;

/** The obs column of that name, or an error listing the columns the file has. */
export function findObsColumn(dataset: Dataset, name: string, role: string): MetadataColumn {
  const column = dataset.obs.find((c) => c.name === name);
  if (column) return column;
  const caseInsensitive = dataset.obs.find((c) => c.name.toLowerCase() === name.toLowerCase());
  const hint = caseInsensitive ? ` Did you mean "${caseInsensitive.name}"? Column names are case-sensitive.` : '';
  const present =
    dataset.obs.length > 0
      ? `Its obs columns are: ${listSome(dataset.obs.map(describeColumn), 15)}.`
      : 'It has no obs (per-cell) columns at all.';
  throw new DataFileError(dataset.summary.path, '', `has no obs column "${name}" for the ${role}. ${present}${hint}`);
}

/**
 * Per-cell numbers from a pseudotime or time column: NaN where the cell has no value (it is then left out).
 * Numeric columns are used as they are; text or categorical columns only when every value reads as a number (a time
 * course stored as "0", "24", "48"); anything else is an error naming the first cell that is not a number.
 */
export function timeValues(dataset: Dataset, column: MetadataColumn, role: string): Float64Array {
  const file = dataset.summary.path;
  const where = `obs column "${column.name}"`;
  const cells = dataset.cellNames.length;
  const notANumber = (cell: number, value: string): never => {
    throw new DataFileError(
      file,
      where,
      `is used as the ${role}, but cell "${dataset.cellNames[cell]}" (row ${cell + 1}) holds ${JSON.stringify(value)}, which is not a number. ` +
        `Choose a numeric column for the ${role}${numericColumnHint(dataset)}, or fix that value in the file.`,
    );
  };
  const out = new Float64Array(cells);
  switch (column.type) {
    case 'numeric':
      for (let c = 0; c < cells; c++) out[c] = column.values[c];
      break;
    case 'boolean':
      throw new DataFileError(file, where, `holds true/false values, not a ${role}. Choose a numeric column${numericColumnHint(dataset)}.`);
    case 'categorical': {
      const levelValues = column.levels.map(parseNumber);
      const missingLevel = column.levels.map((level) => MISSING_TEXT.test(level.trim()));
      for (let c = 0; c < cells; c++) {
        const code = column.codes[c];
        if (code < 0 || missingLevel[code]) out[c] = NaN;
        else if (Number.isNaN(levelValues[code])) notANumber(c, column.levels[code]);
        else out[c] = levelValues[code];
      }
      break;
    }
    case 'string':
      for (let c = 0; c < cells; c++) {
        const text = column.values[c].trim();
        if (MISSING_TEXT.test(text)) out[c] = NaN;
        else {
          const value = parseNumber(text);
          if (Number.isNaN(value)) notANumber(c, column.values[c]);
          out[c] = value;
        }
      }
      break;
  }
  for (let c = 0; c < cells; c++) {
    if (out[c] === Infinity || out[c] === -Infinity) {
      throw new DataFileError(
        file,
        where,
        `holds an infinite ${role} for cell "${dataset.cellNames[c]}" (row ${c + 1}): replace it by a finite number or leave it empty to leave the cell out.`,
      );
    }
  }
  return out;
}

/** Per-cell labels of a grouping column (lineage, cell type, donor, batch) as text; null where a cell has none. */
export function labelValues(column: MetadataColumn): Array<string | null> {
  switch (column.type) {
    case 'categorical':
      return Array.from(column.codes, (code) => (code >= 0 && code < column.levels.length ? column.levels[code] : null));
    case 'string':
      return column.values.map((value) => (value.trim() === '' ? null : value));
    case 'boolean':
      return Array.from(column.values, (value) => (value ? 'true' : 'false'));
    case 'numeric':
      return Array.from(column.values, (value) => (Number.isNaN(value) ? null : String(value)));
  }
}

/** Numeric obs columns, listed for messages. */
export function numericColumnHint(dataset: Dataset): string {
  const numeric = dataset.obs.filter((c) => c.type === 'numeric').map((c) => `"${c.name}"`);
  return numeric.length > 0 ? ` (numeric obs columns: ${listSome(numeric, 12)})` : '';
}

export function listSome(values: string[], limit = 6): string {
  const shown = values.slice(0, limit).join(', ');
  return values.length > limit ? `${shown} and ${values.length - limit} more` : shown;
}

function describeColumn(column: MetadataColumn): string {
  return `"${column.name}" (${column.type === 'categorical' ? `categories: ${listSome(column.levels, 4)}` : column.type})`;
}

function parseNumber(text: string): number {
  const trimmed = text.trim();
  if (trimmed === '') return NaN;
  const value = Number(trimmed);
  return Number.isNaN(value) ? NaN : value;
}
