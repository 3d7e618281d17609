/**
 * Streams the lines of a text file that may be gzip-compressed (detected by its magic bytes, not its name), so
 * large tables are never read into one string. One reader for every text format: the data set readers (CSV, TSV,
 * 10x matrices) and the paper's tables each turn its failures into their own error type through `describeFailure`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { Transform, type Readable } from 'node:stream';
import type { SourceFile } from './dataset.ts';
import { DataFileError } from './reader-error.ts';

/**
 * Longest line accepted (16 MB: a table row of 2 million values or more). Readline keeps a whole line in memory, so
 * without a bound a gzip "bomb" of one endless line (1 MB of zeros inflating to 1 GB) would exhaust it.
 */
export const MAX_LINE_BYTES = 16 * 1024 ** 2;

/** Passes bytes through, failing once a line runs past `maxLineBytes` (the error names the line). */
function lineLengthGuard(maxLineBytes: number): Transform {
  let sinceNewline = 0;
  let line = 1;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      let start = 0;
      for (let i = chunk.indexOf(0x0a); i >= 0; i = chunk.indexOf(0x0a, i + 1)) {
        sinceNewline += i - start;
        if (sinceNewline > maxLineBytes) break;
        sinceNewline = 0;
        line++;
        start = i + 1;
      }
      if (sinceNewline <= maxLineBytes) sinceNewline += chunk.length - start;
      if (sinceNewline > maxLineBytes) {
        const error = Object.assign(
          new Error(
            `line ${line} is longer than ${maxLineBytes / 1024 ** 2} MB: this is not a table of values, or its line endings are damaged`,
          ),
          { code: 'ELINETOOLONG' },
        );
        done(error);
        return;
      }
      done(null, chunk);
    },
  });
}

/** True when the file starts with the gzip magic bytes 1f 8b. */
export function isGzipFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const n = readSync(fd, head, 0, 2, 0);
    return n === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

/** What went wrong while streaming, for the caller to word: the file could not be opened, unzipped or read. */
export interface LineStreamFailure {
  kind: 'access' | 'decompress' | 'read';
  error: unknown;
  /** Lines delivered before the failure. */
  linesRead: number;
  gzip: boolean;
}

/** An open line stream: iterate `lines`, then read `source()` for the byte count and SHA-256 of the whole file. */
export interface TextLineStream {
  gzip: boolean;
  lines: AsyncIterable<string>;
  /** Valid once `lines` has been read to the end. */
  source(): SourceFile;
}

/**
 * Opens `path` for line-by-line reading: LF and CRLF endings, a UTF-8 byte-order mark (spreadsheet exports) removed
 * from the first line, the file's bytes hashed on the way. Breaking out of the loop early closes the file.
 */
export async function openLineStream(path: string, describeFailure: (failure: LineStreamFailure) => Error): Promise<TextLineStream> {
  let gzip = false;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    // Opening a FIFO blocks until a writer appears, and a device never ends: refuse both before opening.
    if (!info.isFile()) throw Object.assign(new Error('is not a regular file (a pipe, socket or device)'), { code: 'ENOTREGULAR' });
    gzip = isGzipFile(path);
  } catch (error) {
    throw describeFailure({ kind: 'access', error, linesRead: 0, gzip });
  }
  const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const hash = createHash('sha256');
  let bytes = 0;
  raw.on('data', (chunk: Buffer | string) => {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    bytes += buffer.length;
    hash.update(buffer);
  });
  let streamError: unknown = null;
  let text: Readable = raw;
  raw.on('error', (error) => {
    streamError ??= error;
  });
  if (gzip) {
    const gunzip = createGunzip();
    gunzip.on('error', (error) => {
      streamError ??= error;
    });
    text = raw.pipe(gunzip);
  }
  const guard = lineLengthGuard(MAX_LINE_BYTES);
  guard.on('error', (error) => {
    streamError ??= error;
  });
  // pipe() does not forward errors: a damaged gzip or a read error must end the guard, or readline waits forever.
  raw.on('error', (error) => guard.destroy(error));
  text.on('error', (error) => guard.destroy(error));
  text = text.pipe(guard);
  text.setEncoding('utf8');
  let finished: SourceFile | null = null;

  async function* iterate(): AsyncGenerator<string> {
    const reader = createInterface({ input: text, crlfDelay: Infinity });
    // Older Node versions do not forward the input stream's errors to readline, so a damaged gzip would just end early.
    text.on('error', () => reader.close());
    let linesRead = 0;
    try {
      for await (const line of reader) {
        const clean = linesRead === 0 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
        linesRead++;
        yield clean.endsWith('\r') ? clean.slice(0, -1) : clean;
      }
    } catch (error) {
      // Newer Node versions forward it through the line iterator instead.
      streamError ??= error;
    } finally {
      reader.close();
      raw.destroy();
    }
    if (streamError) {
      // zlib's codes start with Z_; file-system ones (EIO, EACCES) with E: only the first mean a damaged archive.
      const code = String((streamError as NodeJS.ErrnoException).code ?? '');
      const kind = gzip && !/^E[A-Z]/.test(code) ? 'decompress' : 'read';
      throw describeFailure({ kind, error: streamError, linesRead, gzip });
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

/** The first bytes of a file (decompressed when gzip), for format sniffing. */
export async function readHead(path: string, bytes: number): Promise<string> {
  let text = '';
  for await (const line of readTextLines(path)) {
    text += `${line}\n`;
    if (text.length >= bytes) break;
  }
  return text;
}

/**
 * Yields lines without their line endings, failures as DataFileError naming the file and the line reached.
 * `advice` says what to do when the file is damaged.
 */
export async function* readTextLines(path: string, advice = 'download or copy it again'): AsyncGenerator<string> {
  const stream = await openLineStream(path, ({ kind, error, linesRead }) => {
    if (kind === 'access' && (error as NodeJS.ErrnoException | null)?.code === 'ENOTREGULAR')
      return new DataFileError(path, '', 'is a pipe, socket or device, not a data file: choose the saved file itself');
    if (kind === 'access')
      return new DataFileError(path, '', 'cannot be found or read: check the path and that you have permission to read it');
    const message = error instanceof Error ? error.message : String(error);
    return new DataFileError(
      path,
      `after line ${linesRead}`,
      kind === 'decompress'
        ? `could not be decompressed (${message}): the gzip file is damaged or truncated; ${advice}`
        : `could not be read (${message}); ${advice}`,
    );
  });
  yield* stream.lines;
}

/**
 * Splits one delimited line, honouring RFC 4180 double quotes (gene names such as "ASB3,GPR75-ASB3" contain commas).
 */
export function splitDelimited(line: string, delimiter: string): string[] {
  if (!line.includes('"')) return line.split(delimiter);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.length === 0) quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
