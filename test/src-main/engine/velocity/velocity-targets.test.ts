import { describe, expect, it } from 'vitest';
import { velocityTargets, type VelocityCells } from '../../../../src-main/engine/velocity/velocity-targets.ts';

// Five cells of two genes, worked by hand:
//   c0 (0,0) t0   c1 (1,0) t1   c2 (0,2) t2   c3 (3,3) t3   in lineage L1 (given shuffled);
//   c0 and c4 (2,2) at t 0 and 2 in lineage L2, so c0 is shared by both lineages.
function example(): VelocityCells {
  return {
    genes: ['a', 'b'],
    values: Float32Array.from([0, 0, 1, 0, 0, 2, 3, 3, 2, 2]),
    lineages: [
      { name: 'L1', cells: Int32Array.from([2, 0, 3, 1]), times: Float64Array.from([2, 0, 3, 1]) },
      { name: 'L2', cells: Int32Array.from([0, 4]), times: Float64Array.from([0, 2]) },
    ],
  };
}

describe('velocityTargets', () => {
  it('averages the k nearest of the next cells, over the mean time step, and averages a shared cell over its lineages', () => {
    const targets = velocityTargets(example(), { neighbours: 2, window: 3 });
    // c0 in L1: candidates c1 (d² 1), c2 (4), c3 (18) → c1, c2: mean (0.5, 1), step 1.5 → (1/3, 2/3);
    //    in L2: c4 → (2, 2)/2 = (1, 1); one target, the mean: (2/3, 5/6).
    // c1: candidates c2 (d² 5), c3 (13) → both: mean (1.5, 2.5) − (1, 0), step 1.5 → (1/3, 5/3).
    // c2: only c3 → (3, 1) / 1.   c3 and c4 end their lineages: no target.
    expect(Array.from(targets.cells)).toEqual([0, 1, 2]);
    expect(Array.from(targets.lineageCounts)).toEqual([2, 1, 1]);
    expect(targets.cellsWithoutTarget).toBe(2);
    const expected = [2 / 3, 5 / 6, 1 / 3, 5 / 3, 3, 1];
    Array.from(targets.velocities).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 6));
    expect(Array.from(targets.states)).toEqual([0, 0, 1, 0, 0, 2]);
  });

  it('picks the nearest in expression, not the next in time', () => {
    const data = example();
    data.lineages = [data.lineages[0]];
    const targets = velocityTargets(data, { neighbours: 1, window: 3 });
    // c0 → c1 (1, 0) over 1; c1 → c2 (d² 5 < 13): (−1, 2) over 1; c2 → c3: (3, 1).
    expect(Array.from(targets.velocities)).toEqual([1, 0, -1, 2, 3, 1]);
    // With a window of 1 the only candidate of c1 is the next cell anyway.
    expect(Array.from(velocityTargets(data, { neighbours: 1, window: 1 }).velocities)).toEqual([1, 0, -1, 2, 3, 1]);
  });

  it('skips cells of the same pseudotime: they are not later', () => {
    const targets = velocityTargets(
      {
        genes: ['a'],
        values: Float32Array.from([0, 0.1, 2, 3]),
        lineages: [{ name: 'L', cells: Int32Array.from([0, 1, 2, 3]), times: Float64Array.from([0, 0, 1, 1]) }],
      },
      { neighbours: 1, window: 2 },
    );
    // c0 and c1 (t 0) both look past each other to c2 (d² 4 or 3.61) and c3: c2 is nearer, step 1.
    // c2 and c3 (t 1) have no later cell: no target.
    expect(Array.from(targets.cells)).toEqual([0, 1]);
    expect(targets.velocities[0]).toBeCloseTo(2, 6);
    expect(targets.velocities[1]).toBeCloseTo(1.9, 6);
    expect(targets.cellsWithoutTarget).toBe(2);
  });

  it('handles an empty lineage list and a one-cell lineage', () => {
    expect(velocityTargets({ genes: ['a'], values: Float32Array.from([1]), lineages: [] }).cells.length).toBe(0);
    const one = velocityTargets({
      genes: ['a'],
      values: Float32Array.from([1]),
      lineages: [{ name: 'L', cells: Int32Array.from([0]), times: Float64Array.from([0]) }],
    });
    expect(one.cells.length).toBe(0);
    expect(one.cellsWithoutTarget).toBe(1);
  });

  it('rejects a window smaller than k and a cell index out of range', () => {
    expect(() => velocityTargets(example(), { neighbours: 5, window: 3 })).toThrow(/window/);
    const bad = example();
    bad.lineages[1].cells[1] = 9;
    expect(() => velocityTargets(bad)).toThrow(/cell 9/);
  });
});
