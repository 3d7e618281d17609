/** Append-only typed arrays that double their capacity, so rows of unknown count stream in without a JS array. */

export class GrowableFloat32 {
  private buffer: Float32Array;
  length = 0;

  constructor(initialCapacity = 1 << 16) {
    this.buffer = new Float32Array(Math.max(1, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const next = new Float32Array(this.buffer.length * 2);
      next.set(this.buffer);
      this.buffer = next;
    }
    this.buffer[this.length++] = value;
  }

  /** A right-sized copy of the values pushed so far. */
  toArray(): Float32Array {
    return this.buffer.slice(0, this.length);
  }
}

export class GrowableFloat64 {
  private buffer: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.buffer = new Float64Array(Math.max(1, initialCapacity));
  }

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const next = new Float64Array(this.buffer.length * 2);
      next.set(this.buffer);
      this.buffer = next;
    }
    this.buffer[this.length++] = value;
  }

  toArray(): Float64Array {
    return this.buffer.slice(0, this.length);
  }
}
