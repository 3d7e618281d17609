/**
 * Highly variable genes, Seurat v3 flavour, as scanpy's pp.highly_variable_genes(flavor="seurat_v3") for one batch
 * (Stuart et al. 2019): on raw counts, fit log10(variance) against log10(mean) with LOESS (span 0.3, degree 2) over
 * the non-constant genes; standardise each gene by the fitted standard deviation, clipping values at
 * mean + √n·sd; the variance of the standardised values ranks the genes.
 */
import type { GeneMatrixSource } from './gene-chunks.ts';
import { geneMeanVariance, geneSums } from './gene-mean-variance.ts';
import { rankDescending } from './hvg-seurat.ts';
import { loessFit } from './loess.ts';

export interface SeuratV3HvgOptions {
  topGenes: number;
  /** LOESS span (scanpy: 0.3). */
  span?: number;
}

export interface SeuratV3HvgResult {
  means: Float64Array;
  variances: Float64Array;
  /** Variance of the clipped, standardised counts. */
  variancesNorm: Float64Array;
  /** 0 for the most variable gene; NaN outside the top genes (scanpy's highly_variable_rank). */
  rank: Float64Array;
  highlyVariable: Uint8Array;
  /** Genes by normalised variance, highest first (ties in gene order). */
  ranking: number[];
}

/** The regression part: from mean and variance, the fitted standard deviation of each gene (1 for constant genes). */
export function seuratV3FittedStd(mean: Float64Array, variance: Float64Array, span = 0.3): Float64Array {
  const genes = mean.length;
  const notConstant: number[] = [];
  for (let g = 0; g < genes; g++) if (variance[g] > 0) notConstant.push(g);
  const estimate = new Float64Array(genes);
  if (notConstant.length > 0) {
    const fitted = loessFit(
      notConstant.map((g) => Math.log10(mean[g])),
      notConstant.map((g) => Math.log10(variance[g])),
      { span, degree: 2 },
    );
    notConstant.forEach((g, k) => (estimate[g] = fitted[k]));
  }
  // scanpy: estimat_var is 0 for constant genes, so their regularised std is sqrt(10^0) = 1.
  return estimate.map((e) => Math.sqrt(10 ** e));
}

export async function seuratV3HighlyVariableGenes(source: GeneMatrixSource, options: SeuratV3HvgOptions): Promise<SeuratV3HvgResult> {
  const { topGenes } = options;
  if (!Number.isInteger(topGenes) || topGenes < 1)
    throw new RangeError(`highly variable genes: topGenes must be a whole number ≥ 1; got ${topGenes}`);
  const cells = source.cellNames.length;
  const genes = source.geneNames.length;
  const { mean, variance } = await geneMeanVariance(source);
  const regStd = seuratV3FittedStd(mean, variance, options.span ?? 0.3);
  const clip = new Float64Array(genes);
  for (let g = 0; g < genes; g++) clip[g] = regStd[g] * Math.sqrt(cells) + mean[g];
  // Second pass over the values clipped at each gene's mean + √n regularised std (scanpy's seurat_v3).
  const { sum, sumSquares } = await geneSums(source, (value, g) => Math.min(value, clip[g]));
  const variancesNorm = new Float64Array(genes);
  for (let g = 0; g < genes; g++) {
    variancesNorm[g] = (1 / ((cells - 1) * regStd[g] ** 2)) * (cells * mean[g] ** 2 + sumSquares[g] - 2 * sum[g] * mean[g]);
  }
  return seuratV3Selection(mean, variance, variancesNorm, topGenes);
}

/**
 * scanpy's single-batch selection: rank by normalised variance (0 = highest), keep ranks below topGenes. numpy's
 * argsort is not stable, so genes tied exactly may be ordered differently there; here ties keep gene order.
 */
export function seuratV3Selection(
  means: Float64Array,
  variances: Float64Array,
  variancesNorm: Float64Array,
  topGenes: number,
): SeuratV3HvgResult {
  const genes = means.length;
  const ranking = rankDescending(variancesNorm);
  const rank = new Float64Array(genes).fill(NaN);
  const highlyVariable = new Uint8Array(genes);
  ranking.slice(0, Math.min(topGenes, genes)).forEach((g, r) => {
    rank[g] = r;
    highlyVariable[g] = 1;
  });
  return { means, variances, variancesNorm, rank, highlyVariable, ranking };
}
