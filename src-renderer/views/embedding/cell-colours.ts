/**
 * Colours of the cells in the Embedding view, one packed RGBA word per cell (the canvas writes them straight into
 * its pixels), and the legend that explains them: a colour bar for numbers (viridis), swatches for categories.
 */
import { interpolateViridis, schemeTableau10, schemeSet3, schemePaired } from 'd3';
import type { CellColumn } from '../../../src-shared/contract/types.ts';

/** Cells without a value and cells excluded from training are drawn in greys, under the others. */
export const MISSING_COLOUR = packColour('#c8c8c8');
export const EXCLUDED_COLOUR = packColour('#e4e4e4');
const CATEGORY_COLOURS = [...schemeTableau10, ...schemeSet3, ...schemePaired];

export type CellLegend =
  | { kind: 'numeric'; title: string; min: number; max: number; stops: string[]; missing: number }
  | { kind: 'categorical'; title: string; levels: Array<{ name: string; colour: string; cells: number }>; missing: number };

export interface CellColouring {
  colours: Uint32Array;
  legend: CellLegend;
  /** Order to draw the cells in: missing values first, so coloured cells stay on top. */
  order: Uint32Array;
}

/** Packs #rrggbb into the little-endian RGBA word ImageData's Uint32 view expects (alpha 255). */
export function packColour(hex: string): number {
  const value = Number.parseInt(hex.slice(1, 7), 16);
  const r = (value >> 16) & 255;
  const g = (value >> 8) & 255;
  const b = value & 255;
  return ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

function rgbHex(colour: string): string {
  if (colour.startsWith('#')) return colour;
  const [r, g, b] = (colour.match(/\d+/g) ?? ['0', '0', '0']).map(Number);
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Colours by numbers (a gene's expression, a pseudotime) or categories (lineage, donor). */
export function colourCells(column: CellColumn): CellColouring {
  if (column.type === 'numeric') return colourNumbers(column.name, column.values);
  const counts = new Array<number>(column.levels.length).fill(0);
  let missing = 0;
  const palette = column.levels.map((_, i) => CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]);
  const packed = palette.map(packColour);
  const colours = new Uint32Array(column.codes.length);
  column.codes.forEach((code, c) => {
    if (code < 0 || code >= column.levels.length) {
      colours[c] = MISSING_COLOUR;
      missing++;
    } else {
      colours[c] = packed[code];
      counts[code]++;
    }
  });
  return {
    colours,
    legend: {
      kind: 'categorical',
      title: column.name,
      levels: column.levels.map((name, i) => ({ name, colour: palette[i], cells: counts[i] })),
      missing,
    },
    order: drawOrder(column.codes.map((code) => (code < 0 ? -Infinity : 0))),
  };
}

export function colourNumbers(title: string, values: ArrayLike<number | null>): CellColouring {
  let min = Infinity;
  let max = -Infinity;
  let missing = 0;
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    if (v === null || !Number.isFinite(v)) {
      missing++;
      continue;
    }
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  if (!Number.isFinite(min)) {
    min = 0;
    max = 0;
  }
  // 256 colours of the map: enough steps for the eye, and one table look-up per cell.
  const table = Array.from({ length: 256 }, (_, i) => packColour(rgbHex(interpolateViridis(i / 255))));
  const span = max - min;
  const colours = new Uint32Array(values.length);
  const keys: number[] = new Array(values.length);
  for (let c = 0; c < values.length; c++) {
    const v = values[c];
    if (v === null || !Number.isFinite(v)) {
      colours[c] = MISSING_COLOUR;
      keys[c] = -Infinity;
    } else {
      colours[c] = table[span > 0 ? Math.round(((v - min) / span) * 255) : 128];
      keys[c] = v;
    }
  }
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => rgbHex(interpolateViridis(t)));
  return { colours, legend: { kind: 'numeric', title, min, max, stops, missing }, order: drawOrder(keys) };
}

/** Cells by ascending key (missing first), so the highest values are drawn last and stay visible. */
function drawOrder(keys: number[]): Uint32Array {
  const order = Uint32Array.from(keys.keys());
  return order.sort((a, b) => keys[a] - keys[b] || a - b);
}
