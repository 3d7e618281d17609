/**
 * An error in a user's input file, worded for a biologist: which file, where in it, what was found, what to do.
 * The CLI and the app print `message` as is, without a stack trace.
 */
export interface DataInputLocation {
  /** The file (or folder) the problem is in. */
  file: string;
  /** 1-based line number, when the problem is on one line. */
  line?: number;
  /** 1-based column number, when the problem is in one field. */
  column?: number;
  /** Header name of that column, when there is one. */
  columnName?: string;
}

export class DataInputError extends Error {
  readonly location: DataInputLocation;

  constructor(message: string, location: DataInputLocation) {
    super(message);
    this.name = 'DataInputError';
    this.location = location;
  }
}

/** "line 12, column 3 (GATA1)" — the place part of a message. */
export function describePlace(line?: number, column?: number, columnName?: string): string {
  const parts: string[] = [];
  if (line !== undefined) parts.push(`line ${line}`);
  if (column !== undefined) parts.push(`column ${column}${columnName ? ` (${JSON.stringify(columnName)})` : ''}`);
  return parts.join(', ');
}
