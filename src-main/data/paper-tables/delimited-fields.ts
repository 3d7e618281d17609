/**
 * Splitting one line of a TSV or CSV table into fields, and reading one numeric field strictly.
 * Quoted CSV fields ("a,b", with "" for a quote) are supported within a line; fields never span lines here.
 */

export type Delimiter = '\t' | ',';

/** Tab when the header line has a tab, comma otherwise (the paper's ".csv" files are really tab-separated). */
export function detectDelimiter(headerLine: string): Delimiter {
  return headerLine.includes('\t') ? '\t' : ',';
}

/** Splits a line on the delimiter, honouring double quotes. */
export function splitFields(line: string, delimiter: Delimiter): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"' && field.length === 0) {
      quoted = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
    } else {
      field += c;
    }
  }
  fields.push(field);
  return fields;
}

/** Why a field is not a usable number, or null when it is one. */
export type NumberProblem = 'empty' | 'not a number' | 'NaN' | 'infinite';

/**
 * Parses a decimal number strictly: the whole field must be a number (unlike parseFloat, "1.5x" is rejected).
 * Returns the value, or the reason it cannot be used, so the caller can name the line and column.
 */
export function parseStrictNumber(text: string): number | NumberProblem {
  const trimmed = text.trim();
  if (trimmed.length === 0) return 'empty';
  const value = Number(trimmed);
  if (Number.isNaN(value)) {
    return /^[+-]?nan$/i.test(trimmed) ? 'NaN' : /^[+-]?inf(inity)?$/i.test(trimmed) ? 'infinite' : 'not a number';
  }
  if (!Number.isFinite(value)) return 'infinite';
  // Number() also accepts hexadecimal and binary literals, which no expression table means.
  if (/^[+-]?0[xob]/i.test(trimmed)) return 'not a number';
  return value;
}
