/**
 * A compressed sparse matrix stored in HDF5 as data/indices/indptr (anndata CSR/CSC, 10x .h5).
 * "Cell-major" storage (CSR of cells × genes, or 10x's CSC of genes × cells) is read by walking indptr in chunks of
 * cells and picking the wanted genes; "gene-major" storage (CSC of cells × genes) reads just those genes' slices.
 * Either way the dense matrix is never built and memory stays bounded by the chunk size plus the output block.
 */
import { formatCount } from '../reader-error.ts';
import { allocateGeneBlock, copyDuplicateColumns, geneSlots, sampleWindows, type MatrixSource } from '../matrix-source.ts';
import type { H5File, NumericArray } from './h5-file.ts';

/** Stored entries read per chunk of the cell-major walk: 4 M entries ≈ 32 MB of data + indices. */
const WALK_CHUNK_ENTRIES = 4_000_000;
/** Unwanted entries worth reading to join two gene slices into one HDF5 call (about 0.5 MB). */
const MERGE_GAP_ENTRIES = 65_536;

export interface CompressedMatrixLayout {
  /** HDF5 group holding data, indices and indptr (e.g. "X", "matrix", "layers/counts"). */
  group: string;
  /** 'cells': indptr has one entry per cell + 1, indices are genes; 'genes': the reverse. */
  major: 'cells' | 'genes';
  cells: number;
  genes: number;
}

export class H5CompressedMatrix implements MatrixSource {
  readonly cells: number;
  readonly genes: number;
  readonly storedEntries: number;
  readonly label: string;
  private readonly indptr: Float64Array;

  constructor(
    private readonly file: H5File,
    private readonly layout: CompressedMatrixLayout,
  ) {
    this.cells = layout.cells;
    this.genes = layout.genes;
    this.label = `/${layout.group}`;
    const majorCount = layout.major === 'cells' ? layout.cells : layout.genes;
    const minorCount = layout.major === 'cells' ? layout.genes : layout.cells;
    const dataInfo = file.info(`${layout.group}/data`, 'the stored matrix values');
    const indicesInfo = file.info(`${layout.group}/indices`, 'the column index of each stored value');
    if (dataInfo.shape.length !== 1)
      throw file.corrupt(`/${layout.group}/data`, `should be 1-dimensional but has shape [${dataInfo.shape.join(', ')}]`);
    if (dataInfo.kind !== 'float' && dataInfo.kind !== 'integer' && dataInfo.kind !== 'boolean')
      throw file.corrupt(`/${layout.group}/data`, `should hold numbers but holds ${dataInfo.kind} values`);
    // A 2-D indices or indptr (written by a broken exporter) would be walked as if flattened and scramble the matrix.
    if (indicesInfo.shape.length !== 1)
      throw file.corrupt(`/${layout.group}/indices`, `should be 1-dimensional but has shape [${indicesInfo.shape.join(', ')}]`);
    const indptrShape = file.info(`${layout.group}/indptr`, 'where each row starts').shape;
    if (indptrShape.length !== 1)
      throw file.corrupt(`/${layout.group}/indptr`, `should be 1-dimensional but has shape [${indptrShape.join(', ')}]`);
    if (indicesInfo.kind !== 'integer')
      throw file.corrupt(`/${layout.group}/indices`, `should hold integers but holds ${indicesInfo.kind} values`);
    const nnz = dataInfo.shape[0];
    const indicesLength = indicesInfo.shape[0] ?? 1;
    if (indicesLength !== nnz) {
      throw file.corrupt(
        `/${layout.group}/indices`,
        `has ${formatCount(indicesLength)} entries but /${layout.group}/data has ${formatCount(nnz)}; they must match`,
      );
    }
    const indptrLength = file.length(`${layout.group}/indptr`, 'where each row starts');
    if (indptrLength !== majorCount + 1) {
      throw file.corrupt(
        `/${layout.group}/indptr`,
        `has ${formatCount(indptrLength)} entries but the matrix has ${formatCount(majorCount)} ${layout.major}, so it needs ${formatCount(majorCount + 1)}`,
      );
    }
    const raw = file.readNumbers(`${layout.group}/indptr`, 'where each row starts');
    const indptr = raw instanceof Float64Array ? raw : Float64Array.from(raw);
    if (indptr[0] !== 0) throw file.corrupt(`/${layout.group}/indptr`, `starts at ${indptr[0]} instead of 0`);
    for (let i = 1; i < indptr.length; i++) {
      if (!(indptr[i] >= indptr[i - 1])) {
        throw file.corrupt(`/${layout.group}/indptr`, `is not monotone at position ${i} (${indptr[i - 1]} then ${indptr[i]})`);
      }
    }
    const last = indptr[indptr.length - 1];
    if (last !== nnz) {
      throw file.corrupt(
        `/${layout.group}/indptr`,
        `ends at ${formatCount(last)} but /${layout.group}/data holds ${formatCount(nnz)} values; they must be equal`,
      );
    }
    if (nnz > majorCount * minorCount) {
      throw file.corrupt(
        `/${layout.group}/data`,
        `holds ${formatCount(nnz)} values, more than the ${formatCount(majorCount)} × ${formatCount(minorCount)} matrix can have`,
      );
    }
    this.indptr = indptr;
    this.storedEntries = nnz;
  }

  readGenes(geneIndices: number[]): Float32Array {
    const block = allocateGeneBlock(this.file.path, this, geneIndices);
    const { slotOfGene, duplicates } = geneSlots(this.genes, geneIndices);
    if (this.layout.major === 'cells') this.walkCells(block, geneIndices.length, slotOfGene);
    else this.sliceGenes(block, geneIndices.length, slotOfGene);
    copyDuplicateColumns(block, this.cells, geneIndices.length, duplicates);
    return block;
  }

  sampleValues(maxValues: number): Float32Array | Float64Array {
    const parts: NumericArray[] = [];
    for (const [start, end] of sampleWindows(this.storedEntries, maxValues)) {
      parts.push(this.file.readNumbers(`${this.layout.group}/data`, 'the stored matrix values', [start, end]));
    }
    const total = parts.reduce((n, p) => n + p.length, 0);
    const out = new Float64Array(total);
    let offset = 0;
    for (const part of parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  /** Cell-major: walk cells in chunks of about WALK_CHUNK_ENTRIES stored values, keep the wanted genes. */
  private walkCells(block: Float32Array, width: number, slotOfGene: Int32Array): void {
    const { group } = this.layout;
    const indptr = this.indptr;
    let cell = 0;
    while (cell < this.cells) {
      const chunkStart = indptr[cell];
      let chunkEndCell = cell + 1;
      while (chunkEndCell < this.cells && indptr[chunkEndCell + 1] - chunkStart <= WALK_CHUNK_ENTRIES) chunkEndCell++;
      const chunkEnd = indptr[chunkEndCell];
      if (chunkEnd > chunkStart) {
        const indices = this.file.readNumbers(`${group}/indices`, 'the gene index of each stored value', [chunkStart, chunkEnd]);
        const data = this.file.readNumbers(`${group}/data`, 'the stored matrix values', [chunkStart, chunkEnd]);
        for (let c = cell; c < chunkEndCell; c++) {
          const rowOffset = c * width;
          for (let p = indptr[c] - chunkStart, end = indptr[c + 1] - chunkStart; p < end; p++) {
            const g = indices[p];
            if (!(g >= 0 && g < this.genes)) this.badIndex(chunkStart + p, g, this.genes, 'gene');
            const slot = slotOfGene[g];
            // Duplicate entries in one row are summed, as scipy does when densifying.
            if (slot >= 0) block[rowOffset + slot] += data[p];
          }
        }
      }
      cell = chunkEndCell;
    }
  }

  /**
   * Gene-major: read the wanted genes' slices of indices and data. Neighbouring genes are read in one call (taking
   * the unwanted entries in between when the gap is small), since each HDF5 read has a fixed cost.
   */
  private sliceGenes(block: Float32Array, width: number, slotOfGene: Int32Array): void {
    const { group } = this.layout;
    const indptr = this.indptr;
    const wanted: number[] = [];
    for (let g = 0; g < this.genes; g++) if (slotOfGene[g] >= 0 && indptr[g + 1] > indptr[g]) wanted.push(g);
    let i = 0;
    while (i < wanted.length) {
      let j = i;
      while (
        j + 1 < wanted.length &&
        indptr[wanted[j + 1]] - indptr[wanted[j] + 1] <= MERGE_GAP_ENTRIES &&
        indptr[wanted[j + 1] + 1] - indptr[wanted[i]] <= WALK_CHUNK_ENTRIES
      )
        j++;
      const start = indptr[wanted[i]];
      const end = indptr[wanted[j] + 1];
      const indices = this.file.readNumbers(`${group}/indices`, 'the cell index of each stored value', [start, end]);
      const data = this.file.readNumbers(`${group}/data`, 'the stored matrix values', [start, end]);
      for (let k = i; k <= j; k++) {
        const g = wanted[k];
        const slot = slotOfGene[g];
        for (let p = indptr[g] - start, stop = indptr[g + 1] - start; p < stop; p++) {
          const c = indices[p];
          if (!(c >= 0 && c < this.cells)) this.badIndex(start + p, c, this.cells, 'cell');
          block[c * width + slot] += data[p];
        }
      }
      i = j + 1;
    }
  }

  private badIndex(position: number, value: number, limit: number, what: string): never {
    throw this.file.corrupt(
      `/${this.layout.group}/indices`,
      `holds ${value} at position ${formatCount(position)}, outside the ${formatCount(limit)} ${what}s (valid: 0 to ${formatCount(limit - 1)})`,
    );
  }
}
