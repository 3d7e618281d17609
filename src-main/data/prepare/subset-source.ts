/** A view of a matrix source restricted to the cells and genes QC kept, without copying the matrix. */
import type { GeneMatrixSource } from './gene-chunks.ts';

export function subsetSource(source: GeneMatrixSource, keepCells: Uint8Array | null, keepGenes: Uint8Array | null): GeneMatrixSource {
  const cellIndex: number[] = [];
  source.cellNames.forEach((_, c) => {
    if (!keepCells || keepCells[c]) cellIndex.push(c);
  });
  const geneIndex: number[] = [];
  source.geneNames.forEach((_, g) => {
    if (!keepGenes || keepGenes[g]) geneIndex.push(g);
  });
  const allCells = cellIndex.length === source.cellNames.length;
  return {
    cellNames: cellIndex.map((c) => source.cellNames[c]),
    geneNames: geneIndex.map((g) => source.geneNames[g]),
    async readGenes(indices: number[], layer?: string): Promise<Float32Array> {
      const block = await source.readGenes(
        indices.map((g) => geneIndex[g]),
        layer,
      );
      if (allCells) return block;
      const width = indices.length;
      const out = new Float32Array(cellIndex.length * width);
      cellIndex.forEach((c, row) => out.set(block.subarray(c * width, (c + 1) * width), row * width));
      return out;
    },
  };
}
