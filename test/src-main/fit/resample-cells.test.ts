import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../../src-main/data/dataset.ts';
import { resampleCells, subsampleTrajectory, permuteTimes, describeResample } from '../../../src-main/fit/resample-cells.ts';
import { SeededRandom } from '../../../src-main/engine/model/random.ts';

/** Cell c has time c and values [c, 10c], so every row can be traced back to its cell. */
function trajectory(donor: string, lineage: string, cells: number): Trajectory {
  const times = Float64Array.from({ length: cells }, (_, c) => (c * 7919) % cells);
  const values = new Float32Array(cells * 2);
  times.forEach((t, c) => values.set([t, 10 * t], c * 2));
  return { name: `${lineage}_${donor}`, lineage, donor, source: `${lineage}_${donor}.tsv`, genes: ['A', 'B'], times, values };
}

describe('subsampleTrajectory', () => {
  it('keeps the share of every pseudotime stratum, without repeating a cell, rows still matching their times', () => {
    const t = trajectory('12', 'eryth', 200);
    const s = subsampleTrajectory(t, 0.5, 10, new SeededRandom(1));
    expect(s.times.length).toBe(100);
    expect(new Set(s.times).size).toBe(100);
    for (let k = 0; k < s.times.length; k++) expect([s.values[2 * k], s.values[2 * k + 1]]).toEqual([s.times[k], 10 * s.times[k]]);
    // Each decile of pseudotime (20 cells: times 0–19, 20–39, …) gives exactly 10 cells.
    for (let decile = 0; decile < 10; decile++) {
      expect(Array.from(s.times).filter((time) => Math.floor(time / 20) === decile)).toHaveLength(10);
    }
  });

  it('keeps at least one cell of a stratum and refuses a share outside (0, 1]', () => {
    const s = subsampleTrajectory(trajectory('12', 'eryth', 10), 0.01, 5, new SeededRandom(2));
    expect(s.times.length).toBe(5);
    expect(() => subsampleTrajectory(trajectory('12', 'eryth', 10), 0, 5, new SeededRandom(2))).toThrow(/fraction must be in \(0, 1\]/);
    expect(() => subsampleTrajectory(trajectory('12', 'eryth', 10), 1.5, 5, new SeededRandom(2))).toThrow(/fraction/);
  });

  it('handles empty and one-cell trajectories', () => {
    expect(subsampleTrajectory(trajectory('12', 'e', 0), 0.5, 10, new SeededRandom(3)).times.length).toBe(0);
    expect(subsampleTrajectory(trajectory('12', 'e', 1), 0.5, 10, new SeededRandom(3)).times.length).toBe(1);
  });
});

describe('permuteTimes', () => {
  it('keeps the values and the multiset of times, and moves the times', () => {
    const t = trajectory('12', 'mono', 100);
    const p = permuteTimes(t, new SeededRandom(4));
    expect(p.values).toBe(t.values);
    expect(Array.from(p.times).sort((a, b) => a - b)).toEqual(Array.from(t.times).sort((a, b) => a - b));
    const unmoved = Array.from(p.times).filter((time, c) => time === t.times[c]).length;
    expect(unmoved).toBeLessThan(10);
  });
});

describe('resampleCells', () => {
  const data = [trajectory('12', 'eryth', 100), trajectory('12', 'mono', 100), trajectory('21', 'eryth', 100)];

  it('resamples the training donors only, the same cells for the same replicate and others for another', () => {
    const a = resampleCells(data, { kind: 'subsample', replicate: 1, fraction: 0.6, strata: 10 }, ['21']);
    const again = resampleCells(data, { kind: 'subsample', replicate: 1, fraction: 0.6, strata: 10 }, ['21']);
    const other = resampleCells(data, { kind: 'subsample', replicate: 2, fraction: 0.6, strata: 10 }, ['21']);
    expect(a[2]).toBe(data[2]);
    expect(a[0].times.length).toBe(60);
    expect(Array.from(a[0].times)).toEqual(Array.from(again[0].times));
    expect(Array.from(a[0].times)).not.toEqual(Array.from(other[0].times));
    // Two lineages of one donor get their own draws.
    expect(Array.from(a[0].times)).not.toEqual(Array.from(a[1].times));
    const nulls = resampleCells(data, { kind: 'permute', replicate: 1 }, ['21']);
    expect(nulls[2]).toBe(data[2]);
    expect(Array.from(nulls[0].times)).not.toEqual(Array.from(data[0].times));
  });

  it('describes itself for the run notes', () => {
    expect(describeResample({ kind: 'subsample', replicate: 3, fraction: 0.632, strata: 10 })).toMatch(
      /resample 3: 63.2 %.*10 pseudotime strata/,
    );
    expect(describeResample({ kind: 'permute', replicate: 2 })).toMatch(/null 2: .*permuted/);
  });
});
