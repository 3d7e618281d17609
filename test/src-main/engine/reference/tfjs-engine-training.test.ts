import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { initializeParameters } from '../../../../src-main/engine/model/initialize.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { tfjsEngineFactory } from '../../../../src-main/engine/reference/tfjs-engine.ts';
import { createAdamState } from '../../../../src-main/engine/training/adam.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Binned targets from a known linear ODE x' = A·x (solved accurately in float64 with RK4 at step 1/2000), two
 * trajectories from different starts: a real dynamical system for the MLP field to learn, not noise.
 */
function linearSystemProblem(): TrainingProblem {
  const D = 3;
  const B = 2;
  const K = 8;
  const A = [
    [-1, 0.8, 0],
    [0, -0.5, 1.2],
    [-0.9, 0, -0.3],
  ];
  const field = (x: number[]) => A.map((row) => row.reduce((s, a, j) => s + a * x[j], 0));
  const x0 = [
    [1, 0.2, 0.5],
    [0.1, 0.9, 0.3],
  ];
  const times = Float64Array.from({ length: K }, (_, k) => (k + 0.5) / K);
  const values = new Float32Array(K * B * D);
  x0.forEach((start, b) => {
    let x = [...start];
    let t = 0;
    const h = 1 / 2000;
    times.forEach((target, k) => {
      while (t < target - 1e-12) {
        const step = Math.min(h, target - t);
        const k1 = field(x);
        const k2 = field(x.map((v, i) => v + (step / 2) * k1[i]));
        const k3 = field(x.map((v, i) => v + (step / 2) * k2[i]));
        const k4 = field(x.map((v, i) => v + step * k3[i]));
        x = x.map((v, i) => v + (step / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
        t += step;
      }
      values.set(x, (k * B + b) * D);
    });
  });
  return {
    genes: D,
    batch: B,
    model: { hidden: [8], activation: 'first' },
    regularizer: { kind: 'pathreg', lambda: 1e-4 },
    solver: { kind: 'rk4', bins: K, substeps: 1 },
    initialStates: Float32Array.from(x0.flat()),
    targets: { kind: 'binned', times, values, weights: new Float32Array(K * B).fill(1 / (K * D)) },
  };
}

describe('tfjs engine training', () => {
  it('lowers the loss on a small linear ODE over 200 Adam iterations, with sampled gates', async () => {
    const problem = linearSystemProblem();
    const layout = parameterLayout(problem.genes, problem.model);
    const random = new SeededRandom(42);
    const params = initializeParameters(layout, random);
    const state = createAdamState(layout.parameterCount);
    const engine = await tfjsEngineFactory.create(problem);
    const noise = new Float32Array(layout.gateCount);
    const data: number[] = [];
    for (let i = 0; i < 200; i++) {
      const terms = await engine.trainStep(params, state, random.fillGateNoise(noise), 0.01);
      data.push(terms.data);
    }
    engine.dispose();
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const first = mean(data.slice(0, 10));
    const last = mean(data.slice(-10));
    expect(data.every(Number.isFinite)).toBe(true);
    console.info(`data term: first 10 iterations ${first.toExponential(3)}, last 10 ${last.toExponential(3)}`);
    expect(last).toBeLessThan(0.2 * first);
    expect(state.step).toBe(200);
  });
});
