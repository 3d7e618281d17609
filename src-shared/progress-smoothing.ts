/**
 * Rate and time left that do not jump: an exponential average over seconds of the iterations per second, so a
 * checkpoint write or a sparsity read-out (a slow iteration) and a burst of fast ones move the rate a little, not
 * from 889 to 68 it/s. The time left adds what comes after training (reading the network out, evaluating every cell).
 */

/** Seconds over which the rate is averaged: a sample this old weighs e⁻¹ of a new one. */
export const RATE_TIME_CONSTANT_SECONDS = 10;

export interface SmoothedRate {
  /** Iterations per second, averaged. */
  rate: number;
  /** The last sample: iterations done and seconds since the start. */
  done: number;
  seconds: number;
  /** The first sample: until a time constant has passed since it, the plain mean since it is the rate. */
  firstDone: number;
  firstSeconds: number;
}

/**
 * The rate after a sample of `done` iterations at `seconds` since the start. Each interval's rate is weighted by
 * 1 − e^(−Δt/τ), so the average covers the last τ seconds whatever the reporting frequency; during the first τ
 * seconds the mean since the first sample is used, which an early slow iteration (compilation, warm-up) cannot skew
 * for long.
 */
export function smoothRate(previous: SmoothedRate | null, done: number, seconds: number, tau = RATE_TIME_CONSTANT_SECONDS): SmoothedRate {
  if (!previous) return { rate: 0, done, seconds, firstDone: done, firstSeconds: seconds };
  const dt = seconds - previous.seconds;
  const steps = done - previous.done;
  // No time passed (two reports of one iteration) or a restart of the count: keep the average as it is.
  if (dt <= 0 || steps < 0) return { ...previous, done, seconds: Math.max(seconds, previous.seconds) };
  const since = seconds - previous.firstSeconds;
  if (since < tau || previous.rate <= 0) return { ...previous, rate: (done - previous.firstDone) / since, done, seconds };
  const alpha = 1 - Math.exp(-dt / tau);
  return { ...previous, rate: previous.rate + alpha * (steps / dt - previous.rate), done, seconds };
}

/**
 * Seconds left: the iterations left at the smoothed rate, plus what follows training (`afterSeconds`, the estimate
 * of the read-out and evaluation). Infinity while no rate is known.
 */
export function etaSeconds(smoothed: SmoothedRate | null, total: number, afterSeconds = 0): number {
  if (!smoothed || smoothed.rate <= 0) return Number.POSITIVE_INFINITY;
  return Math.max(0, total - smoothed.done) / smoothed.rate + Math.max(0, afterSeconds);
}
