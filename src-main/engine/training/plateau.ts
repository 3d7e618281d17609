/**
 * Reduce-on-plateau for the learning rate (docs/model.md "Optimiser"), following PyTorch's ReduceLROnPlateau in
 * 'min' mode with a relative threshold, applied to an exponential moving average of the training loss so that
 * the noise of the sampled gates does not trigger it.
 */

/** Smoothing of the monitored loss: ema ← (1 − α)·ema + α·loss. */
export const PLATEAU_SMOOTHING = 0.05;
/** An improvement counts when the smoothed loss falls below best·(1 − 1e-4). */
export const PLATEAU_THRESHOLD = 1e-4;
export const PLATEAU_FACTOR = 0.5;
export const PLATEAU_MIN_LEARNING_RATE = 1e-5;

/** Everything the schedule remembers; plain numbers so a checkpoint can store it as JSON. */
export interface PlateauState {
  learningRate: number;
  /** Patience in iterations; 0 turns the schedule off. */
  patience: number;
  /** Smoothed loss, null before the first iteration. */
  smoothedLoss: number | null;
  /** Best smoothed loss so far (Infinity before the first iteration, stored as null in JSON). */
  bestLoss: number | null;
  /** Iterations since the smoothed loss last improved. */
  badIterations: number;
  /** Number of times the learning rate has been halved. */
  reductions: number;
}

export function createPlateauState(learningRate: number, patience: number): PlateauState {
  if (!(learningRate > 0)) throw new RangeError(`The learning rate must be positive, got ${learningRate}`);
  if (!Number.isInteger(patience) || patience < 0) throw new RangeError(`The plateau patience must be a whole number ≥ 0, got ${patience}`);
  return { learningRate, patience, smoothedLoss: null, bestLoss: null, badIterations: 0, reductions: 0 };
}

/**
 * Feeds one iteration's training loss; updates `state` in place and returns the learning rate for the next
 * iteration. As in PyTorch, the rate drops once more than `patience` iterations in a row brought no improvement,
 * and the count starts again after each drop. A non-finite loss counts as no improvement and leaves the average
 * untouched (the run stops on it anyway).
 */
export function updatePlateau(state: PlateauState, loss: number): number {
  if (state.patience === 0) return state.learningRate;
  if (Number.isFinite(loss)) {
    state.smoothedLoss = state.smoothedLoss === null ? loss : (1 - PLATEAU_SMOOTHING) * state.smoothedLoss + PLATEAU_SMOOTHING * loss;
  }
  const current = state.smoothedLoss;
  const improved =
    current !== null && Number.isFinite(loss) && (state.bestLoss === null || current < state.bestLoss * (1 - PLATEAU_THRESHOLD));
  if (improved) {
    state.bestLoss = current;
    state.badIterations = 0;
  } else {
    state.badIterations += 1;
  }
  if (state.badIterations > state.patience) {
    const reduced = Math.max(PLATEAU_MIN_LEARNING_RATE, state.learningRate * PLATEAU_FACTOR);
    if (reduced < state.learningRate) state.reductions += 1;
    state.learningRate = reduced;
    state.badIterations = 0;
  }
  return state.learningRate;
}
