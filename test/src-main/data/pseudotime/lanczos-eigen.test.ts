import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { lanczosEigen } from '../../../../src-main/data/pseudotime/lanczos-eigen.ts';
import { tridiagonalEigen } from '../../../../src-main/data/pseudotime/tridiagonal-eigen.ts';

function randomSymmetric(n: number, seed: number): Float64Array {
  const random = new SeededRandom(seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = random.normal();
  return a;
}

function residual(a: Float64Array, n: number, value: number, vector: (i: number) => number): number {
  let worst = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j] * vector(j);
    worst = Math.max(worst, Math.abs(s - value * vector(i)));
  }
  return worst;
}

/** Columns of the result are an orthonormal basis (modified Gram–Schmidt on the columns of m). */
function orthonormalBasis(m: Float64Array, n: number): Float64Array {
  const q = Float64Array.from(m);
  for (let k = 0; k < n; k++) {
    for (let j = 0; j < k; j++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += q[i * n + j] * q[i * n + k];
      for (let i = 0; i < n; i++) q[i * n + k] -= dot * q[i * n + j];
    }
    let size = 0;
    for (let i = 0; i < n; i++) size += q[i * n + k] ** 2;
    size = Math.sqrt(size);
    for (let i = 0; i < n; i++) q[i * n + k] /= size;
  }
  return q;
}

describe('tridiagonal eigen (implicit QL)', () => {
  it('gives orthonormal eigenvectors with T·v = λ·v, descending, preserving the trace', () => {
    const n = 40;
    const random = new SeededRandom(7);
    const diagonal = Array.from({ length: n }, () => random.normal());
    const off = Array.from({ length: n - 1 }, () => random.normal());
    const t = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      t[i * n + i] = diagonal[i];
      if (i + 1 < n) t[i * n + i + 1] = t[(i + 1) * n + i] = off[i];
    }
    const { values, vectors } = tridiagonalEigen(diagonal, off);
    for (let k = 1; k < n; k++) expect(values[k]).toBeLessThanOrEqual(values[k - 1]);
    for (let k = 0; k < n; k++) expect(residual(t, n, values[k], (i) => vectors[i * n + k])).toBeLessThan(1e-12);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[i * n + a] * vectors[i * n + b];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 12);
      }
    }
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(
      diagonal.reduce((s, v) => s + v, 0),
      10,
    );
  });

  it('handles a split matrix (zero couplings) and a 1 × 1 matrix', () => {
    expect(Array.from(tridiagonalEigen([3, 1, 2], [0, 0]).values)).toEqual([3, 2, 1]);
    expect(Array.from(tridiagonalEigen([5], []).values)).toEqual([5]);
  });
});

describe('Lanczos eigenpairs', () => {
  it('finds the k of largest magnitude of a random symmetric matrix (a diagonal one in a random basis)', () => {
    const n = 120;
    // A = Q·diag(λ)·Qᵀ with Q from Gram–Schmidt on a random matrix: the eigenvalues are known exactly.
    const random = new SeededRandom(3);
    const lambdas = Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1) * (3 - 2.5 * (i / n)) * (1 + 0.01 * random.uniform()));
    const q = orthonormalBasis(randomSymmetric(n, 5), n);
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += q[i * n + k] * lambdas[k] * q[j * n + k];
        a[i * n + j] = s;
      }
    const byMagnitude = [...lambdas]
      .sort((x, y) => Math.abs(y) - Math.abs(x))
      .slice(0, 6)
      .sort((x, y) => y - x);
    const multiply = (x: Float64Array, out: Float64Array) => {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += a[i * n + j] * x[j];
        out[i] = s;
      }
    };
    const eig = lanczosEigen(n, 6, multiply);
    eig.values.forEach((v, k) => expect(v).toBeCloseTo(byMagnitude[k], 8));
    for (let k = 0; k < 6; k++) expect(residual(a, n, eig.values[k], (i) => eig.vectors[i * 6 + k])).toBeLessThan(1e-7);
  });

  it('finds repeated eigenvalues (a block-diagonal operator, as a disconnected graph gives)', () => {
    const n = 50;
    const diagonal = Array.from({ length: n }, (_, i) => (i < 3 ? 1 : 0.5 * Math.cos(i)));
    const eig = lanczosEigen(n, 4, (x, out) => {
      for (let i = 0; i < n; i++) out[i] = diagonal[i] * x[i];
    });
    expect(Array.from(eig.values.slice(0, 3), (v) => Number(v.toFixed(10)))).toEqual([1, 1, 1]);
  });

  it('rejects impossible requests', () => {
    expect(() => lanczosEigen(3, 4, () => {})).toThrow(/4 eigenpairs of a 3 × 3/);
  });
});
