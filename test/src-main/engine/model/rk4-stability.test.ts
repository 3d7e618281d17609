import { describe, expect, it } from 'vitest';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import {
  gatedFieldLipschitzBound,
  MAX_STABLE_SUBSTEPS,
  problemRk4Substeps,
  RK4_STEP_BOUND_LIMIT,
  stableRk4Substeps,
} from '../../../../src-main/engine/model/rk4-stability.ts';
import { smallProblem } from '../reference/small-problem.ts';

const model = { hidden: [3], activation: 'all' as const };

/** Parameters with every weight `w` and every gate logit `logAlpha` (biases 0). */
function uniformParams(w: number, logAlpha: number): Float32Array {
  const layout = parameterLayout(2, model);
  const params = new Float32Array(layout.parameterCount);
  for (const layer of layout.layers) {
    params.fill(w, layer.weights, layer.weights + layer.inputs * layer.outputs);
    params.fill(logAlpha, layer.gateLogits, layer.gateLogits + layer.inputs);
  }
  return params;
}

describe('gatedFieldLipschitzBound', () => {
  it('is the product of the gated layers’ Frobenius norms (gates fully open: ‖W‖_F per layer)', () => {
    const layout = parameterLayout(2, model);
    // logα = 8 gives a deterministic gate of exactly 1; 2×3 and 3×2 matrices of 0.5: ‖W‖_F = 0.5·√6 each.
    const bound = gatedFieldLipschitzBound(layout, uniformParams(0.5, 8), null);
    expect(bound).toBeCloseTo(0.25 * 6, 12);
  });

  it('scales each row by its gate: shut gates remove their rows, sampled gates follow the noise', () => {
    const layout = parameterLayout(2, model);
    expect(gatedFieldLipschitzBound(layout, uniformParams(0.5, -12), null)).toBe(0);
    const params = uniformParams(0.5, 0);
    const low = gatedFieldLipschitzBound(layout, params, new Float32Array(layout.gateCount).fill(0.05));
    const high = gatedFieldLipschitzBound(layout, params, new Float32Array(layout.gateCount).fill(0.95));
    // A uniform of 0.95 opens every gate fully (z = 1), 0.05 shuts them (z = 0).
    expect(high).toBeCloseTo(1.5, 12);
    expect(low).toBe(0);
  });

  it('is NaN or infinite when a weight is, so a caller can tell', () => {
    const layout = parameterLayout(2, model);
    const params = uniformParams(0.5, 8);
    params[0] = Number.POSITIVE_INFINITY;
    expect(Number.isFinite(gatedFieldLipschitzBound(layout, params, null))).toBe(false);
  });
});

describe('stableRk4Substeps', () => {
  const layout = parameterLayout(2, model);
  const times = Float64Array.from({ length: 50 }, (_, k) => (k + 0.5) / 50);

  it('keeps the configured substeps while step × bound is within the limit', () => {
    // bound 1.5, step 0.02: far inside.
    expect(stableRk4Substeps(layout, uniformParams(0.5, 8), null, 1, times)).toBe(1);
    expect(stableRk4Substeps(layout, uniformParams(0.5, 8), null, 3, times)).toBe(3);
  });

  it('raises them just enough for the longest interval, up to the cap', () => {
    // Weights w give a bound of 6w²; pick w so the bound is 2.5 × limit / 0.02 → needs 3 substeps.
    const w = Math.sqrt((2.5 * RK4_STEP_BOUND_LIMIT) / 0.02 / 6);
    const params = uniformParams(w, 8);
    const bound = gatedFieldLipschitzBound(layout, params, null);
    expect(bound * 0.02).toBeGreaterThan(2 * RK4_STEP_BOUND_LIMIT);
    expect(stableRk4Substeps(layout, params, null, 1, times)).toBe(3);
    // The first interval (0 → τ_0) is half as long: with one output time only that one counts.
    expect(stableRk4Substeps(layout, params, null, 1, [0.01])).toBe(2);
    expect(stableRk4Substeps(layout, uniformParams(w * 100, 8), null, 1, times)).toBe(MAX_STABLE_SUBSTEPS);
    // A configured count above the cap is left alone.
    expect(stableRk4Substeps(layout, uniformParams(w * 100, 8), null, 40, times)).toBe(40);
  });

  it('leaves the configured count for parameters that already overflowed', () => {
    const params = uniformParams(0.5, 8);
    params[1] = Number.NaN;
    expect(stableRk4Substeps(layout, params, null, 2, times)).toBe(2);
  });

  it('applies to RK4 problems only', () => {
    const rk4 = smallProblem({ genes: 2, hidden: [3] });
    const dopri5 = smallProblem({ genes: 2, hidden: [3], solver: 'dopri5' });
    const l = parameterLayout(2, rk4.problem.model);
    expect(problemRk4Substeps(rk4.problem, l, rk4.params, rk4.gateNoise)).toBe(1);
    expect(problemRk4Substeps(dopri5.problem, l, dopri5.params, dopri5.gateNoise)).toBeNull();
  });
});
