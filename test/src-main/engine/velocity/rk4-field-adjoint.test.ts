import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BinnedTargets } from '../../../../src-main/engine/engine-interface.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { binnedTrajectoryLossTfjs } from '../../../../src-main/engine/reference/per-edge-field-trajectory-loss.ts';
import { fieldStableSubsteps, scaledFieldLipschitzBound } from '../../../../src-main/engine/velocity/field-stable-substeps.ts';
import { perEdgeGates, type PerEdgeFieldConfig } from '../../../../src-main/engine/velocity/per-edge-field-cpu.ts';
import { initialPerEdgeField, perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';
import { scaledFieldForward, type ScaledPerEdgeField } from '../../../../src-main/engine/velocity/per-edge-field-vjp.ts';
import { binnedTrajectoryLoss, longestInterval } from '../../../../src-main/engine/velocity/rk4-field-adjoint.ts';

// A seeded 5-gene field in data units (shift, scales away from 0 and 1), gates spread so some are shut, partly open
// and fully open, targets at 6 bins for 2 trajectories, one bin of one trajectory empty (weight 0).
function problem(config: PerEdgeFieldConfig, seed = 3) {
  const random = new SeededRandom(seed);
  const params = initialPerEdgeField(config, random);
  const o = perEdgeFieldOffsets(config);
  for (let i = o.b1; i < o.logAlpha; i++) params[i] = 0.3 * random.normal();
  for (let i = o.logAlpha; i < o.decay; i++) params[i] = 2 * random.normal();
  for (let i = o.decay; i < o.total; i++) params[i] = 0.5 * random.normal();
  const d = config.genes;
  const field: ScaledPerEdgeField = {
    config,
    gates: perEdgeGates(params, config, null),
    inputShift: Float32Array.from({ length: d }, () => 0.3 * random.normal()),
    inputScale: Float32Array.from({ length: d }, () => 0.5 + random.uniform()),
    outputScale: Float32Array.from({ length: d }, () => 0.5 + random.uniform()),
  };
  const batch = 2;
  const bins = 6;
  const times = Float64Array.from({ length: bins }, (_, k) => (k + 0.5) / bins);
  const values = Float32Array.from({ length: bins * batch * d }, () => random.uniform());
  const weights = new Float32Array(bins * batch).fill(1 / (bins * d));
  weights[3 * batch + 1] = 0;
  const targets: BinnedTargets = { kind: 'binned', times, values, weights };
  const initialStates = Float32Array.from({ length: batch * d }, () => random.uniform());
  return { params, field, batch, targets, initialStates };
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const CONFIGS: Array<[string, PerEdgeFieldConfig]> = [
  ['linear, no hidden units (the default field)', { genes: 5, hidden: 0, decay: true, penalty: 'none', lambda: 0, linear: true }],
  [
    'linear and 2 hidden units, 3 allowed sources',
    { genes: 5, hidden: 2, decay: true, penalty: 'none', lambda: 0, linear: true, sources: [0, 2, 3] },
  ],
  ['hidden units only, no decay', { genes: 5, hidden: 3, decay: false, penalty: 'none', lambda: 0 }],
];

describe('binnedTrajectoryLoss: the discrete RK4 adjoint against TF.js autodiff', () => {
  for (const [name, config] of CONFIGS) {
    for (const substeps of [1, 3]) {
      it(`${name}, ${substeps} substep(s): the same loss and gradient`, () => {
        const p = problem(config);
        const params = Float64Array.from(p.params);
        const gradient = new Float64Array(params.length);
        const loss = binnedTrajectoryLoss(
          p.field,
          params,
          { initialStates: p.initialStates, batch: p.batch, targets: p.targets },
          substeps,
          gradient,
        );
        const ref = binnedTrajectoryLossTfjs(p.field, p.params, p.initialStates, p.batch, p.targets, substeps);
        expect(loss).toBeGreaterThan(0);
        expect(Math.abs(loss - ref.loss) / ref.loss).toBeLessThan(1e-5);
        let diff = 0;
        let norm = 0;
        for (let i = 0; i < params.length; i++) {
          diff += (gradient[i] - ref.gradient[i]) ** 2;
          norm += ref.gradient[i] ** 2;
        }
        expect(norm).toBeGreaterThan(0);
        expect(Math.sqrt(diff / norm)).toBeLessThan(1e-4);
      });
    }
  }

  it('matches central finite differences in float64', () => {
    const [, config] = CONFIGS[1];
    const p = problem(config, 8);
    const params = Float64Array.from(p.params);
    const problemOf = { initialStates: p.initialStates, batch: p.batch, targets: p.targets };
    const gradient = new Float64Array(params.length);
    binnedTrajectoryLoss(p.field, params, problemOf, 2, gradient);
    const o = perEdgeFieldOffsets(config);
    // A first-layer weight, a hidden bias, an output weight, a bias, a decay and a linear term of an open pair.
    const open = Array.from(p.field.gates).findIndex((z) => z === 1);
    for (const i of [o.w1 + open * config.hidden, o.b1 + 1, o.w2 + 2, o.b2 + 4, o.decay + 1, o.linear + open]) {
      const step = 1e-6;
      const up = Float64Array.from(params);
      up[i] += step;
      const down = Float64Array.from(params);
      down[i] -= step;
      const numeric = (binnedTrajectoryLoss(p.field, up, problemOf, 2) - binnedTrajectoryLoss(p.field, down, problemOf, 2)) / (2 * step);
      expect(gradient[i]).toBeCloseTo(numeric, 7);
    }
    // Gate logits are fixed: they receive nothing.
    for (let i = o.logAlpha; i < o.decay; i++) expect(gradient[i]).toBe(0);
  });

  it('propagates NaN: a non-finite parameter or initial state gives a NaN loss and gradient, never a finite one', () => {
    const [, config] = CONFIGS[0];
    const p = problem(config);
    const o = perEdgeFieldOffsets(config);
    const params = Float64Array.from(p.params);
    params[o.b2 + 1] = Number.NaN;
    const gradient = new Float64Array(params.length);
    const loss = binnedTrajectoryLoss(p.field, params, { initialStates: p.initialStates, batch: p.batch, targets: p.targets }, 1, gradient);
    expect(loss).toBeNaN();
    expect(gradient.every((g) => Number.isNaN(g))).toBe(true);
    const states = Float32Array.from(p.initialStates);
    states[0] = Number.NaN;
    expect(
      binnedTrajectoryLoss(p.field, Float64Array.from(p.params), { initialStates: states, batch: p.batch, targets: p.targets }, 1),
    ).toBeNaN();
  });

  it('an empty batch of bins gives loss 0; a single bin and a single trajectory work', () => {
    const [, config] = CONFIGS[0];
    const p = problem(config);
    const params = Float64Array.from(p.params);
    const empty: BinnedTargets = { kind: 'binned', times: new Float64Array(0), values: new Float32Array(0), weights: new Float32Array(0) };
    expect(
      binnedTrajectoryLoss(
        p.field,
        params,
        { initialStates: p.initialStates, batch: p.batch, targets: empty },
        1,
        new Float64Array(params.length),
      ),
    ).toBe(0);
    const d = config.genes;
    const one: BinnedTargets = {
      kind: 'binned',
      times: Float64Array.of(0.5),
      values: new Float32Array(d).fill(0.2),
      weights: Float32Array.of(1 / d),
    };
    const gradient = new Float64Array(params.length);
    const loss = binnedTrajectoryLoss(
      p.field,
      params,
      { initialStates: p.initialStates.subarray(0, d), batch: 1, targets: one },
      1,
      gradient,
    );
    const ref = binnedTrajectoryLossTfjs(p.field, p.params, p.initialStates.subarray(0, d), 1, one, 1);
    expect(loss).toBeCloseTo(ref.loss, 5);
  });
});

describe('fieldStableSubsteps', () => {
  it('bounds the Jacobian: h·‖J‖ within RK4 stability for every step the rule allows', () => {
    const [, config] = CONFIGS[1];
    const p = problem(config);
    const params = Float64Array.from(p.params);
    // Finite-difference Jacobian at a few states: its largest |eigen|-size proxy, the norm of J·v, stays below the bound.
    const d = config.genes;
    const random = new SeededRandom(2);
    const longest = longestInterval(p.targets.times);
    const substeps = fieldStableSubsteps(p.field, params, longest);
    for (let trial = 0; trial < 5; trial++) {
      const x = Float64Array.from({ length: d }, () => random.normal());
      const v = Float64Array.from({ length: d }, () => random.normal());
      const length = Math.hypot(...v);
      const eps = 1e-6;
      const up = scaledFieldForward(
        p.field,
        params,
        x.map((xi, i) => xi + eps * v[i]),
        1,
      );
      const down = scaledFieldForward(
        p.field,
        params,
        x.map((xi, i) => xi - eps * v[i]),
        1,
      );
      const jv = Math.hypot(...up.map((u, i) => (u - down[i]) / (2 * eps)));
      expect((longest / substeps) * (jv / length)).toBeLessThanOrEqual(2.5 * 1.01);
    }
    // A field 100× steeper takes more substeps.
    const steep: ScaledPerEdgeField = { ...p.field, outputScale: p.field.outputScale.map((s) => s * 100) };
    expect(fieldStableSubsteps(steep, params, longest)).toBeGreaterThan(substeps);
  });

  it('reading only the pairs that can be non-zero gives exactly the bound of reading them all', () => {
    for (const [, config] of CONFIGS) {
      const p = problem(config, 12);
      const params = Float64Array.from(p.params);
      const o = perEdgeFieldOffsets(config);
      // Zero some pairs' groups, as a cut-off does: they and the shut gates are left out of the list.
      const live: number[] = [];
      for (let pair = 0; pair < p.field.gates.length; pair++) {
        if (pair % 3 === 0) {
          params.fill(0, o.w1 + pair * config.hidden, o.w1 + (pair + 1) * config.hidden);
          if (config.linear) params[o.linear + pair] = 0;
        } else if (p.field.gates[pair] > 0) live.push(pair);
      }
      const all = scaledFieldLipschitzBound(p.field, params);
      expect(all).toBeGreaterThan(0);
      expect(scaledFieldLipschitzBound(p.field, params, Int32Array.from(live))).toBe(all);
    }
  });
});
