/**
 * Diffusion map as scanpy's tl.diffmap computes it (Coifman & Lafon 2006; Haghverdi et al. 2015/2016): the
 * connectivities W are density-normalised, K = Q⁻¹WQ⁻¹ with q = column sums of W, then made symmetric,
 * T = Z⁻¹KZ⁻¹ with z = √(column sums of K); the components are T's eigenpairs of largest magnitude, sorted by
 * eigenvalue, descending (the first, ≈1, included).
 */
import { lanczosEigen } from './lanczos-eigen.ts';
import { csrMultiply, type CsrMatrix } from './sparse-matrix.ts';

export interface DiffusionMap {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** cells × components, row-major (scanpy's obsm["X_diffmap"]). */
  components: Float64Array;
  count: number;
}

/** The symmetric transition matrix T (scanpy's transitions_sym). */
export function symmetricTransitions(connectivities: CsrMatrix): CsrMatrix {
  const n = connectivities.size;
  const { rowStart, columns, values } = connectivities;
  const q = new Float64Array(n);
  for (let p = 0; p < values.length; p++) q[columns[p]] += values[p];
  const k = new Float64Array(values.length);
  for (let i = 0; i < n; i++) for (let p = rowStart[i]; p < rowStart[i + 1]; p++) k[p] = values[p] / (q[i] * q[columns[p]]);
  const z = new Float64Array(n);
  for (let p = 0; p < k.length; p++) z[columns[p]] += k[p];
  for (let i = 0; i < n; i++) z[i] = Math.sqrt(z[i]);
  const t = new Float64Array(values.length);
  for (let i = 0; i < n; i++) for (let p = rowStart[i]; p < rowStart[i + 1]; p++) t[p] = k[p] / (z[i] * z[columns[p]]);
  return { size: n, rowStart, columns, values: t };
}

/** scanpy's default is 15 components. */
export function diffusionMap(connectivities: CsrMatrix, count = 15): DiffusionMap {
  const n = connectivities.size;
  for (let i = 0; i < n; i++) {
    if (connectivities.rowStart[i + 1] === connectivities.rowStart[i]) {
      throw new RangeError(`diffusion map: cell ${i + 1} has no neighbours (it is identical to no other cell and has no edges)`);
    }
  }
  const transitions = symmetricTransitions(connectivities);
  const wanted = Math.min(count, n);
  const eig = lanczosEigen(n, wanted, (x, out) => csrMultiply(transitions, x, out), { tolerance: 1e-12 });
  return { values: eig.values, components: eig.vectors, count: wanted };
}
