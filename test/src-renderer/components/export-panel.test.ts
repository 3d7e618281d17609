// The edges other views export follow the Network view's sliders for the run, or its starting top 300.
import { describe, expect, it } from 'vitest';
import { selectionFromNetworkView } from '../../../src-renderer/components/export-panel.tsx';
import { topKToSlider } from '../../../src-renderer/view-logic/network-controls.ts';
import { weightToQuantileSlider } from '../../../src-renderer/view-logic/threshold-quantiles.ts';

const weights = Array.from({ length: 1000 }, (_, i) => 1 / (i + 1));

describe('export selection from the Network view', () => {
  it('starts at the Network view default when the view was never opened', () => {
    expect(selectionFromNetworkView(undefined, weights)).toEqual({ topK: 300 });
    expect(selectionFromNetworkView(undefined, weights.slice(0, 12))).toEqual({ topK: 12 });
    expect(selectionFromNetworkView(undefined, [])).toBeUndefined();
  });

  it('uses the saved threshold and top-k sliders', () => {
    const state = {
      thresholdSlider: weightToQuantileSlider(0.01, weights),
      topKSlider: topKToSlider(50, 1000),
      layout: 'force' as const,
      focus: null,
      hideIsolated: true,
    };
    const selection = selectionFromNetworkView(state, weights)!;
    // The slider keeps the 100 edges of weight ≥ 0.01 (weights 1/1 … 1/100): the threshold is the 100th weight.
    expect(selection.threshold).toBe(0.01);
    expect(selection.topK).toBe(50);
    expect(selectionFromNetworkView({ ...state, thresholdSlider: 0, topKSlider: null }, weights)).toEqual({});
  });
});
