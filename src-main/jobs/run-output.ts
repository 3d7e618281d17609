/**
 * What a finished training job leaves in its run folder for the app: result.json (metrics, network, heatmap) and
 * the observed and predicted values of every cell (trajectories.json index + trajectories.bin, float32), from which
 * run:trajectories cuts out the few genes a figure shows without sending the whole matrix.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../src-shared/contract/result.ts';
import type { RunResult, TrajectoryComparison, TrajectoryListing } from '../../src-shared/contract/types.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { RESULT_FILE } from './training-protocol.ts';

export const TRAJECTORY_INDEX_FILE = 'trajectories.json';
export const TRAJECTORY_DATA_FILE = 'trajectories.bin';

export interface StoredTrajectory extends TrajectoryListing {
  /** Scaled pseudotime per cell. */
  times: Float64Array;
  /** cells × D, as trained on (scaled). */
  observed: Float32Array;
  /** cells × D, the model's deterministic prediction at the same times. */
  predicted: Float32Array;
}

interface TrajectoryIndex {
  genes: string[];
  trajectories: Array<TrajectoryListing & { offset: number }>;
}

export async function writeRunOutput(folder: string, result: Omit<RunResult, 'history'>, trajectories: StoredTrajectory[]): Promise<void> {
  const D = result.genes.length;
  const floats = trajectories.reduce((sum, t) => sum + t.cells * (1 + 2 * D), 0);
  const data = new Float32Array(floats);
  const index: TrajectoryIndex = { genes: result.genes, trajectories: [] };
  let offset = 0;
  for (const t of trajectories) {
    const { times, observed, predicted, ...listing } = t;
    index.trajectories.push({ ...listing, offset });
    data.set(Float32Array.from(times), offset);
    data.set(observed, offset + t.cells);
    data.set(predicted, offset + t.cells * (1 + D));
    offset += t.cells * (1 + 2 * D);
  }
  await writeFileAtomic(path.join(folder, TRAJECTORY_DATA_FILE), new Uint8Array(data.buffer), { overwrite: true });
  await writeFileAtomic(path.join(folder, TRAJECTORY_INDEX_FILE), JSON.stringify(index), { overwrite: true });
  // The result goes last: its presence means the run folder is complete.
  await writeFileAtomic(path.join(folder, RESULT_FILE), JSON.stringify(result), { overwrite: true });
}

export async function readTrajectoryComparison(runId: string, folder: string, genes: string[]): Promise<TrajectoryComparison> {
  let index: TrajectoryIndex;
  let bytes: Buffer;
  try {
    index = JSON.parse(await readFile(path.join(folder, TRAJECTORY_INDEX_FILE), 'utf8')) as TrajectoryIndex;
    bytes = await readFile(path.join(folder, TRAJECTORY_DATA_FILE));
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
