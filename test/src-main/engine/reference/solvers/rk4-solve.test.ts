import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { rk4Solve } from '../../../../../src-main/engine/reference/solvers/rk4-solve.ts';
import { decayField, oscillatorExact, oscillatorField } from './exact-fields.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Error at t = 1 with `substeps` equal steps, largest over the components. */
function errorAtOne(field: ReturnType<typeof decayField>, x0: number[], exact: number[], substeps: number): number {
  return tf.tidy(() => {
    const [state] = rk4Solve(field, tf.tensor2d([x0]), [1], substeps);
    const values = state.dataSync();
    return Math.max(...exact.map((e, i) => Math.abs(values[i] - e)));
  });
}

describe('rk4Solve', () => {
  it('is fourth order on exponential decay: halving h divides the error by about 16', () => {
    // h·rate = 1/2, 1/4, 1/8: close enough to the asymptotic regime (exact ratios 19.8 and 17.8 in float64),
    // with errors far above float32 rounding.
    const rate = 2;
    const errors = [4, 8, 16].map((n) => errorAtOne(decayField(rate), [1], [Math.exp(-rate)], n));
    expect(errors[2]).toBeGreaterThan(1e-7);
    for (let i = 1; i < errors.length; i++) {
      const ratio = errors[i - 1] / errors[i];
      expect(ratio).toBeGreaterThan(14);
      expect(ratio).toBeLessThan(21);
    }
  });

  it('is fourth order on the harmonic oscillator', () => {
    const omega = 5;
    const field = oscillatorField(omega);
    const exact = oscillatorExact(1, 0.5, omega, 1);
    const errors = [4, 8, 16].map((n) => errorAtOne(field, [1, 0.5], exact, n));
    expect(errors[0]).toBeGreaterThan(1e-4);
    for (let i = 1; i < errors.length; i++) {
      const ratio = errors[i - 1] / errors[i];
      expect(ratio).toBeGreaterThan(13);
      expect(ratio).toBeLessThan(19);
    }
  });

  it('returns the state at every output time, the first interval from t = 0', () => {
    const times = [0.1, 0.3, 0.5, 0.7, 0.9];
    tf.tidy(() => {
      const states = rk4Solve(decayField(1), tf.tensor2d([[2], [1]]), times, 4);
      expect(states).toHaveLength(times.length);
      states.forEach((state, k) => {
        const v = state.dataSync();
        expect(v[0]).toBeCloseTo(2 * Math.exp(-times[k]), 6);
        expect(v[1]).toBeCloseTo(Math.exp(-times[k]), 6);
      });
    });
  });

  it('rejects descending times and a zero substep count', () => {
    tf.tidy(() => {
      expect(() => rk4Solve(decayField(1), tf.tensor2d([[1]]), [0.5, 0.2], 1)).toThrow(/ascending/);
      expect(() => rk4Solve(decayField(1), tf.tensor2d([[1]]), [0.5], 0)).toThrow(/substeps/);
    });
  });
});
