/**
 * Draws every cell as a small square straight into the canvas's pixels (one ImageData, one putImageData per
 * frame): 100,000 cells cost a few milliseconds, where one SVG node or one canvas path per cell would not pan smoothly.
 */

/** Data coordinates → canvas pixels: px = x·scale + tx, py = ty − y·scale (y grows upwards, as in scanpy's plots). */
export interface ViewTransform {
  scale: number;
  tx: number;
  ty: number;
}

/** The transform that fits the points' bounding box in a width × height canvas with a margin. */
export function fitTransform(xy: ArrayLike<number>, width: number, height: number, margin = 16): ViewTransform {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i + 1 < xy.length; i += 2) {
    minX = Math.min(minX, xy[i]);
    maxX = Math.max(maxX, xy[i]);
    minY = Math.min(minY, xy[i + 1]);
    maxY = Math.max(maxY, xy[i + 1]);
  }
  if (!Number.isFinite(minX)) return { scale: 1, tx: width / 2, ty: height / 2 };
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
  return {
    scale,
    tx: width / 2 - ((minX + maxX) / 2) * scale,
    ty: height / 2 + ((minY + maxY) / 2) * scale,
  };
}

/** Canvas pixels → data coordinates (the inverse of the transform), for the lasso and the zoom's fixed point. */
export function toData(transform: ViewTransform, px: number, py: number): [number, number] {
  return [(px - transform.tx) / transform.scale, (transform.ty - py) / transform.scale];
}

export interface RasterInput {
  xy: ArrayLike<number>;
  /** Packed RGBA per cell. */
  colours: Uint32Array;
  /** Drawing order (later on top). */
  order: Uint32Array;
  /** 1 = excluded from training: drawn first, in the excluded colour. */
  excluded: Uint8Array | null;
  excludedColour: number;
  background: number;
  /** Side of each cell's square in pixels. */
  size: number;
}

/** Fills `pixels` (the Uint32 view of a width × height ImageData) with the cells. */
export function rasterCells(pixels: Uint32Array, width: number, height: number, transform: ViewTransform, input: RasterInput): void {
  pixels.fill(input.background);
  const { xy, colours, order, excluded, size } = input;
  const half = Math.floor(size / 2);
  const put = (c: number, colour: number) => {
    const px = Math.round(xy[2 * c] * transform.scale + transform.tx) - half;
    const py = Math.round(transform.ty - xy[2 * c + 1] * transform.scale) - half;
    if (px + size <= 0 || py + size <= 0 || px >= width || py >= height) return;
    const x0 = Math.max(0, px);
    const x1 = Math.min(width, px + size);
    const y0 = Math.max(0, py);
    const y1 = Math.min(height, py + size);
    for (let y = y0; y < y1; y++) pixels.fill(colour, y * width + x0, y * width + x1);
  };
  if (excluded) for (let i = 0; i < order.length; i++) if (excluded[order[i]]) put(order[i], input.excludedColour);
  for (let i = 0; i < order.length; i++) {
    const c = order[i];
    if (!excluded?.[c]) put(c, colours[c]);
  }
}
