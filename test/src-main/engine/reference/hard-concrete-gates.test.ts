import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { GATE_STRETCH_HIGH, GATE_STRETCH_LOW, GATE_TEMPERATURE } from '../../../../src-main/engine/model/hard-concrete.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { oracleGate } from '../../../../src-main/engine/reference/float64-oracle.ts';
import { hardConcreteGates } from '../../../../src-main/engine/reference/hard-concrete-gates.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const logit = (p: number) => Math.log(p / (1 - p));

/** P(z = 0): the stretched sample falls below 0, i.e. s < −γ/(ζ − γ). */
function closedProbability(logAlpha: number): number {
  return sigmoid(GATE_TEMPERATURE * logit(-GATE_STRETCH_LOW / (GATE_STRETCH_HIGH - GATE_STRETCH_LOW)) - logAlpha);
}

/** P(z = 1): the stretched sample rises above 1, i.e. s > (1 − γ)/(ζ − γ). */
function openProbability(logAlpha: number): number {
  return 1 - sigmoid(GATE_TEMPERATURE * logit((1 - GATE_STRETCH_LOW) / (GATE_STRETCH_HIGH - GATE_STRETCH_LOW)) - logAlpha);
}

/** E[z] = ∫₀¹ z(u) du: z is monotone in u, so this is the integral of the inverse CDF (midpoint rule). */
function meanByQuadrature(logAlpha: number): number {
  const n = 20_000;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += oracleGate(logAlpha, (i + 0.5) / n);
  return sum / n;
}

describe('hardConcreteGates', () => {
  const samples = 40_000;
  for (const logAlpha of [-1.5, 0, 1.386, 3]) {
    it(`matches the analytic mean, P(z=0) and P(z=1) for log alpha ${logAlpha}`, () => {
      const noise = new SeededRandom(3).fillGateNoise(new Float32Array(samples));
      const z = tf.tidy(() => hardConcreteGates(tf.fill([samples], logAlpha) as tf.Tensor1D, tf.tensor1d(noise)).dataSync());
      let sum = 0;
      let closed = 0;
      let open = 0;
      let lowest = Infinity;
      let highest = -Infinity;
      for (const v of z) {
        lowest = Math.min(lowest, v);
        highest = Math.max(highest, v);
        sum += v;
        if (v === 0) closed++;
        if (v === 1) open++;
      }
      expect(lowest).toBe(0);
      expect(highest).toBe(1);
      // Four standard errors of a mean of values in [0, 1] (σ ≤ 0.5): 4·0.5/√40000 = 0.01.
      const tolerance = 0.01;
      expect(Math.abs(sum / samples - meanByQuadrature(logAlpha))).toBeLessThan(tolerance);
      expect(Math.abs(closed / samples - closedProbability(logAlpha))).toBeLessThan(tolerance);
      expect(Math.abs(open / samples - openProbability(logAlpha))).toBeLessThan(tolerance);
      expect(closedProbability(logAlpha)).toBeGreaterThan(0.005);
      expect(openProbability(logAlpha)).toBeGreaterThan(0.01);
    });
  }

  it('is deterministic without noise: clamp(sigmoid(log alpha)·1.2 − 0.1, 0, 1)', () => {
    const logAlpha = [-4, -1, 0, 1, 4];
    const z = tf.tidy(() => hardConcreteGates(tf.tensor1d(logAlpha), null).dataSync());
    logAlpha.forEach((a, i) => expect(z[i]).toBeCloseTo(Math.min(1, Math.max(0, sigmoid(a) * 1.2 - 0.1)), 6));
    expect(z[0]).toBe(0);
    expect(z[4]).toBe(1);
  });

  it('passes no gradient through a gate that is exactly closed or open, the sigmoid slope inside', () => {
    const logAlpha = [-4, 0.5, 4];
    const gradient = tf.tidy(() =>
      tf
        .grad((a: tf.Tensor) => tf.sum(hardConcreteGates(a as tf.Tensor1D, null)))(tf.tensor1d(logAlpha))
        .dataSync(),
    );
    expect(gradient[0]).toBe(0);
    expect(gradient[2]).toBe(0);
    expect(gradient[1]).toBeCloseTo(1.2 * sigmoid(0.5) * (1 - sigmoid(0.5)), 6);
  });
});
