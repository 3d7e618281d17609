/**
 * The paper's tables and BEELINE's files read through the one line stream (../text-lines.ts), with their failures
 * as DataInputError: a file-system problem names the file and what to do, a damaged gzip says to copy it again.
 */
import { openLineStream, type TextLineStream } from '../text-lines.ts';
import { DataInputError } from './data-input-error.ts';

export type { TextLineStream } from '../text-lines.ts';

/** Turns a file-system error into a message naming the file and what to do. */
export function fileAccessError(path: string, error: unknown, what = 'file'): DataInputError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const name = JSON.stringify(path);
  if (code === 'ENOENT') return new DataInputError(`${name}: no such ${what}. Check the path and the file name.`, { file: path });
  if (code === 'EACCES' || code === 'EPERM') {
    return new DataInputError(`${name}: the ${what} cannot be read (permission denied). Check its permissions.`, { file: path });
  }
  if (code === 'EISDIR') return new DataInputError(`${name} is a folder, not a ${what}.`, { file: path });
  if (code === 'ENOTDIR') return new DataInputError(`${name} is a file, not a folder.`, { file: path });
  const detail = error instanceof Error ? error.message : String(error);
  return new DataInputError(`${name}: the ${what} cannot be read (${detail}).`, { file: path });
}

/**
 * Opens `path` for line-by-line reading (plain or gzip, LF or CRLF, byte-order mark removed). A corrupt or truncated
 * gzip stream ends the iteration with a DataInputError naming the file.
 */
export function openTextLines(path: string): Promise<TextLineStream> {
  return openLineStream(path, ({ kind, error }) => {
    if (kind !== 'decompress') return fileAccessError(path, error);
    return new DataInputError(
      `${JSON.stringify(path)}: the gzip data is corrupt or truncated (${(error as Error).message}). Download or copy the file again.`,
      { file: path },
    );
  });
}
