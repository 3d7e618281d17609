/**
 * The run folder: the one list of the files a run leaves (the same from `pathreg fit` and from the app), their
 * writers, and the reader of the stored per-cell predictions. docs/architecture.md "The run folder" specifies them.
 * Names are fixed so the app, the CLI and scripts find them without configuration.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import { UserError } from '../../src-shared/contract/result.ts';
import type { TrajectoryComparison, TrajectoryListing } from '../../src-shared/contract/types.ts';
import { basename, join } from 'node:path';
import type { SourceFile } from '../data/dataset.ts';
import type { Edge } from '../engine/evaluation/network-readout.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';

/** Every file a run folder may hold, in the order a reader needs them. A project keeps all of them. */
export const RUN_FILES = {
  /** The run record: settings, metrics, genes, notes and provenance (snake_case keys; JSON, NaN written as null). */
  metrics: 'metrics.json',
  /** Every edge of the read-out, heaviest first: source,target,weight,sign. */
  edges: 'edges.csv',
  /** The training curve: iteration,data,penalty,total,learning_rate (appended as training goes). */
  history: 'history.csv',
  /** The last training state (parameters, Adam moments, settings, genes, data hash), written atomically. */
  checkpoint: 'checkpoint.bin',
  /** The state at the best validation loss (src-main/engine/training/checkpoint.ts bestCheckpointPath). */
  bestCheckpoint: 'checkpoint-best.bin',
  /** Index of the stored per-cell values: genes and, per trajectory, its listing and offset into trajectories.bin. */
  trajectoryIndex: 'trajectories.json',
  /** float32: per trajectory, times (cells), observed (cells × genes), predicted (cells × genes). */
  trajectoryData: 'trajectories.bin',
  /** The trained field of a `velocity` run (src-main/run/velocity-model-file.ts); absent for the other methods. */
  velocityModel: 'velocity-model.bin',
  /** The app's label for the run (label, data set); absent for command-line runs. */
  label: 'run.json',
} as const;

export const METRICS_FILE = RUN_FILES.metrics;
export const EDGES_FILE = RUN_FILES.edges;
export const CHECKPOINT_FILE = RUN_FILES.checkpoint;
export const HISTORY_FILE = RUN_FILES.history;

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
  const written = Object.values(RUN_FILES).map((name) => name.replace(/\./g, '\\.'));
  const pattern = new RegExp(`^\\.(${written.join('|')})\\.[0-9a-f]+\\.[0-9a-f]+\\.tmp$`);
  const leftovers = names.filter((n) => pattern.test(n));
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

export interface StoredTrajectory extends TrajectoryListing {
  /** Scaled pseudotime per cell. */
  times: Float64Array;
  /** cells × D, as trained on (scaled). */
  observed: Float32Array;
  /** cells × D, the model's deterministic prediction at the same times. */
  predicted: Float32Array;
}

/** A prepared trajectory (training or held out) with the model's prediction at its cells, as the run folder stores it. */
export function storedTrajectory(
  trajectory: { name: string; lineage: string; donor: string; times: Float64Array; values: Float32Array },
  split: StoredTrajectory['split'],
  predicted: Float32Array,
): StoredTrajectory {
  const { name, lineage, donor, times, values } = trajectory;
  return { name, lineage, donor, split, cells: times.length, times, observed: values, predicted };
}

export interface TrajectoryIndex {
  genes: string[];
  trajectories: Array<TrajectoryListing & { offset: number }>;
}

/** Writes the observed and predicted values of every cell (trajectories.json index + trajectories.bin). */
export async function writeStoredTrajectories(folder: string, genes: string[], trajectories: StoredTrajectory[]): Promise<void> {
  const D = genes.length;
  const floats = trajectories.reduce((sum, t) => sum + t.cells * (1 + 2 * D), 0);
  const data = new Float32Array(floats);
  const index: TrajectoryIndex = { genes, trajectories: [] };
  let offset = 0;
  for (const t of trajectories) {
    const { times, observed, predicted, ...listing } = t;
    index.trajectories.push({ ...listing, offset });
    data.set(Float32Array.from(times), offset);
    data.set(observed, offset + t.cells);
    data.set(predicted, offset + t.cells * (1 + D));
    offset += t.cells * (1 + 2 * D);
  }
  await writeFileAtomic(join(folder, RUN_FILES.trajectoryData), new Uint8Array(data.buffer), { overwrite: true });
  await writeFileAtomic(join(folder, RUN_FILES.trajectoryIndex), JSON.stringify(index), { overwrite: true });
}

export async function readTrajectoryComparison(runId: string, folder: string, genes: string[]): Promise<TrajectoryComparison> {
  let index: TrajectoryIndex;
  let bytes: Buffer;
  try {
    index = JSON.parse(await readFile(join(folder, RUN_FILES.trajectoryIndex), 'utf8')) as TrajectoryIndex;
    bytes = await readFile(join(folder, RUN_FILES.trajectoryData));
  } catch (error) {
    throw new UserError(
      'not-found',
      `The trajectories of ${runId} cannot be read from "${folder}" (${(error as NodeJS.ErrnoException).code ?? String(error)}); was the run folder moved or deleted?`,
    );
  }
  const data = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const D = index.genes.length;
  const columns = genes.map((gene) => index.genes.indexOf(gene));
  const unknown = genes.filter((_, i) => columns[i] < 0);
  if (unknown.length > 0)
    throw new UserError(
      'bad-input',
      `${unknown.map((g) => `"${g}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the ${D} genes of ${runId}.`,
    );
  return {
    runId,
    genes,
    trajectories: index.trajectories.map(({ offset, ...listing }) => {
      const n = listing.cells;
      const observed: number[] = [];
      const predicted: number[] = [];
      for (let c = 0; c < n; c++) {
        for (const g of columns) {
          observed.push(data[offset + n + c * D + g]);
          predicted.push(data[offset + n * (1 + D) + c * D + g]);
        }
      }
      return { ...listing, times: Array.from(data.subarray(offset, offset + n)), observed, predicted };
    }),
  };
}
