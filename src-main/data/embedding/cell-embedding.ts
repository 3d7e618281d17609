/**
 * The Embedding view's three pictures of the cells, scanpy's recipe: X normalised and logged as its value kind needs,
 * highly variable genes (Seurat flavour), PCA, 15 nearest neighbours in PCA space, then a UMAP layout (umap-js,
 * seeded) and a diffusion map (the same one diffusion pseudotime uses) on those neighbours.
 */
import path from 'node:path';
import type { CellColumn, CellEmbedding } from '../../../src-shared/contract/types.ts';
import type { Dataset } from '../dataset.ts';
import { seuratHighlyVariableGenes } from '../prepare/hvg-seurat.ts';
import { cellTotals, normalizedSource, planNormalization } from '../prepare/normalize-log.ts';
import { diffusionMap } from '../pseudotime/diffusion-map.ts';
import { nearestNeighbors, type NearestNeighbors } from '../pseudotime/nearest-neighbors.ts';
import { defaultComponentCount, principalComponents } from '../pseudotime/principal-components.ts';
import { umapConnectivities } from '../pseudotime/umap-connectivities.ts';
import { formatCount } from '../reader-error.ts';
import { MAX_PSEUDOTIME_CELLS } from '../trajectories-from-dataset/dataset-trajectories.ts';
import { approximateNearestNeighbors } from './approximate-neighbors.ts';
import { umapLayout } from './umap-layout.ts';

export interface EmbeddingSettings {
  /** Seeds UMAP (and the approximate neighbours of large data): the same data and seed give the same picture. */
  seed?: number;
  neighbors?: number;
  pcs?: number;
  /** UMAP epochs; absent: umap-js's choice. */
  epochs?: number;
}

/** Genes the PCA starts from (scanpy's usual 2,000 highly variable genes), fewer when the cells are many. */
export const EMBEDDING_HVG = 2000;
/**
 * The normalised matrix PCA centres is held twice (float32 as read, float64 centred): 50 M values keep that under
 * 600 MB, so 100,000 cells use their 500 most variable genes.
 */
export const EMBEDDING_VALUE_BUDGET = 50_000_000;
/** Categorical obs columns with more levels than this (cell barcodes, wells) colour nothing useful. */
const MAX_LEVELS = 200;

export type EmbeddingStage = 'reading' | 'pca' | 'neighbors' | 'umap' | 'diffusion';

export async function computeCellEmbedding(
  dataset: Dataset,
  settings: EmbeddingSettings = {},
  onStage: (stage: EmbeddingStage, detail: string) => void = () => {},
): Promise<CellEmbedding> {
  const file = `"${path.basename(dataset.summary.path)}"`;
  const cells = dataset.cellNames.length;
  if (cells < 4) throw new RangeError(`${file} has ${cells} cells; an embedding needs at least 4.`);
  const seed = settings.seed ?? 0;
  const notes: string[] = [];
  const clock = () => performance.now() / 1000;

  let start = clock();
  onStage('reading', `normalising and choosing genes of ${formatCount(cells)} cells`);
  const plan = planNormalization(
    dataset.summary.valueKind,
    dataset.summary.valueKind === 'counts' ? await cellTotals(dataset) : new Float64Array(0),
  );
  notes.push(plan.note);
  const normalized = normalizedSource(dataset, plan);
  const wanted = Math.min(EMBEDDING_HVG, dataset.geneNames.length, Math.max(50, Math.floor(EMBEDDING_VALUE_BUDGET / cells)));
  if (wanted < Math.min(EMBEDDING_HVG, dataset.geneNames.length))
    notes.push(
      `${formatCount(cells)} cells: PCA on the ${formatCount(wanted)} most variable genes instead of ${formatCount(EMBEDDING_HVG)}, to fit in memory`,
    );
  const hvg = await seuratHighlyVariableGenes(normalized);
  const genes = hvg.ranking.slice(0, wanted);
  const matrix = await normalized.readGenes(genes);
  const reading = clock() - start;

  start = clock();
  onStage('pca', `PCA of ${formatCount(cells)} cells × ${formatCount(genes.length)} genes`);
  const components = defaultComponentCount(cells, genes.length, settings.pcs ?? 50);
  const pca = principalComponents(matrix, cells, genes.length, components);
  const totalVariance = geneVarianceSum(matrix, cells, genes.length);
  const pcaSeconds = clock() - start;

  start = clock();
  const k = Math.min(settings.neighbors ?? 15, cells - 1);
  const exact = cells <= MAX_PSEUDOTIME_CELLS;
  onStage('neighbors', `${k} ${exact ? 'nearest' : 'approximate nearest'} neighbours per cell`);
  const knn: NearestNeighbors = exact
    ? nearestNeighbors(pca.scores, cells, components, k)
    : approximateNearestNeighbors(pca.scores, cells, components, k, seed);
  if (!exact)
    notes.push(
      `${formatCount(cells)} cells: neighbours found approximately (random projection trees and nearest-neighbour descent, seed ${seed}), as scanpy does for large data`,
    );
  const neighborSeconds = clock() - start;

  start = clock();
  onStage('umap', `UMAP layout (seed ${seed})`);
  const umap = umapLayout(pca.scores, cells, components, knn, { seed, ...(settings.epochs ? { epochs: settings.epochs } : {}) });
  const umapSeconds = clock() - start;

  start = clock();
  onStage('diffusion', 'diffusion map');
  // Component 0 of a diffusion map is the constant one (eigenvalue 1); the picture uses components 1 and 2.
  const map = diffusionMap(umapConnectivities(knn, cells), Math.min(3, cells));
  const diffusionSeconds = clock() - start;

  const share = (j: number) => (totalVariance > 0 ? Math.round((1000 * pca.variance[j]) / totalVariance) / 10 : 0);
  const pc2 = components > 1;
  notes.push(
    `PCA of ${formatCount(genes.length)} highly variable genes (${components} components), ${k} neighbours, UMAP (umap-js, min_dist 0.5, seed ${seed}), diffusion map`,
  );
  return {
    cells,
    cellNames: dataset.cellNames,
    layouts: [
      { kind: 'umap', label: 'UMAP', axes: ['UMAP 1', 'UMAP 2'], xy: rounded(umap) },
      {
        kind: 'pca',
        label: 'PCA',
        axes: [`PC 1 (${share(0)} %)`, pc2 ? `PC 2 (${share(1)} %)` : 'PC 2'],
        xy: rounded(columnsOf(pca.scores, components, 0, pc2 ? 1 : -1, cells)),
      },
      {
        kind: 'diffusion',
        label: 'Diffusion map',
        axes: ['DC 1', 'DC 2'],
        xy: rounded(columnsOf(map.components, map.count, Math.min(1, map.count - 1), map.count > 2 ? 2 : -1, cells)),
      },
    ],
    obs: colourColumns(dataset),
    genes: genes.length,
    components,
    neighbors: k,
    seed,
    seconds: { reading, pca: pcaSeconds, neighbors: neighborSeconds, umap: umapSeconds, diffusion: diffusionSeconds },
    notes,
  };
}

/** Sum of the genes' variances (ddof 1): the share of variance each PC explains is its variance over this. */
function geneVarianceSum(values: ArrayLike<number>, cells: number, genes: number): number {
  let total = 0;
  for (let g = 0; g < genes; g++) {
    let sum = 0;
    let squares = 0;
    for (let c = 0; c < cells; c++) {
      const v = values[c * genes + g];
      sum += v;
      squares += v * v;
    }
    total += (squares - (sum * sum) / cells) / (cells - 1);
  }
  return total;
}

/** Two columns of a cells × width matrix as x, y pairs; column −1 gives zeros (data with a single component). */
function columnsOf(matrix: Float64Array, width: number, x: number, y: number, cells: number): Float64Array {
  const out = new Float64Array(cells * 2);
  for (let c = 0; c < cells; c++) {
    out[2 * c] = matrix[c * width + x];
    out[2 * c + 1] = y < 0 ? 0 : matrix[c * width + y];
  }
  return out;
}

/** Five significant digits are far finer than a pixel and keep 100,000 cells' JSON small. */
function rounded(values: Float64Array): number[] {
  return Array.from(values, (v) => Number(v.toPrecision(5)));
}

function colourColumns(dataset: Dataset): CellColumn[] {
  const columns: CellColumn[] = [];
  for (const column of dataset.obs) {
    if (column.type === 'numeric') {
      columns.push({ name: column.name, type: 'numeric', values: Array.from(column.values, (v) => (Number.isFinite(v) ? v : null)) });
    } else if (column.type === 'categorical') {
      if (column.levels.length <= MAX_LEVELS)
        columns.push({ name: column.name, type: 'categorical', levels: column.levels, codes: Array.from(column.codes) });
    } else if (column.type === 'boolean') {
      columns.push({
        name: column.name,
        type: 'categorical',
        levels: ['false', 'true'],
        codes: Array.from(column.values, (v) => (v ? 1 : 0)),
      });
    } else {
      const levels = [...new Set(column.values)];
      if (levels.length <= MAX_LEVELS) {
        const index = new Map(levels.map((level, i) => [level, i]));
        columns.push({ name: column.name, type: 'categorical', levels, codes: column.values.map((v) => index.get(v)!) });
      }
    }
  }
  return columns;
}
