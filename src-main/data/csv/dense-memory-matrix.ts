/** A dense cells × genes float32 matrix held in memory (parsed from a text table). */
import { allocateGeneBlock, sampleWindows, type MatrixSource } from '../matrix-source.ts';

export class DenseMemoryMatrix implements MatrixSource {
  readonly storedEntries = null;

  constructor(
    readonly file: string,
    readonly label: string,
    readonly cells: number,
    readonly genes: number,
    private readonly values: Float32Array,
  ) {}

  readGenes(geneIndices: number[]): Float32Array {
    const block = allocateGeneBlock(this.file, this, geneIndices);
    const width = geneIndices.length;
    for (let c = 0; c < this.cells; c++) {
      const row = c * this.genes;
      for (let k = 0; k < width; k++) block[c * width + k] = this.values[row + geneIndices[k]];
    }
    return block;
  }

  sampleValues(maxValues: number): Float32Array {
    const windows = sampleWindows(this.values.length, maxValues);
    const out = new Float32Array(windows.reduce((n, [s, e]) => n + e - s, 0));
    let offset = 0;
    for (const [s, e] of windows) {
      out.set(this.values.subarray(s, e), offset);
      offset += e - s;
    }
    return out;
  }

  /** Exact share of zeros: the values are in memory already. */
  zeroShare(): number {
    let zeros = 0;
    for (let i = 0; i < this.values.length; i++) if (this.values[i] === 0) zeros++;
    return this.values.length === 0 ? 0 : zeros / this.values.length;
  }
}
