import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { largestGroupPull, pairGroupNorms, proximalGroupStep } from '../../../../src-main/engine/velocity/group-proximal-path.ts';
import { perEdgeLossAndGradient, type PerEdgeFieldConfig } from '../../../../src-main/engine/velocity/per-edge-field-cpu.ts';
import { initialPerEdgeField, perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';

describe('group-lasso prox of the per-edge field', () => {
  const config: PerEdgeFieldConfig = { genes: 2, hidden: 2, decay: true, penalty: 'none', lambda: 0, linear: true };
  const o = perEdgeFieldOffsets(config);

  it('zeroes a group below the threshold exactly and shrinks a larger one by the threshold, leaving the rest alone', () => {
    const params = new Float32Array(o.total).fill(0.7);
    // Pair 0: (W1 3, 0 | A 4), norm 5. Pair 1: (0.1, 0.1 | 0.1), norm 0.173. Pairs 2, 3 zero.
    params.set([3, 0, 0.1, 0.1, 0, 0, 0, 0], o.w1);
    params.set([4, 0.1, 0, 0], o.linear);
    const steps = new Float64Array(o.total).fill(0.5);
    // τ = λ/D · mean step = 2/2 · 0.5 = 0.5.
    const penalty = proximalGroupStep(params, config, o, 2, steps);
    const norms = pairGroupNorms(params, config, o);
    expect(norms[0]).toBeCloseTo(4.5, 6);
    expect(params[o.w1]).toBeCloseTo(3 * 0.9, 6);
    expect(params[o.linear]).toBeCloseTo(4 * 0.9, 6);
    expect(norms[1]).toBe(0);
    expect(params[o.linear + 1]).toBe(0);
    expect(penalty).toBeCloseTo((2 / 2) * 4.5, 6);
    // Biases, W2, gates and decay are not penalised.
    for (let i = o.b1; i < o.linear; i++) expect(params[i]).toBeCloseTo(0.7, 6);
  });

  it('λ_max of a field as large as the paper data (600 genes, 360,000 pairs)', () => {
    const shape: PerEdgeFieldConfig = { genes: 600, hidden: 0, decay: true, penalty: 'none', lambda: 0, linear: true };
    const offsets = perEdgeFieldOffsets(shape);
    const gradient = new Float64Array(offsets.total);
    gradient[offsets.linear + 123_456] = -0.5;
    expect(largestGroupPull(gradient, shape, offsets)).toBeCloseTo(0.5 * 600, 9);
  });

  it("one element with a tiny step (a near-zero gradient) does not raise its group's threshold", () => {
    const params = new Float32Array(o.total);
    params.set([0.3, 0, 0, 0, 0, 0, 0, 0], o.w1);
    params.set([0.4, 0, 0, 0], o.linear);
    const steps = new Float64Array(o.total).fill(0.5);
    steps[o.w1 + 1] = 1e6;
    // Group step 1/√(mean(4, 4, 1e-12)) = √(3/8), τ = λ/D·that = 0.1·0.612: pair 0 (norm 0.5) survives, shrunk.
    proximalGroupStep(params, config, o, 0.2, steps);
    expect(pairGroupNorms(params, config, o)[0]).toBeCloseTo(0.5 - 0.1 * Math.sqrt(3 / 8), 6);
  });

  it('λ_max is the group pull at zero: a prox-gradient step at λ_max keeps every group zero, just below it one enters', () => {
    const random = new SeededRandom(4);
    const params = initialPerEdgeField(config, random);
    params.fill(0, o.w1, o.w1 + 4 * config.hidden);
    params.fill(0, o.linear, o.total);
    const states = Float32Array.from({ length: 40 }, () => random.normal());
    const velocities = Float32Array.from({ length: 40 }, (_, n) => (n % 2 === 1 ? 0.8 * states[n - 1] : 0) + 0.1 * random.normal());
    const gradient = perEdgeLossAndGradient(params, config, states, velocities, 20, null).gradient;
    const lambdaMax = largestGroupPull(gradient, config, o);
    expect(lambdaMax).toBeGreaterThan(0);
    const steps = new Float64Array(o.total).fill(0.1);
    const stepped = (lambda: number) => {
      const p = Float32Array.from(params);
      for (let i = 0; i < p.length; i++) p[i] -= 0.1 * gradient[i];
      proximalGroupStep(p, config, o, lambda, steps);
      return Array.from(pairGroupNorms(p, config, o));
    };
    expect(stepped(lambdaMax * 1.001).every((n) => n === 0)).toBe(true);
    const entered = stepped(lambdaMax * 0.9);
    // Gene 0 drives gene 1's velocity: pair (0 → 1), index 0·D + 1, is the first to enter.
    expect(entered.filter((n) => n > 0)).toHaveLength(1);
    expect(entered[1]).toBeGreaterThan(0);
  });
});
