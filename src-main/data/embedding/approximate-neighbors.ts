/**
 * Approximate k nearest neighbours for data sets too large for the exact brute force (cells² distances): random
 * projection trees then nearest-neighbour descent (Dong, Moses & Li 2011), umap-js's implementation, seeded. As
 * `nearestNeighbors` gives them: the cell itself first (distance 0), then nearest first.
 */
import { makeNNDescent } from 'umap-js/dist/nn_descent.js';
import { makeForest, makeLeafArray } from 'umap-js/dist/tree.js';
import { SeededRandom } from '../../engine/model/random.ts';
import type { NearestNeighbors } from '../pseudotime/nearest-neighbors.ts';

export function approximateNearestNeighbors(points: Float64Array, cells: number, dims: number, k: number, seed: number): NearestNeighbors {
  if (points.length !== cells * dims) throw new RangeError(`neighbours: ${points.length} values for ${cells} points × ${dims} dimensions`);
  if (!Number.isInteger(k) || k < 2 || k > cells) throw new RangeError(`neighbours: k = ${k} for ${cells} cells`);
  const random = new SeededRandom(seed);
  const uniform = () => random.uniform();
  const rows = Array.from({ length: cells }, (_, c) => Array.from(points.subarray(c * dims, (c + 1) * dims)));
  const euclidean = (x: number[], y: number[]) => {
    let s = 0;
    for (let d = 0; d < x.length; d++) s += (x[d] - y[d]) ** 2;
    return Math.sqrt(s);
  };
  // umap-learn's choices of trees and iterations for this many points.
  const trees = 5 + Math.floor(Math.round(Math.sqrt(cells) / 20));
  const iterations = Math.max(5, Math.round(Math.log2(cells)));
  const forest = makeForest(rows, k, trees, uniform);
  const found = makeNNDescent(euclidean, uniform)(rows, makeLeafArray(forest), k, iterations);
  const indices = new Int32Array(cells * k);
  const distances = new Float64Array(cells * k);
  for (let i = 0; i < cells; i++) {
    // The descent may leave a slot empty (−1) or miss the cell itself: put the cell first, then the rest by distance.
    const others = found.indices[i]
      .map((j, r) => ({ j, d: found.weights[i][r] }))
      .filter((entry) => entry.j >= 0 && entry.j !== i)
      .sort((a, b) => a.d - b.d || a.j - b.j);
    indices[i * k] = i;
    for (let r = 1; r < k; r++) {
      const entry = others[r - 1] ?? others[others.length - 1] ?? { j: i, d: 0 };
      indices[i * k + r] = entry.j;
      distances[i * k + r] = entry.d;
    }
  }
  return { indices, distances, k };
}
