import { describe, expect, it } from 'vitest';
import { lassoPath } from '../../../../src-main/engine/velocity/lasso-path.ts';
import { linearVelocityNetwork } from '../../../../src-main/engine/velocity/linear-velocity-network.ts';

// Three orthogonal columns of mean 0 and variance 1: the lasso solution is soft-threshold(xᵀy/n, λ) per column.
const x = Float64Array.from([1, 1, 1, 1, -1, -1, -1, 1, -1, -1, -1, 1]);
const y = Float64Array.from([0, 1, 2, 3].map((i) => 3 * x[i * 3] + x[i * 3 + 1] + 5));

describe('lassoPath', () => {
  it('soft-thresholds orthogonal columns and records when each enters', () => {
    const path = lassoPath(x, y, 4, 3, { steps: 11, smallestRatio: 1e-2 });
    expect(path.lambdas[0]).toBeCloseTo(3, 12); // λ_max = max |xᵀy|/n
    const last = path.lambdas.length - 1;
    expect(path.coefficients[last * 3]).toBeCloseTo(3 - 0.03, 9);
    expect(path.coefficients[last * 3 + 1]).toBeCloseTo(1 - 0.03, 9);
    expect(path.coefficients[last * 3 + 2]).toBe(0);
    // At λ_max itself every coefficient is still exactly 0: x1 enters at the next grid point, λ/λ_max = 0.01^0.1.
    expect(path.entry[0]).toBeCloseTo(Math.pow(0.01, 0.1), 12);
    // x2 enters at the first grid λ below 1 = λ_max/3: the grid is 3·0.01^(s/10), so s = 3 (λ/λ_max = 0.01^0.3).
    expect(path.entry[1]).toBeCloseTo(Math.pow(0.01, 0.3), 12);
    expect(path.entry[2]).toBe(0);
  });

  it('leaves a constant column and a constant response at zero', () => {
    const constant = Float64Array.from([2, 1, 2, -1, 2, 1, 2, -1]);
    const path = lassoPath(constant, Float64Array.from([1, 2, 3, 4]), 4, 2);
    expect(path.entry[0]).toBe(0);
    expect(path.entry[1]).toBeGreaterThan(0);
    const flat = lassoPath(x, Float64Array.from([7, 7, 7, 7]), 4, 3);
    expect(Array.from(flat.coefficients).every((c) => c === 0)).toBe(true);
  });
});

describe('linearVelocityNetwork', () => {
  it('ranks the true regulator of each target first, with its sign, and leaves out self-edges', () => {
    // v_b = 2·a − b (a activates b, b decays), v_a = −c (c represses a): cells on a seeded grid of states.
    const genes = ['a', 'b', 'c'];
    const states: number[] = [];
    const velocities: number[] = [];
    for (let i = 0; i < 60; i++) {
      const a = Math.sin(i * 1.3);
      const b = Math.cos(i * 0.7);
      const c = Math.sin(i * 2.9 + 1);
      states.push(a, b, c);
      velocities.push(-c, 2 * a - b, 0.1 * Math.sin(i * 5.3));
    }
    const edges = linearVelocityNetwork({
      genes,
      cells: Int32Array.from({ length: 60 }, (_, i) => i),
      states: Float32Array.from(states),
      velocities: Float32Array.from(velocities),
      lineageCounts: new Int32Array(60).fill(1),
      cellsWithoutTarget: 0,
    });
    expect(edges).toHaveLength(6);
    const top = edges.slice(0, 2).map((e) => `${e.source}→${e.target}:${e.sign}`);
    expect(top.sort()).toEqual(['a→b:1', 'c→a:-1']);
    expect(edges.every((e) => e.source !== e.target)).toBe(true);
  });
});
