/**
 * Figure sizes: journals ask for millimetres or inches, screens and PNGs count pixels. Every render function takes
 * a size in any of these units plus a dpi and lays out in pixels at that dpi, with fonts and strokes given in points
 * so a figure looks the same at 96 dpi on screen and at 600 dpi in a PNG.
 */

export type LengthUnit = 'px' | 'mm' | 'in';

/** Width of a single and a double journal column (Nature, Cell, Science all sit within a millimetre of these). */
export const JOURNAL_COLUMN_MM = { single: 89, double: 183 } as const;

export const SCREEN_DPI = 96;

export interface FigureSizeOptions {
  width: number;
  height: number;
  /** Unit of width and height; 'px' by default. */
  unit?: LengthUnit;
  /** Pixels per inch; 96 (CSS pixels) by default. PNG export uses 150, 300 or 600. */
  dpi?: number;
  /** Base font size in points; 8 pt by default (journals ask for 5–9 pt in final size). */
  fontSizePt?: number;
}

export interface ResolvedFigureSize {
  /** Width in pixels at `dpi`. */
  width: number;
  height: number;
  dpi: number;
  /** Converts points (1/72 in) to pixels at this dpi. */
  pt: (points: number) => number;
  /** Base font size in pixels. */
  fontSize: number;
}

/** Converts a figure size to pixels at its dpi; throws a message naming the bad option. */
export function resolveFigureSize(size: FigureSizeOptions): ResolvedFigureSize {
  const unit = size.unit ?? 'px';
  const dpi = size.dpi ?? SCREEN_DPI;
  if (!(dpi > 0) || !Number.isFinite(dpi)) {
    throw new Error(`Figure size: dpi must be a positive number, got ${size.dpi}. Use 96 for screen or 150, 300 or 600 for print.`);
  }
  for (const [name, value] of [
    ['width', size.width],
    ['height', size.height],
  ] as const) {
    if (!(value > 0) || !Number.isFinite(value)) {
      throw new Error(`Figure size: ${name} must be a positive number of ${unit}, got ${value}.`);
    }
  }
  const pixelsPerUnit = unit === 'px' ? 1 : unit === 'in' ? dpi : dpi / 25.4;
  const width = Math.round(size.width * pixelsPerUnit);
  const height = Math.round(size.height * pixelsPerUnit);
  if (width * height > 20000 * 20000) {
    throw new Error(`Figure size: ${width} × ${height} px is too large to draw; lower the dpi or the size.`);
  }
  const pt = (points: number) => (points * dpi) / 72;
  return { width, height, dpi, pt, fontSize: pt(size.fontSizePt ?? 8) };
}
