/**
 * Paths whose file name is not valid UTF-8 (a Latin-1 "résumé.h5ad" copied from an old system). JavaScript strings
 * cannot hold such a name: the command line and dialogs hand it over with U+FFFD in place of the bad bytes, so the
 * file "cannot be found". The real entry is found by comparing the folder's raw names decoded the same way, and
 * reached through a symbolic link with a UTF-8 name (h5wasm and the text readers take string paths only).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';

const REPLACEMENT = '\uFFFD';
let linkFolder: string | null = null;
let links = 0;

/**
 * `path` itself when it exists or holds no U+FFFD; otherwise a link to the one entry of its folder whose raw name
 * decodes to the same text (or `path` unchanged when there is none, or several, so "not found" is reported as usual).
 */
export function openablePath(path: string): string {
  // Windows names are UTF-16 and always reach JavaScript intact.
  if (process.platform === 'win32' || !path.includes(REPLACEMENT) || existsSync(path)) return path;
  const folder = dirname(path);
  const wanted = basename(path);
  let entries: Buffer[];
  try {
    entries = readdirSync(folder, { encoding: 'buffer' });
  } catch {
    return path;
  }
  const matches = entries.filter((raw) => raw.toString('utf8') === wanted);
  if (matches.length !== 1) return path;
  const target = Buffer.concat([Buffer.from(`${folder}/`), matches[0]]);
  const link = join(linkFolderPath(), String(++links), wanted);
  mkdirSync(dirname(link), { recursive: true });
  symlinkSync(target, link);
  return link;
}

/** One private folder per process for the links, removed when the process exits. */
function linkFolderPath(): string {
  if (!linkFolder) {
    linkFolder = mkdtempSync(join(tmpdir(), 'pathreg-names-'));
    const folder = linkFolder;
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  }
  return linkFolder;
}
