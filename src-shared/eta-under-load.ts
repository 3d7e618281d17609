/**
 * A time left that stays honest on a loaded machine. The rate is the wall-clock rate (waits for the CPU, checkpoint
 * writes and sparsity reads included) averaged over seconds (progress-smoothing.ts); on top of it:
 * - the work after training that is costed in idle seconds (reading the network out and writing the run folder,
 *   run-time-estimate.ts) is stretched by the slowdown the fit itself sees: wall seconds per CPU second of its
 *   process, averaged like the rate. On an idle machine that is 1; on 2 cores shared by 25 busy processes the fit
 *   gets a fraction of a core and everything it does afterwards waits as long (issue 14: with idle figures the ETA
 *   was a median 0.39 of the real time left on HSMM at load ~25);
 * - a range from how much the rate has varied between intervals of at least a second (the spread of the log rate,
 *   ±2 standard deviations), so "about 4 min (3–6 min)" says how far to trust it, and `uncertain` when the range
 *   spans more than a factor of 4 or the rate has not been watched for a time constant yet (warm-up: compilation
 *   and the first checkpoint make the first seconds unrepresentative).
 */
import { RATE_TIME_CONSTANT_SECONDS, smoothRate, type SmoothedRate } from './progress-smoothing.ts';

/** Intervals shorter than this are merged before they count towards the spread (per-iteration jitter is not load). */
export const SPREAD_INTERVAL_SECONDS = 1;
/** Intervals the spread needs before the range is trusted. */
export const WARM_INTERVALS = 3;
/** The narrowest range shown, ±10 %: even a steady rate does not make the evaluation's cost exact. */
const MIN_LOG_HALF_WIDTH = Math.log(1.1);
/** Slowdowns are bounded: a process is never faster than its CPU time, and 50× is a machine that is not usable. */
const MAX_SLOWDOWN = 50;

export interface EtaTracker {
  smoothed: SmoothedRate;
  /** Where the interval being gathered started. */
  mark: { done: number; wall: number; cpu: number | null };
  /** Exponential averages over the time constant of log(interval rate), its square deviation, and the slowdown. */
  logRate: number;
  logRateVariance: number;
  slowdown: number;
  intervals: number;
}

export interface EtaSample {
  /** Iterations done. */
  done: number;
  /** Wall seconds since the fit started training. */
  wallSeconds: number;
  /** CPU seconds of the process since the same moment (user + system); null when unknown (then no slowdown). */
  cpuSeconds: number | null;
}

export function trackEta(previous: EtaTracker | null, sample: EtaSample, tau = RATE_TIME_CONSTANT_SECONDS): EtaTracker {
  const smoothed = smoothRate(previous?.smoothed ?? null, sample.done, sample.wallSeconds, tau);
  const mark = { done: sample.done, wall: sample.wallSeconds, cpu: sample.cpuSeconds };
  if (!previous) return { smoothed, mark, logRate: 0, logRateVariance: 0, slowdown: 1, intervals: 0 };
  const dt = sample.wallSeconds - previous.mark.wall;
  const steps = sample.done - previous.mark.done;
  if (steps < 0) return { ...previous, smoothed, mark };
  if (dt < SPREAD_INTERVAL_SECONDS || steps === 0) return { ...previous, smoothed };
  const logRate = Math.log(steps / dt);
  const cpu = sample.cpuSeconds !== null && previous.mark.cpu !== null ? sample.cpuSeconds - previous.mark.cpu : null;
  // A process with several busy threads uses more CPU than wall time: that is not a slowdown, so 1 is the floor.
  const slowdown = cpu !== null && cpu > 0 ? Math.min(MAX_SLOWDOWN, Math.max(1, dt / cpu)) : previous.slowdown;
  if (previous.intervals === 0) {
    return { smoothed, mark, logRate, logRateVariance: 0, slowdown, intervals: 1 };
  }
  const alpha = 1 - Math.exp(-dt / tau);
  const deviation = logRate - previous.logRate;
  return {
    smoothed,
    mark,
    logRate: previous.logRate + alpha * deviation,
    // The exponentially weighted variance (West's update): the new deviation enters with the same weight as the mean.
    logRateVariance: (1 - alpha) * (previous.logRateVariance + alpha * deviation * deviation),
    slowdown: previous.slowdown + alpha * (slowdown - previous.slowdown),
    intervals: previous.intervals + 1,
  };
}

export interface EtaEstimate {
  /** Seconds left, best guess; Infinity while no rate is known. */
  seconds: number;
  low: number;
  high: number;
  /** Warming up, or the range spans more than a factor of 4. */
  uncertain: boolean;
  /** Wall seconds per CPU second of the fit's process (1 on an idle machine). */
  slowdown: number;
}

export interface WorkAfterTraining {
  /** What follows training that runs at the training's pace, in iterations (the per-cell evaluation). */
  iterations: number;
  /** What follows training costed in idle seconds (the read-out and the run folder's files). */
  idleSeconds: number;
}

export function estimateEta(
  tracker: EtaTracker | null,
  total: number,
  after: WorkAfterTraining,
  tau = RATE_TIME_CONSTANT_SECONDS,
): EtaEstimate {
  const rate = tracker?.smoothed.rate ?? 0;
  if (!tracker || rate <= 0) {
    return { seconds: Number.POSITIVE_INFINITY, low: 0, high: Number.POSITIVE_INFINITY, uncertain: true, slowdown: tracker?.slowdown ?? 1 };
  }
  const left = Math.max(0, total - tracker.smoothed.done);
  const seconds = (left + Math.max(0, after.iterations)) / rate + Math.max(0, after.idleSeconds) * tracker.slowdown;
  const halfWidth = Math.max(MIN_LOG_HALF_WIDTH, 2 * Math.sqrt(tracker.logRateVariance));
  const watched = tracker.smoothed.seconds - tracker.smoothed.firstSeconds;
  const warm = tracker.intervals >= WARM_INTERVALS && watched >= tau;
  return {
    seconds,
    low: seconds * Math.exp(-halfWidth),
    high: seconds * Math.exp(halfWidth),
    uncertain: !warm || 2 * halfWidth > Math.log(4),
    slowdown: tracker.slowdown,
  };
}

/** "about 4 min 10 s (3 min 20 s – 5 min 12 s)", prefixed "uncertain, " when the estimate is not to be trusted yet. */
export function formatEta(eta: Pick<EtaEstimate, 'seconds' | 'low' | 'high' | 'uncertain'>, format: (seconds: number) => string): string {
  if (!Number.isFinite(eta.seconds)) return '?';
  const range = Number.isFinite(eta.high) ? ` (${format(eta.low)} – ${format(eta.high)})` : '';
  return `${eta.uncertain ? 'uncertain, ' : ''}about ${format(eta.seconds)}${range}`;
}
