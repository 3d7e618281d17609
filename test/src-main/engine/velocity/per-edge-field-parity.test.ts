import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { perEdgeLossAndGradientTfjs } from '../../../../src-main/engine/reference/per-edge-field.ts';
import { initialPerEdgeField, perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';
import {
  perEdgeFieldForward,
  perEdgeGates,
  perEdgeLossAndGradient,
  type PerEdgeFieldConfig,
} from '../../../../src-main/engine/velocity/per-edge-field-cpu.ts';
import type { PerEdgePenaltyKind } from '../../../../src-main/engine/velocity/per-edge-penalty.ts';

// A small seeded problem: 4 genes, 3 hidden units per target, 7 cells; gate logits spread so some gates sit
// inside (0, 1) and some are clamped, weights away from 0 so |w| is differentiable.
function problem(seed: number, config: PerEdgeFieldConfig, rows = 7) {
  const random = new SeededRandom(seed);
  const params = initialPerEdgeField(config, random);
  const o = perEdgeFieldOffsets(config);
  for (let i = o.b1; i < o.logAlpha; i++) params[i] = 0.3 * random.normal();
  for (let i = o.logAlpha; i < o.decay; i++) params[i] = 2 * random.normal();
  for (let i = o.decay; i < o.total; i++) params[i] = random.normal();
  const states = Float32Array.from({ length: rows * config.genes }, () => random.normal());
  const velocities = Float32Array.from({ length: rows * config.genes }, () => random.normal());
  const noise = random.fillGateNoise(new Float32Array((config.sources?.length ?? config.genes) * config.genes));
  return { params, states, velocities, noise, rows };
}

const KINDS: PerEdgePenaltyKind[] = ['pathreg', 'l1', 'l0', 'group-lasso', 'none'];

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('per-edge field: CPU loops against the TF.js reference', () => {
  for (const penalty of KINDS) {
    for (const [decay, linear] of [
      [true, false],
      [false, false],
      [true, true],
    ]) {
      it(`${penalty}, decay ${decay}, linear term ${linear}: the same loss terms and gradient (sampled gates)`, () => {
        const config: PerEdgeFieldConfig = { genes: 4, hidden: 3, decay, penalty, lambda: 0.3, linear };
        const p = problem(11, config);
        const cpu = perEdgeLossAndGradient(p.params, config, p.states, p.velocities, p.rows, p.noise);
        const ref = perEdgeLossAndGradientTfjs(p.params, config, p.states, p.velocities, p.rows, p.noise);
        expect(cpu.data).toBeCloseTo(ref.data, 5);
        expect(cpu.penalty).toBeCloseTo(ref.penalty, 5);
        let diff = 0;
        let norm = 0;
        for (let i = 0; i < cpu.gradient.length; i++) {
          diff += (cpu.gradient[i] - ref.gradient[i]) ** 2;
          norm += ref.gradient[i] ** 2;
        }
        expect(Math.sqrt(diff / norm)).toBeLessThan(1e-5);
      });
    }
  }

  for (const penalty of KINDS) {
    it(`${penalty}, only sources 0 and 2 of 4 genes: the same loss terms and gradient, and no weights from genes 1 and 3`, () => {
      const config: PerEdgeFieldConfig = { genes: 4, hidden: 3, decay: true, penalty, lambda: 0.3, sources: [0, 2], linear: true };
      const o = perEdgeFieldOffsets(config);
      // 2 sources × 4 targets × 3 hidden first-layer weights and 2 × 4 gates, against 48 and 16 with every source.
      expect(o.b1 - o.w1).toBe(24);
      expect(o.decay - o.logAlpha).toBe(8);
      expect(o.total - o.linear).toBe(8);
      const p = problem(13, config);
      const cpu = perEdgeLossAndGradient(p.params, config, p.states, p.velocities, p.rows, p.noise);
      const ref = perEdgeLossAndGradientTfjs(p.params, config, p.states, p.velocities, p.rows, p.noise);
      expect(cpu.data).toBeCloseTo(ref.data, 5);
      expect(cpu.penalty).toBeCloseTo(ref.penalty, 5);
      let diff = 0;
      let norm = 0;
      for (let i = 0; i < cpu.gradient.length; i++) {
        diff += (cpu.gradient[i] - ref.gradient[i]) ** 2;
        norm += ref.gradient[i] ** 2;
      }
      expect(Math.sqrt(diff / norm)).toBeLessThan(1e-5);
      // A gene that is no source changes the field only through its own decay: moving it moves no other target.
      const moved = Float32Array.from(p.states);
      for (let r = 0; r < p.rows; r++) moved[r * 4 + 1] += 1;
      const before = perEdgeFieldForward(p.params, config, perEdgeGates(p.params, config, null), p.states, p.rows);
      const after = perEdgeFieldForward(p.params, config, perEdgeGates(p.params, config, null), moved, p.rows);
      for (let r = 0; r < p.rows; r++) for (const j of [0, 2, 3]) expect(after[r * 4 + j]).toBe(before[r * 4 + j]);
    });
  }

  for (const penalty of KINDS) {
    it(`${penalty}, no hidden units, linear term only: the same loss terms and gradient`, () => {
      const config: PerEdgeFieldConfig = { genes: 4, hidden: 0, decay: true, penalty, lambda: 0.3, linear: true };
      const p = problem(17, config);
      const cpu = perEdgeLossAndGradient(p.params, config, p.states, p.velocities, p.rows, p.noise);
      const ref = perEdgeLossAndGradientTfjs(p.params, config, p.states, p.velocities, p.rows, p.noise);
      expect(Number.isFinite(cpu.data + cpu.penalty)).toBe(true);
      expect(cpu.data).toBeCloseTo(ref.data, 5);
      expect(cpu.penalty).toBeCloseTo(ref.penalty, 5);
      let diff = 0;
      let norm = 0;
      for (let i = 0; i < cpu.gradient.length; i++) {
        diff += (cpu.gradient[i] - ref.gradient[i]) ** 2;
        norm += ref.gradient[i] ** 2;
      }
      expect(Math.sqrt(diff / norm)).toBeLessThan(1e-5);
    });
  }

  it('deterministic gates agree too, and the gradient matches central differences of the float64 loss', () => {
    const config: PerEdgeFieldConfig = { genes: 3, hidden: 2, decay: true, penalty: 'pathreg', lambda: 0.5, linear: true };
    const p = problem(5, config, 4);
    const x = Float64Array.from(p.params);
    const cpu = perEdgeLossAndGradient(x, config, p.states, p.velocities, p.rows, null);
    const ref = perEdgeLossAndGradientTfjs(p.params, config, p.states, p.velocities, p.rows, null);
    expect(cpu.data).toBeCloseTo(ref.data, 5);
    const step = 1e-6;
    for (let i = 0; i < x.length; i++) {
      const keep = x[i];
      x[i] = keep + step;
      const up = perEdgeLossAndGradient(x, config, p.states, p.velocities, p.rows, null);
      x[i] = keep - step;
      const down = perEdgeLossAndGradient(x, config, p.states, p.velocities, p.rows, null);
      x[i] = keep;
      const fd = (up.data + up.penalty - down.data - down.penalty) / (2 * step);
      expect(Math.abs(cpu.gradient[i] - fd)).toBeLessThan(1e-6 + 1e-5 * Math.abs(fd));
      expect(Math.abs(ref.gradient[i] - fd)).toBeLessThan(1e-4 + 1e-3 * Math.abs(fd));
    }
  });

  it('a NaN state gives a NaN loss in both, and one cell works', () => {
    const config: PerEdgeFieldConfig = { genes: 3, hidden: 2, decay: true, penalty: 'l0', lambda: 0.1 };
    const p = problem(3, config, 1);
    const one = perEdgeLossAndGradient(p.params, config, p.states, p.velocities, 1, p.noise);
    expect(Number.isFinite(one.data)).toBe(true);
    expect(one.data).toBeCloseTo(perEdgeLossAndGradientTfjs(p.params, config, p.states, p.velocities, 1, p.noise).data, 5);
    p.states[1] = NaN;
    expect(perEdgeLossAndGradient(p.params, config, p.states, p.velocities, 1, p.noise).data).toBeNaN();
    expect(perEdgeLossAndGradientTfjs(p.params, config, p.states, p.velocities, 1, p.noise).data).toBeNaN();
  });
});
