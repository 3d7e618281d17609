import { describe, expect, it } from 'vitest';
import {
  SLIDER_STEPS,
  sliderToTopK,
  sliderToWeight,
  strongestRegulators,
  topKToSlider,
  weightToSlider,
} from '../../../src-renderer/view-logic/network-controls.ts';

describe('network sliders', () => {
  it('maps the threshold slider logarithmically, 0 meaning no threshold', () => {
    expect(sliderToWeight(0, 2)).toBe(0);
    expect(sliderToWeight(SLIDER_STEPS, 2)).toBe(2);
    expect(sliderToWeight(SLIDER_STEPS / 2, 2)).toBeCloseTo(2e-2, 10);
    expect(sliderToWeight(300, 0)).toBe(0);
    for (const position of [1, 250, 777, 1000]) expect(weightToSlider(sliderToWeight(position, 3), 3)).toBe(position);
  });

  it('reaches both one edge and all edges on the top-k slider', () => {
    expect(sliderToTopK(0, 279_312)).toBe(1);
    expect(sliderToTopK(SLIDER_STEPS, 279_312)).toBe(279_312);
    expect(sliderToTopK(topKToSlider(300, 279_312), 279_312)).toBeGreaterThan(290);
    expect(sliderToTopK(topKToSlider(300, 279_312), 279_312)).toBeLessThan(310);
    expect(sliderToTopK(500, 0)).toBe(0);
  });

  it('ranks regulators by total outgoing weight, ignoring self-edges', () => {
    const edges = [
      { source: 'A', target: 'B', weight: 1 },
      { source: 'A', target: 'C', weight: 1 },
      { source: 'B', target: 'C', weight: 3 },
      { source: 'C', target: 'C', weight: 10 },
    ];
    expect(strongestRegulators(edges, 2)).toEqual(['B', 'A']);
    expect(strongestRegulators([], 2, ['X', 'Y', 'Z'])).toEqual(['X', 'Y']);
  });
});
