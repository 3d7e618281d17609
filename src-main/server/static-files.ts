/** Serves the built renderer (dist/renderer/) read-only, never outside that folder. */
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** Resolves a URL path inside `root`, or null when it would leave it (../, encoded slashes, NUL). */
export function resolveStaticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const full = path.resolve(root, relative);
  const rootWithSep = path.resolve(root) + path.sep;
  return full.startsWith(rootWithSep) ? full : null;
}

/**
 * The real file a URL path names inside `root`, or null: the lexical check above, then links resolved on both
 * sides, so a symbolic link inside the renderer folder cannot serve a file from elsewhere (also used by Electron's
 * app:// protocol).
 */
export async function resolveStaticFile(root: string, urlPath: string): Promise<string | null> {
  const lexical = resolveStaticPath(root, urlPath);
  if (!lexical) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(lexical)]);
    return realFile.startsWith(realRoot + path.sep) ? realFile : null;
  } catch {
    return null;
  }
}

/** Sends the file and returns true, or returns false when there is no such file (the caller answers 404). */
export async function sendStaticFile(
  root: string,
  urlPath: string,
  response: ServerResponse,
  headers: Record<string, string>,
): Promise<boolean> {
  const file = await resolveStaticFile(root, urlPath);
  if (!file) return false;
  try {
    const info = await stat(file);
    if (!info.isFile()) return false;
    response.writeHead(200, {
      ...headers,
      'content-type': CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(info.size),
      'cache-control': 'no-cache',
    });
    createReadStream(file).pipe(response);
    return true;
  } catch {
    return false;
  }
}
