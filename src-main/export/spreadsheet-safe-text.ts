/**
 * Spreadsheet formula injection: Excel, LibreOffice and Google Sheets run a CSV/TSV cell that starts with = + - @
 * (or a tab or carriage return) as a formula, so a gene named `=HYPERLINK(...)` in someone's data would run in the
 * biologist's spreadsheet. Such a name is written with a leading apostrophe, which spreadsheets show as text; the
 * importer removes it again, so a file written here reads back to the same names.
 */

/** Starts like a formula, possibly behind apostrophes that themselves came from this escaping. */
const FORMULA_START = /^'*[=+\-@\t\r]/;

/** The text to write in a cell a spreadsheet may open. */
export function spreadsheetSafe(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Undoes `spreadsheetSafe` (only the apostrophe it added). */
export function fromSpreadsheetSafe(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}
