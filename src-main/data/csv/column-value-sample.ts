/**
 * The value-kind sample of a text table: one fixed-size reservoir per column (Li's algorithm L, which draws random
 * numbers only at the values it keeps, so a long column costs a counter per value), fed value by value in
 * file order. A streaming pass can keep it without holding the table, and which columns are genes may be decided
 * after the last row (a column with mostly text becomes cell metadata), so every column keeps its own reservoir and
 * the gene columns' reservoirs are joined at the end. Seeded, so the full reader and the streaming summary, feeding
 * the same values in the same order, draw the same sample and state the same reason.
 */
import { SeededRandom } from '../../engine/model/random.ts';

/** About this many values go to the value-kind detector in all. */
export const VALUE_SAMPLE_SIZE = 20_000;
const SAMPLE_SEED = 20_221_128;

export class ColumnValueSample {
  private readonly perColumn: number;
  private readonly reservoirs: Float32Array[];
  private readonly seen: Float64Array;
  /** Per column: the index of the next value to keep once its reservoir is full, and algorithm L's weight W. */
  private readonly nextKept: Float64Array;
  private readonly weight: Float64Array;
  private readonly random = new SeededRandom(SAMPLE_SEED);

  constructor(readonly columns: number) {
    this.perColumn = Math.max(1, Math.ceil(VALUE_SAMPLE_SIZE / Math.max(1, columns)));
    this.reservoirs = Array.from({ length: columns }, () => new Float32Array(0));
    this.seen = new Float64Array(columns);
    this.nextKept = new Float64Array(columns);
    this.weight = new Float64Array(columns);
  }

  /** A uniform number in (0, 1): logarithms below need it non-zero. */
  private openUniform(): number {
    return (this.random.nextUint32() + 0.5) / 4294967296;
  }

  private scheduleNext(column: number, after: number): void {
    this.nextKept[column] = after + Math.floor(Math.log(this.openUniform()) / Math.log1p(-this.weight[column])) + 1;
  }

  /** Offers one value of a column (rows in file order). */
  add(column: number, value: number): void {
    const n = this.seen[column]++;
    let reservoir = this.reservoirs[column];
    if (n < this.perColumn) {
      // Grown on demand, so a short table does not allocate perColumn slots per column.
      if (n >= reservoir.length) {
        const grown = new Float32Array(Math.min(this.perColumn, Math.max(16, reservoir.length * 2)));
        grown.set(reservoir);
        reservoir = grown;
        this.reservoirs[column] = grown;
      }
      reservoir[n] = value;
      if (n === this.perColumn - 1) {
        this.weight[column] = Math.exp(Math.log(this.openUniform()) / this.perColumn);
        this.scheduleNext(column, n);
      }
      return;
    }
    if (n !== this.nextKept[column]) return;
    reservoir[Math.floor(this.openUniform() * this.perColumn)] = value;
    this.weight[column] *= Math.exp(Math.log(this.openUniform()) / this.perColumn);
    this.scheduleNext(column, n);
  }

  /** The kept values of the given columns, one after another. */
  valuesOf(columns: number[]): Float32Array {
    const kept = columns.map((j) => this.reservoirs[j].subarray(0, Math.min(this.seen[j], this.perColumn)));
    const out = new Float32Array(kept.reduce((n, part) => n + part.length, 0));
    let offset = 0;
    for (const part of kept) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}
