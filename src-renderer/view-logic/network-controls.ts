/**
 * The weight-threshold slider. Path weights span orders of magnitude (most are tiny, a few large), so a linear
 * slider would spend all its travel near zero; positions 1…1000 map to weights on a log scale from max·1e-4 to max,
 * and 0 means no threshold.
 */
export const SLIDER_STEPS = 1000;
const DECADES = 4;

export function sliderToWeight(position: number, maxWeight: number): number {
  if (position <= 0 || !(maxWeight > 0)) return 0;
  const fraction = Math.min(1, position / SLIDER_STEPS);
  return maxWeight * 10 ** (-DECADES * (1 - fraction));
}

export function weightToSlider(weight: number, maxWeight: number): number {
  if (!(weight > 0) || !(maxWeight > 0)) return 0;
  const fraction = 1 + Math.log10(Math.min(1, weight / maxWeight)) / DECADES;
  return Math.max(1, Math.round(Math.max(0, fraction) * SLIDER_STEPS));
}

/**
 * The top-k slider, also logarithmic: positions 0…1000 map to 1…total edges, so both "the 20 strongest" and
 * "all 280,000" are reachable.
 */
export function sliderToTopK(position: number, total: number): number {
  if (total <= 1) return Math.max(0, total);
  const fraction = Math.min(1, Math.max(0, position / SLIDER_STEPS));
  return Math.max(1, Math.min(total, Math.round(10 ** (fraction * Math.log10(total)))));
}

export function topKToSlider(k: number, total: number): number {
  if (total <= 1 || k <= 1) return 0;
  return Math.round((Math.log10(Math.min(k, total)) / Math.log10(total)) * SLIDER_STEPS);
}

export { strongestRegulators } from '../../src-shared/strongest-regulators.ts';
