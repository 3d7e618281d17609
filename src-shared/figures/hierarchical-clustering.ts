/**
 * Agglomerative clustering with average linkage (UPGMA) on Euclidean distances, by the nearest-neighbour-chain
 * algorithm (Murtagh 1983): O(n²) time and memory, fast enough for 529 genes in the UI thread (a few ms).
 */

/** One merge: clusters `left` and `right` (ids < n are items, n + k is the k-th merge) joined at `height`. */
export interface ClusterMerge {
  left: number;
  right: number;
  height: number;
  size: number;
}

export interface Clustering {
  /** Item indices in dendrogram leaf order. */
  order: number[];
  /** n − 1 merges in increasing height (scipy's linkage layout). */
  merges: ClusterMerge[];
}

/** Euclidean distances between the rows of a rows × columns row-major matrix; non-finite values count as 0. */
export function rowDistances(values: ArrayLike<number>, rows: number, columns: number): Float64Array {
  const distances = new Float64Array(rows * rows);
  const clean = (v: number) => (Number.isFinite(v) ? v : 0);
  for (let i = 0; i < rows; i++) {
    for (let j = i + 1; j < rows; j++) {
      let sum = 0;
      for (let c = 0; c < columns; c++) {
        const d = clean(values[i * columns + c]) - clean(values[j * columns + c]);
        sum += d * d;
      }
      distances[i * rows + j] = distances[j * rows + i] = Math.sqrt(sum);
    }
  }
  return distances;
}

/** Transposes a rows × columns row-major matrix (to cluster columns with the same code). */
export function transpose(values: ArrayLike<number>, rows: number, columns: number): Float64Array {
  const out = new Float64Array(rows * columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) out[c * rows + r] = values[r * columns + c];
  return out;
}

/**
 * Average-linkage clustering of n items from their n × n distance matrix (which is overwritten).
 * Ties are broken by the lower index, so the result is deterministic.
 */
export function averageLinkage(distances: Float64Array, n: number): Clustering {
  if (distances.length !== n * n)
    throw new Error(`averageLinkage: expected a ${n} × ${n} distance matrix, got ${distances.length} values.`);
  if (n === 0) return { order: [], merges: [] };
  const size = new Float64Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const raw: { a: number; b: number; height: number }[] = [];
  const chain: number[] = [];
  let remaining = n;
  while (remaining > 1) {
    if (chain.length === 0) chain.push(active.indexOf(1));
    const a = chain[chain.length - 1];
    const previous = chain.length > 1 ? chain[chain.length - 2] : -1;
    // Start from the previous chain element so that ties resolve towards it (otherwise the chain can cycle).
    let best = previous;
    let bestDistance = previous >= 0 ? distances[a * n + previous] : Infinity;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === a) continue;
      const d = distances[a * n + k];
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    if (best === previous) {
      chain.pop();
      chain.pop();
      // Merge into the lower slot; Lance–Williams update for average linkage.
      const keep = Math.min(a, best);
      const drop = Math.max(a, best);
      raw.push({ a, b: best, height: bestDistance });
      const sa = size[keep];
      const sb = size[drop];
      for (let k = 0; k < n; k++) {
        if (!active[k] || k === keep || k === drop) continue;
        const d = (sa * distances[keep * n + k] + sb * distances[drop * n + k]) / (sa + sb);
        distances[keep * n + k] = distances[k * n + keep] = d;
      }
      size[keep] = sa + sb;
      active[drop] = 0;
      remaining--;
    } else {
      chain.push(best);
    }
  }
  return buildDendrogram(raw, n);
}

/** Sorts NN-chain merges by height and relabels clusters the scipy way with a union–find; leaf order follows. */
function buildDendrogram(raw: { a: number; b: number; height: number }[], n: number): Clustering {
  const sorted = raw.map((merge, i) => ({ ...merge, i })).sort((x, y) => x.height - y.height || x.i - y.i);
  const parent = Array.from({ length: n }, (_, i) => i);
  const clusterOf = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const merges: ClusterMerge[] = [];
  const children: [number, number][] = [];
  const minLeaf: number[] = Array.from({ length: n }, (_, i) => i);
  const sizes: number[] = new Array(n).fill(1);
  for (const merge of sorted) {
    const ra = find(merge.a);
    const rb = find(merge.b);
    let left = clusterOf[ra];
    let right = clusterOf[rb];
    // The branch holding the lower item index goes left: deterministic and stable under relabelling.
    if (minLeaf[right] < minLeaf[left]) [left, right] = [right, left];
    const id = n + merges.length;
    const mergedSize = sizes[left] + sizes[right];
    merges.push({ left, right, height: merge.height, size: mergedSize });
    children.push([left, right]);
    minLeaf.push(Math.min(minLeaf[left], minLeaf[right]));
    sizes.push(mergedSize);
    parent[rb] = ra;
    clusterOf[ra] = id;
  }
  const order: number[] = [];
  if (n === 1) order.push(0);
  else {
    const stack = [n + merges.length - 1];
    while (stack.length) {
      const id = stack.pop()!;
      if (id < n) order.push(id);
      else {
        const [l, r] = children[id - n];
        stack.push(r, l);
      }
    }
  }
  return { order, merges };
}

/** Clusters the rows of a rows × columns matrix (average linkage, Euclidean). */
export function clusterRows(values: ArrayLike<number>, rows: number, columns: number): Clustering {
  return averageLinkage(rowDistances(values, rows, columns), rows);
}
