import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { readCheckpoint } from '../../../../src-main/engine/training/checkpoint.ts';
import { runTraining, type TrainingProgress } from '../../../../src-main/engine/training/run-training.ts';
import { TrainingControl } from '../../../../src-main/engine/training/training-control.ts';
import { createTfjsEngineFactory } from '../../../../src-main/engine/reference/tfjs-engine.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../../../src-shared/run-config.ts';
import { smallProblem } from '../reference/small-problem.ts';
import { ToyEngine } from './toy-engine.ts';

const GENES = ['g0', 'g1', 'g2', 'g3'];

function config(overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  return { ...PAPER_DEFAULTS, model: { hidden: [5, 3], activation: 'first' }, iterations: 10, checkpointEvery: 4, ...overrides };
}

function toyProblem(): TrainingProblem {
  return smallProblem({ genes: 4, hidden: [5, 3] }).problem;
}

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'pathreg-loop-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('runTraining', () => {
  it('continues bit for bit after a resume: 2×N iterations equal N + resume + N (toy engine)', async () => {
    const problem = toyProblem();
    const straight = await runTraining({ problem, config: config({ iterations: 12 }), engine: new ToyEngine(problem), genes: GENES, dataSha256: 'x', checkpointPath: null });
    const path = join(folder, 'checkpoint.bin');
    const first = await runTraining({ problem, config: config({ iterations: 6 }), engine: new ToyEngine(problem), genes: GENES, dataSha256: 'x', checkpointPath: path });
    expect(first.status).toBe('completed');
    const resume = await readCheckpoint(path);
    expect(resume.iteration).toBe(6);
    const second = await runTraining({ problem, config: config({ iterations: 12 }), engine: new ToyEngine(problem), genes: GENES, dataSha256: 'x', checkpointPath: path, resume });
    if (straight.status === 'diverged' || second.status === 'diverged') throw new Error('unexpected divergence');
    expect(second.iteration).toBe(12);
    expect(Buffer.from(second.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(true);
    expect(Buffer.from(second.checkpoint.optimizer.v.buffer).equals(Buffer.from(straight.checkpoint.optimizer.v.buffer))).toBe(true);
    expect(second.checkpoint.randomState).toEqual(straight.checkpoint.randomState);
    // And the resumed run really differs from a fresh one, so the comparison above can fail.
    const fresh = await runTraining({ problem, config: config({ iterations: 6 }), engine: new ToyEngine(problem), genes: GENES, dataSha256: 'x', checkpointPath: null });
    if (fresh.status === 'diverged') throw new Error('unexpected divergence');
    expect(Buffer.from(fresh.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(false);
  });

  it('continues bit for bit after a resume with the real TF.js engine and reduce-on-plateau', async () => {
    const { problem } = smallProblem({ genes: 4, hidden: [5, 3], batch: 2, bins: 5 });
    const factory = createTfjsEngineFactory({ backend: 'cpu' });
    const cfg = (iterations: number) => config({ iterations, optimizer: { learningRate: 0.05, plateauPatience: 2 } });
    const run = async (iterations: number, checkpointPath: string | null, resume?: Awaited<ReturnType<typeof readCheckpoint>>) => {
      const engine = await factory.create(problem);
      try {
        return await runTraining({ problem, config: cfg(iterations), engine, genes: GENES, dataSha256: 'x', checkpointPath, resume });
      } finally {
        engine.dispose();
      }
    };
    const straight = await run(16, null);
    const path = join(folder, 'checkpoint.bin');
    await run(8, path);
    const second = await run(16, path, await readCheckpoint(path));
    if (straight.status === 'diverged' || second.status === 'diverged') throw new Error('unexpected divergence');
    expect(Buffer.from(second.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(true);
    // The plateau schedule must have acted, so its saved state matters to the comparison.
    expect(straight.checkpoint.learningRate).toBeLessThan(0.05);
    expect(second.checkpoint.learningRate).toBe(straight.checkpoint.learningRate);
    expect(second.checkpoint.plateau).toEqual(straight.checkpoint.plateau);
    expect(second.checkpoint.lastTerms).toEqual(straight.checkpoint.lastTerms);
  });

  it('stops on a NaN loss, names the iteration and keeps the last good checkpoint untouched', async () => {
    const problem = toyProblem();
    const path = join(folder, 'checkpoint.bin');
    const outcome = await runTraining({ problem, config: config({ iterations: 10, checkpointEvery: 4 }), engine: new ToyEngine(problem, { nanLossAtCall: 7 }), genes: GENES, dataSha256: 'x', checkpointPath: path });
    expect(outcome.status).toBe('diverged');
    if (outcome.status !== 'diverged') return;
    expect(outcome.iteration).toBe(7);
    expect(outcome.message).toMatch(/iteration 7: the loss is NaN/);
    expect(outcome.message).toMatch(/last good checkpoint \(iteration 4\)/);
    const kept = await readCheckpoint(path);
    expect(kept.iteration).toBe(4);
    expect(kept.parameters.every(Number.isFinite)).toBe(true);
  });

  it('stops when a parameter becomes infinite after the update', async () => {
    const problem = toyProblem();
    const outcome = await runTraining({ problem, config: config(), engine: new ToyEngine(problem, { infParameterAtCall: 2 }), genes: GENES, dataSha256: 'x', checkpointPath: null });
    expect(outcome.status).toBe('diverged');
    if (outcome.status === 'diverged') {
      expect(outcome.iteration).toBe(2);
      expect(outcome.message).toMatch(/parameter 0 became Infinity/);
      expect(outcome.message).toMatch(/no checkpoint had been written yet/);
    }
  });

  it('reports progress with rate and ETA from the clock, and writes checkpoints every N and at the end', async () => {
    const problem = toyProblem();
    let clock = 0;
    const reports: TrainingProgress[] = [];
    const path = join(folder, 'checkpoint.bin');
    const outcome = await runTraining({
      problem, config: config({ iterations: 10, checkpointEvery: 3 }), genes: GENES, dataSha256: 'abc', checkpointPath: path,
      // Each iteration "takes" 500 ms: 2 iterations per second.
      engine: new ToyEngine(problem, { onTrainStep: () => (clock += 500) }),
      now: () => clock,
      onProgress: (p) => reports.push(p),
    });
    expect(outcome.status).toBe('completed');
    expect(reports.map((r) => r.iteration)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(reports[4].iterationsPerSecond).toBeCloseTo(2, 6);
    expect(reports[4].etaSeconds).toBeCloseTo(2.5, 6);
    expect(reports[9].engine).toBe('tfjs');
    const saved = await readCheckpoint(path);
    expect(saved.iteration).toBe(10);
    expect(saved.dataSha256).toBe('abc');
    expect(saved.genes).toEqual(GENES);
  });

  it('lets timers and signals run between iterations, so a cancel from a timer arrives', async () => {
    // The toy engine never leaves the microtask queue; without a macrotask turn per iteration this timer never fires.
    const problem = toyProblem();
    const control = new TrainingControl();
    setTimeout(() => control.cancel(), 20);
    const outcome = await runTraining({ problem, config: config({ iterations: 200_000, checkpointEvery: 1_000_000 }), engine: new ToyEngine(problem), genes: GENES, dataSha256: 'x', checkpointPath: null, control });
    expect(outcome.status).toBe('cancelled');
    if (outcome.status === 'cancelled') expect(outcome.iteration).toBeLessThan(200_000);
  });

  it('acknowledges pause between iterations with a checkpoint, then resumes; cancel stops with a checkpoint', async () => {
    const problem = toyProblem();
    const control = new TrainingControl();
    const path = join(folder, 'checkpoint.bin');
    const seen: TrainingProgress[] = [];
    const running = runTraining({
      problem, config: config({ iterations: 50, checkpointEvery: 1000 }), engine: new ToyEngine(problem), genes: GENES, dataSha256: 'x', checkpointPath: path, control,
      onProgress: (p) => {
        seen.push(p);
        if (p.iteration === 3 && !p.paused) control.pause();
        if (p.paused) setTimeout(() => control.resume(), 10);
        if (p.iteration === 20 && !p.paused) control.cancel();
      },
    });
    const outcome = await running;
    const paused = seen.find((p) => p.paused);
    expect(paused?.iteration).toBe(3);
    expect(outcome.status).toBe('cancelled');
    if (outcome.status === 'cancelled') expect(outcome.iteration).toBe(20);
    expect((await readCheckpoint(path)).iteration).toBe(20);
    expect((await readFile(path)).length).toBeGreaterThan(0);
  });
});
