import { describe, expect, it } from 'vitest';
import type { PreparedTrajectory } from '../../../src-main/data/dataset.ts';
import { parameterLayout } from '../../../src-main/engine/model/parameter-layout.ts';
import { createTfjsEngineFactory } from '../../../src-main/engine/reference/tfjs-engine.ts';
import { evaluateDonor, type EvaluationSettings } from '../../../src-main/fit/per-cell-mse.ts';

function trajectory(lineage: string, x0: number[], cells: Array<[number, number[]]>): PreparedTrajectory {
  return {
    name: `${lineage}_7`,
    lineage,
    donor: '7',
    source: `${lineage}_7_norm.tsv`,
    genes: ['a', 'b'],
    times: Float64Array.from(cells.map((c) => c[0])),
    values: Float32Array.from(cells.flatMap((c) => c[1])),
    initialState: Float32Array.from(x0),
    rawTimeRange: [0, 1],
  };
}

const settings: EvaluationSettings = {
  model: { hidden: [3], activation: 'first' },
  regularizer: { kind: 'pathreg', lambda: 0 },
  rtol: 1e-6,
  atol: 1e-8,
  maxSteps: 1000,
};
const factory = createTfjsEngineFactory({ backend: 'cpu' });

describe('per-cell evaluation', () => {
  it("sums each lineage's mean squared error over cells and genes, read at each cell's own time", async () => {
    const layout = parameterLayout(2, settings.model);
    // Zero weights and biases make the field 0, so the prediction stays at x0 and the MSE is known by hand.
    const still = new Float32Array(layout.parameterCount);
    const eryth = trajectory(
      'eryth',
      [0.5, 0.5],
      [
        [0, [0.5, 0.5]],
        [0.4, [1, 0.5]],
        [1, [0, 0]],
      ],
    );
    const mono = trajectory(
      'mono',
      [0, 1],
      [
        [0, [0, 1]],
        [0.7, [0, 0]],
      ],
    );
    const result = await evaluateDonor('7', [eryth, mono], still, settings, (p) => factory.create(p));
    // eryth: squared errors 0,0 | 0.25,0 | 0.25,0.25 over 6 entries; mono: 0,0 | 0,1 over 4.
    expect(result.lineages.eryth).toBeCloseTo(0.75 / 6, 6);
    expect(result.lineages.mono).toBeCloseTo(1 / 4, 6);
    expect(result.mse).toBeCloseTo(0.75 / 6 + 0.25, 6);
  });

  it('follows a constant drift exactly: predictions are read from the solve, not the targets', async () => {
    const layout = parameterLayout(2, settings.model);
    const drift = new Float32Array(layout.parameterCount);
    // Output bias 1 on gene a: dx_a/dt = 1, so x_a(t) = x0 + t; the targets equal that path, MSE 0.
    drift[layout.layers[1].bias] = 1;
    const exact = trajectory(
      'B',
      [0, 0],
      [
        [0, [0, 0]],
        [0.25, [0.25, 0]],
        [0.9, [0.9, 0]],
      ],
    );
    const result = await evaluateDonor('7', [exact], drift, settings, (p) => factory.create(p));
    expect(result.mse).toBeLessThan(1e-10);
    const shifted = trajectory(
      'B',
      [0, 0],
      [
        [0, [0, 0]],
        [0.5, [0, 0]],
      ],
    );
    expect((await evaluateDonor('7', [shifted], drift, settings, (p) => factory.create(p))).mse).toBeCloseTo(0.25 / 4, 6);
  });
});
