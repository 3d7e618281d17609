import { describe, expect, it } from 'vitest';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { initializeParameters } from '../../../../src-main/engine/model/initialize.ts';

describe('parameterLayout', () => {
  it('lays out the paper model as W, b, log alpha per layer', () => {
    const layout = parameterLayout(529, { hidden: [100, 100], activation: 'first' });
    expect(layout.sizes).toEqual([529, 100, 100, 529]);
    expect(layout.layers.map((l) => l.elu)).toEqual([true, false, false]);
    expect(layout.layers[1].weights).toBe(529 * 100 + 100 + 529);
    expect(layout.parameterCount).toBe(529 * 100 + 100 + 529 + 100 * 100 + 100 + 100 + 100 * 529 + 529 + 100);
    expect(layout.gateCount).toBe(529 + 100 + 100);
    expect(layout.layers[2].noise).toBe(629);
  });

  it('puts ELU after every hidden layer when asked, never after the output', () => {
    const layout = parameterLayout(3, { hidden: [4, 5, 6], activation: 'all' });
    expect(layout.layers.map((l) => l.elu)).toEqual([true, true, true, false]);
  });

  it('allows a linear field without hidden layers and rejects bad sizes', () => {
    expect(parameterLayout(2, { hidden: [], activation: 'first' }).layers[0].elu).toBe(false);
    expect(() => parameterLayout(0, { hidden: [], activation: 'first' })).toThrow(/genes/);
    expect(() => parameterLayout(3, { hidden: [0], activation: 'first' })).toThrow(/hidden/);
  });
});

describe('SeededRandom', () => {
  it('is reproducible from a seed and from a saved state', () => {
    const a = new SeededRandom(42);
    const b = new SeededRandom(42);
    for (let i = 0; i < 5; i++) a.uniform();
    for (let i = 0; i < 5; i++) b.uniform();
    const saved = SeededRandom.fromState(a.state());
    expect([a.uniform(), a.uniform()]).toEqual([saved.uniform(), saved.uniform()]);
    expect(new SeededRandom(1).uniform()).not.toBe(new SeededRandom(2).uniform());
  });

  it('draws normals with mean 0 and variance 1 and gate noise strictly inside (0, 1)', () => {
    const r = new SeededRandom(7);
    let sum = 0;
    let sq = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const x = r.normal();
      sum += x;
      sq += x * x;
    }
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(sq / n - 1)).toBeLessThan(0.01);
    const u = r.fillGateNoise(new Float32Array(10_000));
    expect(Math.min(...u)).toBeGreaterThan(0);
    expect(Math.max(...u)).toBeLessThan(1);
  });
});

describe('initializeParameters', () => {
  it('follows the paper: weight variance 2 / inputs, zero bias, gate logits at the drop rate', () => {
    const layout = parameterLayout(400, { hidden: [300], activation: 'first' });
    const p = initializeParameters(layout, new SeededRandom(3));
    const l0 = layout.layers[0];
    let sq = 0;
    for (let i = 0; i < l0.inputs * l0.outputs; i++) sq += p[l0.weights + i] ** 2;
    expect(sq / (l0.inputs * l0.outputs)).toBeCloseTo(2 / 400, 3);
    expect(p.subarray(l0.bias, l0.bias + l0.outputs).every((v) => v === 0)).toBe(true);
    const logits0 = Array.from(p.subarray(l0.gateLogits, l0.gateLogits + l0.inputs));
    const mean0 = logits0.reduce((s, v) => s + v, 0) / logits0.length;
    expect(mean0).toBeCloseTo(Math.log(0.8 / 0.2), 2);
    const l1 = layout.layers[1];
    const logits1 = Array.from(p.subarray(l1.gateLogits, l1.gateLogits + l1.inputs));
    expect(logits1.reduce((s, v) => s + v, 0) / logits1.length).toBeCloseTo(0, 2);
  });
});
