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
