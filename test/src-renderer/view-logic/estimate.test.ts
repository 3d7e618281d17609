import { describe, expect, it } from 'vitest';
import { PAPER_DEFAULTS, RECOMMENDED_DEFAULTS } from '../../../src-shared/run-config.ts';
import type { TrajectorySelection } from '../../../src-shared/contract/types.ts';
import {
  estimateRun,
  formatBytes,
  genesToTrain,
  parameterCount,
  velocityEstimateForSelection,
} from '../../../src-renderer/view-logic/estimate.ts';
import { withMethod } from '../../../src-renderer/views/model-view.tsx';

/** CPU seconds of `pathreg fit --data resources/examples/hematopoiesis --train 12 --test 21 --engine wasm` (docs/benchmarks.md). */
const EXAMPLE_WASM_CPU_SECONDS = 45.3;

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
    // The live sparsity reads are about 50 a run, however long: only the iterations double.
    expect(longer.trainingSeconds - base.trainingSeconds).toBeCloseTo(base.secondsPerIteration * PAPER_DEFAULTS.iterations, 6);
    const moreBins = estimateRun({ ...PAPER_DEFAULTS, solver: { kind: 'rk4', bins: 100, substeps: 1 } }, 529, 3, 'wasm');
    // Twice the bins double the solver's work; the fixed cost per iteration (progress, optimiser) stays.
    expect(moreBins.secondsPerIteration).toBeGreaterThan(base.secondsPerIteration * 1.7);
    expect(estimateRun(PAPER_DEFAULTS, 529, 3, 'tfjs').totalSeconds).toBeGreaterThan(base.totalSeconds);
    expect(base.memoryBytes).toBeGreaterThan(parameterCount(529, [100, 100]) * 16);
    expect(base.explanation).toContain('parameters');
  });

  it('adds the per-cell evaluation of every donor and the read-out and files of a network growing with genes²', () => {
    const one = estimateRun(PAPER_DEFAULTS, 529, 3, 'wasm', 1);
    const two = estimateRun(PAPER_DEFAULTS, 529, 3, 'wasm', 2);
    expect(two.evaluationSeconds).toBeCloseTo(2 * one.evaluationSeconds, 9);
    expect(one.totalSeconds).toBeCloseTo(one.trainingSeconds + one.evaluationSeconds + one.writingSeconds, 9);
    const wide = estimateRun(PAPER_DEFAULTS, 2000, 1, 'wasm', 1);
    expect(wide.writingSeconds / one.writingSeconds).toBeCloseTo((2000 / 529) ** 2, 6);
    // HSMM with 2,000 genes: minutes after the last iteration, not "ETA 0 s" (issue 14).
    expect(wide.writingSeconds).toBeGreaterThan(20);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(512)).toBe('1 KiB');
    expect(formatBytes(5 * 1024 * 1024)).toBe('5.0 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.00 GiB');
  });
});

describe('run estimate calibration', () => {
  it('lands within a factor of two of the measured paper-shape iteration times (docs/benchmarks.md)', () => {
    // CPU ms per iteration measured for 529 genes, [100, 100], batch 3, 50 bins: tfjs-cpu ~2000; wasm ~5.5 and native
    // ~2.5 with the fused kernels (src-main/engine/engine-registry.ts; the README example trains 5,000 in 25 s on wasm).
    const measured = { tfjs: 2000, wasm: 5.5, native: 2.5 } as const;
    for (const [engine, ms] of Object.entries(measured) as [keyof typeof measured, number][]) {
      const estimated = estimateRun(PAPER_DEFAULTS, 529, 3, engine).secondsPerIteration * 1000;
      expect(estimated / ms).toBeGreaterThan(0.5);
      expect(estimated / ms).toBeLessThan(2);
    }
  });
});

describe('genes a run trains on, for the estimate', () => {
  it("typed genes; else every gene of the paper's tables; else the data's TFs with 100 variable genes", () => {
    expect(genesToTrain({ format: 'h5ad', genes: 2000, defaultTfsInData: 80 }, { genes: ['A', 'B'] })).toBe(2);
    expect(genesToTrain({ format: 'pathreg-tables', genes: 529 }, { genes: [] })).toBe(529);
    // HSMM: 2,000 genes, not "about 2 s" for every gene while training 2,000 took minutes (issue 14).
    expect(genesToTrain({ format: 'h5ad', genes: 2000, defaultTfsInData: 80 }, { genes: [] })).toBe(180);
    expect(genesToTrain({ format: 'csv', genes: 50, defaultTfsInData: 0 }, { genes: [] })).toBe(50);
  });
});

describe('the velocity estimate of the Model view', () => {
  // The bundled example's shape: 3,972 cells, donors 12 and 21, three lineages, 113 of 529 genes in the default TF list.
  const dataset = {
    format: 'pathreg-tables',
    genes: 529,
    cells: 3972,
    defaultTfsInData: 113,
    obs: [
      {
        name: 'donor',
        type: 'categorical' as const,
        missing: 0,
        levels: [
          { name: '12', cells: 1362 },
          { name: '21', cells: 2610 },
        ],
      },
      {
        name: 'lineage',
        type: 'categorical' as const,
        missing: 0,
        levels: [
          { name: 'eryth', cells: 1027 },
          { name: 'mono', cells: 2326 },
          { name: 'B', cells: 619 },
        ],
      },
    ],
  };
  const selection: TrajectorySelection = {
    genes: [],
    pseudotimeColumn: 'pseudotime',
    lineageColumn: 'lineage',
    donorColumn: 'donor',
    lineages: [],
    trainDonors: ['12'],
    testDonors: ['21'],
    trimStart: 10,
    trimEnd: 20,
  };
  const velocity = withMethod(RECOMMENDED_DEFAULTS, 'velocity');

  it("counts the training donor's cells less the trimmed ones, the default list's TFs as regulators, every donor evaluated", () => {
    const e = velocityEstimateForSelection(velocity, dataset, selection, 3);
    // 1,362 cells of donor 12, 3 trajectories less 30 trimmed each: 1,272; a fifth held out.
    expect(e.explanation).toMatch(/^113 regulators × 529 genes/);
    expect(e.explanation).toMatch(/254 held-out cells/);
    // Both donors evaluated: 3,972 cells less 30 trimmed from each of 6 trajectories.
    expect(e.explanation).toMatch(/evaluating 3,792 cells of 6 trajectories/);
    const all = velocityEstimateForSelection({ ...velocity, regulators: 'all' }, dataset, selection, 3);
    expect(all.explanation).toMatch(/^529 regulators/);
    expect(all.totalSeconds).toBeGreaterThan(e.totalSeconds);
  });

  it('follows the velocity settings and the engine', () => {
    const base = velocityEstimateForSelection(velocity, dataset, selection, 3);
    const longer = velocityEstimateForSelection({ ...velocity, velocity: { stageIterations: 200 } }, dataset, selection, 3);
    expect(longer.pathSeconds / base.pathSeconds).toBeCloseTo(2, 6);
    const native = velocityEstimateForSelection({ ...velocity, engine: 'native' }, dataset, selection, 3);
    expect(native.totalSeconds).toBeLessThan(base.totalSeconds);
    const bothDonors = velocityEstimateForSelection(velocity, dataset, { ...selection, trainDonors: [], testDonors: [] }, 3);
    expect(bothDonors.cutoffSeconds).toBeGreaterThan(base.cutoffSeconds);
  });

  it('is within a factor of two of the CPU time measured for the example on wasm (docs/benchmarks.md)', () => {
    const e = velocityEstimateForSelection({ ...velocity, engine: 'wasm' }, dataset, selection, 3);
    expect(e.totalSeconds / EXAMPLE_WASM_CPU_SECONDS).toBeGreaterThan(0.5);
    expect(e.totalSeconds / EXAMPLE_WASM_CPU_SECONDS).toBeLessThan(2);
  });
});
