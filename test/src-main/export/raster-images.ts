/**
 * Reading raster images back in tests, independently of the code that wrote them: a small PNG decoder (8-bit
 * RGB/RGBA, non-interlaced, the five PNG filters) with its chunks, a PPM reader for pdftoppm's output, and a
 * pixel comparison with a stated tolerance.
 */
import { inflateSync } from 'node:zlib';

export interface RgbaImage {
  width: number;
  height: number;
  pixels: Uint8Array;
}

export interface PngFile extends RgbaImage {
  chunks: Array<{ type: string; data: Uint8Array }>;
  /** tEXt and iTXt entries, keyword → text. */
  text: Map<string, string>;
}

export function decodePng(bytes: Uint8Array): PngFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const chunks: PngFile['chunks'] = [];
  let offset = 8;
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    chunks.push({
      type: String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)),
      data: bytes.subarray(offset + 8, offset + 8 + length),
    });
    offset += 12 + length;
  }
  const ihdr = chunks.find((c) => c.type === 'IHDR')!.data;
  const header = new DataView(ihdr.buffer, ihdr.byteOffset, ihdr.byteLength);
  const width = header.getUint32(0);
  const height = header.getUint32(4);
  const [depth, colourType, , , interlace] = [ihdr[8], ihdr[9], ihdr[10], ihdr[11], ihdr[12]];
  if (depth !== 8 || interlace !== 0 || (colourType !== 6 && colourType !== 2))
    throw new Error(`test PNG decoder: unsupported PNG (depth ${depth}, colour ${colourType}, interlace ${interlace})`);
  const channels = colourType === 6 ? 4 : 3;
  const raw = inflateSync(Buffer.concat(chunks.filter((c) => c.type === 'IDAT').map((c) => c.data)));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  let previous = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const current = new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? current[x - channels] : 0;
      const b = previous[x];
      const c = x >= channels ? previous[x - channels] : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a),
          pb = Math.abs(p - b),
          pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      current[x] = (line[x] + predictor) & 0xff;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 4; k++) out[(y * width + x) * 4 + k] = k < channels ? current[x * channels + k] : 255;
    }
    previous = current;
  }
  const text = new Map<string, string>();
  for (const c of chunks) {
    if (c.type === 'tEXt') {
      const zero = c.data.indexOf(0);
      text.set(Buffer.from(c.data.subarray(0, zero)).toString('latin1'), Buffer.from(c.data.subarray(zero + 1)).toString('latin1'));
    } else if (c.type === 'iTXt') {
      const zero = c.data.indexOf(0);
      let at = zero + 3;
      at = c.data.indexOf(0, at) + 1; // language tag
      at = c.data.indexOf(0, at) + 1; // translated keyword
      text.set(Buffer.from(c.data.subarray(0, zero)).toString('latin1'), Buffer.from(c.data.subarray(at)).toString('utf8'));
    }
  }
  return { width, height, pixels: out, chunks, text };
}

/** Binary PPM (P6) as pdftoppm writes it, to RGBA. */
export function decodePpm(bytes: Uint8Array): RgbaImage {
  const header = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
  const match = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(header);
  if (!match) throw new Error('not a binary PPM');
  const width = Number(match[1]);
  const height = Number(match[2]);
  const body = bytes.subarray(match[0].length);
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    pixels.set(body.subarray(i * 3, i * 3 + 3), i * 4);
    pixels[i * 4 + 3] = 255;
  }
  return { width, height, pixels };
}

/** Composites RGBA over white (how a viewer shows a transparent PNG on a page). */
export function overWhite(image: RgbaImage): RgbaImage {
  const pixels = new Uint8Array(image.pixels.length);
  for (let i = 0; i < pixels.length; i += 4) {
    const alpha = image.pixels[i + 3] / 255;
    for (let k = 0; k < 3; k++) pixels[i + k] = Math.round(image.pixels[i + k] * alpha + 255 * (1 - alpha));
    pixels[i + 3] = 255;
  }
  return { width: image.width, height: image.height, pixels };
}

export interface ImageDifference {
  /** Share of pixels whose largest channel difference exceeds `channelTolerance`. */
  differingShare: number;
  /** Mean absolute channel difference over all pixels (0–255). */
  meanAbsolute: number;
}

export function compareImages(a: RgbaImage, b: RgbaImage, channelTolerance: number): ImageDifference {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`image sizes differ: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  let differing = 0;
  let sum = 0;
  for (let i = 0; i < a.pixels.length; i += 4) {
    let worst = 0;
    for (let k = 0; k < 4; k++) {
      const d = Math.abs(a.pixels[i + k] - b.pixels[i + k]);
      sum += d;
      if (d > worst) worst = d;
    }
    if (worst > channelTolerance) differing++;
  }
  return { differingShare: differing / (a.width * a.height), meanAbsolute: sum / a.pixels.length };
}

/** Share of pixels that are not (near) white: tells a drawn figure from a blank page. */
export function inkShare(image: RgbaImage): number {
  let ink = 0;
  for (let i = 0; i < image.pixels.length; i += 4) {
    if (image.pixels[i] < 200 || image.pixels[i + 1] < 200 || image.pixels[i + 2] < 200) ink++;
  }
  return ink / (image.width * image.height);
}
