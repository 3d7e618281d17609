/**
 * The weight-threshold slider over the run's own weights: position p of SLIDER_STEPS keeps the heaviest
 * ⌈n·(1 − p/SLIDER_STEPS)⌉ edges (a quantile of the weights), so every part of its travel changes the view. A slider
 * over max·10⁻⁴…max (log scale) changed nothing over ~95 % of its travel: a trained network's weights crowd a few
 * decades, most of them far below the maximum. Position 0 is no threshold.
 */
import { SLIDER_STEPS } from './network-controls.ts';

/** The threshold at `position`: the weight of the last edge kept (ties with it are kept too). */
export function quantileSliderToWeight(position: number, weightsDescending: readonly number[]): number {
  const n = weightsDescending.length;
  if (position <= 0 || n === 0) return 0;
  const fraction = Math.min(1, position / SLIDER_STEPS);
  const kept = Math.max(1, Math.ceil(n * (1 - fraction) - 1e-9));
  return weightsDescending[kept - 1];
}

/** The first position that keeps only the edges at least as heavy as `weight` (for a threshold typed or restored). */
export function weightToQuantileSlider(weight: number, weightsDescending: readonly number[]): number {
  const n = weightsDescending.length;
  if (!(weight > 0) || n === 0) return 0;
  // Edges kept at this weight: those at least as heavy (binary search in the descending list).
  let low = 0;
  let high = n;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (weightsDescending[middle] >= weight) low = middle + 1;
    else high = middle;
  }
  const kept = Math.max(1, low);
  return Math.max(1, Math.min(SLIDER_STEPS, Math.ceil(SLIDER_STEPS * (1 - kept / n) - 1e-6)));
}
