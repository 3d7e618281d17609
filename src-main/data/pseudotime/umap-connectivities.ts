/**
 * The neighbour graph's weights as scanpy's pp.neighbors(method="umap") computes them: UMAP's fuzzy simplicial set
 * (McInnes et al. 2018; umap-learn's smooth_knn_dist and compute_membership_strengths) with local_connectivity 1
 * and set_op_mix_ratio 1, i.e. the fuzzy union W = A + Aᵀ − A∘Aᵀ.
 */
import type { NearestNeighbors } from './nearest-neighbors.ts';
import { csrFromTriplets, type CsrMatrix } from './sparse-matrix.ts';

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;
const BISECTION_STEPS = 64;

/** Per cell: rho (distance to the nearest other cell) and sigma (the kernel width), umap-learn's smooth_knn_dist. */
export function smoothKnnDistances(knn: NearestNeighbors, cells: number): { sigmas: Float64Array; rhos: Float64Array } {
  const k = knn.k;
  const target = Math.log2(k);
  const sigmas = new Float64Array(cells);
  const rhos = new Float64Array(cells);
  let meanAll = 0;
  for (let t = 0; t < cells * k; t++) meanAll += knn.distances[t];
  meanAll /= cells * k;
  for (let i = 0; i < cells; i++) {
    const row = knn.distances.subarray(i * k, (i + 1) * k);
    let rho = 0;
    for (const d of row) {
      if (d > 0) {
        rho = d;
        break;
      }
    }
    rhos[i] = rho;
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let step = 0; step < BISECTION_STEPS; step++) {
      let psum = 0;
      // Column 0 is the cell itself; umap-learn sums from column 1.
      for (let j = 1; j < k; j++) {
        const d = row[j] - rho;
        psum += d > 0 ? Math.exp(-(d / mid)) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    let sigma = mid;
    if (rho > 0) {
      let meanRow = 0;
      for (const d of row) meanRow += d;
      meanRow /= k;
      if (sigma < MIN_K_DIST_SCALE * meanRow) sigma = MIN_K_DIST_SCALE * meanRow;
    } else if (sigma < MIN_K_DIST_SCALE * meanAll) sigma = MIN_K_DIST_SCALE * meanAll;
    sigmas[i] = sigma;
  }
  return { sigmas, rhos };
}

/** The symmetric connectivities matrix (cells × cells). */
export function umapConnectivities(knn: NearestNeighbors, cells: number): CsrMatrix {
  const { sigmas, rhos } = smoothKnnDistances(knn, cells);
  const k = knn.k;
  const directed = new Map<number, number>();
  const key = (i: number, j: number) => i * cells + j;
  for (let i = 0; i < cells; i++) {
    for (let r = 0; r < k; r++) {
      const j = knn.indices[i * k + r];
      if (j === i) continue;
      const d = knn.distances[i * k + r] - rhos[i];
      const weight = d <= 0 || sigmas[i] === 0 ? 1 : Math.exp(-(d / sigmas[i]));
      if (weight !== 0) directed.set(key(i, j), weight);
    }
  }
  const rows: number[] = [];
  const columns: number[] = [];
  const values: number[] = [];
  const done = new Set<number>();
  for (const [index, a] of directed) {
    const i = Math.floor(index / cells);
    const j = index - i * cells;
    if (done.has(index)) continue;
    const b = directed.get(key(j, i)) ?? 0;
    done.add(key(j, i));
    // Fuzzy union: the probability that at least one of the two directed edges exists.
    const w = a + b - a * b;
    rows.push(i, j);
    columns.push(j, i);
    values.push(w, w);
  }
  return csrFromTriplets(cells, rows, columns, values);
}
