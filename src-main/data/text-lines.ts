/**
 * Streams the lines of a text file that may be gzip-compressed (detected by its magic bytes, not its name), so
 * large tables are never read into one string. Broken or truncated gzip becomes a DataFileError naming the file.
 */
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import { DataFileError } from './reader-error.ts';

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
 * Yields lines without their line endings (\n or \r\n). `advice` says what to do when the file is damaged.
 * Stops early without error if the consumer breaks out of the loop.
 */
export async function* readTextLines(path: string, advice = 'download or copy it again'): AsyncGenerator<string> {
  try {
    statSync(path);
  } catch {
    throw new DataFileError(path, '', 'cannot be found or read: check the path and that you have permission to read it');
  }
  const gzip = isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: 1024 * 1024 });
  let streamError: Error | null = null;
  let input: Readable = raw;
  raw.on('error', (e) => { streamError = e; });
  if (gzip) {
    const gunzip = createGunzip();
    gunzip.on('error', (e) => { streamError = e; });
    input = raw.pipe(gunzip);
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  // readline does not forward errors of the input stream, so a damaged gzip would just end early: close it ourselves.
  input.on('error', () => lines.close());
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      yield line.endsWith('\r') ? line.slice(0, -1) : line;
    }
  } catch (error) {
    // Newer Node versions forward the input stream's error through the line iterator.
    if (error instanceof DataFileError) throw error;
    streamError = error instanceof Error ? error : new Error(String(error));
  } finally {
    lines.close();
    raw.destroy();
  }
  if (streamError) {
    const message = (streamError as Error).message;
    throw new DataFileError(path, `after line ${lineNumber}`, gzip
      ? `could not be decompressed (${message}): the gzip file is damaged or truncated; ${advice}`
      : `could not be read (${message}); ${advice}`);
  }
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
        if (line[i + 1] === '"') { field += '"'; i++; } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.length === 0) quoted = true;
    else if (ch === delimiter) { fields.push(field); field = ''; }
    else field += ch;
  }
  fields.push(field);
  return fields;
}
