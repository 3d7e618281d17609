import { describe, expect, it } from 'vitest';
import { PAPER_DEFAULTS } from '../../../src-shared/run-config.ts';
import { estimateRun, formatBytes, parameterCount } from '../../../src-renderer/view-logic/estimate.ts';

describe('run estimate', () => {
  it('counts weights, biases and gates as docs/model.md lays them out', () => {
    // 529 → 100 → 100 → 529: W, b for each layer, and one gate per input unit.
    const expected = 529 * 100 + 100 + 529 + (100 * 100 + 100 + 100) + (100 * 529 + 529 + 100);
    expect(parameterCount(529, [100, 100])).toBe(expected);
    expect(parameterCount(3, [])).toBe(3 * 3 + 3 + 3);
  });

  it('scales with iterations and bins and is cheaper on faster engines', () => {
    const base = estimateRun(PAPER_DEFAULTS, 529, 3, 'wasm');
    const longer = estimateRun({ ...PAPER_DEFAULTS, iterations: PAPER_DEFAULTS.iterations * 2 }, 529, 3, 'wasm');
    expect(longer.totalSeconds).toBeCloseTo(base.totalSeconds * 2, 6);
    const moreBins = estimateRun({ ...PAPER_DEFAULTS, solver: { kind: 'rk4', bins: 100, substeps: 1 } }, 529, 3, 'wasm');
    expect(moreBins.secondsPerIteration).toBeGreaterThan(base.secondsPerIteration * 1.9);
    expect(estimateRun(PAPER_DEFAULTS, 529, 3, 'tfjs').totalSeconds).toBeGreaterThan(base.totalSeconds);
    expect(base.memoryBytes).toBeGreaterThan(parameterCount(529, [100, 100]) * 16);
    expect(base.explanation).toContain('parameters');
  });

  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('1 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GiB');
  });
});

describe('run estimate calibration', () => {
  it('lands within a factor of two of the measured paper-shape iteration times (docs/benchmarks.md)', () => {
    // CPU ms per iteration measured for 529 genes, [100, 100], batch 3, 50 bins: tfjs-cpu ~2000, wasm ~13, native ~6.
    const measured = { tfjs: 2000, wasm: 13, native: 6 } as const;
    for (const [engine, ms] of Object.entries(measured) as [keyof typeof measured, number][]) {
      const estimated = estimateRun(PAPER_DEFAULTS, 529, 3, engine).secondsPerIteration * 1000;
      expect(estimated / ms).toBeGreaterThan(0.5);
      expect(estimated / ms).toBeLessThan(2);
    }
  });
});
