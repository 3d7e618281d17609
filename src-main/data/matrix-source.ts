/**
 * The part of a reader that knows where the expression values are: cells × genes, read gene by gene.
 * Every implementation returns a dense cells × k float32 block (row-major) for k requested genes and never builds
 * the full matrix of a sparse file.
 */
import { DataFileError, formatCount } from './reader-error.ts';
import { dataMemoryBudgetBytes, formatBytes } from './read-limits.ts';

export interface MatrixSource {
  readonly cells: number;
  readonly genes: number;
  /** Stored entries (non-zeros of a sparse matrix), or null when the storage is dense and unscanned. */
  readonly storedEntries: number | null;
  /** Where the values are, for messages and the value-kind reason ("/X", "/layers/counts", "matrix.mtx.gz"). */
  readonly label: string;
  /** Dense cells × geneIndices.length block, row-major. Indices must be valid (see checkGeneIndices). */
  readGenes(geneIndices: number[]): Float32Array;
  /** A spread-out sample of stored values, to detect counts / normalised / log data without reading everything. */
  sampleValues(maxValues: number): Float32Array | Float64Array;
}

/** Largest block readGenes will allocate (cells × genes × 4 bytes): above this the caller must ask for fewer genes. */
export const MAX_BLOCK_BYTES = 4 * 1024 ** 3;

/** Checks the requested gene indices and allocates the output block, with messages naming the file. */
export function allocateGeneBlock(file: string, source: MatrixSource, geneIndices: number[]): Float32Array {
  for (let i = 0; i < geneIndices.length; i++) {
    const g = geneIndices[i];
    if (!Number.isInteger(g) || g < 0 || g >= source.genes) {
      throw new DataFileError(
        file,
        source.label,
        `has ${formatCount(source.genes)} genes, but gene number ${g} was requested (position ${i} of the gene list): choose genes from the file's gene list`,
      );
    }
  }
  const bytes = source.cells * geneIndices.length * 4;
  const budget = dataMemoryBudgetBytes();
  if (bytes > budget && bytes <= MAX_BLOCK_BYTES) {
    throw new DataFileError(
      file,
      source.label,
      `would need ${formatBytes(bytes)} to read ${formatCount(geneIndices.length)} genes for ${formatCount(source.cells)} cells, more than the ${formatBytes(budget)} of memory available now: close other programs or select fewer genes`,
    );
  }
  if (bytes > MAX_BLOCK_BYTES) {
    throw new DataFileError(
      file,
      source.label,
      `would need ${(bytes / 1024 ** 3).toFixed(1)} GB to read ${formatCount(geneIndices.length)} genes for ${formatCount(source.cells)} cells: select fewer genes (for example the top 2,000 variable genes)`,
    );
  }
  return new Float32Array(source.cells * geneIndices.length);
}

/**
 * Maps gene index → first output column, plus a list of [from, to] column copies for genes requested twice,
 * so sparse walks touch each stored entry once.
 */
export function geneSlots(genes: number, geneIndices: number[]): { slotOfGene: Int32Array; duplicates: Array<[number, number]> } {
  const slotOfGene = new Int32Array(genes).fill(-1);
  const duplicates: Array<[number, number]> = [];
  geneIndices.forEach((g, column) => {
    if (slotOfGene[g] < 0) slotOfGene[g] = column;
    else duplicates.push([slotOfGene[g], column]);
  });
  return { slotOfGene, duplicates };
}

/** Fills duplicated output columns from their first occurrence. */
export function copyDuplicateColumns(block: Float32Array, cells: number, width: number, duplicates: Array<[number, number]>): void {
  for (const [from, to] of duplicates) {
    for (let c = 0; c < cells; c++) block[c * width + to] = block[c * width + from];
  }
}

/** Evenly spaced [start, end) windows over n entries, together at most maxValues long: a cheap, spread-out sample. */
export function sampleWindows(n: number, maxValues: number, windows = 8): Array<[number, number]> {
  if (n <= maxValues) return n > 0 ? [[0, n]] : [];
  const width = Math.floor(maxValues / windows);
  const out: Array<[number, number]> = [];
  for (let w = 0; w < windows; w++) {
    const start = Math.floor((w * (n - width)) / (windows - 1));
    out.push([start, start + width]);
  }
  return out;
}

/**
 * Rejects NaN and infinite values in a block just read, naming the cell and gene: training cannot use them and they
 * usually mean a broken export rather than a biological value.
 */
export function rejectNonFinite(
  file: string,
  label: string,
  block: Float32Array,
  width: number,
  cellNames: string[],
  geneNames: string[],
  geneIndices: number[],
): void {
  for (let i = 0; i < block.length; i++) {
    const v = block[i];
    if (v - v !== 0) {
      const cell = Math.floor(i / width);
      const gene = geneIndices[i % width];
      throw new DataFileError(
        file,
        label,
        `holds ${Number.isNaN(v) ? 'NaN' : 'an infinite value'} for cell "${cellNames[cell] ?? cell}" (row ${cell + 1}) and gene "${geneNames[gene] ?? gene}" (column ${gene + 1}): replace missing values with 0 or remove the cell/gene, then save the file again`,
      );
    }
  }
}
