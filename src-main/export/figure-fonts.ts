/**
 * Fonts for PNG and PDF export. Figures ask for "Helvetica, Arial, sans-serif"; Liberation Sans has the same
 * metrics, so text set for Helvetica fits. Embedding a TrueType font also gives the PDF the glyphs (λ, ×, →) that
 * the 14 standard PDF fonts lack. DejaVu Sans is the fallback; the standard Helvetica the last resort (PDF only).
 */
import { existsSync } from 'node:fs';

export interface FontFaces {
  regular: string;
  bold: string;
  italic: string;
  boldItalic: string;
}

const CANDIDATES: FontFaces[] = [
  {
    regular: '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
    bold: '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
    italic: '/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf',
    boldItalic: '/usr/share/fonts/truetype/liberation/LiberationSans-BoldItalic.ttf',
  },
  {
    regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    bold: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
    italic: '/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf',
    boldItalic: '/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf',
  },
];

/** The first complete sans-serif family installed here, or null (PNG then uses resvg's system fonts). */
export function findSansFont(): FontFaces | null {
  for (const faces of CANDIDATES) {
    if (Object.values(faces).every((file) => existsSync(file))) return faces;
  }
  return null;
}
