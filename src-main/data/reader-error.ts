/**
 * Errors from the file readers, written for biologists: the file, the place inside it, what was found, what to do.
 * Example: `"pbmc.h5ad" /X/indptr is not monotone at position 17: the file may be corrupted; re-export it from scanpy`.
 */
import { basename } from 'node:path';

/** A problem with one input file, naming the file and the element (HDF5 path, line/column, option) inside it. */
export class DataFileError extends Error {
  override readonly name = 'DataFileError';
  constructor(
    readonly file: string,
    /** Where inside the file: an HDF5 path such as `/X/indptr`, `line 12, column 3`, or an option name. */
    readonly element: string,
    /** What was found and what to do, as one sentence after the location. */
    readonly detail: string,
  ) {
    super(`${quoteFile(file)}${element ? ` ${element}` : ''} ${detail}`);
  }
}

/** The file's name in quotes, as every message starts with it; the full path is kept on the error object. */
export function quoteFile(file: string): string {
  return `"${basename(file)}"`;
}

/** Formats a count the way the messages do (2,700 rather than 2700) so big shapes stay readable. */
export function formatCount(n: number | bigint): string {
  return typeof n === 'bigint' ? n.toLocaleString('en-US') : Math.round(n).toLocaleString('en-US');
}
