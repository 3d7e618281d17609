import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Prediction, TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { float64Loss } from '../../../../src-main/engine/reference/float64-oracle.ts';
import { rowNorm } from '../../../../src-main/engine/reference/penalties/row-norm.ts';
import type { TfjsBackendName } from '../../../../src-main/engine/reference/tfjs-backend.ts';
import { createTfjsEngineFactory, tfjsEngineFactory, tfjsWasmEngineFactory } from '../../../../src-main/engine/reference/tfjs-engine.ts';
import { createAdamState } from '../../../../src-main/engine/training/adam.ts';
import { compareGradient, tfjsPlan } from './gradient-check.ts';
import { smallProblem } from './small-problem.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The data term recomputed from a prediction, as docs/model.md defines it for each kind of target. */
function dataTermOf(problem: TrainingProblem, prediction: Prediction): number {
  const D = problem.genes;
  const B = problem.batch;
  let data = 0;
  if (problem.targets.kind === 'binned') {
    const { values, weights, times } = problem.targets;
    for (let b = 0; b < B; b++) {
      for (let k = 0; k < times.length; k++) {
        let sq = 0;
        for (let d = 0; d < D; d++) sq += (prediction.trajectories[b].values[k * D + d] - values[(k * B + b) * D + d]) ** 2;
        data += weights[k * B + b] * sq;
      }
    }
  } else {
    problem.targets.trajectories.forEach((trajectory, b) => {
      let sq = 0;
      trajectory.values.forEach((v, i) => {
        sq += (prediction.trajectories[b].values[i] - v) ** 2;
      });
      data += sq / trajectory.values.length;
    });
  }
  return data;
}

describe('tfjs engine', () => {
  // The controller decides in float32 here and in float64 in the oracle. Tiny early error ratios sit near float32
  // rounding, so step sizes drift apart by up to ~1.5%; the accepted steps must still match one for one.
  it('chooses the same Dormand–Prince steps as the float64 oracle', () => {
    for (const rtol of [1e-3, 1e-4]) {
      for (const seed of [1, 2, 3, 4, 5, 6]) {
        const { problem, params, gateNoise } = smallProblem({ solver: 'dopri5', seed, genes: 6, hidden: [8, 4], rtol, atol: rtol * 1e-2 });
        // A livelier field than the initialisation gives, so the solve takes several steps.
        for (let i = 0; i < params.length; i++) params[i] *= 2.5;
        const plan = tfjsPlan(problem, params, gateNoise);
        const oracle = float64Loss(problem, params, gateNoise).plan;
        expect(plan?.steps.length).toBeGreaterThan(4);
        expect(oracle?.steps.length).toBe(plan?.steps.length);
        plan?.steps.forEach((step, i) => expect(Math.abs(step.h - (oracle?.steps[i].h ?? 0))).toBeLessThan(0.03 * step.h));
      }
    }
  });

  for (const solver of ['rk4', 'dopri5'] as const) {
    it(`predicts with deterministic gates at the target times (${solver})`, async () => {
      const { problem, params } = smallProblem({ solver, seed: 9 });
      const engine = await tfjsEngineFactory.create(problem);
      const prediction = await engine.predict(params);
      engine.dispose();
      expect(prediction.trajectories).toHaveLength(problem.batch);
      const expectedTimes =
        problem.targets.kind === 'binned'
          ? [problem.targets.times, problem.targets.times]
          : problem.targets.trajectories.map((t) => t.times);
      prediction.trajectories.forEach((trajectory, b) => {
        expect(Array.from(trajectory.times)).toEqual(Array.from(expectedTimes[b]));
        expect(trajectory.values.length).toBe(expectedTimes[b].length * problem.genes);
      });
      // The prediction, scored against the targets, gives the oracle's data term with deterministic gates.
      const oracle = float64Loss(problem, params, null, tfjsPlan(problem, params, null) ?? undefined);
      expect(Math.abs(dataTermOf(problem, prediction) - oracle.data)).toBeLessThan(1e-5 * oracle.data);
      if (problem.targets.kind === 'cells') {
        // Cells at t = 0 read x0 exactly.
        expect(Array.from(prediction.trajectories[1].values.subarray(0, problem.genes))).toEqual(
          Array.from(problem.initialStates.subarray(problem.genes, 2 * problem.genes)),
        );
      }
    });

    it(`turns NaN parameters into a NaN loss and gradient, not a crash (${solver})`, async () => {
      const { problem, params, gateNoise } = smallProblem({ solver });
      params[3] = NaN;
      const engine = await tfjsEngineFactory.create(problem);
      const { terms, gradient } = await engine.lossAndGradient(params, gateNoise);
      const prediction = await engine.predict(params);
      engine.dispose();
      expect(terms.total).toBeNaN();
      expect(terms.data).toBeNaN();
      expect(gradient.some((g) => Number.isNaN(g))).toBe(true);
      expect(prediction.trajectories[0].values.some((v) => Number.isNaN(v))).toBe(true);
    });

    it(`leaks no tensors over lossAndGradient, trainStep, predict and dispose (${solver})`, async () => {
      const { problem, params, gateNoise } = smallProblem({ solver, regularizer: 'group-lasso' });
      const before = tf.memory().numTensors;
      const engine = await tfjsEngineFactory.create(problem);
      const afterCreate = tf.memory().numTensors;
      await engine.lossAndGradient(params, gateNoise);
      const state = createAdamState(params.length);
      for (let i = 0; i < 3; i++) await engine.trainStep(params, state, gateNoise, 0.01);
      await engine.predict(params);
      expect(tf.memory().numTensors).toBe(afterCreate);
      engine.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  const edgeShapes: Array<{ name: string; genes: number; batch: number; hidden: number[] }> = [
    { name: 'batch 1', genes: 3, batch: 1, hidden: [4] },
    { name: 'one gene', genes: 1, batch: 2, hidden: [3, 2] },
    { name: 'hidden size 1', genes: 3, batch: 2, hidden: [1] },
    { name: 'L = 1, a linear field', genes: 3, batch: 2, hidden: [] },
  ];
  for (const shape of edgeShapes) {
    for (const solver of ['rk4', 'dopri5'] as const) {
      it(`gets the gradient right for ${shape.name} (${solver})`, async () => {
        const { problem, params, gateNoise } = smallProblem({
          ...shape,
          solver,
          activation: 'all',
          regularizer: 'pathreg',
          lambda: 0.2,
          seed: 13,
        });
        const result = await compareGradient(problem, params, gateNoise);
        expect(Math.abs(result.tfjs.data - result.oracle.data)).toBeLessThan(1e-5 * result.oracle.data + 1e-9);
        expect(Math.abs(result.tfjs.penalty - result.oracle.penalty)).toBeLessThan(1e-5 * result.oracle.penalty + 1e-9);
        expect(result.relativeError).toBeLessThan(1e-3);
      });
    }
  }

  it('gives an all-zero group (row of W_0) a zero group-lasso gradient, w/‖w‖ elsewhere', () => {
    const gradient = tf.tidy(() =>
      tf
        .grad((w: tf.Tensor) => tf.sum(rowNorm(w as tf.Tensor2D)))(
          tf.tensor2d([
            [0, 0],
            [3, 4],
          ]),
        )
        .dataSync(),
    );
    expect(Array.from(gradient)).toEqual([0, 0, 0.6000000238418579, 0.800000011920929]);
  });

  it('takes identical steps on the wasm backend (within float32 rounding)', async () => {
    const availability = await tfjsWasmEngineFactory.availability();
    expect(availability.available, availability.reason).toBe(true);
    const { problem, params, gateNoise } = smallProblem({ solver: 'rk4', genes: 6, hidden: [7, 5] });
    const cpu = await tfjsEngineFactory.create(problem);
    const wasm = await tfjsWasmEngineFactory.create(problem);
    const a = await cpu.lossAndGradient(params, gateNoise);
    const b = await wasm.lossAndGradient(params, gateNoise);
    cpu.dispose();
    wasm.dispose();
    await tf.setBackend('cpu');
    expect(Math.abs(a.terms.total - b.terms.total)).toBeLessThan(1e-5 * a.terms.total);
    let diff = 0;
    let norm = 0;
    a.gradient.forEach((g, i) => {
      diff += (g - b.gradient[i]) ** 2;
      norm += g * g;
    });
    expect(Math.sqrt(diff / norm)).toBeLessThan(1e-5);
  });

  it('estimates its memory within a factor of two of the measured peak (RK4), above it for a short dopri5 solve', async () => {
    for (const options of [
      { genes: 30, hidden: [20, 20], bins: 20, batch: 3 },
      { genes: 30, hidden: [20, 20], solver: 'dopri5' as const, cellsPerTrajectory: 40, batch: 3 },
    ]) {
      const { problem, params, gateNoise } = smallProblem(options);
      const engine = await tfjsEngineFactory.create(problem);
      const profile = await tf.profile(async () => {
        await engine.lossAndGradient(params, gateNoise);
      });
      engine.dispose();
      const estimate = tfjsEngineFactory.estimateMemoryBytes(problem);
      if (problem.solver.kind === 'rk4') {
        expect(estimate).toBeGreaterThan(profile.peakBytes / 2);
        expect(estimate).toBeLessThan(profile.peakBytes * 2);
      } else {
        expect(estimate).toBeGreaterThan(profile.peakBytes);
      }
    }
  });

  it('says what is wrong with a problem or a parameter vector that does not fit', async () => {
    const { problem, params, gateNoise } = smallProblem();
    await expect(tfjsEngineFactory.create({ ...problem, initialStates: new Float32Array(3) })).rejects.toThrow(
      /initial states hold 3 values, but 2 trajectories × 4 genes need 8/,
    );
    await expect(
      tfjsEngineFactory.create({ ...problem, solver: { kind: 'dopri5', rtol: 1e-3, atol: 1e-6, maxSteps: 100 } }),
    ).rejects.toThrow(/per-cell targets/);
    const engine = await tfjsEngineFactory.create(problem);
    const layout = parameterLayout(problem.genes, problem.model);
    await expect(engine.lossAndGradient(params.subarray(1), gateNoise)).rejects.toThrow(
      new RegExp(`has ${layout.parameterCount - 1} values, but this model \\(4→5→3→4\\) has ${layout.parameterCount}`),
    );
    await expect(engine.lossAndGradient(params, gateNoise.subarray(1))).rejects.toThrow(
      /gate noise has 11 values, but this model has 12 gates/,
    );
    engine.dispose();
    await expect(engine.predict(params)).rejects.toThrow(/disposed/);
  });

  it('names itself tfjs and reports the backend it runs on', async () => {
    expect(tfjsEngineFactory.name).toBe('tfjs');
    const cpu = await createTfjsEngineFactory({ backend: 'cpu' }).availability();
    expect(cpu).toMatchObject({ name: 'tfjs', available: true });
    expect(cpu.reason).toMatch(/cpu backend/);
  });

  it('fails a Dormand–Prince solve that runs out of steps with a message, leaking nothing', async () => {
    const { problem, params, gateNoise } = smallProblem({ solver: 'dopri5' });
    const tight = { ...problem, solver: { kind: 'dopri5' as const, rtol: 1e-7, atol: 1e-9, maxSteps: 2 } };
    const engine = await tfjsEngineFactory.create(tight);
    const before = tf.memory().numTensors;
    await expect(engine.lossAndGradient(params, gateNoise)).rejects.toThrow(/more than 2 steps .* the vector field became stiff/);
    await expect(engine.predict(params)).rejects.toThrow(/became stiff/);
    expect(tf.memory().numTensors).toBe(before);
    engine.dispose();
  });

  it('reports why a backend cannot start instead of throwing', async () => {
    tf.registerBackend('broken-for-test', () => {
      throw new Error('no such device');
    });
    try {
      const factory = createTfjsEngineFactory({ backend: 'broken-for-test' as TfjsBackendName });
      const availability = await factory.availability();
      expect(availability.available).toBe(false);
      expect(availability.reason).toMatch(/TF\.js broken-for-test backend could not start: no such device/);
    } finally {
      tf.removeBackend('broken-for-test');
      await tf.setBackend('cpu');
    }
  });
});
