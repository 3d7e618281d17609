/**
 * Colour-blind-safe default palettes. Categorical colours are Okabe & Ito (2008), distinguishable under the three
 * common colour-vision deficiencies; signs pair Okabe–Ito vermillion and blue, and every sign is also told apart by
 * something other than colour (arrow vs bar ends, solid vs dashed) so a grey-scale print still reads.
 */
import { interpolateRdBu } from 'd3';

export const OKABE_ITO = [
  '#0072B2', // blue
  '#E69F00', // orange
  '#009E73', // bluish green
  '#CC79A7', // reddish purple
  '#56B4E9', // sky blue
  '#D55E00', // vermillion
  '#F0E442', // yellow (last: weak contrast on white)
  '#000000',
] as const;

export interface SignColors {
  activation: string;
  repression: string;
  /** Edges whose sign is unknown (mean Jacobian exactly 0). */
  unsigned: string;
}

export const SIGN_COLORS: SignColors = { activation: '#D55E00', repression: '#0072B2', unsigned: '#7F7F7F' };

export interface NodeColors {
  tf: string;
  target: string;
  stroke: string;
}

export const NODE_COLORS: NodeColors = { tf: '#E69F00', target: '#56B4E9', stroke: '#333333' };

/** Colour of category `index` (wraps around after eight). */
export function categoricalColor(index: number): string {
  return OKABE_ITO[((index % OKABE_ITO.length) + OKABE_ITO.length) % OKABE_ITO.length];
}

/**
 * Diverging colour for a signed value in [−1, 1]: blue for repression, red for activation, white at 0.
 * ColorBrewer's RdBu is rated colour-blind safe; it is reversed so that red means positive as on the network.
 */
export function divergingColor(normalized: number): string {
  const clamped = Math.max(-1, Math.min(1, normalized));
  return interpolateRdBu(0.5 - clamped / 2);
}
