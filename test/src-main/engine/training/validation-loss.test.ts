import { describe, expect, it } from 'vitest';
import { validationLoss } from '../../../../src-main/engine/training/validation-loss.ts';
import { float64Loss } from '../../../../src-main/engine/reference/float64-oracle.ts';
import { tfjsEngineFactory } from '../../../../src-main/engine/reference/tfjs-engine.ts';
import { smallProblem } from '../reference/small-problem.ts';

describe('validationLoss', () => {
  it('is the data term with deterministic gates: equals the float64 oracle on the reference engine’s prediction (rk4 and dopri5)', async () => {
    for (const solver of ['rk4', 'dopri5'] as const) {
      const { problem, params } = smallProblem({ solver });
      const engine = await tfjsEngineFactory.create(problem);
      try {
        const loss = validationLoss(problem, await engine.predict(params));
        const expected = float64Loss(problem, params, null).data;
        expect(Math.abs(loss - expected) / expected, solver).toBeLessThan(1e-5);
      } finally {
        engine.dispose();
      }
    }
  });

  it('skips empty bins (weight 0) and is 0 for a perfect prediction', () => {
    const { problem } = smallProblem({ genes: 2, batch: 2, bins: 3 });
    if (problem.targets.kind !== 'binned') throw new Error('binned expected');
    const { values, weights } = problem.targets;
    const exact = Array.from({ length: 2 }, (_, b) => {
      const v = new Float32Array(3 * 2);
      for (let k = 0; k < 3; k++) for (let d = 0; d < 2; d++) v[k * 2 + d] = weights[k * 2 + b] === 0 ? 1e9 : values[(k * 2 + b) * 2 + d];
      return { times: Float64Array.from(problem.targets.kind === 'binned' ? problem.targets.times : []), values: v };
    });
    expect(weights.some((w) => w === 0)).toBe(true);
    expect(validationLoss(problem, { trajectories: exact })).toBe(0);
  });

  it('is Infinity when the prediction overflowed, so such a model is never the best', () => {
    const { problem } = smallProblem({ genes: 2, batch: 1, bins: 2 });
    const values = new Float32Array(4).fill(Number.NaN);
    expect(validationLoss(problem, { trajectories: [{ times: Float64Array.of(0.25, 0.75), values }] })).toBe(Number.POSITIVE_INFINITY);
  });

  it('refuses a prediction of another shape, naming what it expected', () => {
    const { problem } = smallProblem({ genes: 2, batch: 1, bins: 2 });
    expect(() => validationLoss(problem, { trajectories: [] })).toThrow(/0 trajectories but the problem has 1/);
    expect(() => validationLoss(problem, { trajectories: [{ times: Float64Array.of(0.5), values: new Float32Array(2) }] })).toThrow(
      /has 2 values, expected 4/,
    );
  });
});
