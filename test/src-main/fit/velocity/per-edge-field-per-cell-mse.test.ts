import { describe, expect, it } from 'vitest';
import type { PreparedTrajectory } from '../../../../src-main/data/dataset.ts';
import { perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';
import { perEdgeFieldPerCellMse } from '../../../../src-main/fit/velocity/per-edge-field-per-cell-mse.ts';
import { predictVelocity, type VelocityFieldModel } from '../../../../src-main/engine/velocity/velocity-field-model.ts';

// A field whose gates are all shut and whose only term is decay: f_j(x) = −s_j·softplus(ρ_j)·(x_j − μ_j)/σ_j,
// so x_j(t) = μ_j + (x_j(0) − μ_j)·exp(−k_j t) with k_j = s_j·softplus(ρ_j)/σ_j.
function decayOnly(): VelocityFieldModel {
  const config = { genes: 2, hidden: 2, decay: true, penalty: 'none' as const, lambda: 0 };
  const o = perEdgeFieldOffsets(config);
  const values = new Float32Array(o.total);
  values.fill(-20, o.logAlpha, o.decay); // gates exactly 0
  values[o.decay] = Math.log(Math.expm1(1)); // softplus = 1
  values[o.decay + 1] = Math.log(Math.expm1(2)); // softplus = 2
  return {
    kind: 'per-edge-field',
    genes: ['a', 'b'],
    config,
    values,
    inputShift: Float32Array.from([0.5, 0]),
    inputScale: Float32Array.from([2, 1]),
    outputScale: Float32Array.from([2, 1.5]),
  };
}

function trajectory(name: string, x0: number[], times: number[], values: number[]): PreparedTrajectory {
  return {
    name,
    lineage: name,
    donor: 'd',
    source: name,
    genes: ['a', 'b'],
    times: Float64Array.from(times),
    values: Float32Array.from(values),
    initialState: Float32Array.from(x0),
    rawTimeRange: [0, 1],
  };
}

describe('per-edge field: per-cell Dormand–Prince evaluation', () => {
  it('predicts the decay-only field in the data units', () => {
    const f = predictVelocity(decayOnly(), Float32Array.from([2.5, 3]), 1);
    expect(f[0]).toBeCloseTo((-2 * 1 * (2.5 - 0.5)) / 2, 6);
    expect(f[1]).toBeCloseTo(-1.5 * 2 * 3, 6);
  });

  it('integrates it to the exponential solution and scores the per-cell error', () => {
    const model = decayOnly();
    const k = [1, 3]; // s·softplus/σ: 2·1/2 and 1.5·2/1
    const exact = (x0: number[], t: number) => [0.5 + (x0[0] - 0.5) * Math.exp(-k[0] * t), x0[1] * Math.exp(-k[1] * t)];
    const times = [0, 0.25, 0.5, 1];
    // Cells exactly on the solution (error from the solver only), then cells off it by 0.1 in every gene.
    const onPath = trajectory(
      'on',
      [2.5, 1],
      times,
      times.flatMap((t) => exact([2.5, 1], t)),
    );
    const offPath = trajectory(
      'off',
      [1, -1],
      [0.1, 0.6],
      [0.1, 0.6].flatMap((t) => exact([1, -1], t).map((v) => v + 0.1)),
    );
    const [on, off] = perEdgeFieldPerCellMse(model, [onPath, offPath]);
    expect(on).toBeLessThan(1e-6);
    expect(off).toBeCloseTo(0.01, 4);
  });

  it("integrates the default field's shape (no hidden units, a linear term per edge) to its exact solution", () => {
    // dx_a/dt = −x_a, dx_b/dt = x_a − x_b (gate a → b open with A = 1, decay 1 each, identity scaling):
    // x_a = a0·e^−t, x_b = (b0 + a0·t)·e^−t.
    const config = { genes: 2, hidden: 0, decay: true, linear: true, penalty: 'group-lasso' as const, lambda: 0 };
    const o = perEdgeFieldOffsets(config);
    const values = new Float32Array(o.total);
    values.fill(10, o.logAlpha, o.decay); // deterministic gates exactly 1
    values.fill(Math.log(Math.expm1(1)), o.decay, o.decay + 2); // softplus = 1
    values[o.linear + 0 * 2 + 1] = 1; // source a (row 0) → target b (column 1)
    const model: VelocityFieldModel = {
      kind: 'per-edge-field',
      genes: ['a', 'b'],
      config,
      values,
      inputShift: Float32Array.from([0, 0]),
      inputScale: Float32Array.from([1, 1]),
      outputScale: Float32Array.from([1, 1]),
    };
    const times = [0, 0.25, 0.5, 1];
    const exact = (t: number) => [2 * Math.exp(-t), (1 + 2 * t) * Math.exp(-t)];
    const [error] = perEdgeFieldPerCellMse(model, [trajectory('linear', [2, 1], times, times.flatMap(exact))]);
    expect(error).toBeLessThan(1e-6);
  });

  it('refuses trajectories with other genes', () => {
    const other = { ...trajectory('x', [0, 0], [0], [0, 0]), genes: ['a', 'c'] };
    expect(() => perEdgeFieldPerCellMse(decayOnly(), [other])).toThrow(/other genes/);
  });
});
