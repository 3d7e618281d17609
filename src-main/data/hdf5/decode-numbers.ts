/**
 * Turns the little-endian bytes HDF5 read for a numeric dataset into a typed array the readers use.
 *
 * h5wasm's own conversion rejects float16 (scanpy writes it to save space) and turns 64-bit integers into BigInts
 * that `Number()` silently rounds above 2^53 (an unsigned 2^63 + 5 would become 9223372036854775808). Here float16
 * widens to float32 exactly, and a 64-bit value that float64 cannot hold exactly is reported, never rounded.
 */

export type DecodedNumbers = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array;

/** What decodeNumbers needs to know about the stored type: HDF5 class (0 integer, 1 float, 8 enum), bytes, signedness. */
export interface NumericLayout {
  kind: 'integer' | 'float' | 'enum';
  size: number;
  signed: boolean;
}

/** A 64-bit value float64 cannot represent exactly: where it is and what it is (as a decimal string). */
export class InexactIntegerError extends Error {
  override readonly name = 'InexactIntegerError';
  constructor(
    readonly position: number,
    readonly value: string,
  ) {
    super(`value ${value} at position ${position} is beyond 2^53 and cannot be held exactly`);
  }
}

/** Bytes per element of a layout decodeNumbers cannot handle (e.g. 128-bit floats) throw a plain Error. */
export function decodeNumbers(bytes: Uint8Array, layout: NumericLayout): DecodedNumbers {
  const { size } = layout;
  const count = Math.floor(bytes.byteLength / size);
  // A fresh, aligned copy: the typed-array views below need their byte offset to be a multiple of the element size.
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + count * size);
  if (layout.kind === 'float') {
    if (size === 4) return new Float32Array(buffer);
    if (size === 8) return new Float64Array(buffer);
    if (size === 2) return float16ToFloat32(new Uint16Array(buffer));
    throw new Error(`${size * 8}-bit floating-point values are not supported`);
  }
  const signed = layout.kind === 'enum' ? true : layout.signed;
  if (size === 1) return signed ? new Int8Array(buffer) : new Uint8Array(buffer);
  if (size === 2) return signed ? new Int16Array(buffer) : new Uint16Array(buffer);
  if (size === 4) return signed ? new Int32Array(buffer) : new Uint32Array(buffer);
  if (size === 8) return int64ToFloat64(signed ? new BigInt64Array(buffer) : new BigUint64Array(buffer));
  throw new Error(`${size * 8}-bit integers are not supported`);
}

const EXACT_LIMIT = 2n ** 53n;

function int64ToFloat64(values: BigInt64Array | BigUint64Array): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v > EXACT_LIMIT || v < -EXACT_LIMIT) throw new InexactIntegerError(i, v.toString());
    out[i] = Number(v);
  }
  return out;
}

/** IEEE 754 binary16 → binary32, exact for every value (subnormals, infinities and NaN included). */
export function float16ToFloat32(halves: Uint16Array): Float32Array {
  const out = new Float32Array(halves.length);
  for (let i = 0; i < halves.length; i++) {
    const h = halves[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const fraction = h & 0x3ff;
    if (exponent === 0) out[i] = sign * fraction * 2 ** -24;
    else if (exponent === 0x1f) out[i] = fraction === 0 ? sign * Infinity : NaN;
    else out[i] = sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
  }
  return out;
}
