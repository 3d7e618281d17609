/**
 * Per-cell and per-gene quality-control metrics, as scanpy's calculate_qc_metrics / filter_cells / filter_genes
 * count them: total counts, number of genes detected (value > 0), share of counts in mitochondrial genes.
 */
import { forEachGeneChunk, type GeneMatrixSource } from './gene-chunks.ts';

/** Human "MT-" and mouse "mt-" mitochondrial gene symbols. */
export const MITOCHONDRIAL_PATTERN = /^mt-/i;

export interface CellQcMetrics {
  totalCounts: Float64Array;
  genesDetected: Int32Array;
  /** Percent (0–100) of a cell's counts in mitochondrial genes; 0 for a cell with no counts. */
  percentMito: Float64Array;
  mitochondrialGenes: number;
}

export interface GeneQcMetrics {
  totalCounts: Float64Array;
  cellsDetected: Int32Array;
}

export async function cellQcMetrics(source: GeneMatrixSource, mitochondrial: RegExp = MITOCHONDRIAL_PATTERN): Promise<CellQcMetrics> {
  const cells = source.cellNames.length;
  const totalCounts = new Float64Array(cells);
  const mitoCounts = new Float64Array(cells);
  const genesDetected = new Int32Array(cells);
  const isMito = source.geneNames.map((g) => mitochondrial.test(g));
  await forEachGeneChunk(source, (block, indices) => {
    const width = indices.length;
    for (let c = 0; c < cells; c++) {
      for (let k = 0; k < width; k++) {
        const v = block[c * width + k];
        if (v === 0) continue;
        totalCounts[c] += v;
        if (v > 0) genesDetected[c]++;
        if (isMito[indices[k]]) mitoCounts[c] += v;
      }
    }
  });
  const percentMito = new Float64Array(cells);
  for (let c = 0; c < cells; c++) percentMito[c] = totalCounts[c] > 0 ? (100 * mitoCounts[c]) / totalCounts[c] : 0;
  return { totalCounts, genesDetected, percentMito, mitochondrialGenes: isMito.filter(Boolean).length };
}

/** Gene metrics over the cells whose mask entry is 1 (all cells without a mask). */
export async function geneQcMetrics(source: GeneMatrixSource, cellMask?: Uint8Array): Promise<GeneQcMetrics> {
  const cells = source.cellNames.length;
  const genes = source.geneNames.length;
  const totalCounts = new Float64Array(genes);
  const cellsDetected = new Int32Array(genes);
  await forEachGeneChunk(source, (block, indices) => {
    const width = indices.length;
    for (let c = 0; c < cells; c++) {
      if (cellMask && !cellMask[c]) continue;
      for (let k = 0; k < width; k++) {
        const v = block[c * width + k];
        if (v === 0) continue;
        totalCounts[indices[k]] += v;
        if (v > 0) cellsDetected[indices[k]]++;
      }
    }
  });
  return { totalCounts, cellsDetected };
}
