import { describe, expect, it } from 'vitest';
import { etaSeconds, RATE_TIME_CONSTANT_SECONDS, smoothRate, type SmoothedRate } from '../../src-shared/progress-smoothing.ts';

/** Feeds (iterations, seconds) samples and returns the rate after each. */
function rates(samples: Array<[number, number]>): number[] {
  let state: SmoothedRate | null = null;
  return samples.map(([done, seconds]) => (state = smoothRate(state, done, seconds)).rate);
}

describe('rate smoothed over seconds', () => {
  it('a steady 100 it/s reads 100 it/s from the second report on, whatever the reporting interval', () => {
    const fine = rates(Array.from({ length: 200 }, (_, i) => [i * 10, i * 0.1] as [number, number]));
    const coarse = rates(Array.from({ length: 20 }, (_, i) => [i * 100, i] as [number, number]));
    for (const r of [...fine.slice(1), ...coarse.slice(1)]) expect(r).toBeCloseTo(100, 6);
  });

  it('a slow iteration (a checkpoint write) and a fast burst move the rate a little, unlike the rate of the last interval', () => {
    // 100 it/s for 20 s, then one iteration that takes 2 s, then a burst at 900 it/s for 0.1 s.
    const samples: Array<[number, number]> = Array.from({ length: 201 }, (_, i) => [i * 10, i * 0.1]);
    samples.push([2001, 22.1], [2091, 22.2]);
    const r = rates(samples);
    const beforeStall = r[200];
    const afterStall = r[201];
    const afterBurst = r[202];
    expect(beforeStall).toBeCloseTo(100, 6);
    // The last interval alone said 0.5 it/s and then 900 it/s (the 889 vs 68 it/s of issue 14).
    expect(afterStall).toBeGreaterThan(60);
    expect(afterBurst).toBeLessThan(1.25 * afterStall + 20);
    expect(Math.abs(afterBurst - beforeStall)).toBeLessThan(45);
  });

  it('follows a real change of speed within a few time constants', () => {
    const samples: Array<[number, number]> = Array.from({ length: 101 }, (_, i) => [i * 10, i * 0.1]);
    // From 10 s on, 20 it/s for 5 time constants.
    const start = samples[100];
    const steps = (5 * RATE_TIME_CONSTANT_SECONDS) / 0.1;
    for (let k = 1; k <= steps; k++) samples.push([start[0] + 2 * k, start[1] + 0.1 * k]);
    const r = rates(samples);
    expect(r.at(-1)!).toBeGreaterThan(20);
    expect(r.at(-1)!).toBeLessThan(20 + 80 * Math.exp(-5) + 1);
  });

  it('a slow first iteration (compiling kernels) does not count: the first report only starts the clock', () => {
    const r = rates([
      [1, 3],
      [11, 3.1],
      [21, 3.2],
    ]);
    expect(r[0]).toBe(0);
    expect(r[2]).toBeCloseTo(100, 6);
  });

  it('two reports at one time or a count going back keep the average (no division by zero, no negative rate)', () => {
    let state = smoothRate(null, 0, 0);
    state = smoothRate(state, 10, 0.1);
    expect(smoothRate(state, 12, 0.1).rate).toBeCloseTo(100, 6);
    expect(smoothRate(state, 5, 0.2).rate).toBeCloseTo(100, 6);
  });
});

describe('time left', () => {
  it('covers what follows training and is unknown until a rate is', () => {
    let state = smoothRate(null, 0, 0);
    expect(etaSeconds(state, 1000, 30)).toBe(Number.POSITIVE_INFINITY);
    state = smoothRate(state, 100, 1);
    expect(etaSeconds(state, 1000)).toBeCloseTo(9, 6);
    expect(etaSeconds(state, 1000, 30)).toBeCloseTo(39, 6);
    expect(etaSeconds(smoothRate(state, 1000, 10), 1000, 30)).toBeCloseTo(30, 6);
  });
});
