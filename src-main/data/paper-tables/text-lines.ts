/**
 * Streams the lines of a text file, plain or gzip (detected from the magic bytes 1f 8b, not from the name), and
 * hashes the file's bytes on the way, so a big table is never held in memory as one string.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { SourceFile } from '../dataset.ts';
import { DataInputError } from './data-input-error.ts';

const GZIP_MAGIC = [0x1f, 0x8b];

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

/** True when the first two bytes are gzip's magic number. */
export async function isGzipFile(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileAccessError(path, error);
  }
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
  } catch (error) {
    throw fileAccessError(path, error);
  } finally {
    await handle.close();
  }
}

/** An open line stream: iterate `lines`, then read `source()` for the byte count and SHA-256 of the whole file. */
export interface TextLineStream {
  gzip: boolean;
  lines: AsyncIterable<string>;
  /** Valid once `lines` has been read to the end. */
  source(): SourceFile;
}

/**
 * Opens `path` for line-by-line reading. Line endings LF and CRLF are both accepted. A corrupt or truncated gzip
 * stream ends the iteration with a DataInputError naming the file.
 */
export async function openTextLines(path: string): Promise<TextLineStream> {
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  } catch (error) {
    throw fileAccessError(path, error);
  }
  const gzip = await isGzipFile(path);
  const raw = createReadStream(path);
  const hash = createHash('sha256');
  let bytes = 0;
  raw.on('data', (chunk: Buffer | string) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    hash.update(buffer);
  });
  let text: Readable = raw;
  if (gzip) {
    const gunzip = createGunzip();
    raw.on('error', (error) => gunzip.destroy(error));
    text = raw.pipe(gunzip);
  }
  text.setEncoding('utf8');
  let finished: SourceFile | null = null;

  async function* iterate(): AsyncGenerator<string> {
    const reader = createInterface({ input: text, crlfDelay: Infinity });
    try {
      let first = true;
      for await (const line of reader) {
        // A UTF-8 byte-order mark (spreadsheet exports) would otherwise stick to the first header name.
        if (first && line.charCodeAt(0) === 0xfeff) yield line.slice(1);
        else yield line;
        first = false;
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (gzip && code.startsWith('Z_')) {
        throw new DataInputError(
          `${JSON.stringify(path)}: the gzip data is corrupt or truncated (${(error as Error).message}). ` +
            'Download or copy the file again.',
          { file: path },
        );
      }
      throw fileAccessError(path, error);
    } finally {
      reader.close();
      raw.destroy();
    }
    finished = { path, bytes, sha256: hash.digest('hex') };
  }

  return {
    gzip,
    lines: iterate(),
    source() {
      if (!finished) throw new Error(`source() of ${basename(path)} was asked for before its lines were read to the end`);
      return finished;
    },
  };
}
