/**
 * The files a run leaves in its folder: metrics.json (numbers and provenance), edges.csv (the network) and the
 * checkpoint. Paths are fixed so the app, the CLI and scripts find them without configuration.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { SourceFile } from '../data/dataset.ts';
import type { Edge } from '../engine/evaluation/network-readout.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';

export const METRICS_FILE = 'metrics.json';
export const EDGES_FILE = 'edges.csv';
export const CHECKPOINT_FILE = 'checkpoint.bin';

export function checkpointPath(runFolder: string): string {
  return join(runFolder, CHECKPOINT_FILE);
}

/** Creates the run folder (and parents); the message names the folder when that is impossible. */
export async function ensureRunFolder(runFolder: string): Promise<void> {
  try {
    await mkdir(runFolder, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`Cannot create the output folder "${runFolder}" (${code}): choose another --out.`, { cause: error });
  }
}

/**
 * Removes temporary files an interrupted atomic write left in the run folder (a process killed between writing the
 * temp file and renaming it). The files they were meant to replace are intact by construction.
 */
export async function removeInterruptedWrites(runFolder: string): Promise<void> {
  const names = await readdir(runFolder).catch(() => [] as string[]);
  const leftovers = names.filter((n) => /^\.(checkpoint\.bin|metrics\.json|edges\.csv|history\.csv)\.\d+\.\d+\.tmp$/.test(n));
  await Promise.all(leftovers.map((n) => unlink(join(runFolder, n)).catch(() => undefined)));
}

/**
 * One hash for the run's input: SHA-256 over "file-name sha256" lines of every source file, sorted by name, so the
 * same files give the same hash wherever they are stored.
 */
export function dataSha256(sources: SourceFile[]): string {
  const lines = sources.map((s) => `${basename(s.path)} ${s.sha256}\n`).sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}

/** JSON has no NaN: a metric that does not exist for this run (no TF list, no held-out donor) is written as null. */
function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

export async function writeMetrics(runFolder: string, metrics: object): Promise<string> {
  const path = join(runFolder, METRICS_FILE);
  await writeFileAtomic(path, `${JSON.stringify(metrics, finiteOrNull, 2)}\n`, { overwrite: true });
  return path;
}

/** edges.csv: header source,target,weight,sign; rows already sorted by weight, heaviest first. */
export async function writeEdges(runFolder: string, edges: Edge[]): Promise<string> {
  const path = join(runFolder, EDGES_FILE);
  const lines = ['source,target,weight,sign'];
  for (const e of edges) lines.push(`${csvField(e.source)},${csvField(e.target)},${e.weight.toPrecision(7)},${e.sign}`);
  await writeFileAtomic(path, `${lines.join('\n')}\n`, { overwrite: true });
  return path;
}

/** RFC 4180 quoting for the rare gene name with a comma or quote. */
function csvField(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
