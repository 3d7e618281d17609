import { describe, expect, it } from 'vitest';
import { createPlateauState, updatePlateau, PLATEAU_MIN_LEARNING_RATE } from '../../../../src-main/engine/training/plateau.ts';

describe('reduce-on-plateau', () => {
  it('does nothing when patience is 0 (off)', () => {
    const state = createPlateauState(0.01, 0);
    for (let i = 0; i < 100; i++) expect(updatePlateau(state, 1)).toBe(0.01);
  });

  it('halves the rate once more than `patience` iterations bring no improvement, then counts again', () => {
    const state = createPlateauState(0.01, 3);
    const rates = Array.from({ length: 10 }, () => updatePlateau(state, 2));
    // Iteration 1 sets the best; iterations 2–5 are four without improvement: the 4th (> 3) halves the rate.
    expect(rates).toEqual([0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005, 0.0025, 0.0025]);
    expect(state.reductions).toBe(2);
  });

  it('keeps the rate while the smoothed loss keeps improving by more than a relative 1e-4', () => {
    const state = createPlateauState(0.01, 2);
    for (let i = 0; i < 200; i++) updatePlateau(state, 1 / (1 + i));
    expect(state.learningRate).toBe(0.01);
    expect(state.smoothedLoss).not.toBeNull();
  });

  it('monitors an exponential moving average (α = 0.05): one iteration moves it by only 5% of its jump', () => {
    const state = createPlateauState(0.01, 1);
    updatePlateau(state, 1);
    updatePlateau(state, 1);
    expect(state.smoothedLoss).toBe(1);
    // A single drop to 0.5 moves the average to 0.975: an improvement. Back at 1, the average rises: no improvement.
    updatePlateau(state, 0.5);
    expect(state.smoothedLoss).toBeCloseTo(0.975, 12);
    expect(state.badIterations).toBe(0);
    updatePlateau(state, 1);
    expect(state.badIterations).toBe(1);
  });

  it('never goes below the floor of 1e-5', () => {
    const state = createPlateauState(4e-5, 1);
    for (let i = 0; i < 50; i++) updatePlateau(state, 3);
    expect(state.learningRate).toBe(PLATEAU_MIN_LEARNING_RATE);
  });

  it('resumes from a JSON checkpoint of its state exactly', () => {
    const losses = Array.from({ length: 60 }, (_, i) => 1 + 0.1 * Math.sin(i));
    const straight = createPlateauState(0.01, 4);
    const straightRates = losses.map((loss) => updatePlateau(straight, loss));
    const first = createPlateauState(0.01, 4);
    losses.slice(0, 25).forEach((loss) => updatePlateau(first, loss));
    const restored = JSON.parse(JSON.stringify(first));
    const resumedRates = losses.slice(25).map((loss) => updatePlateau(restored, loss));
    expect(resumedRates).toEqual(straightRates.slice(25));
    expect(restored).toEqual(straight);
  });

  it('counts a non-finite loss as no improvement without poisoning the average', () => {
    const state = createPlateauState(0.01, 5);
    updatePlateau(state, 1);
    updatePlateau(state, NaN);
    expect(state.smoothedLoss).toBe(1);
    expect(state.badIterations).toBe(1);
  });

  it('rejects a non-positive rate or a fractional patience', () => {
    expect(() => createPlateauState(0, 3)).toThrow(/learning rate/);
    expect(() => createPlateauState(0.01, 1.5)).toThrow(/patience/);
  });
});
