/**
 * A run folder's edges.csv parsed once for every reader in this process: the window's result (run:result) and the
 * Network view's edge table (run:edges) both need every edge of the same file, and opening the Network tab asks for
 * both at once. Parsing 280,000 edges took about 15 s each under load, so the first page of the table waited for two
 * parses of one file; now a second reader waits on the first one's parse, and the last files parsed are kept.
 */
import { readFile, stat } from 'node:fs/promises';
import type { NetworkEdge } from '../../src-shared/contract/types.ts';
import { parseEdgesCsv } from './run-result.ts';

/** Reads a file's text (a parameter so a test can count the reads). */
export type TextFileReader = (file: string) => Promise<string>;

export class EdgesFileCache {
  /** By path: the parse under way or done, for the file as it was (size and modification time). */
  private readonly files = new Map<string, { version: string; edges: Promise<NetworkEdge[]> }>();
  constructor(
    private readonly keep = 2,
    private readonly read: TextFileReader = (file) => readFile(file, 'utf8'),
  ) {}

  /**
   * Every edge of the file (self-edges left out), in the file's order. The array is shared between readers: treat it
   * as read-only. A file that changed on disk is parsed again; a failed read or parse is not kept.
   */
  async edges(file: string): Promise<NetworkEdge[]> {
    const info = await stat(file);
    const version = `${info.size}:${info.mtimeMs}`;
    const known = this.files.get(file);
    if (known?.version === version) {
      // Most recently used last, so the oldest is dropped first.
      this.files.delete(file);
      this.files.set(file, known);
      return known.edges;
    }
    const edges = this.read(file).then((text) => parseEdgesCsv(text, file));
    const entry = { version, edges };
    this.files.delete(file);
    this.files.set(file, entry);
    while (this.files.size > this.keep) this.files.delete(this.files.keys().next().value as string);
    edges.catch(() => {
      if (this.files.get(file) === entry) this.files.delete(file);
    });
    return edges;
  }
}

/** The process's one cache: run:result and run:edges share it. */
export const runEdgesFiles = new EdgesFileCache();
