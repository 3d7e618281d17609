/**
 * Whole-matrix statistics (QC, normalisation factors, highly variable genes) read the matrix a block of genes at a
 * time through Dataset.readGenes, so a 100,000-cell file is never held dense: memory is cells × chunk.
 */
import type { Dataset } from '../dataset.ts';

/** The part of a Dataset that statistics need. */
export type GeneMatrixSource = Pick<Dataset, 'cellNames' | 'geneNames' | 'readGenes'>;

/** Genes per block: 256 genes × 100,000 cells × 4 bytes ≈ 100 MB. */
export const DEFAULT_GENE_CHUNK = 256;

/**
 * Calls `visit` with consecutive blocks of `genes` (default: all genes): `block` is cells × indices.length,
 * row-major, for all cells of the source.
 */
export async function forEachGeneChunk(
  source: GeneMatrixSource,
  visit: (block: Float32Array, indices: number[]) => void,
  options: { genes?: number[]; chunk?: number; layer?: string } = {},
): Promise<void> {
  const genes = options.genes ?? Array.from({ length: source.geneNames.length }, (_, i) => i);
  const chunk = Math.max(1, options.chunk ?? DEFAULT_GENE_CHUNK);
  for (let start = 0; start < genes.length; start += chunk) {
    const indices = genes.slice(start, start + chunk);
    visit(await source.readGenes(indices, options.layer), indices);
  }
}

/** A dense cells × genes matrix in memory as a GeneMatrixSource (small data, tests). */
export function denseMatrixSource(values: ArrayLike<number>, cells: number, genes: number, geneNames?: string[]): GeneMatrixSource {
  if (values.length !== cells * genes) throw new RangeError(`${values.length} values for ${cells} cells × ${genes} genes`);
  return {
    cellNames: Array.from({ length: cells }, (_, i) => `cell${i + 1}`),
    geneNames: geneNames ?? Array.from({ length: genes }, (_, i) => `gene${i + 1}`),
    async readGenes(indices: number[]): Promise<Float32Array> {
      const out = new Float32Array(cells * indices.length);
      for (let c = 0; c < cells; c++) for (let k = 0; k < indices.length; k++) out[c * indices.length + k] = values[c * genes + indices[k]];
      return out;
    },
  };
}
