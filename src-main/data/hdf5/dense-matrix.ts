/**
 * A dense 2-D HDF5 matrix: anndata's dense X (cells × genes) or loom's /matrix (genes × cells).
 * Cells × genes storage is read in blocks of whole rows (bounded size) and the wanted columns picked; genes × cells
 * storage is read one gene row at a time, which is contiguous on disk (or one chunk row when chunked).
 */
import { allocateGeneBlock, copyDuplicateColumns, geneSlots, type MatrixSource } from '../matrix-source.ts';
import type { H5File } from './h5-file.ts';

/** Values read per row block of a cells × genes matrix: 8 M float32 ≈ 32 MB (64 MB as float64). */
const ROW_BLOCK_VALUES = 8_000_000;
/** Unwanted gene rows worth reading to join two wanted ones into one call. */
const MERGE_GAP_ROWS = 64;

export class H5DenseMatrix implements MatrixSource {
  readonly storedEntries = null;
  readonly label: string;

  constructor(
    private readonly file: H5File,
    private readonly datasetPath: string,
    /** 'cells-by-genes' (anndata) or 'genes-by-cells' (loom). */
    private readonly orientation: 'cells-by-genes' | 'genes-by-cells',
    readonly cells: number,
    readonly genes: number,
  ) {
    this.label = `/${datasetPath}`;
    const info = file.info(datasetPath, 'the expression matrix');
    if (info.shape.length !== 2)
      throw file.corrupt(this.label, `should be a 2-dimensional matrix but has shape [${info.shape.join(', ')}]`);
    if (info.kind !== 'float' && info.kind !== 'integer' && info.kind !== 'boolean')
      throw file.corrupt(this.label, `should hold numbers but holds ${info.kind} values`);
  }

  readGenes(geneIndices: number[]): Float32Array {
    const block = allocateGeneBlock(this.file.path, this, geneIndices);
    const width = geneIndices.length;
    const { slotOfGene, duplicates } = geneSlots(this.genes, geneIndices);
    if (this.orientation === 'genes-by-cells') {
      // Runs of nearby gene rows are read in one call: each HDF5 read has a fixed cost, and chunked files
      // (loom: 64 × 64) would otherwise decompress the same chunks once per gene.
      const wanted: number[] = [];
      for (let g = 0; g < this.genes; g++) if (slotOfGene[g] >= 0) wanted.push(g);
      const maxRows = Math.max(1, Math.floor(ROW_BLOCK_VALUES / Math.max(1, this.cells)));
      let i = 0;
      while (i < wanted.length) {
        let j = i;
        while (j + 1 < wanted.length && wanted[j + 1] - wanted[j] <= MERGE_GAP_ROWS && wanted[j + 1] - wanted[i] < maxRows) j++;
        const first = wanted[i];
        const rows = this.file.readNumbers(this.datasetPath, 'the expression matrix', [first, wanted[j] + 1]);
        for (let k = i; k <= j; k++) {
          const slot = slotOfGene[wanted[k]];
          const from = (wanted[k] - first) * this.cells;
          for (let c = 0; c < this.cells; c++) block[c * width + slot] = rows[from + c];
        }
        i = j + 1;
      }
    } else if (width > 0) {
      const wanted = geneIndices.map((g, column) => [g, column] as const).filter(([g, column]) => slotOfGene[g] === column);
      const rowsPerBlock = Math.max(1, Math.floor(ROW_BLOCK_VALUES / Math.max(1, this.genes)));
      for (let start = 0; start < this.cells; start += rowsPerBlock) {
        const end = Math.min(this.cells, start + rowsPerBlock);
        const rows = this.file.readNumbers(this.datasetPath, 'the expression matrix', [start, end]);
        for (let c = start; c < end; c++) {
          const from = (c - start) * this.genes;
          for (const [g, column] of wanted) block[c * width + column] = rows[from + g];
        }
      }
    }
    copyDuplicateColumns(block, this.cells, width, duplicates);
    return block;
  }

  sampleValues(maxValues: number): Float32Array | Float64Array {
    // Whole rows spread over the major dimension: a few cells (anndata) or a few genes (loom).
    const majorCount = this.orientation === 'cells-by-genes' ? this.cells : this.genes;
    const rowLength = this.orientation === 'cells-by-genes' ? this.genes : this.cells;
    if (majorCount === 0 || rowLength === 0) return new Float64Array(0);
    const rows = Math.max(1, Math.min(majorCount, Math.floor(maxValues / rowLength)));
    const out = new Float64Array(rows * rowLength);
    for (let r = 0; r < rows; r++) {
      const index = rows === 1 ? 0 : Math.floor((r * (majorCount - 1)) / (rows - 1));
      out.set(this.file.readNumbers(this.datasetPath, 'the expression matrix', [index, index + 1]).subarray(0, rowLength), r * rowLength);
    }
    return out;
  }
}
