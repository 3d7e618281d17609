/**
 * Adds provenance and the physical resolution to a PNG: one tEXt chunk per provenance entry (iTXt, UTF-8, when a
 * value is not Latin-1, as the PNG spec requires) and a pHYs chunk so the file says its dpi — journals check it.
 * Chunks go right after IHDR (PNG 1.2 §5.6 allows tEXt/iTXt anywhere, pHYs before IDAT).
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 as PNG uses it (ISO 3309), over chunk type and data. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function latin1(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return null;
    out[i] = code;
  }
  return out;
}

/** A tEXt chunk, or iTXt when the value needs UTF-8. Keywords are 1–79 Latin-1 characters (PNG spec). */
export function textChunk(keyword: string, value: string): Uint8Array {
  const key = latin1(keyword.slice(0, 79).replace(/[^\x20-\x7e]/g, '_'))!;
  const text = latin1(value);
  if (text) {
    const data = new Uint8Array(key.length + 1 + text.length);
    data.set(key, 0);
    data.set(text, key.length + 1);
    return chunk('tEXt', data);
  }
  const utf8 = new TextEncoder().encode(value);
  // iTXt: keyword, 0, compression flag 0, method 0, empty language tag 0, empty translated keyword 0, text.
  const data = new Uint8Array(key.length + 5 + utf8.length);
  data.set(key, 0);
  data.set(utf8, key.length + 5);
  return chunk('iTXt', data);
}

export function physChunk(dpi: number): Uint8Array {
  const data = new Uint8Array(9);
  const view = new DataView(data.buffer);
  const perMetre = Math.round(dpi / 0.0254);
  view.setUint32(0, perMetre);
  view.setUint32(4, perMetre);
  data[8] = 1; // unit: metre
  return chunk('pHYs', data);
}

/** Returns a new PNG with pHYs and the text entries inserted after IHDR; any pHYs already there is dropped. */
export function addPngMetadata(png: Uint8Array, entries: Array<[string, string]>, dpi: number): Uint8Array {
  const signature = [137, 80, 78, 71, 13, 10, 26, 10];
  if (png.length < 33 || signature.some((byte, i) => png[i] !== byte))
    throw new Error('the PNG renderer produced no valid PNG (bad signature).');
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [png.subarray(0, 8)];
  let offset = 8;
  while (offset < png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const end = offset + 12 + length;
    if (type !== 'pHYs') parts.push(png.subarray(offset, end));
    if (type === 'IHDR') {
      parts.push(physChunk(dpi));
      for (const [key, value] of entries) parts.push(textChunk(key, value));
    }
    offset = end;
  }
  const total = parts.reduce((sum, part) => sum + part.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
