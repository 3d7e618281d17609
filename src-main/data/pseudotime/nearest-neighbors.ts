/**
 * Exact k nearest neighbours in Euclidean distance, each cell counting itself as its first neighbour (distance 0),
 * as scanpy's pp.neighbors does for data sets it handles exactly. Brute force: O(cells² · dims), seconds for
 * 10,000 cells on 50 components.
 */

export interface NearestNeighbors {
  /** cells × k, row-major, nearest first (column 0 is the cell itself). */
  indices: Int32Array;
  /** Matching Euclidean distances. */
  distances: Float64Array;
  k: number;
}

export function nearestNeighbors(points: Float64Array, cells: number, dims: number, k: number): NearestNeighbors {
  if (points.length !== cells * dims) throw new RangeError(`neighbours: ${points.length} values for ${cells} points × ${dims} dimensions`);
  if (!Number.isInteger(k) || k < 1 || k > cells) throw new RangeError(`neighbours: k = ${k} for ${cells} cells`);
  const indices = new Int32Array(cells * k);
  const distances = new Float64Array(cells * k);
  const squared = new Float64Array(cells);
  const order = new Int32Array(cells);
  for (let i = 0; i < cells; i++) {
    for (let j = 0; j < cells; j++) {
      let s = 0;
      for (let d = 0; d < dims; d++) {
        const diff = points[i * dims + d] - points[j * dims + d];
        s += diff * diff;
      }
      squared[j] = s;
      order[j] = j;
    }
    // The cell itself first, then by distance; ties by index so results are reproducible.
    squared[i] = -1;
    partialSort(order, squared, k);
    for (let r = 0; r < k; r++) {
      const j = order[r];
      indices[i * k + r] = j;
      distances[i * k + r] = j === i ? 0 : Math.sqrt(squared[j]);
    }
  }
  return { indices, distances, k };
}

/** Puts the k smallest keys (ties by index) first in `order`, sorted; a selection pass then a small sort. */
function partialSort(order: Int32Array, keys: Float64Array, k: number): void {
  const n = order.length;
  const less = (a: number, b: number) => keys[a] < keys[b] || (keys[a] === keys[b] && a < b);
  // Keep a sorted window of the best k (insertion), fine for k ≪ n.
  const best: number[] = [];
  for (let t = 0; t < n; t++) {
    const j = order[t];
    if (best.length === k && !less(j, best[k - 1])) continue;
    let pos = best.length === k ? k - 1 : best.length;
    if (best.length < k) best.push(j);
    while (pos > 0 && less(j, best[pos - 1])) {
      best[pos] = best[pos - 1];
      pos--;
    }
    best[pos] = j;
  }
  for (let r = 0; r < k; r++) order[r] = best[r];
}
