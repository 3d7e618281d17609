import { describe, expect, it } from 'vitest';
import { SLIDER_STEPS, sliderToWeight } from '../../../src-renderer/view-logic/network-controls.ts';
import { quantileSliderToWeight, weightToQuantileSlider } from '../../../src-renderer/view-logic/threshold-quantiles.ts';
import { SeededRandom } from '../../../src-main/engine/model/random.ts';

/** Path weights as a trained network has them: log-normal over a few decades, heaviest first (20,000 edges). */
function trainedWeights(): number[] {
  const random = new SeededRandom(5);
  return Array.from({ length: 20_000 }, () => Math.exp(-9 + 2.5 * random.normal())).sort((a, b) => b - a);
}

const keptAt = (threshold: number, weights: readonly number[]) => weights.filter((weight) => weight >= threshold).length;

describe('threshold slider over the weight quantiles', () => {
  it('changes the number of edges shown at every step of its travel', () => {
    const weights = trainedWeights();
    let previous = keptAt(quantileSliderToWeight(0, weights), weights);
    expect(previous).toBe(weights.length);
    for (let position = 1; position <= SLIDER_STEPS; position++) {
      const kept = keptAt(quantileSliderToWeight(position, weights), weights);
      expect(kept, `position ${position}`).toBeLessThan(previous);
      previous = kept;
    }
    expect(previous).toBe(1);
  });

  it('where the old max·1e-4…max scale left a quarter of its travel without effect on these weights', () => {
    const weights = trainedWeights();
    let unchanged = 0;
    for (let position = 1; position <= SLIDER_STEPS; position++)
      if (keptAt(sliderToWeight(position, weights[0]), weights) === keptAt(sliderToWeight(position - 1, weights[0]), weights)) unchanged++;
    expect(unchanged / SLIDER_STEPS).toBeGreaterThan(0.2);
  });

  it('maps a threshold back to its position, and handles empty runs and ties', () => {
    const weights = trainedWeights();
    for (const position of [1, 137, 500, 999, 1000])
      expect(weightToQuantileSlider(quantileSliderToWeight(position, weights), weights)).toBe(position);
    expect(quantileSliderToWeight(500, [])).toBe(0);
    expect(weightToQuantileSlider(0, weights)).toBe(0);
    // Every weight tied (a velocity run scores many pairs 1): any threshold keeps them all.
    expect(keptAt(quantileSliderToWeight(700, [1, 1, 1, 1]), [1, 1, 1, 1])).toBe(4);
  });
});
