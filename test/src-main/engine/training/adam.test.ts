import { describe, expect, it } from 'vitest';
import { adamStep, createAdamState } from '../../../../src-main/engine/training/adam.ts';

describe('adamStep', () => {
  it('reproduces a two-step example worked by hand (β1 0.9, β2 0.999, ε 1e-8, lr 0.1)', () => {
    // Step 1, g = (0.5, −1, 0): m = (0.05, −0.1, 0), v = (0.00025, 0.001, 0); bias-corrected m̂ = g, v̂ = g², so each
    // moving parameter moves by lr·sign(g): (1, −2) → (0.9, −1.9). A zero gradient leaves its parameter alone.
    // Step 2, g = (0.1, 0.2, 0): m = (0.055, −0.07), v = (0.00025975, 0.001039); m̂ = m/0.19, v̂ = v/0.001999,
    // update lr·m̂/(√v̂ + ε) = (0.0803041, −0.0511026) → (0.8196959, −1.8488974).
    const params = Float32Array.from([1, -2, 0]);
    const state = createAdamState(3);
    adamStep(params, Float32Array.from([0.5, -1, 0]), state, 0.1);
    expect(params[0]).toBeCloseTo(0.9, 6);
    expect(params[1]).toBeCloseTo(-1.9, 6);
    expect(params[2]).toBe(0);
    expect(state.step).toBe(1);
    expect(state.m[0]).toBeCloseTo(0.05, 7);
    expect(state.v[1]).toBeCloseTo(0.001, 9);
    adamStep(params, Float32Array.from([0.1, 0.2, 0]), state, 0.1);
    expect(params[0]).toBeCloseTo(0.8196959, 6);
    expect(params[1]).toBeCloseTo(-1.8488974, 6);
    expect(params[2]).toBe(0);
    expect(state.step).toBe(2);
    expect(state.m[0]).toBeCloseTo(0.055, 7);
    expect(state.m[1]).toBeCloseTo(-0.07, 7);
    expect(state.v[0]).toBeCloseTo(0.00025975, 9);
    expect(state.v[1]).toBeCloseTo(0.001039, 9);
  });

  it('continues from a saved state exactly as if never stopped', () => {
    const gradients = [
      [0.3, -0.2],
      [0.1, 0.4],
      [-0.5, 0.05],
    ].map((g) => Float32Array.from(g));
    const straight = Float32Array.from([0.5, 0.5]);
    const straightState = createAdamState(2);
    gradients.forEach((g) => adamStep(straight, g, straightState, 0.01));
    const resumed = Float32Array.from([0.5, 0.5]);
    const firstState = createAdamState(2);
    adamStep(resumed, gradients[0], firstState, 0.01);
    const saved = JSON.parse(JSON.stringify({ m: Array.from(firstState.m), v: Array.from(firstState.v), step: firstState.step }));
    const restored = { m: Float32Array.from(saved.m as number[]), v: Float32Array.from(saved.v as number[]), step: saved.step as number };
    gradients.slice(1).forEach((g) => adamStep(resumed, g, restored, 0.01));
    expect(Array.from(resumed)).toEqual(Array.from(straight));
  });

  it('propagates NaN gradients into the parameters and rejects mismatched lengths', () => {
    const params = Float32Array.from([1, 2]);
    adamStep(params, Float32Array.from([NaN, 1]), createAdamState(2), 0.1);
    expect(params[0]).toBeNaN();
    expect(params[1]).toBeCloseTo(1.9, 6);
    expect(() => adamStep(params, new Float32Array(3), createAdamState(2), 0.1)).toThrow(/same length/);
  });
});
