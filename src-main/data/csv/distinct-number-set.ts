/**
 * A small set of numbers for counting a column's distinct values up to a cap (the categorical limit): open
 * addressing over the float64 bit pattern in a byte table. A JS Set<number> costs far more per insert here (boxed
 * keys, repeated rehashing from tiny sizes), and a table is built per column of a 20,000-gene table.
 */
const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

export class DistinctNumberSet {
  /** Slot → index + 1 into `values` (0 = empty). Bytes suffice: the set never holds more than `capacity` numbers. */
  private table: Uint8Array;
  private values: Float64Array;
  private count = 0;
  private hasZero = false;
  private hasNaN = false;

  constructor(private readonly capacity: number) {
    if (capacity > 254) throw new RangeError('DistinctNumberSet holds at most 254 numbers');
    this.table = new Uint8Array(16);
    this.values = new Float64Array(capacity);
  }

  get size(): number {
    return this.count + (this.hasZero ? 1 : 0) + (this.hasNaN ? 1 : 0);
  }

  /** Adds a number; true when it was not there yet. 0 and −0 are one value, as are all NaNs (as in a Set). */
  add(value: number): boolean {
    if (value === 0) {
      if (this.hasZero) return false;
      this.hasZero = true;
      return true;
    }
    if (Number.isNaN(value)) {
      if (this.hasNaN) return false;
      this.hasNaN = true;
      return true;
    }
    const found = this.slotOf(value);
    if (this.table[found] !== 0) return false;
    if (this.count >= this.capacity) throw new RangeError('DistinctNumberSet is full');
    this.values[this.count++] = value;
    this.table[found] = this.count;
    // Keep the table at most half full so probes stay short.
    if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
    return true;
  }

  private slotOf(value: number): number {
    bits[0] = value;
    const mask = this.table.length - 1;
    let slot = (Math.imul(words[0] ^ Math.imul(words[1], 0x85ebca6b), 0x9e3779b1) >>> 16) & mask;
    while (this.table[slot] !== 0 && this.values[this.table[slot] - 1] !== value) slot = (slot + 1) & mask;
    return slot;
  }

  private rehash(size: number): void {
    this.table = new Uint8Array(size);
    for (let i = 0; i < this.count; i++) this.table[this.slotOf(this.values[i])] = i + 1;
  }
}
