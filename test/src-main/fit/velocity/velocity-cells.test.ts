// The velocity method's one scaling, against a hand-worked example: two lineages of one matrix share their first two
// cells. Scaled per lineage (the paper's preparation) the shared cell has two states; in the one scaling it has one,
// is one cell of the fit, and every lineage's time runs in the same units.
import { describe, expect, it } from 'vitest';
import type { Trajectory } from '../../../../src-main/data/dataset.ts';
import { prepareTrajectoryWithReport, type PreparationOptions } from '../../../../src-main/data/prepare/prepare-trajectory.ts';
import { lineageUnitsMse } from '../../../../src-main/fit/velocity/lineage-units-mse.ts';
import { inFieldUnits, velocityCellsOneScaling, velocityScaling } from '../../../../src-main/fit/velocity/velocity-cells.ts';
import { velocityTargets } from '../../../../src-main/engine/velocity/velocity-targets.ts';

const genes = ['a', 'b'];
/** Data-set rows: 0 and 1 in both lineages, 2–3 only in A, 4–5 only in B. */
const matrix = [
  [0, 10],
  [1, 10],
  [2, 10],
  [3, 20],
  [0, 12],
  [0, 14],
];
function lineage(name: string, rows: number[], times: number[]): Trajectory {
  return {
    name,
    lineage: name,
    donor: 'all cells',
    source: 'ExpressionData.csv',
    genes,
    times: Float64Array.from(times),
    values: Float32Array.from(rows.flatMap((r) => matrix[r])),
    cells: Int32Array.from(rows),
  };
}
const keepAll: PreparationOptions = { dropFirst: 0, dropLast: 0, initialCells: 1, dropDuplicateTimes: false };
const A = lineage('A', [0, 1, 2, 3], [0, 1, 2, 3]);
const B = lineage('B', [0, 1, 4, 5], [0, 1, 2, 4]);
const raw = [A, B];
const prepared = raw.map((t) => prepareTrajectoryWithReport(t, keepAll).prepared);

describe('the velocity method’s one scaling', () => {
  it('per lineage the shared cell has two states; in the one scaling it has one', () => {
    // The paper's preparation: gene a of row 1 is 1/3 in A (range 0–3) but 1 in B (range 0–1).
    expect(prepared[0].values[2]).toBeCloseTo(1 / 3, 6);
    expect(prepared[1].values[2]).toBeCloseTo(1, 6);
    const scaling = velocityScaling(raw, prepared);
    expect(Array.from(scaling.geneMin)).toEqual([0, 10]);
    expect(Array.from(scaling.geneRange)).toEqual([3, 10]);
    // The longest lineage's span (B: 0 to 4) is the time unit.
    expect(scaling.timeSpan).toBe(4);
    const [a, b] = raw.map((t, i) => inFieldUnits(t, prepared[i], scaling, 1));
    expect(Array.from(a.values.subarray(2, 4))).toEqual(Array.from(b.values.subarray(2, 4)));
    expect(a.values[2]).toBeCloseTo(1 / 3, 6);
    expect(Array.from(a.times)).toEqual([0, 0.25, 0.5, 0.75]);
    expect(Array.from(b.times)).toEqual([0, 0.25, 0.5, 1]);
    expect(Array.from(b.values.subarray(4, 8))).toEqual([0, Math.fround(0.2), 0, Math.fround(0.4)]);
    expect(Array.from(a.initialState)).toEqual([0, 0]);
  });

  it('a cell in both lineages is one cell of the fit, whose target averages its lineages’', () => {
    const scaling = velocityScaling(raw, prepared);
    const scaled = raw.map((t, i) => inFieldUnits(t, prepared[i], scaling, 1));
    const cells = velocityCellsOneScaling(raw, scaled);
    expect(cells.values.length / 2).toBe(6);
    expect(Array.from(cells.lineages[0].cells)).toEqual([0, 1, 2, 3]);
    expect(Array.from(cells.lineages[1].cells)).toEqual([0, 1, 4, 5]);
    const targets = velocityTargets(cells, { neighbours: 1, window: 1 });
    // Row 0 in A steps to row 1 (Δa = 1/3 over 0.25), in B to row 1 as well: one target, counted over 2 lineages.
    expect(targets.lineageCounts[0]).toBe(2);
    expect(targets.velocities[0]).toBeCloseTo(4 / 3, 5);
    // Row 1: in A to row 2 (Δa = 1/3, Δb = 0 over 0.25); in B to row 4 (Δa = −1/3, Δb = 0.2 over 0.25): the mean.
    expect(targets.velocities[2]).toBeCloseTo(0, 5);
    expect(targets.velocities[3]).toBeCloseTo(0.4, 5);
  });

  it('trajectories from separate tables (no data-set rows) share no cells', () => {
    const { cells: _a, ...noRowsA } = A;
    const { cells: _b, ...noRowsB } = B;
    const tables = [noRowsA, noRowsB];
    const scaling = velocityScaling(tables, prepared);
    const cells = velocityCellsOneScaling(
      tables,
      tables.map((t, i) => inFieldUnits(t, prepared[i], scaling, 1)),
    );
    expect(cells.values.length / 2).toBe(8);
    expect(Array.from(cells.lineages[1].cells)).toEqual([4, 5, 6, 7]);
  });

  it('a trajectory scaled by another donor’s map may leave [0, 1] (why each donor keeps its own)', () => {
    const scaling = velocityScaling(raw, prepared);
    const heldOut: Trajectory = {
      ...A,
      name: 'C',
      donor: 'other',
      cells: undefined,
      times: Float64Array.from([5, 7]),
      values: Float32Array.from([6, 30, 0, 10]),
    };
    const c = inFieldUnits(heldOut, prepareTrajectoryWithReport(heldOut, keepAll).prepared, scaling, 1);
    expect(Array.from(c.values)).toEqual([2, 2, 0, 0]);
    expect(Array.from(c.times)).toEqual([0, 0.5]);
    expect(Array.from(c.initialState)).toEqual([2, 2]);
  });

  it('the MSE in each lineage’s own units: 0 for the cells themselves, and an error rescaled by that lineage’s range', () => {
    const scaling = velocityScaling(raw, prepared);
    const scaled = raw.map((t, i) => inFieldUnits(t, prepared[i], scaling, 1));
    expect(lineageUnitsMse(A, prepared[0], scaling, scaled[0].values)).toBeCloseTo(0, 12);
    // +0.1 in field units of gene a is +0.3 raw: 0.1 of A's range (3), 0.3 of B's (1); mean over 4 cells × 2 genes.
    const shifted = (values: Float32Array) => values.map((v, k) => (k % 2 === 0 ? v + 0.1 : v));
    expect(lineageUnitsMse(A, prepared[0], scaling, shifted(scaled[0].values))).toBeCloseTo((4 * 0.01) / 8, 6);
    expect(lineageUnitsMse(B, prepared[1], scaling, shifted(scaled[1].values))).toBeCloseTo((4 * 0.09) / 8, 6);
    // Gene b is constant over A's first three cells: a lineage of those has no range for it, so the run's (10) is used.
    const flat = lineage('F', [0, 1, 2], [0, 1, 2]);
    const flatPrepared = prepareTrajectoryWithReport(flat, keepAll).prepared;
    const flatScaled = inFieldUnits(flat, flatPrepared, scaling, 1);
    const off = flatScaled.values.map((v, k) => (k % 2 === 1 ? v + 0.1 : v));
    expect(lineageUnitsMse(flat, flatPrepared, scaling, off)).toBeCloseTo((3 * 0.01) / 6, 6);
  });

  it('refuses trajectories that do not say which cells were kept, naming the trajectory', () => {
    const { keptRows: _k, ...unmarked } = prepared[0];
    expect(() => velocityScaling([A], [unmarked])).toThrow(/Trajectory "A" does not say which of its cells were kept/);
  });
});
