/**
 * The k eigenpairs of largest magnitude of a symmetric linear operator, by the Lanczos method with full
 * reorthogonalisation (Golub & Van Loan §10.1; the role ARPACK's eigsh plays in scanpy). The Krylov space grows until
 * every wanted Ritz pair has a residual below the tolerance, or until it spans the whole space (then exact).
 */
import { SeededRandom } from '../../engine/model/random.ts';
import { tridiagonalEigen } from './tridiagonal-eigen.ts';

export interface LanczosOptions {
  /** Relative residual ‖A·v − θ·v‖ / max|θ| at which a Ritz pair counts as converged. */
  tolerance?: number;
  /** Seed of the start vector (the result does not depend on it once converged). */
  seed?: number;
  /** Most Krylov vectors kept (memory: n × this × 8 bytes). */
  maxBasis?: number;
}

export interface EigenPairs {
  /** Sorted descending (by value, not magnitude, as scanpy sorts diffusion eigenvalues). */
  values: Float64Array;
  /** n × k row-major: column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
  /** Krylov dimension used. */
  basis: number;
}

/**
 * `multiply(x, out)` writes A·x into out (length n). Returns the k eigenpairs of largest |λ|, sorted by λ descending.
 */
export function lanczosEigen(
  n: number,
  k: number,
  multiply: (x: Float64Array, out: Float64Array) => void,
  options: LanczosOptions = {},
): EigenPairs {
  if (!Number.isInteger(k) || k < 1 || k > n) throw new RangeError(`Lanczos: asked for ${k} eigenpairs of a ${n} × ${n} operator`);
  const tolerance = options.tolerance ?? 1e-10;
  const maxBasis = Math.min(n, options.maxBasis ?? Math.max(600, 4 * k));
  const random = new SeededRandom(options.seed ?? 0);
  const basis: Float64Array[] = [];
  const alpha: number[] = [];
  const beta: number[] = []; // beta[j] couples basis[j] and basis[j + 1]
  const w = new Float64Array(n);

  const orthogonalise = (x: Float64Array) => {
    // Twice is enough (Kahan–Parlett "twice is enough") to keep the basis orthogonal to rounding level.
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[i] * x[i];
        for (let i = 0; i < n; i++) x[i] -= dot * q[i];
      }
    }
  };
  const norm = (x: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += x[i] * x[i];
    return Math.sqrt(s);
  };
  const freshDirection = (): Float64Array | null => {
    // A new random direction orthogonal to the basis: restarts the recurrence after an invariant subspace is found
    // (for example one connected component of a graph), so repeated eigenvalues are found too.
    for (let attempt = 0; attempt < 5; attempt++) {
      const x = new Float64Array(n);
      for (let i = 0; i < n; i++) x[i] = random.uniform() - 0.5;
      orthogonalise(x);
      const size = norm(x);
      if (size > 1e-8) {
        for (let i = 0; i < n; i++) x[i] /= size;
        return x;
      }
    }
    return null;
  };

  let target = Math.min(maxBasis, Math.max(2 * k + 20, 40));
  let spectralScale = 0;
  for (;;) {
    while (basis.length < target) {
      let q: Float64Array | null;
      if (basis.length === 0) q = freshDirection();
      else {
        const last = beta[basis.length - 1];
        if (last > 1e-12 * Math.max(spectralScale, 1e-300)) {
          q = Float64Array.from(w);
          for (let i = 0; i < n; i++) q[i] /= last;
        } else {
          beta[basis.length - 1] = 0;
          q = freshDirection();
        }
      }
      if (!q) break;
      basis.push(q);
      multiply(q, w);
      let a = 0;
      for (let i = 0; i < n; i++) a += q[i] * w[i];
      alpha.push(a);
      orthogonalise(w);
      beta.push(norm(w));
      spectralScale = Math.max(spectralScale, Math.abs(a) + beta[beta.length - 1]);
    }
    const m = basis.length;
    const ritz = tridiagonalEigen(alpha, beta.slice(0, m - 1));
    const wanted = Array.from({ length: m }, (_, j) => j)
      .sort((i, j) => Math.abs(ritz.values[j]) - Math.abs(ritz.values[i]))
      .slice(0, Math.min(k, m))
      .sort((i, j) => ritz.values[j] - ritz.values[i]);
    const scale = Math.max(...wanted.map((j) => Math.abs(ritz.values[j])), 1e-300);
    const lastBeta = beta[m - 1] ?? 0;
    const converged = wanted.length === k && wanted.every((j) => Math.abs(lastBeta * ritz.vectors[(m - 1) * m + j]) <= tolerance * scale);
    if (converged || m >= maxBasis || m >= n) {
      if (wanted.length < k) throw new RangeError(`Lanczos: only ${wanted.length} of ${k} eigenpairs could be formed`);
      const values = new Float64Array(k);
      const vectors = new Float64Array(n * k);
      wanted.forEach((j, column) => {
        values[column] = ritz.values[j];
        for (let b = 0; b < m; b++) {
          const coefficient = ritz.vectors[b * m + j];
          if (coefficient === 0) continue;
          const q = basis[b];
          for (let i = 0; i < n; i++) vectors[i * k + column] += coefficient * q[i];
        }
      });
      return { values, vectors, basis: m };
    }
    // Geometric growth keeps the number of Ritz solves logarithmic in the final basis size.
    target = Math.min(maxBasis, n, m + Math.max(20, k, Math.ceil(m / 2)));
  }
}
