import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../../../src-main/data/dataset.ts';
import { DataInputError } from '../../../../src-main/data/paper-tables/data-input-error.ts';
import { readTrajectoryFolder } from '../../../../src-main/data/paper-tables/read-trajectory-folder.ts';
import {
  PAPER_PREPARATION,
  prepareTrajectories,
  prepareTrajectory,
  prepareTrajectoryWithReport,
} from '../../../../src-main/data/prepare/prepare-trajectory.ts';
import { SHARED_DATA } from '../../../shared-data.ts';

const SHARED = `${SHARED_DATA}/pathreg-hematopoiesis/trajectories`;

function trajectory(times: number[], rows: number[][], name = 'eryth_12'): Trajectory {
  return {
    name,
    lineage: 'eryth',
    donor: '12',
    source: `${name}_norm.tsv`,
    genes: rows[0].map((_, g) => `G${g}`),
    times: Float64Array.from(times),
    values: Float32Array.from(rows.flat()),
  };
}

const noTrim = { ...PAPER_PREPARATION, dropFirst: 0, dropLast: 0 };

describe('prepareTrajectory on the shared tables', () => {
  it('reproduces the row counts after preprocessing of the data README, with values and times in [0, 1]', async () => {
    const expected: Record<string, number> = {
      eryth_11: 1197,
      eryth_12: 280,
      eryth_21: 687,
      eryth_36: 160,
      mono_11: 998,
      mono_12: 824,
      mono_21: 1441,
      mono_24: 1323,
      mono_36: 315,
      B_11: 482,
      B_12: 168,
      B_21: 391,
      B_24: 1005,
      B_36: 48,
    };
    // The README's counts of genes constant after trimming (they scale to 0).
    const constant: Record<string, number> = { eryth_36: 25, B_12: 42, mono_36: 47, B_36: 114 };
    const trajectories = await readTrajectoryFolder(SHARED);
    for (const t of trajectories) {
      const { prepared, report } = prepareTrajectoryWithReport(t);
      expect(prepared.times.length, t.name).toBe(expected[t.name]);
      expect(report.duplicateTimesDropped, t.name).toBe(t.name === 'mono_21' ? 1 : 0);
      if (constant[t.name] !== undefined) expect(report.constantGenes.length, t.name).toBe(constant[t.name]);
      expect(prepared.times[0]).toBe(0);
      expect(prepared.times[prepared.times.length - 1]).toBe(1);
      for (let i = 1; i < prepared.times.length; i++) expect(prepared.times[i]).toBeGreaterThan(prepared.times[i - 1]);
      expect(prepared.values.every((v) => v >= 0 && v <= 1)).toBe(true);
      expect(prepared.initialState.every((v) => v >= 0 && v <= 1)).toBe(true);
    }
  });
});

describe('prepareTrajectory by hand', () => {
  it('sorts, drops duplicate times keeping the first, trims, scales genes and time, averages the first cells', () => {
    // Unsorted; time 3 twice (the second occurrence in sorted order is dropped); gene 1 is constant.
    const t = trajectory(
      [5, 1, 3, 2, 3, 4, 0],
      [
        [50, 7],
        [10, 7],
        [30, 7],
        [20, 7],
        [99, 7],
        [40, 7],
        [0, 7],
      ],
    );
    const { prepared, report } = prepareTrajectoryWithReport(t, { dropFirst: 1, dropLast: 1, initialCells: 2, dropDuplicateTimes: true });
    // Sorted unique times 0,1,2,3,4,5 → drop 0 and 5 → 1,2,3,4.
    expect(report).toMatchObject({
      cellsRead: 7,
      duplicateTimesDropped: 1,
      droppedAtStart: 1,
      droppedAtEnd: 1,
      cellsKept: 4,
      constantGenes: ['G1'],
    });
    expect([...prepared.times]).toEqual([0, 1 / 3, 2 / 3, 1]);
    expect(prepared.rawTimeRange).toEqual([1, 4]);
    // Gene 0 over the kept cells is 10, 20, 30, 40; the 99 at the duplicate time was dropped.
    expect(Array.from(prepared.values)).toEqual([0, 0, 1 / 3, 0, 2 / 3, 0, 1, 0].map(Math.fround));
    expect(Array.from(prepared.initialState)).toEqual([Math.fround((0 + 1 / 3) / 2), 0]);
  });

  it('keeps duplicates when asked, and keeps time-course data whole', () => {
    // 1 duplicate in 21 cells (≤ 5 %) is a stray: dropped unless asked to keep it.
    const times = [...Array.from({ length: 20 }, (_, i) => i), 7];
    const rows = times.map((t) => [t]);
    expect(prepareTrajectory(trajectory(times, rows), { ...noTrim, dropDuplicateTimes: false }).times).toHaveLength(21);
    expect(prepareTrajectory(trajectory(times, rows), noTrim).times).toHaveLength(20);
    // Hours 0, 24, 48, 72 with many cells each: all cells stay, with a note.
    const hours = Array.from({ length: 40 }, (_, i) => 24 * (i % 4));
    const { prepared, report } = prepareTrajectoryWithReport(
      trajectory(
        hours,
        hours.map((h, i) => [h + i]),
      ),
      noTrim,
    );
    expect(prepared.times).toHaveLength(40);
    expect(report.duplicateTimesDropped).toBe(0);
    expect(report.notes[0]).toMatch(/36 of 40 cells share their time with another cell, as in time-course data; they were all kept/);
  });

  it("leaves out values with z-score ≥ 3 from the initial state, as the paper's first module", () => {
    // 12 initial cells: eleven 0s and one 1 → z of the 1 is (1 − 1/12)/std = 3.17 ≥ 3, so the mean is 0.
    const times = Array.from({ length: 13 }, (_, i) => i);
    const rows = times.map((i) => [i === 5 ? 1 : 0, i]);
    const prepared = prepareTrajectory(trajectory(times, rows), { ...noTrim, initialCells: 12 });
    expect(prepared.initialState[0]).toBe(0);
    expect(prepared.initialState[1]).toBeCloseTo(5.5 / 12, 6);
  });

  it('names the trajectory and counts when trimming leaves it empty', () => {
    const t = trajectory(
      Array.from({ length: 25 }, (_, i) => i),
      Array.from({ length: 25 }, () => [1]),
      'B_36',
    );
    expect(() => prepareTrajectory(t)).toThrow(DataInputError);
    expect(() => prepareTrajectory(t)).toThrow(
      /Trajectory B_36 \(B_36_norm\.tsv\) has 25 cells; dropping the first 10 and the last 20 leaves no cells/,
    );
    const one = trajectory(
      Array.from({ length: 31 }, (_, i) => i),
      Array.from({ length: 31 }, () => [1]),
    );
    expect(() => prepareTrajectory(one)).toThrow(/leaves 1 cell/);
  });

  it('refuses a trajectory whose genes are all constant (an all-zero matrix), naming it, instead of training on nothing', () => {
    const zeros = trajectory(
      [0, 1, 2, 3],
      [
        [0, 0],
        [0, 0],
        [0, 0],
        [0, 0],
      ],
      'eryth_7',
    );
    expect(() => prepareTrajectory(zeros, noTrim)).toThrow(DataInputError);
    expect(() => prepareTrajectory(zeros, noTrim)).toThrow(
      /Trajectory eryth_7 \(eryth_7_norm\.tsv\): every expression value is 0 over the 4 cells kept, for all 2 genes, so there is nothing to learn/,
    );
    const flat = trajectory([0, 1, 2], [[3], [3], [3]]);
    expect(() => prepareTrajectory(flat, noTrim)).toThrow(/every gene has the same value \(3\) in every cell/);
    // One gene that varies is enough to train on.
    expect(
      prepareTrajectory(
        trajectory(
          [0, 1, 2],
          [
            [0, 0],
            [0, 1],
            [0, 0],
          ],
        ),
        noTrim,
      ).genes,
    ).toEqual(['G0', 'G1']);
  });

  it('rejects options out of range and trajectories with different genes', () => {
    const t = trajectory([0, 1], [[0], [1]]);
    expect(() => prepareTrajectory(t, { ...noTrim, dropFirst: -1 })).toThrow(/dropFirst must be a whole number ≥ 0; got -1/);
    expect(() => prepareTrajectory(t, { ...noTrim, initialCells: 0 })).toThrow(/initialCells/);
    const other = { ...trajectory([0, 1], [[0], [1]], 'mono_12'), genes: ['X'] };
    expect(() => prepareTrajectories([t, other], noTrim)).toThrow(/eryth_12 .* and mono_12 .* have different genes/);
  });
});
