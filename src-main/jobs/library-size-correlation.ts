/**
 * How strongly each numeric obs column follows library size (RNA counted per cell), so the Data view can warn when
 * the column chosen as pseudotime is really sequencing depth: cells with more RNA captured are not later in
 * development, and a network fitted along depth describes the sequencer, not regulation.
 */
import type { MetadataColumn } from '../data/dataset.ts';
import { pearsonCorrelation } from '../data/pseudotime/pearson-correlation.ts';

/** Obs columns that hold library size as Seurat, scanpy and older pipelines name it. */
const LIBRARY_SIZE_NAMES = /^(ncount_rna|n_counts|total_counts|numi|n_umi|total_umis?|library_?size|lib_?size)$/i;

export interface LibrarySizeCorrelations {
  /** The obs column taken as library size. */
  column: string;
  /** Spearman correlation with it, per numeric obs column (the library-size column itself included, at 1). */
  correlations: Record<string, number>;
}

/** Null when no obs column is recognised as library size. */
export function librarySizeCorrelations(obs: readonly MetadataColumn[]): LibrarySizeCorrelations | null {
  const library = obs.find((column) => column.type === 'numeric' && LIBRARY_SIZE_NAMES.test(column.name));
  if (!library || library.type !== 'numeric') return null;
  const correlations: Record<string, number> = {};
  for (const column of obs) {
    if (column.type !== 'numeric') continue;
    const r = spearmanCorrelation(column.values, library.values);
    if (Number.isFinite(r)) correlations[column.name] = r;
  }
  return { column: library.name, correlations };
}

/**
 * Spearman's rank correlation over the cells with a value in both series (ties get their mean rank). Ranks, not
 * values: library size is heavily skewed, and a pseudotime that rises with depth need not rise linearly.
 */
export function spearmanCorrelation(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const kept: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Number.isNaN(a[i]) && !Number.isNaN(b[i])) kept.push(i);
  if (kept.length < 3) return Number.NaN;
  return pearsonCorrelation(ranks(kept.map((i) => a[i])), ranks(kept.map((i) => b[i])));
}

function ranks(values: number[]): Float64Array {
  const order = values.map((_, i) => i).sort((x, y) => values[x] - values[y]);
  const result = new Float64Array(values.length);
  for (let start = 0; start < order.length;) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]] === values[order[start]]) end++;
    const mean = (start + end) / 2 + 1;
    for (let k = start; k <= end; k++) result[order[k]] = mean;
    start = end + 1;
  }
  return result;
}
