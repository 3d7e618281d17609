/**
 * Diffusion pseudotime from an expression matrix, scanpy's recipe with its defaults: PCA (50 components) on the
 * log-normalised highly variable genes, 15 nearest neighbours with UMAP connectivities, a 15-component diffusion
 * map, and DPT over its first 10 components from a root cell (Haghverdi et al. 2016).
 */
import { rootAmongCandidates } from './choose-root.ts';
import { diffusionMap, type DiffusionMap } from './diffusion-map.ts';
import { connectedComponents, diffusionPseudotime } from './diffusion-pseudotime.ts';
import { nearestNeighbors } from './nearest-neighbors.ts';
import { defaultComponentCount, principalComponents } from './principal-components.ts';
import { umapConnectivities } from './umap-connectivities.ts';

export interface PseudotimeSettings {
  /** Principal components (scanpy: 50, or fewer when the data has fewer cells or genes). */
  pcs?: number;
  /** Neighbours per cell, the cell itself included (scanpy: 15). */
  neighbors?: number;
  /** Diffusion components computed (scanpy diffmap: 15). */
  diffusionComponents?: number;
  /** Diffusion components DPT uses (scanpy dpt: 10). */
  dptComponents?: number;
}

/** Either a root cell, or candidate cells among which the root is suggested. */
export type RootRequest = { cell: number } | { candidates: number[]; why: string };

export interface PseudotimeResult {
  /** Per cell in [0, 1]; +Infinity for cells not connected to the root. */
  pseudotime: Float64Array;
  root: number;
  map: DiffusionMap;
  /** Connected component of each cell in the neighbour graph. */
  components: Int32Array;
  componentCount: number;
  notes: string[];
}

/** `values`: cells × genes, row-major, already log-normalised and restricted to the genes to use. */
export function computeDiffusionPseudotime(
  values: ArrayLike<number>,
  cells: number,
  genes: number,
  root: RootRequest,
  settings: PseudotimeSettings = {},
): PseudotimeResult {
  const notes: string[] = [];
  const neighbors = settings.neighbors ?? 15;
  if (cells < 3) throw new RangeError(`diffusion pseudotime needs at least 3 cells; the data has ${cells}`);
  if (neighbors < 2)
    throw new RangeError(`diffusion pseudotime needs at least 2 neighbours per cell (the cell itself and one more); got ${neighbors}`);
  const k = Math.min(neighbors, cells);
  if (k < neighbors) notes.push(`only ${cells} cells: ${k} neighbours per cell instead of ${neighbors}`);
  const pcs = defaultComponentCount(cells, genes, settings.pcs ?? 50);
  const pca = principalComponents(values, cells, genes, pcs);
  const knn = nearestNeighbors(pca.scores, cells, pcs, k);
  const graph = umapConnectivities(knn, cells);
  const map = diffusionMap(graph, settings.diffusionComponents ?? 15);
  const components = connectedComponents(graph);
  const componentCount = components.reduce((m, c) => Math.max(m, c + 1), 0);
  const dptComponents = settings.dptComponents ?? 10;
  const rootCell = 'cell' in root ? root.cell : rootAmongCandidates(map, root.candidates, components, dptComponents);
  if ('candidates' in root) notes.push(`root cell suggested ${root.why}`);
  const pseudotime = diffusionPseudotime(map, rootCell, components, dptComponents);
  if (componentCount > 1) {
    const unreachable = pseudotime.reduce((n, t) => n + (Number.isFinite(t) ? 0 : 1), 0);
    notes.push(
      `the neighbour graph falls into ${componentCount} disconnected groups; ${unreachable} cells are not connected to the root and get no pseudotime`,
    );
  }
  notes.push(
    `diffusion pseudotime: PCA ${pcs} components on ${genes} genes, ${k} neighbours, ${map.count} diffusion components (DPT on ${Math.min(dptComponents, map.count)})`,
  );
  return { pseudotime, root: rootCell, map, components, componentCount, notes };
}
