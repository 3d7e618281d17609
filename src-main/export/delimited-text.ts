/**
 * Fields of CSV (RFC 4180 quoting) and TSV (no quoting exists, so a tab or line break inside a name is refused)
 * and the shortest text that reads back to the same double.
 */

/** Quotes a CSV field only when it needs it (comma, quote, line break, or leading/trailing space). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A TSV field; gene names with tabs or line breaks cannot be written unambiguously, so they are an error. */
export function tsvField(value: string, what: string): string {
  if (/[\t\r\n]/.test(value)) {
    throw new Error(
      `${what} "${value.replace(/[\t\r\n]/g, ' ')}" contains a tab or line break, which TSV cannot hold. Export as CSV instead.`,
    );
  }
  return value;
}

/** JavaScript's shortest round-trip form: parsing it gives back exactly the same double. */
export function numberField(value: number): string {
  if (!Number.isFinite(value))
    throw new Error(
      `a weight is ${value}; the run's network holds non-finite numbers, so it cannot be exported. Re-run the fit (it stops on NaN).`,
    );
  return String(value);
}
