/**
 * Per-gene mean and variance over cells as scanpy's _get_mean_var: one pass of Σx and Σx² in float64, variance
 * with the unbiased (n − 1) correction, optionally of a transform of each value (expm1 for the Seurat flavour).
 */
import { forEachGeneChunk, type GeneMatrixSource } from './gene-chunks.ts';

export interface GeneMeanVariance {
  mean: Float64Array;
  variance: Float64Array;
}

/** Σx and Σx² of each gene column, x = transform(value, gene) when given (a transform must keep 0 at 0 or be given). */
export async function geneSums(
  source: GeneMatrixSource,
  transform?: (value: number, gene: number) => number,
): Promise<{ sum: Float64Array; sumSquares: Float64Array }> {
  const cells = source.cellNames.length;
  const genes = source.geneNames.length;
  const sum = new Float64Array(genes);
  const sumSquares = new Float64Array(genes);
  await forEachGeneChunk(source, (block, indices) => {
    const width = indices.length;
    for (let c = 0; c < cells; c++) {
      for (let k = 0; k < width; k++) {
        const raw = block[c * width + k];
        if (raw === 0 && !transform) continue;
        const g = indices[k];
        const v = transform ? transform(raw, g) : raw;
        sum[g] += v;
        sumSquares[g] += v * v;
      }
    }
  });
  return { sum, sumSquares };
}

/** Mean and unbiased variance of each gene column of a cells × genes block set. */
export async function geneMeanVariance(source: GeneMatrixSource, transform?: (value: number) => number): Promise<GeneMeanVariance> {
  const cells = source.cellNames.length;
  const genes = source.geneNames.length;
  const { sum, sumSquares } = await geneSums(source, transform);
  const mean = new Float64Array(genes);
  const variance = new Float64Array(genes);
  for (let g = 0; g < genes; g++) {
    mean[g] = sum[g] / cells;
    // scanpy: var = mean(x²) − mean(x)², then × n/(n − 1).
    variance[g] = cells > 1 ? ((sumSquares[g] / cells - mean[g] * mean[g]) * cells) / (cells - 1) : NaN;
  }
  return { mean, variance };
}
