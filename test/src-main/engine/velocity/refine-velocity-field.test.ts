import { describe, expect, it } from 'vitest';
import type { BinnedTargets } from '../../../../src-main/engine/engine-interface.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { TrainingCancelled } from '../../../../src-main/engine/training/training-control.ts';
import { perEdgeGates, type PerEdgeFieldConfig } from '../../../../src-main/engine/velocity/per-edge-field-cpu.ts';
import { perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';
import { scaledFieldForward } from '../../../../src-main/engine/velocity/per-edge-field-vjp.ts';
import { refinableParameters, refineVelocityField } from '../../../../src-main/engine/velocity/refine-velocity-field.ts';
import type { TrajectoryProblem } from '../../../../src-main/engine/velocity/rk4-field-adjoint.ts';
import type { VelocityFieldModel } from '../../../../src-main/engine/velocity/velocity-field-model.ts';

// A known 3-gene linear system in the field's own form, f_j = b_j + Σ_i A_ij x_i − softplus(ρ_j)·x_j, on a fixed
// support (a cycle 0 → 1 → 2 → 0; every other pair exactly zero), gates fully open as the entry path leaves them.
const D = 3;
const config: PerEdgeFieldConfig = { genes: D, hidden: 0, decay: true, penalty: 'none', lambda: 0, linear: true };
const o = perEdgeFieldOffsets(config);
const SUPPORT: Array<[number, number, number]> = [
  [0, 1, 1.5],
  [1, 2, -1.2],
  [2, 0, 0.8],
];
const TRUE_BIAS = [0.4, 0.2, 0.6];
const TRUE_DECAY_RAW = [0.3, -0.2, 0.1];

function truthValues(): Float32Array {
  const p = new Float32Array(o.total);
  p.fill(10, o.logAlpha, o.logAlpha + D * D);
  for (const [i, j, a] of SUPPORT) p[o.linear + i * D + j] = a;
  TRUE_BIAS.forEach((b, j) => (p[o.b2 + j] = b));
  TRUE_DECAY_RAW.forEach((r, j) => (p[o.decay + j] = r));
  return p;
}

function modelOf(values: Float32Array): VelocityFieldModel {
  return {
    kind: 'per-edge-field',
    genes: ['a', 'b', 'c'],
    config,
    values,
    inputShift: new Float32Array(D),
    inputScale: new Float32Array(D).fill(1),
    outputScale: new Float32Array(D).fill(1),
  };
}

/** Three trajectories of the true system, solved finely by RK4 and read at 20 bin centres: the exact binned targets. */
function trajectories(): TrajectoryProblem {
  const truth = modelOf(truthValues());
  const field = { ...truth, gates: perEdgeGates(truth.values, config, null) };
  const params = Float64Array.from(truth.values);
  const batch = 3;
  const bins = 20;
  const initialStates = Float32Array.of(0, 0, 0, 1, 0.2, 0.5, 0.3, 1, 0);
  const times = Float64Array.from({ length: bins }, (_, k) => (k + 0.5) / bins);
  const values = new Float32Array(bins * batch * D);
  let x = Float64Array.from(initialStates);
  let t = 0;
  const h = 1e-3;
  const f = (s: Float64Array) => scaledFieldForward(field, params, s, batch);
  for (let k = 0; k < bins; k++) {
    while (t < times[k] - 1e-12) {
      const step = Math.min(h, times[k] - t);
      const k1 = f(x);
      const k2 = f(x.map((v, i) => v + (step / 2) * k1[i]));
      const k3 = f(x.map((v, i) => v + (step / 2) * k2[i]));
      const k4 = f(x.map((v, i) => v + step * k3[i]));
      x = x.map((v, i) => v + (step / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
      t += step;
    }
    values.set(x, k * batch * D);
  }
  const targets: BinnedTargets = { kind: 'binned', times, values, weights: new Float32Array(bins * batch).fill(1 / (bins * D)) };
  return { initialStates, batch, targets };
}

/** The truth with every non-zero parameter moved by seeded noise; the zero pairs stay exactly zero. */
function perturbed(seed: number, size: number): Float32Array {
  const random = new SeededRandom(seed);
  const p = truthValues();
  for (const [i, j] of SUPPORT) p[o.linear + i * D + j] += size * random.normal();
  for (let j = 0; j < D; j++) {
    p[o.b2 + j] += size * random.normal();
    p[o.decay + j] += size * random.normal();
  }
  return p;
}

describe('refineVelocityField', () => {
  it('lowers the trajectory loss of a linear system and recovers its parameters on the fixed support', async () => {
    const start = modelOf(perturbed(1, 0.4));
    const result = await refineVelocityField(start, trajectories(), {
      iterations: 3000,
      learningRate: 0.02,
      patience: 200,
      minImprovement: 0,
    });
    expect(result.lossBefore).toBeGreaterThan(1e-3);
    expect(result.lossAfter).toBeLessThan(result.lossBefore * 1e-3);
    expect(result.bestIteration).toBeGreaterThan(0);
    expect(result.freeParameters).toBe(SUPPORT.length + 2 * D);
    const truth = truthValues();
    for (const [i, j] of SUPPORT) expect(result.model.values[o.linear + i * D + j]).toBeCloseTo(truth[o.linear + i * D + j], 1);
    for (let j = 0; j < D; j++) {
      expect(result.model.values[o.b2 + j]).toBeCloseTo(truth[o.b2 + j], 1);
      expect(result.model.values[o.decay + j]).toBeCloseTo(truth[o.decay + j], 1);
    }
  });

  it('keeps the zero pattern exactly: zero pairs stay 0, gate logits are untouched, and so is the given model', async () => {
    const values = perturbed(2, 0.4);
    const copy = Float32Array.from(values);
    const start = modelOf(values);
    const result = await refineVelocityField(start, trajectories(), {
      iterations: 100,
      learningRate: 0.05,
      patience: 100,
      minImprovement: 0,
    });
    expect(result.lossAfter).toBeLessThan(result.lossBefore);
    const onSupport = new Set(SUPPORT.map(([i, j]) => i * D + j));
    for (let pair = 0; pair < D * D; pair++) {
      if (!onSupport.has(pair)) expect(Object.is(result.model.values[o.linear + pair], 0)).toBe(true);
      else expect(result.model.values[o.linear + pair]).not.toBe(0);
      expect(result.model.values[o.logAlpha + pair]).toBe(values[o.logAlpha + pair]);
    }
    expect(start.values).toEqual(copy);
    // A closed gate's pair is fixed too, even with a non-zero weight behind it.
    const gated = Float32Array.from(values);
    gated[o.logAlpha + 0 * D + 1] = -10;
    const free = refinableParameters(modelOf(gated));
    expect(free[o.linear + 0 * D + 1]).toBe(0);
    expect(free[o.linear + 1 * D + 2]).toBe(1);
    expect(free[o.logAlpha]).toBe(0);
  });

  it('honours cancel: an aborted signal stops it with the signal’s reason, before or during the loop', async () => {
    const before = new AbortController();
    before.abort(new TrainingCancelled());
    await expect(
      refineVelocityField(modelOf(perturbed(3, 0.4)), trajectories(), undefined, { signal: before.signal }),
    ).rejects.toBeInstanceOf(TrainingCancelled);
    const during = new AbortController();
    let seen = 0;
    const run = refineVelocityField(
      modelOf(perturbed(3, 0.4)),
      trajectories(),
      { iterations: 10_000, learningRate: 0.01, patience: 10_000, minImprovement: 0 },
      {
        signal: during.signal,
        onProgress: (p) => {
          seen = p.iteration;
          if (p.iteration === 30) during.abort(new TrainingCancelled());
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(TrainingCancelled);
    expect(seen).toBe(30);
  });

  it('never accepts a non-finite loss: steps that overflow the solve are rejected and the best finite field is kept', async () => {
    const start = modelOf(perturbed(4, 0.4));
    // A step size far too large: the first steps make the field so steep that RK4 overflows even at the most substeps.
    const result = await refineVelocityField(start, trajectories(), { iterations: 50, learningRate: 1e4, patience: 50, minImprovement: 0 });
    expect(result.rejected).toBeGreaterThan(0);
    expect(Number.isFinite(result.lossAfter)).toBe(true);
    expect(result.lossAfter).toBeLessThanOrEqual(result.lossBefore);
    expect(result.model.values.every((v) => Number.isFinite(v))).toBe(true);
  });

  it('returns the given field unchanged when its own loss is not finite, or when asked for no iterations', async () => {
    const problem = trajectories();
    const broken = { ...problem, initialStates: Float32Array.from(problem.initialStates).fill(Number.NaN, 0, 1) };
    const start = modelOf(perturbed(5, 0.4));
    const result = await refineVelocityField(start, broken);
    expect(result.stopped).toBe('start-not-finite');
    expect(result.model).toBe(start);
    const none = await refineVelocityField(start, problem, { iterations: 0, learningRate: 0.01, patience: 1, minImprovement: 0 });
    expect(none.model).toBe(start);
    expect(none.lossAfter).toBe(none.lossBefore);
  });

  it('refines a field without hidden units through its sparse matrix with the same result as the general per-edge kernel', async () => {
    const start = modelOf(perturbed(6, 0.4));
    const settings = { iterations: 60, learningRate: 0.02, patience: 60, minImprovement: 0 };
    const affine = await refineVelocityField(start, trajectories(), settings);
    const general = await refineVelocityField(start, trajectories(), settings, { kernel: 'general' });
    expect(affine.kernel).toBe('affine');
    expect(general.kernel).toBe('general');
    expect(affine.lossAfter).toBeLessThan(affine.lossBefore * 0.5);
    expect(Math.abs(affine.lossBefore - general.lossBefore) / general.lossBefore).toBeLessThan(1e-12);
    expect(Math.abs(affine.lossAfter - general.lossAfter) / general.lossAfter).toBeLessThan(1e-6);
    expect(affine.bestIteration).toBe(general.bestIteration);
    expect(affine.substeps).toEqual(general.substeps);
    for (let i = 0; i < o.total; i++) expect(affine.model.values[i]).toBeCloseTo(general.model.values[i], 5);
  });
});
