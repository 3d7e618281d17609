/**
 * A 2-D UMAP layout (McInnes, Healy & Melville 2018) of cells given as points (usually their principal component
 * scores), with umap-js. Every random draw umap-js makes (its random initial layout, the negative samples and, when
 * no neighbours are given, its nearest-neighbour descent) comes from one seeded generator, so the same points and
 * seed give the same picture on every machine.
 */
import { UMAP } from 'umap-js';
import { SeededRandom } from '../../engine/model/random.ts';
import type { NearestNeighbors } from '../pseudotime/nearest-neighbors.ts';

export interface UmapLayoutSettings {
  seed: number;
  /** scanpy's tl.umap default: 0.5. */
  minDist?: number;
  /** Optimisation epochs; absent: umap-js's own choice (500 for small data, 200 above 10,000 cells). */
  epochs?: number;
}

/** `points` is cells × dims, row-major; `knn` holds each cell's neighbours, the cell itself first. */
export function umapLayout(
  points: Float64Array,
  cells: number,
  dims: number,
  knn: NearestNeighbors,
  settings: UmapLayoutSettings,
  onEpoch?: (epoch: number, epochs: number) => void,
): Float64Array {
  if (points.length !== cells * dims) throw new RangeError(`UMAP: ${points.length} values for ${cells} cells × ${dims} dimensions`);
  if (cells < 3) throw new RangeError(`UMAP needs at least 3 cells; got ${cells}`);
  const random = new SeededRandom(settings.seed);
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: knn.k,
    minDist: settings.minDist ?? 0.5,
    random: () => random.uniform(),
    ...(settings.epochs ? { nEpochs: settings.epochs } : {}),
  });
  const rows = (values: ArrayLike<number>, width: number): number[][] =>
    Array.from({ length: cells }, (_, c) => Array.from({ length: width }, (_, j) => values[c * width + j]));
  // The neighbours are ours (exact, or the descent below), so umap-js builds no index of its own.
  umap.setPrecomputedKNN(rows(knn.indices, knn.k), rows(knn.distances, knn.k));
  const epochs = umap.initializeFit(rows(points, dims));
  for (let epoch = 0; epoch < epochs; epoch++) {
    umap.step();
    onEpoch?.(epoch + 1, epochs);
  }
  const layout = umap.getEmbedding();
  const coords = new Float64Array(cells * 2);
  for (let c = 0; c < cells; c++) {
    coords[2 * c] = layout[c][0];
    coords[2 * c + 1] = layout[c][1];
  }
  return coords;
}
