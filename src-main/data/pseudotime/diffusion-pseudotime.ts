/**
 * Diffusion pseudotime (Haghverdi et al. 2016) as scanpy's tl.dpt computes it without branchings: the DPT distance
 * of every cell to the root over the first n_dcs diffusion components — each component weighted by λ/(1−λ) (the
 * sum over all random-walk lengths), components with λ ≥ 0.9994 (the stationary one) unweighted — then divided by
 * the largest finite distance. Cells in another connected component of the neighbour graph than the root are
 * unreachable: their pseudotime is +Infinity, as in scanpy.
 */
import type { DiffusionMap } from './diffusion-map.ts';
import type { CsrMatrix } from './sparse-matrix.ts';

/** scanpy's threshold for an eigenvalue counted as 1 (float32 precision). */
const STATIONARY_EIGENVALUE = 0.9994;

/** Connected component label of each cell (labels 0, 1, … in order of first cell). */
export function connectedComponents(graph: CsrMatrix): Int32Array {
  const label = new Int32Array(graph.size).fill(-1);
  let next = 0;
  const stack: number[] = [];
  for (let start = 0; start < graph.size; start++) {
    if (label[start] >= 0) continue;
    label[start] = next;
    stack.push(start);
    while (stack.length > 0) {
      const i = stack.pop() as number;
      for (let p = graph.rowStart[i]; p < graph.rowStart[i + 1]; p++) {
        const j = graph.columns[p];
        if (label[j] < 0) {
          label[j] = next;
          stack.push(j);
        }
      }
    }
    next++;
  }
  return label;
}

/** DPT distances from `root` (not normalised). */
export function dptDistances(map: DiffusionMap, root: number, components: Int32Array | null, diffusionComponents = 10): Float64Array {
  const cells = map.components.length / map.count;
  if (!Number.isInteger(root) || root < 0 || root >= cells)
    throw new RangeError(`diffusion pseudotime: root cell ${root} is outside 0…${cells - 1}`);
  const used = Math.min(diffusionComponents, map.count);
  const distances = new Float64Array(cells);
  for (let l = 0; l < used; l++) {
    const lambda = map.values[l];
    const weight = lambda < STATIONARY_EIGENVALUE ? lambda / (1 - lambda) : 1;
    const rootValue = map.components[root * map.count + l];
    for (let c = 0; c < cells; c++) {
      const d = weight * (rootValue - map.components[c * map.count + l]);
      distances[c] += d * d;
    }
  }
  for (let c = 0; c < cells; c++) {
    distances[c] = components && components[c] !== components[root] ? Infinity : Math.sqrt(distances[c]);
  }
  return distances;
}

/** Pseudotime in [0, 1] from the root (Infinity for unreachable cells). */
export function diffusionPseudotime(
  map: DiffusionMap,
  root: number,
  components: Int32Array | null,
  diffusionComponents = 10,
): Float64Array {
  const distances = dptDistances(map, root, components, diffusionComponents);
  let largest = 0;
  for (const d of distances) if (Number.isFinite(d) && d > largest) largest = d;
  if (largest > 0) for (let c = 0; c < distances.length; c++) distances[c] /= largest;
  return distances;
}
