// The time left on a synthetic clock: a fit whose rate and CPU share are scripted, sampled as the fit reports
// (every quarter second), compared with the time that was really left, the work after training included.
import { describe, expect, it } from 'vitest';
import {
  estimateEta,
  formatEta,
  trackEta,
  type EtaEstimate,
  type EtaTracker,
  type WorkAfterTraining,
} from '../../src-shared/eta-under-load.ts';
import { etaSeconds, smoothRate, type SmoothedRate } from '../../src-shared/progress-smoothing.ts';

/** A stretch of the run: `seconds` of wall time at `rate` iterations per wall second, the process getting `cpuShare` of a core. */
interface Stretch {
  seconds: number;
  rate: number;
  cpuShare: number;
}

interface Reading {
  wall: number;
  done: number;
  eta: EtaEstimate;
  /** What the earlier ETA (smoothed rate, idle figures for what follows) said at the same moment. */
  before: number;
}

const STEP = 0.25;

/** Runs the script until `total` iterations; returns every reading and the wall time at which training ended. */
function simulate(script: Stretch[], total: number, after: WorkAfterTraining): { readings: Reading[]; trainingEnd: number; last: Stretch } {
  let wall = 0;
  let cpu = 0;
  let done = 0;
  let tracker: EtaTracker | null = null;
  let smoothed: SmoothedRate | null = null;
  const readings: Reading[] = [];
  let stretch = 0;
  let inStretch = 0;
  while (done < total) {
    const current = script[Math.min(stretch, script.length - 1)];
    wall += STEP;
    cpu += STEP * current.cpuShare;
    done = Math.min(total, done + STEP * current.rate);
    inStretch += STEP;
    if (inStretch >= current.seconds && stretch < script.length - 1) {
      stretch++;
      inStretch = 0;
    }
    const reported = Math.floor(done);
    tracker = trackEta(tracker, { done: reported, wallSeconds: wall, cpuSeconds: cpu });
    smoothed = smoothRate(smoothed, reported, wall);
    const before = etaSeconds(smoothed, total, smoothed.rate > 0 ? after.iterations / smoothed.rate + after.idleSeconds : 0);
    readings.push({ wall, done: reported, eta: estimateEta(tracker, total, after), before });
  }
  return { readings, trainingEnd: wall, last: script[Math.min(stretch, script.length - 1)] };
}

/** The real end: the iterations after training at the last rate, the idle-costed work stretched by the last CPU share. */
function realEnd(run: ReturnType<typeof simulate>, after: WorkAfterTraining): number {
  return run.trainingEnd + after.iterations / run.last.rate + after.idleSeconds / run.last.cpuShare;
}

function at(readings: Reading[], share: number, total: number): Reading {
  return readings.find((r) => r.done >= share * total)!;
}

describe('the time left under load', () => {
  const after: WorkAfterTraining = { iterations: 80, idleSeconds: 30 };

  it('on an idle machine: the time left within 5 %, a narrow range, uncertain only while warming up', () => {
    const run = simulate([{ seconds: 1e9, rate: 10, cpuShare: 1 }], 1000, after);
    const end = realEnd(run, after);
    expect(run.readings[2].eta.uncertain).toBe(true);
    for (const share of [0.25, 0.5, 0.75]) {
      const reading = at(run.readings, share, 1000);
      const real = end - reading.wall;
      expect(reading.eta.seconds / real).toBeGreaterThan(0.95);
      expect(reading.eta.seconds / real).toBeLessThan(1.05);
      expect(reading.eta.uncertain).toBe(false);
      expect(reading.eta.slowdown).toBeCloseTo(1, 5);
      expect(reading.eta.high / reading.eta.low).toBeLessThan(1.25);
    }
  });

  it('with a fifth of a core: the work after training is stretched by the slowdown the fit sees', () => {
    // 2 it/s of wall time because the process gets a fifth of a core: the read-out and files wait as long.
    const run = simulate([{ seconds: 1e9, rate: 2, cpuShare: 0.2 }], 300, after);
    const end = realEnd(run, after);
    for (const share of [0.25, 0.5, 0.75]) {
      const reading = at(run.readings, share, 300);
      const real = end - reading.wall;
      expect(reading.eta.slowdown).toBeCloseTo(5, 1);
      expect(reading.eta.seconds / real).toBeGreaterThan(0.95);
      expect(reading.eta.seconds / real).toBeLessThan(1.05);
      // The earlier ETA counted the 30 idle seconds as 30: far short of the 150 they take.
      expect(reading.before / real).toBeLessThan(0.8);
    }
  });

  it('with a rate that swings tenfold every few seconds: a wide range that holds the real time left, marked uncertain', () => {
    const swinging: Stretch[] = [];
    for (let i = 0; i < 200; i++) swinging.push(i % 2 ? { seconds: 3, rate: 2, cpuShare: 0.1 } : { seconds: 3, rate: 20, cpuShare: 1 });
    const run = simulate(swinging, 1500, { iterations: 80, idleSeconds: 0 });
    // The real end depends on where the swings fall: the mean rate over a cycle is 11 it/s.
    const end = run.trainingEnd + 80 / 11;
    let inside = 0;
    const late = run.readings.filter((r) => r.wall > 15 && r.done < 1400);
    for (const reading of late) {
      const real = end - reading.wall;
      if (reading.eta.low <= real && real <= reading.eta.high) inside++;
      expect(reading.eta.uncertain).toBe(true);
    }
    expect(inside / late.length).toBeGreaterThan(0.9);
    expect(formatEta(late[0].eta, (s) => `${Math.round(s)} s`)).toMatch(/^uncertain, about \d+ s \(\d+ s – \d+ s\)$/);
  });

  it('knows nothing before a rate exists, and says so', () => {
    const first = trackEta(null, { done: 0, wallSeconds: 0, cpuSeconds: 0 });
    const eta = estimateEta(first, 100, after);
    expect(eta.seconds).toBe(Number.POSITIVE_INFINITY);
    expect(eta.uncertain).toBe(true);
    expect(formatEta(eta, String)).toBe('?');
    expect(estimateEta(null, 100, after).seconds).toBe(Number.POSITIVE_INFINITY);
  });

  it('takes no slowdown from a process that uses more CPU than wall time (several threads), and none without CPU times', () => {
    let tracker: EtaTracker | null = null;
    for (let t = 0; t <= 20; t += 0.5) tracker = trackEta(tracker, { done: t * 10, wallSeconds: t, cpuSeconds: 3 * t });
    expect(tracker!.slowdown).toBe(1);
    tracker = null;
    for (let t = 0; t <= 20; t += 0.5) tracker = trackEta(tracker, { done: t * 10, wallSeconds: t, cpuSeconds: null });
    expect(tracker!.slowdown).toBe(1);
    expect(estimateEta(tracker, 300, { iterations: 0, idleSeconds: 10 }).seconds).toBeCloseTo(10 + 10, 5);
  });
});
