/**
 * Highly variable genes, Seurat dispersion flavour, as scanpy's pp.highly_variable_genes(flavor="seurat")
 * (Satija et al. 2015): on log-normalised data, per gene the mean and variance of expm1(x); dispersion =
 * log(var/mean) and mean → log1p(mean); genes binned into n equal-width bins of the log mean (pandas.cut); the
 * dispersion z-scored within its bin (a bin with one usable gene gives that gene 1).
 */
import type { GeneMatrixSource } from './gene-chunks.ts';
import { geneMeanVariance } from './gene-mean-variance.ts';

export interface SeuratHvgOptions {
  /** Number of mean bins (scanpy: 20). */
  bins?: number;
  /** Select this many genes by normalised dispersion; otherwise the cut-offs below. */
  topGenes?: number;
  minMean?: number;
  maxMean?: number;
  minDispersion?: number;
  maxDispersion?: number;
}

export interface SeuratHvgResult {
  /** log1p of the mean of expm1(x). */
  means: Float64Array;
  /** log(var/mean) of expm1(x); NaN when the variance is 0. */
  dispersions: Float64Array;
  /** Dispersion z-scored within its mean bin; NaN where undefined. */
  dispersionsNorm: Float64Array;
  /** The pandas.cut bin of each gene (0-based). */
  meanBin: Int32Array;
  highlyVariable: Uint8Array;
  /** Genes by normalised dispersion, highest first, NaN last (ties in gene order). */
  ranking: number[];
}

/** From per-gene mean and variance of expm1(x) to scanpy's table and selection. */
export function seuratHvgFromMoments(
  meanOfCounts: Float64Array,
  varianceOfCounts: Float64Array,
  options: SeuratHvgOptions = {},
): SeuratHvgResult {
  const bins = options.bins ?? 20;
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`highly variable genes: bins must be a whole number ≥ 1; got ${bins}`);
  const genes = meanOfCounts.length;
  const means = new Float64Array(genes);
  const dispersions = new Float64Array(genes);
  for (let g = 0; g < genes; g++) {
    // scanpy sets a zero mean to 1e-12 before dividing.
    const mean = meanOfCounts[g] === 0 ? 1e-12 : meanOfCounts[g];
    const dispersion = varianceOfCounts[g] / mean;
    dispersions[g] = dispersion === 0 ? NaN : Math.log(dispersion);
    means[g] = Math.log1p(mean);
  }
  const meanBin = pandasCut(means, bins);
  // Per bin: mean and unbiased std of the non-NaN dispersions (pandas groupby skips NaN).
  const count = new Int32Array(bins);
  const sum = new Float64Array(bins);
  for (let g = 0; g < genes; g++) {
    if (Number.isNaN(dispersions[g]) || meanBin[g] < 0) continue;
    count[meanBin[g]]++;
    sum[meanBin[g]] += dispersions[g];
  }
  const binMean = new Float64Array(bins);
  for (let b = 0; b < bins; b++) binMean[b] = count[b] > 0 ? sum[b] / count[b] : NaN;
  const squares = new Float64Array(bins);
  for (let g = 0; g < genes; g++) {
    if (Number.isNaN(dispersions[g]) || meanBin[g] < 0) continue;
    squares[meanBin[g]] += (dispersions[g] - binMean[meanBin[g]]) ** 2;
  }
  const binStd = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    binStd[b] = count[b] > 1 ? Math.sqrt(squares[b] / (count[b] - 1)) : NaN;
    if (Number.isNaN(binStd[b])) {
      // scanpy: a bin whose std is undefined gets std = its mean and mean = 0, so its gene's norm is 1.
      binStd[b] = binMean[b];
      binMean[b] = 0;
    }
  }
  const dispersionsNorm = new Float64Array(genes);
  for (let g = 0; g < genes; g++) {
    const b = meanBin[g];
    dispersionsNorm[g] = b < 0 ? NaN : (dispersions[g] - binMean[b]) / binStd[b];
  }
  const ranking = rankDescending(dispersionsNorm);
  const highlyVariable = new Uint8Array(genes);
  if (options.topGenes !== undefined) {
    selectTopLikeScanpy(dispersionsNorm, options.topGenes, highlyVariable);
  } else {
    const minMean = options.minMean ?? 0.0125;
    const maxMean = options.maxMean ?? 3;
    const minDispersion = options.minDispersion ?? 0.5;
    const maxDispersion = options.maxDispersion ?? Infinity;
    for (let g = 0; g < genes; g++) {
      const d = dispersionsNorm[g];
      highlyVariable[g] = means[g] > minMean && means[g] < maxMean && d > minDispersion && d < maxDispersion ? 1 : 0;
    }
  }
  return { means, dispersions, dispersionsNorm, meanBin, highlyVariable, ranking };
}

/** Reads log-normalised data through the source and selects highly variable genes (Seurat flavour). */
export async function seuratHighlyVariableGenes(source: GeneMatrixSource, options: SeuratHvgOptions = {}): Promise<SeuratHvgResult> {
  const { mean, variance } = await geneMeanVariance(source, Math.expm1);
  return seuratHvgFromMoments(mean, variance, options);
}

/**
 * pandas.cut(x, bins=n) with right-closed bins: n equal-width bins over [min, max] (numpy.linspace edges), the first
 * edge lowered by 0.1 % of the range so the minimum falls in bin 0; a constant x is widened by 0.1 % on each side.
 * NaN gets −1.
 */
export function pandasCut(values: Float64Array, bins: number): Int32Array {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const edges = new Float64Array(bins + 1);
  if (min === max) {
    const lo = min !== 0 ? min - 0.001 * Math.abs(min) : min - 0.001;
    const hi = max !== 0 ? max + 0.001 * Math.abs(max) : max + 0.001;
    linspace(lo, hi, edges);
  } else {
    linspace(min, max, edges);
    edges[0] -= (max - min) * 0.001;
  }
  const out = new Int32Array(values.length);
  values.forEach((v, i) => {
    if (Number.isNaN(v)) {
      out[i] = -1;
      return;
    }
    // searchsorted(edges, v, side="left") − 1: the number of edges strictly below v, minus one.
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (edges[mid] < v) lo = mid + 1;
      else hi = mid;
    }
    out[i] = Math.min(Math.max(lo - 1, 0), bins - 1);
  });
  return out;
}

/** numpy.linspace(start, stop, n) with endpoint: start + i·step, the last edge exactly stop. */
function linspace(start: number, stop: number, out: Float64Array): void {
  const step = (stop - start) / (out.length - 1);
  for (let i = 0; i < out.length; i++) out[i] = i * step + start;
  out[out.length - 1] = stop;
}

/** Indices sorted by value, highest first, NaN last; stable (ties keep gene order). */
export function rankDescending(values: Float64Array): number[] {
  return Array.from({ length: values.length }, (_, i) => i).sort((a, b) => {
    const va = values[a];
    const vb = values[b];
    if (Number.isNaN(va)) return Number.isNaN(vb) ? 0 : 1;
    if (Number.isNaN(vb)) return -1;
    return vb - va;
  });
}

/**
 * scanpy's n_top_genes rule for the Seurat flavour: the cut-off is the n-th highest non-NaN normalised dispersion,
 * and every gene with nan_to_num(norm) ≥ cut-off is selected — ties at the cut-off can select more than n.
 */
function selectTopLikeScanpy(dispersionsNorm: Float64Array, topGenes: number, out: Uint8Array): void {
  if (!Number.isInteger(topGenes) || topGenes < 1)
    throw new RangeError(`highly variable genes: topGenes must be a whole number ≥ 1; got ${topGenes}`);
  const finite = Array.from(dispersionsNorm)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => b - a);
  if (finite.length === 0) return;
  const cutOff = finite[Math.min(topGenes, finite.length) - 1];
  dispersionsNorm.forEach((v, g) => {
    out[g] = (Number.isNaN(v) ? 0 : v) >= cutOff ? 1 : 0;
  });
}
