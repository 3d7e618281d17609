/**
 * Atomic file writes for every file the app writes (checkpoints, run files, projects, exports): write a temp file in
 * the target's folder, fsync it, then rename (or link, when overwriting is not allowed) it into place. A crash, a full disk or a read-only folder therefore never leaves
 * a half-written file under the user's chosen name, and the temp file is removed on failure.
 * The file-system calls go through a small interface so tests can inject ENOSPC/EROFS where no tiny disk exists.
 */
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import { randomInt } from 'node:crypto';

/** The file-system calls an atomic write needs; `nodeFileSystem` is the real one. */
export interface AtomicFileSystem {
  open(
    file: string,
    flags: string,
    mode?: number,
  ): Promise<{
    write(data: Uint8Array, offset: number, length: number, position: number): Promise<{ bytesWritten: number }>;
    sync(): Promise<void>;
    close(): Promise<void>;
  }>;
  rename(from: string, to: string): Promise<void>;
  link(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  stat(file: string): Promise<{ isDirectory(): boolean }>;
  /** fsync of the folder so the rename itself survives a power cut; optional because not every platform allows it. */
  syncDirectory?(folder: string): Promise<void>;
}

export const nodeFileSystem: AtomicFileSystem = {
  open: (file, flags, mode) => fsp.open(file, flags, mode),
  rename: (from, to) => fsp.rename(from, to),
  link: (from, to) => fsp.link(from, to),
  unlink: (file) => fsp.unlink(file),
  stat: (file) => fsp.stat(file),
  async syncDirectory(folder) {
    const handle = await fsp.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
};

export interface AtomicWriteOptions {
  /**
   * Replace an existing file (run files and checkpoints always do; exports only with the CLI's --force). Default
   * false: an existing file is an error, so an export never clobbers a file by surprise.
   */
  overwrite?: boolean;
  fileSystem?: AtomicFileSystem;
}

/** A write failure worded for the user; `code` keeps the system error code for tests and callers. */
export class FileWriteError extends Error {
  readonly code: string;
  constructor(message: string, code: string) {
    super(message);
    this.name = 'FileWriteError';
    this.code = code;
  }
}

function errorCode(error: unknown): string {
  return error !== null && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : 'UNKNOWN';
}

/** Turns a system error into a message that names the file, says what happened and what to do. */
export function describeWriteError(error: unknown, file: string, bytes: number): FileWriteError {
  const code = errorCode(error);
  const folder = path.dirname(file);
  const name = `"${file}"`;
  switch (code) {
    case 'EEXIST':
      return new FileWriteError(
        `${name} already exists and was left untouched. Choose another file name, or pass --force to replace it.`,
        code,
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new FileWriteError(
        `Cannot write ${name}: the folder "${folder}" is read-only or you do not have permission to write there (${code}). Nothing was written; choose another folder.`,
        code,
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new FileWriteError(
        `Cannot write ${name}: the disk holding "${folder}" is full (${code}; the file needs ${bytes.toLocaleString('en-US')} bytes). Nothing was written; free some space or choose another disk.`,
        code,
      );
    case 'ENOENT':
    case 'ENOTDIR':
      return new FileWriteError(
        `Cannot write ${name}: the folder "${folder}" does not exist. Create it first or choose another folder.`,
        code,
      );
    case 'EISDIR':
      return new FileWriteError(
        `Cannot write ${name}: that is a folder. Give a file name, e.g. "${path.join(file, 'network.graphml')}".`,
        code,
      );
    default: {
      const detail = error instanceof Error ? error.message : String(error);
      return new FileWriteError(`Cannot write ${name}: ${detail}. Nothing was written.`, code);
    }
  }
}

/**
 * The temp name of a write to `fileName`: `.<name>.<pid>.<random>.tmp`, all digits, which is the shape the
 * clean-up of interrupted writes looks for (it once used hex, so killed writes were never removed).
 */
export function atomicTempName(fileName: string): string {
  return `.${fileName}.${process.pid}.${randomInt(0, 2 ** 48 - 1)}.tmp`;
}

/** True for the temp file an interrupted atomic write of `fileName` left behind (and nothing else). */
export function isInterruptedWriteOf(name: string, fileName: string): boolean {
  const prefix = `.${fileName}.`;
  return name.startsWith(prefix) && /^\d+\.\d+\.tmp$/.test(name.slice(prefix.length));
}

/**
 * Removes the temp files that writes of `fileNames` in `folder` left when the process was killed between writing
 * and renaming (a crash, kill -9, a power cut). The files they were to replace are intact by construction.
 * Returns the names removed.
 */
export async function removeInterruptedWrites(folder: string, fileNames: readonly string[]): Promise<string[]> {
  const names = await fsp.readdir(folder).catch(() => [] as string[]);
  const leftovers = names.filter((name) => fileNames.some((fileName) => isInterruptedWriteOf(name, fileName)));
  await Promise.all(leftovers.map((name) => fsp.unlink(path.join(folder, name)).catch(() => undefined)));
  return leftovers;
}

/**
 * Writes `data` to `file` atomically. Throws FileWriteError (never a raw system error) and leaves neither a
 * partial target nor a temp file behind.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const fileSystem = options.fileSystem ?? nodeFileSystem;
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  const target = path.resolve(file);
  const folder = path.dirname(target);

  // Fail before any work when the name is taken or is a folder: the user learns it without a temp file appearing.
  try {
    const existing = await fileSystem.stat(target);
    if (existing.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (!options.overwrite) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
  } catch (error) {
    const code = errorCode(error);
    if (code !== 'ENOENT') throw describeWriteError(error, file, bytes.length);
  }

  const temp = path.join(folder, atomicTempName(path.basename(target)));
  let tempCreated = false;
  try {
    const handle = await fileSystem.open(temp, 'wx', 0o644);
    tempCreated = true;
    try {
      let offset = 0;
      while (offset < bytes.length) {
        const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, offset);
        if (bytesWritten <= 0) throw Object.assign(new Error('no bytes written'), { code: 'ENOSPC' });
        offset += bytesWritten;
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) {
      await fileSystem.rename(temp, target);
    } else {
      // link() refuses an existing name, so a file that appeared meanwhile is never clobbered.
      try {
        await fileSystem.link(temp, target);
      } catch (error) {
        const code = errorCode(error);
        // File systems without hard links (FAT, some network shares): check once more, then rename.
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') throw error;
        const exists = await fileSystem.stat(target).then(
          () => true,
          () => false,
        );
        if (exists) throw Object.assign(new Error('exists'), { code: 'EEXIST' });
        await fileSystem.rename(temp, target);
        tempCreated = false;
      }
      if (tempCreated) {
        tempCreated = false;
        // The target is complete; a leftover temp name is harmless, so its removal failing is not an export error.
        await fileSystem.unlink(temp).catch(() => undefined);
      }
    }
    tempCreated = false;
    if (fileSystem.syncDirectory) {
      try {
        await fileSystem.syncDirectory(folder);
      } catch {
        // Some platforms (Windows, some network file systems) cannot fsync a folder; the file itself is complete.
      }
    }
  } catch (error) {
    if (tempCreated) {
      try {
        await fileSystem.unlink(temp);
      } catch {
        // The temp file may already be gone (e.g. renamed before a later step failed); nothing else to clean.
      }
    }
    throw error instanceof FileWriteError ? error : describeWriteError(error, file, bytes.length);
  }
}
