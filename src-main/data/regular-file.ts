/**
 * Refuses paths that are not regular files or folders before anything opens them: opening a FIFO blocks until some
 * other program writes to it (the reader, and `dataset:open`, would never answer), and a device such as /dev/zero or
 * /dev/urandom never ends.
 */
import type { Stats } from 'node:fs';
import { DataFileError } from './reader-error.ts';

/** Throws a DataFileError naming the file when `stats` is not a regular file (or, with `allowFolder`, a folder). */
export function requireRegularFile(path: string, stats: Stats, allowFolder = false): void {
  if (stats.isFile() || (allowFolder && stats.isDirectory())) return;
  const what = stats.isFIFO()
    ? 'a named pipe (FIFO)'
    : stats.isCharacterDevice() || stats.isBlockDevice()
      ? 'a device'
      : stats.isSocket()
        ? 'a socket'
        : stats.isDirectory()
          ? 'a folder'
          : 'not a regular file';
  throw new DataFileError(path, '', `is ${what}, not a data file: choose the saved file itself (h5ad, loom, 10x, CSV/TSV)`);
}
