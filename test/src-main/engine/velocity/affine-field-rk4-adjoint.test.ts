import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BinnedTargets } from '../../../../src-main/engine/engine-interface.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { binnedTrajectoryLossTfjs } from '../../../../src-main/engine/reference/per-edge-field-trajectory-loss.ts';
import { affineFieldMatrix, affineFieldPattern } from '../../../../src-main/engine/velocity/affine-field-matrix.ts';
import { affineBinnedTrajectoryLoss } from '../../../../src-main/engine/velocity/affine-field-rk4-adjoint.ts';
import { perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';
import { fieldTrajectoryLoss, refinableParameters } from '../../../../src-main/engine/velocity/refine-velocity-field.ts';
import { binnedTrajectoryLoss, type TrajectoryProblem } from '../../../../src-main/engine/velocity/rk4-field-adjoint.ts';
import type { VelocityFieldModel } from '../../../../src-main/engine/velocity/velocity-field-model.ts';
import type { ScaledPerEdgeField } from '../../../../src-main/engine/velocity/per-edge-field-vjp.ts';
import { AFFINE_CONFIGS, affineTestField } from './affine-test-field.ts';

// 3 trajectories at 6 bins, one bin of one trajectory empty (weight 0).
function trajectories(d: number, seed: number): TrajectoryProblem {
  const random = new SeededRandom(seed);
  const batch = 3;
  const bins = 6;
  const times = Float64Array.from({ length: bins }, (_, k) => (k + 0.5) / bins);
  const values = Float32Array.from({ length: bins * batch * d }, () => random.uniform());
  const weights = new Float32Array(bins * batch).fill(1 / (bins * d));
  weights[3 * batch + 1] = 0;
  const targets: BinnedTargets = { kind: 'binned', times, values, weights };
  return { initialStates: Float32Array.from({ length: batch * d }, () => random.uniform()), batch, targets };
}

function modelOf(field: ScaledPerEdgeField, params: Float64Array): VelocityFieldModel {
  const { config } = field;
  return {
    kind: 'per-edge-field',
    genes: Array.from({ length: config.genes }, (_, g) => `g${g}`),
    ...field,
    values: Float32Array.from(params),
  };
}

/** ‖a − b‖/‖b‖ over the parameters refinement moves. */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>, free: Uint8Array): number {
  let diff = 0;
  let norm = 0;
  for (let i = 0; i < free.length; i++) {
    if (!free[i]) continue;
    diff += (a[i] - b[i]) ** 2;
    norm += b[i] ** 2;
  }
  expect(norm).toBeGreaterThan(0);
  return Math.sqrt(diff / norm);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('the affine field’s RK4 trajectory loss and adjoint', () => {
  for (const [name, config] of AFFINE_CONFIGS) {
    for (const substeps of [1, 3]) {
      it(`${name}, ${substeps} substep(s): the same loss and gradient as the per-edge kernel's adjoint (1e-10)`, () => {
        const { field, params } = affineTestField(config, 21);
        const problem = trajectories(config.genes, 22);
        const free = refinableParameters(modelOf(field, params));
        const general = new Float64Array(params.length);
        const generalLoss = binnedTrajectoryLoss(field, params, problem, substeps, general);
        const affine = new Float64Array(params.length);
        const { kernel, loss } = fieldTrajectoryLoss(field, params, problem);
        expect(kernel).toBe('affine');
        const affineLoss = loss(params, substeps, affine);
        expect(generalLoss).toBeGreaterThan(0);
        expect(Math.abs(affineLoss - generalLoss) / generalLoss).toBeLessThan(1e-12);
        expect(relativeDifference(affine, general, free)).toBeLessThan(1e-10);
        // What refinement may not move gets nothing.
        for (let i = 0; i < params.length; i++) if (!free[i]) expect(affine[i]).toBe(0);
      });
    }

    it(`${name}: the same loss and gradient as TF.js autodiff of the unrolled solve (float32)`, () => {
      const { field, params } = affineTestField(config, 23);
      const problem = trajectories(config.genes, 24);
      const free = refinableParameters(modelOf(field, params));
      const gradient = new Float64Array(params.length);
      const loss = fieldTrajectoryLoss(field, params, problem).loss(params, 2, gradient);
      const reference = binnedTrajectoryLossTfjs(field, params, problem.initialStates, problem.batch, problem.targets, 2);
      expect(Math.abs(loss - reference.loss) / reference.loss).toBeLessThan(1e-5);
      expect(relativeDifference(gradient, reference.gradient, free)).toBeLessThan(1e-4);
    });
  }

  it('matches central finite differences in float64', () => {
    const [, config] = AFFINE_CONFIGS[1];
    const { field, params } = affineTestField(config, 25);
    const problem = trajectories(config.genes, 26);
    const free = refinableParameters(modelOf(field, params));
    const { loss } = fieldTrajectoryLoss(field, params, problem);
    const gradient = new Float64Array(params.length);
    loss(params, 2, gradient);
    let checked = 0;
    for (let i = 0; i < params.length; i++) {
      if (!free[i]) continue;
      const step = 1e-6;
      const up = Float64Array.from(params);
      up[i] += step;
      const down = Float64Array.from(params);
      down[i] -= step;
      expect(gradient[i]).toBeCloseTo((loss(up, 2) - loss(down, 2)) / (2 * step), 7);
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('propagates NaN: a non-finite parameter or initial state gives a NaN loss and gradient, never a finite one', () => {
    const [, config] = AFFINE_CONFIGS[0];
    const { field, params } = affineTestField(config, 27);
    const problem = trajectories(config.genes, 28);
    const o = perEdgeFieldOffsets(config);
    const { loss } = fieldTrajectoryLoss(field, params, problem);
    const broken = Float64Array.from(params);
    broken[o.b2 + 1] = Number.NaN;
    const gradient = new Float64Array(params.length);
    expect(loss(broken, 1, gradient)).toBeNaN();
    expect(gradient.every((g) => Number.isNaN(g))).toBe(true);
    const states = Float32Array.from(problem.initialStates);
    states[0] = Number.NaN;
    const pattern = affineFieldPattern(field, params);
    const matrix = new Float64Array(pattern.column.length);
    const offset = new Float64Array(config.genes);
    expect(
      affineBinnedTrajectoryLoss(affineFieldMatrix(field, pattern, params), { ...problem, initialStates: states }, 1, { matrix, offset }),
    ).toBeNaN();
    expect(matrix.every((g) => Number.isNaN(g)) && offset.every((g) => Number.isNaN(g))).toBe(true);
  });

  it('an empty set of bins gives loss 0 and gradient 0; a single bin of a single trajectory matches the reference', () => {
    const [, config] = AFFINE_CONFIGS[0];
    const { field, params } = affineTestField(config, 29);
    const d = config.genes;
    const problem = trajectories(d, 30);
    const empty: BinnedTargets = { kind: 'binned', times: new Float64Array(0), values: new Float32Array(0), weights: new Float32Array(0) };
    const gradient = new Float64Array(params.length).fill(1);
    expect(fieldTrajectoryLoss(field, params, { ...problem, targets: empty }).loss(params, 1, gradient)).toBe(0);
    expect(gradient.every((g) => g === 0)).toBe(true);
    const one: BinnedTargets = {
      kind: 'binned',
      times: Float64Array.of(0.5),
      values: new Float32Array(d).fill(0.2),
      weights: Float32Array.of(1 / d),
    };
    const single = { initialStates: problem.initialStates.subarray(0, d), batch: 1, targets: one };
    const loss = fieldTrajectoryLoss(field, params, single).loss(params, 1, new Float64Array(params.length));
    expect(Math.abs(loss - binnedTrajectoryLoss(field, params, single, 1)) / loss).toBeLessThan(1e-12);
  });

  it('a field with hidden units keeps the general kernel', () => {
    const config = { genes: 3, hidden: 2, decay: true, penalty: 'none' as const, lambda: 0, linear: true };
    const { field, params } = affineTestField({ ...config, hidden: 0 }, 31);
    const withHidden = { ...field, config };
    const values = new Float64Array(perEdgeFieldOffsets(config).total);
    expect(fieldTrajectoryLoss(withHidden, values, trajectories(3, 32)).kernel).toBe('general');
    expect(fieldTrajectoryLoss(field, params, trajectories(3, 32), 'general').kernel).toBe('general');
  });
});
