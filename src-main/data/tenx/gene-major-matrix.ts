/**
 * An in-memory sparse matrix stored gene by gene (built from a MatrixMarket file): each gene's cells and values.
 * Text formats must be parsed whole anyway; keeping only the non-zeros keeps memory proportional to them.
 */
import { allocateGeneBlock, copyDuplicateColumns, geneSlots, sampleWindows, type MatrixSource } from '../matrix-source.ts';

export class GeneMajorMatrix implements MatrixSource {
  readonly storedEntries: number;

  constructor(
    readonly file: string,
    readonly label: string,
    readonly cells: number,
    readonly genes: number,
    /** geneStart[g]..geneStart[g+1] index cellOf/valueOf. */
    private readonly geneStart: Float64Array,
    private readonly cellOf: Int32Array,
    private readonly valueOf: Float32Array,
  ) {
    this.storedEntries = valueOf.length;
  }

  /** Builds the gene-major layout from coordinate triplets by counting sort. */
  static fromTriplets(
    file: string,
    label: string,
    cells: number,
    genes: number,
    geneOf: Int32Array,
    cellOf: Int32Array,
    values: Float32Array,
  ): GeneMajorMatrix {
    const n = values.length;
    const start = new Float64Array(genes + 1);
    for (let i = 0; i < n; i++) start[geneOf[i] + 1]++;
    for (let g = 0; g < genes; g++) start[g + 1] += start[g];
    const fill = start.slice(0, genes);
    const sortedCells = new Int32Array(n);
    const sortedValues = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const at = fill[geneOf[i]]++;
      sortedCells[at] = cellOf[i];
      sortedValues[at] = values[i];
    }
    return new GeneMajorMatrix(file, label, cells, genes, start, sortedCells, sortedValues);
  }

  readGenes(geneIndices: number[]): Float32Array {
    const block = allocateGeneBlock(this.file, this, geneIndices);
    const width = geneIndices.length;
    const { slotOfGene, duplicates } = geneSlots(this.genes, geneIndices);
    for (let g = 0; g < this.genes; g++) {
      const slot = slotOfGene[g];
      if (slot < 0) continue;
      // Repeated coordinates are summed, as scipy's mmread + toarray does.
      for (let p = this.geneStart[g]; p < this.geneStart[g + 1]; p++) block[this.cellOf[p] * width + slot] += this.valueOf[p];
    }
    copyDuplicateColumns(block, this.cells, width, duplicates);
    return block;
  }

  sampleValues(maxValues: number): Float32Array {
    const parts = sampleWindows(this.valueOf.length, maxValues).map(([s, e]) => this.valueOf.subarray(s, e));
    const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}
