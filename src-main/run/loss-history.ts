/**
 * history.csv: the training curve of a run (iteration, data, penalty, total, learning_rate), so the loss-curve
 * figure can be drawn and exported from the run folder long after the app that watched it is closed. It is written
 * as training goes (at every checkpoint iteration, atomically), so a run killed and resumed keeps its whole curve.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TrainingProgress } from '../engine/training/run-training.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { HISTORY_FILE } from './run-folder.ts';
import { ThinnedSeries } from './thinned-series.ts';
const HEADER = 'iteration,data,penalty,total,learning_rate';
/** Enough points for a smooth curve at any figure size; long runs are thinned evenly, the last point always kept. */
const MAX_POINTS = 5000;

export interface HistoryRow {
  iteration: number;
  data: number;
  penalty: number;
  total: number;
  learningRate: number;
}

export class LossHistory {
  private readonly series = new ThinnedSeries<HistoryRow>(MAX_POINTS);
  private writing: Promise<unknown> = Promise.resolve();

  /**
   * `runFolder`: where history.csv is written (null: kept in memory only); `writeEvery`: iterations between writes
   * during training (the checkpoint interval, so the file always reaches the last checkpoint).
   */
  constructor(
    private readonly runFolder: string | null = null,
    private readonly writeEvery = 0,
  ) {}

  /**
   * Keeps the rows of an earlier part of the same run (before a resume), up to its checkpoint's iteration, read
   * from `fromFolder` (the folder of the checkpoint continued) and written on to `runFolder`.
   */
  static async continuing(fromFolder: string, runFolder: string, upTo: number, writeEvery = 0): Promise<LossHistory> {
    const history = new LossHistory(runFolder, writeEvery);
    for (const row of await readLossHistory(fromFolder)) if (row.iteration <= upTo) history.series.add(row);
    return history;
  }

  record(progress: TrainingProgress): void {
    const { iteration, terms, learningRate } = progress;
    if (progress.paused) return;
    this.series.add({ iteration, data: terms.data, penalty: terms.penalty, total: terms.total, learningRate });
    if (this.runFolder && this.writeEvery > 0 && iteration % this.writeEvery === 0) {
      // The rows as they are now: the file then ends exactly at the checkpoint iteration.
      const folder = this.runFolder;
      const rows = this.series.list();
      this.writing = this.writing.then(() => this.write(folder, rows)).catch(() => undefined);
    }
  }

  /** Waits for writes in flight, then writes the whole curve (the end of a run, however it ended). */
  async flush(): Promise<void> {
    await this.writing;
    if (this.runFolder) await this.write(this.runFolder);
  }

  get length(): number {
    return this.series.list().length;
  }

  async write(runFolder: string, rows: HistoryRow[] = this.series.list()): Promise<string> {
    const path = join(runFolder, HISTORY_FILE);
    const lines = [HEADER, ...rows.map((r) => [r.iteration, r.data, r.penalty, r.total, r.learningRate].map(formatNumber).join(','))];
    await writeFileAtomic(path, `${lines.join('\n')}\n`, { overwrite: true });
    return path;
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(7);
}

/**
 * The rows of a run folder's history.csv (the one reader: a continued run and an imported run folder both use it);
 * none when the folder has no history.csv, rows that are not numbers are passed over.
 */
export async function readLossHistory(folder: string): Promise<HistoryRow[]> {
  const text = await readFile(join(folder, HISTORY_FILE), 'utf8').catch(() => '');
  const rows: HistoryRow[] = [];
  for (const line of text.split('\n').slice(1)) {
    const [iteration, data, penalty, total, learningRate] = line.split(',').map(Number);
    if (Number.isInteger(iteration) && [data, penalty, total, learningRate].every(Number.isFinite)) {
      rows.push({ iteration, data, penalty, total, learningRate });
    }
  }
  return rows;
}
