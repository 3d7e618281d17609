import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dopri5Solve, locateTimes } from '../../../../../src-main/engine/reference/solvers/dopri5-solve.ts';
import { StiffSolveError } from '../../../../../src-main/engine/reference/solvers/dopri5-plan.ts';
import { decayField, oscillatorExact, oscillatorField } from './exact-fields.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const omega = 6;
const readTimes = Array.from({ length: 41 }, (_, i) => i / 40);

/** Largest error over the read times and the number of accepted steps. */
function oscillatorErrors(rtol: number): { endError: number; denseError: number; steps: number; rejected: number } {
  return tf.tidy(() => {
    const { states, plan } = dopri5Solve(oscillatorField(omega), tf.tensor2d([[1, 0]]), readTimes, {
      rtol,
      atol: rtol * 1e-2,
      maxSteps: 10_000,
    });
    let denseError = 0;
    let endError = 0;
    states.forEach((state, i) => {
      const v = state.dataSync();
      const exact = oscillatorExact(1, 0, omega, readTimes[i]);
      const error = Math.max(Math.abs(v[0] - exact[0]), Math.abs(v[1] - exact[1]));
      denseError = Math.max(denseError, error);
      if (i === readTimes.length - 1) endError = error;
    });
    return { endError, denseError, steps: plan.steps.length, rejected: plan.rejected };
  });
}

describe('dopri5Solve', () => {
  it('gets more accurate as rtol tightens, at the end and everywhere in between (dense output)', () => {
    const results = [1e-2, 1e-3, 1e-4, 1e-5].map(oscillatorErrors);
    for (let i = 1; i < results.length; i++) {
      expect(results[i].steps).toBeGreaterThan(results[i - 1].steps);
      expect(results[i].denseError).toBeLessThan(results[i - 1].denseError / 2);
    }
    // Hairer's controller keeps the global error within a small multiple of the tolerance.
    expect(results[3].denseError).toBeLessThan(1e-4);
    expect(results[3].endError).toBeLessThan(1e-4);
    // Read times fall strictly inside steps, so this exercises the continuous extension, not the step ends.
    expect(results[0].steps).toBeLessThan(readTimes.length);
  });

  it('solves exponential decay, reading x0 at t = 0 and landing exactly on t = 1', () => {
    tf.tidy(() => {
      const times = [0, 0, 0.25, 0.5, 1];
      const { states, plan } = dopri5Solve(decayField(2), tf.tensor2d([[1], [3]]), times, { rtol: 1e-6, atol: 1e-8, maxSteps: 1000 });
      const last = plan.steps[plan.steps.length - 1];
      expect(last.t + last.h).toBe(1);
      states.forEach((state, i) => {
        const v = state.dataSync();
        expect(Math.abs(v[0] - Math.exp(-2 * times[i]))).toBeLessThan(1e-5);
        expect(Math.abs(v[1] - 3 * Math.exp(-2 * times[i]))).toBeLessThan(3e-5);
      });
    });
  });

  it('assigns each time to the step that ends at or after it', () => {
    const plan = {
      steps: [
        { t: 0, h: 0.25 },
        { t: 0.25, h: 0.5 },
        { t: 0.75, h: 0.25 },
      ],
      rejected: 0,
      nonFinite: false,
    };
    expect(locateTimes(plan, [0, 0.1, 0.25, 0.5, 0.75, 1])).toEqual([
      { step: -1, theta: 0 },
      { step: 0, theta: 0.4 },
      { step: 0, theta: 1 },
      { step: 1, theta: 0.5 },
      { step: 1, theta: 1 },
      { step: 2, theta: 1 },
    ]);
    expect(() => locateTimes(plan, [0.5, 0.2])).toThrow(/ascending/);
    expect(() => locateTimes(plan, [1.5])).toThrow(/after the end/);
  });

  it('stops with a message when the step limit is reached', () => {
    tf.tidy(() => {
      expect(() => dopri5Solve(decayField(2000), tf.tensor2d([[1]]), [1], { rtol: 1e-8, atol: 1e-10, maxSteps: 20 })).toThrow(
        StiffSolveError,
      );
      expect(() => dopri5Solve(decayField(2000), tf.tensor2d([[1]]), [1], { rtol: 1e-8, atol: 1e-10, maxSteps: 20 })).toThrow(
        /became stiff/,
      );
    });
  });

  it('leaves no tensors behind', () => {
    const field = oscillatorField(omega);
    const before = tf.memory().numTensors;
    const { states } = dopri5Solve(
      field,
      tf.tidy(() => tf.tensor2d([[1, 0]])),
      readTimes,
      { rtol: 1e-4, atol: 1e-6, maxSteps: 1000 },
    );
    tf.dispose(states);
    // One tensor: the x0 created above (tidy returned it).
    expect(tf.memory().numTensors).toBe(before + 1);
  });
});
