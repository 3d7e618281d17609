/**
 * Small files written for one test file in a folder of its own, removed after the file's tests; and the message of
 * a read that must fail with a DataInputError. Shared by the reader tests so each states only its data.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { DataInputError } from '../../../src-main/data/paper-tables/data-input-error.ts';

export interface ScratchFiles {
  /** The scratch folder itself. */
  dir: string;
  /** Writes one file in the scratch folder and returns its path. */
  write(name: string, content: string | Buffer): string;
  /** Creates a sub-folder holding `files` (name → text) and returns its path. */
  folder(name: string, files: Record<string, string>): string;
}

/** A fresh folder under the system temp folder, deleted when the calling test file finishes. */
export function scratchFiles(prefix: string): ScratchFiles {
  const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    dir,
    write(name, content) {
      const path = join(dir, name);
      writeFileSync(path, content);
      return path;
    },
    folder(name, files) {
      const path = join(dir, name);
      mkdirSync(path);
      for (const [file, text] of Object.entries(files)) writeFileSync(join(path, file), text);
      return path;
    },
  };
}

/** The message of `promise`'s DataInputError; fails the test when it resolves or throws anything else. */
export async function dataInputErrorMessage(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(DataInputError);
    return (error as Error).message;
  }
  throw new Error('expected the read to fail');
}
