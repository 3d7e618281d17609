import { describe, expect, it } from 'vitest';
import { decodeNumbers, float16ToFloat32, InexactIntegerError } from '../../../../src-main/data/hdf5/decode-numbers.ts';

const bytesOf = (view: ArrayBufferView) => new Uint8Array(view.buffer, view.byteOffset, view.byteLength);

describe('decodeNumbers', () => {
  it('widens every float16 bit pattern class exactly: zero, subnormal, normal, largest, infinities, NaN', () => {
    const halves = Uint16Array.of(0x0000, 0x8000, 0x0001, 0x03ff, 0x3c00, 0x3555, 0xc000, 0x7bff, 0x7c00, 0xfc00, 0x7e00);
    const out = Array.from(float16ToFloat32(halves));
    expect(out.slice(0, 10)).toEqual([0, -0, 2 ** -24, 1023 * 2 ** -24, 1, 0.333251953125, -2, 65504, Infinity, -Infinity]);
    expect(out[10]).toBeNaN();
    expect(Array.from(decodeNumbers(bytesOf(Uint16Array.of(0x4200)), { kind: 'float', size: 2, signed: true }))).toEqual([3]);
  });

  it('keeps 64-bit integers up to 2^53 exact and reports the first beyond it with its position and exact value', () => {
    const exact = decodeNumbers(bytesOf(BigInt64Array.of(-(2n ** 53n), 0n, 2n ** 53n)), { kind: 'integer', size: 8, signed: true });
    expect(Array.from(exact)).toEqual([-(2 ** 53), 0, 2 ** 53]);
    let error: unknown;
    try {
      decodeNumbers(bytesOf(BigUint64Array.of(1n, 2n, 2n ** 63n + 5n)), { kind: 'integer', size: 8, signed: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InexactIntegerError);
    expect(error).toMatchObject({ position: 2, value: '9223372036854775813' });
  });

  it('reads unsigned and signed integers of every width, and an unaligned input', () => {
    const raw = new Uint8Array(9);
    raw.set(bytesOf(Int32Array.of(-7, 70000)), 1);
    expect(Array.from(decodeNumbers(raw.subarray(1), { kind: 'integer', size: 4, signed: true }))).toEqual([-7, 70000]);
    expect(Array.from(decodeNumbers(Uint8Array.of(255, 1), { kind: 'integer', size: 1, signed: false }))).toEqual([255, 1]);
    expect(Array.from(decodeNumbers(Uint8Array.of(255, 1), { kind: 'enum', size: 1, signed: false }))).toEqual([-1, 1]);
    expect(Array.from(decodeNumbers(bytesOf(Uint16Array.of(65535)), { kind: 'integer', size: 2, signed: false }))).toEqual([65535]);
    expect(() => decodeNumbers(new Uint8Array(16), { kind: 'float', size: 16, signed: true })).toThrow('128-bit');
  });
});
