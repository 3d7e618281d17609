import { describe, expect, it } from 'vitest';
import { VELOCITY_COSTS, velocityKernelOf, velocityRunEstimate, type VelocityRunShape } from '../../src-shared/velocity-run-estimate.ts';

/** The bundled example as `pathreg fit --train 12 --test 21` runs it: 529 genes, 113 TF sources, donor 12's cells. */
const EXAMPLE: VelocityRunShape = {
  genes: 529,
  sources: 113,
  trainingCells: 1272,
  trainingTrajectories: 3,
  evaluatedCells: 3791,
  evaluatedTrajectories: 6,
  kernel: 'wasm',
};

const total = (patch: Partial<VelocityRunShape>) => velocityRunEstimate({ ...EXAMPLE, ...patch }).totalSeconds;

describe('velocityRunEstimate', () => {
  it('adds up its steps', () => {
    const e = velocityRunEstimate(EXAMPLE);
    const steps = [
      e.readingSeconds,
      e.targetsSeconds,
      e.pathSeconds,
      e.cutoffSeconds,
      e.refineSeconds,
      e.evaluationSeconds,
      e.writingSeconds,
    ];
    for (const seconds of steps) expect(seconds).toBeGreaterThan(0);
    expect(e.totalSeconds).toBeCloseTo(
      steps.reduce((a, b) => a + b, 0),
      9,
    );
    expect(e.afterPathSeconds).toBeCloseTo(e.cutoffSeconds + e.refineSeconds + e.evaluationSeconds + e.writingSeconds, 9);
    // The defaults: 20 stages of 100 iterations.
    expect(e.pathIterations).toBe(2000);
    expect(e.pathSeconds).toBeCloseTo(e.pathIterations * e.secondsPerIteration, 9);
    expect(e.explanation).toMatch(/113 regulators × 529 genes \(59,777 pairs\)/);
    expect(e.explanation).toMatch(/2,000 iterations of 256 cells on wasm/);
  });

  it('grows with genes, regulators, cells, iterations, batch and evaluated trajectories', () => {
    const base = total({});
    expect(total({ genes: 2000 })).toBeGreaterThan(base);
    expect(total({ sources: 529 })).toBeGreaterThan(base);
    // More cells: more held-out cells to score the cut-off on and more targets, even once the batch is full.
    expect(total({ trainingCells: 5000 })).toBeGreaterThan(base);
    // Fewer cells than the batch: each iteration touches fewer cells.
    expect(velocityRunEstimate({ ...EXAMPLE, trainingCells: 100 }).secondsPerIteration).toBeLessThan(
      velocityRunEstimate(EXAMPLE).secondsPerIteration,
    );
    expect(total({ settings: { stages: 40 } })).toBeGreaterThan(base);
    expect(total({ settings: { stageIterations: 200 } })).toBeGreaterThan(base);
    expect(total({ settings: { iterations: 500 } })).toBeGreaterThan(base);
    expect(total({ settings: { batch: 512 } })).toBeGreaterThan(base);
    expect(total({ evaluatedCells: 8000 })).toBeGreaterThan(base);
    expect(total({ settings: { refine: 0 } })).toBeLessThan(base);
    expect(velocityRunEstimate({ ...EXAMPLE, settings: { refine: 0 } }).refineSeconds).toBe(0);
  });

  it('doubles the path with twice the stage iterations, and scales it with the batch', () => {
    const base = velocityRunEstimate(EXAMPLE);
    const longer = velocityRunEstimate({ ...EXAMPLE, settings: { stageIterations: 200 } });
    expect(longer.pathSeconds / base.pathSeconds).toBeCloseTo(2, 9);
    const small = velocityRunEstimate({ ...EXAMPLE, settings: { batch: 64 } });
    expect(small.secondsPerIteration).toBeLessThan(base.secondsPerIteration / 2);
  });

  it('orders the engines: native faster than wasm, wasm than the TypeScript loops, those than tfjs', () => {
    const native = total({ kernel: 'native' });
    const wasm = total({ kernel: 'wasm' });
    const typescript = total({ kernel: 'typescript' });
    const tfjs = total({ kernel: 'tfjs' });
    expect(native).toBeLessThan(wasm);
    expect(wasm).toBeLessThan(typescript);
    expect(typescript).toBeLessThan(tfjs);
    // Only the path's kernel depends on the engine: what follows it is TypeScript on every engine.
    expect(velocityRunEstimate({ ...EXAMPLE, kernel: 'native' }).afterPathSeconds).toBeCloseTo(
      velocityRunEstimate(EXAMPLE).afterPathSeconds,
      9,
    );
  });

  it('holds no cells out for a named cut-off, and none when too few cells could be', () => {
    const named = velocityRunEstimate({ ...EXAMPLE, settings: { cutoff: 0.1 } });
    const heldOut = velocityRunEstimate(EXAMPLE);
    expect(named.cutoffSeconds).toBeLessThan(heldOut.cutoffSeconds / 10);
    expect(named.explanation).not.toMatch(/held-out/);
    expect(heldOut.explanation).toMatch(/254 held-out cells/);
    // 40 cells: 8 held out, fewer than the 10 the fit needs, so it trains on all and keeps the last stage.
    expect(velocityRunEstimate({ ...EXAMPLE, trainingCells: 40 }).explanation).not.toMatch(/held-out/);
  });

  it('caps refinement at about the cost of the path, as refine-for-run.ts does', () => {
    // A tiny path (1 stage of 5 iterations of 2 cells) leaves refinement a budget of a few iterations, not 200.
    const tiny = velocityRunEstimate({ ...EXAMPLE, genes: 5, sources: 5, trainingCells: 2, settings: { stages: 1, stageIterations: 5 } });
    expect(tiny.explanation).toMatch(/^5 regulators/);
    expect(tiny.refineSeconds).toBeLessThan(velocityRunEstimate({ ...EXAMPLE, genes: 5, sources: 5 }).refineSeconds);
  });

  it('has a measured cost per engine for every kernel the fit can choose', () => {
    for (const kernel of ['native', 'wasm', 'typescript', 'tfjs'] as const)
      expect(VELOCITY_COSTS.cellPairSeconds[kernel]).toBeGreaterThan(0);
    expect(velocityKernelOf('native')).toBe('native');
    expect(velocityKernelOf('wasm')).toBe('wasm');
    // auto, cpu and webgpu train the velocity field on native where it is built, else wasm: counted as wasm.
    expect(velocityKernelOf('auto')).toBe('wasm');
    expect(velocityKernelOf('webgpu')).toBe('wasm');
  });
});
