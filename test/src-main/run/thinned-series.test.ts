// The one loss history: bounded and evenly thinned, restarts drop what they undid, and history.csv is written as
// training goes so a resumed run keeps the curve before its checkpoint.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LossHistory } from '../../../src-main/run/loss-history.ts';
import { ThinnedSeries } from '../../../src-main/run/thinned-series.ts';
import type { TrainingProgress } from '../../../src-main/engine/training/run-training.ts';

const progress = (iteration: number, total = 1 / iteration): TrainingProgress => ({
  iteration,
  iterations: 100,
  terms: { data: total, penalty: 0, total },
  learningRate: 0.01,
  iterationsPerSecond: 1,
  etaSeconds: 1,
  engine: 'wasm',
});

describe('the one loss history', () => {
  it('keeps at most its capacity, evenly spread, plus the latest point', () => {
    const series = new ThinnedSeries<{ iteration: number }>(8);
    for (let i = 1; i <= 100; i++) series.add({ iteration: i });
    const kept = series.list().map((p) => p.iteration);
    expect(kept.length).toBeLessThanOrEqual(9);
    expect(kept[kept.length - 1]).toBe(100);
    const gaps = new Set(
      kept
        .slice(0, -1)
        .map((it, k, all) => (k ? it - all[k - 1] : null))
        .filter((g) => g !== null),
    );
    expect(gaps.size).toBe(1);
  });

  it('drops the points a restart from an earlier checkpoint undid', () => {
    const series = new ThinnedSeries<{ iteration: number; v: number }>(100);
    for (let i = 1; i <= 10; i++) series.add({ iteration: i, v: 0 });
    series.add({ iteration: 6, v: 1 });
    expect(series.list().map((p) => p.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(series.list()[5].v).toBe(1);
  });

  it('writes history.csv at each checkpoint iteration, and a resumed run keeps the rows up to its checkpoint', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pathreg-history-'));
    try {
      const first = new LossHistory(folder, 5);
      for (let i = 1; i <= 12; i++) first.record(progress(i));
      // Killed here (no flush): the file reaches the last checkpoint iteration, 10.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const written = (await readFile(join(folder, 'history.csv'), 'utf8')).trim().split('\n');
      expect(written[0]).toBe('iteration,data,penalty,total,learning_rate');
      expect(written.at(-1)!.split(',')[0]).toBe('10');
      const resumed = await LossHistory.continuing(folder, folder, 10, 5);
      for (let i = 11; i <= 15; i++) resumed.record(progress(i));
      await resumed.flush();
      const rows = (await readFile(join(folder, 'history.csv'), 'utf8')).trim().split('\n').slice(1);
      expect(rows.map((row) => Number(row.split(',')[0]))).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
