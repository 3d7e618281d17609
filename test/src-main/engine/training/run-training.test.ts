import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrainingEngine, TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import {
  bestCheckpointPath,
  decodeCheckpoint,
  readCheckpoint,
  type TrainingCheckpoint,
} from '../../../../src-main/engine/training/checkpoint.ts';
import { wasmEngineFactory } from '../../../../src-main/engine/wasm/wasm-engine.ts';
import { initializeParameters } from '../../../../src-main/engine/model/initialize.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import {
  runTraining,
  VALIDATE_EVERY,
  type RunTrainingOptions,
  type TrainingOutcome,
  type TrainingProgress,
} from '../../../../src-main/engine/training/run-training.ts';
import { TrainingControl } from '../../../../src-main/engine/training/training-control.ts';
import { createTfjsEngineFactory } from '../../../../src-main/engine/reference/tfjs-engine.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../../../src-shared/run-config.ts';
import { smallProblem } from '../reference/small-problem.ts';
import { ToyEngine, type ToyEngineOptions } from './toy-engine.ts';
import { DeviceResidentEngine, FailingDeviceEngine } from './device-engines.ts';

const GENES = ['g0', 'g1', 'g2', 'g3'];

function config(overrides: Partial<TrainingConfig> = {}): TrainingConfig {
  return { ...PAPER_DEFAULTS, model: { hidden: [5, 3], activation: 'first' }, iterations: 10, checkpointEvery: 4, ...overrides };
}

function toyProblem(): TrainingProblem {
  return smallProblem({ genes: 4, hidden: [5, 3] }).problem;
}

/** runTraining on a fresh toy engine (with its fault options in `toy`): config(), no checkpoint file unless given. */
function trainToy(
  problem: TrainingProblem,
  options: Partial<RunTrainingOptions> & { toy?: ToyEngineOptions } = {},
): Promise<TrainingOutcome> {
  const { toy, ...rest } = options;
  return runTraining({
    problem,
    config: config(),
    engine: new ToyEngine(problem, toy),
    genes: GENES,
    dataSha256: 'x',
    checkpointPath: null,
    ...rest,
  });
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
    const straight = await trainToy(problem, { config: config({ iterations: 12 }) });
    const path = join(folder, 'checkpoint.bin');
    const first = await trainToy(problem, { config: config({ iterations: 6 }), checkpointPath: path });
    expect(first.status).toBe('completed');
    const resume = await readCheckpoint(path);
    expect(resume.iteration).toBe(6);
    const second = await trainToy(problem, { config: config({ iterations: 12 }), checkpointPath: path, resume });
    if (!('parameters' in straight) || !('parameters' in second)) throw new Error('unexpected failure');
    expect(second.iteration).toBe(12);
    expect(Buffer.from(second.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(true);
    expect(Buffer.from(second.checkpoint.optimizer.v.buffer).equals(Buffer.from(straight.checkpoint.optimizer.v.buffer))).toBe(true);
    expect(second.checkpoint.randomState).toEqual(straight.checkpoint.randomState);
    // And the resumed run really differs from a fresh one, so the comparison above can fail.
    const fresh = await trainToy(problem, { config: config({ iterations: 6 }) });
    if (!('parameters' in fresh)) throw new Error('unexpected failure');
    expect(Buffer.from(fresh.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(false);
  });

  it('continues bit for bit after a resume with the real TF.js engine and reduce-on-plateau', async () => {
    const { problem } = smallProblem({ genes: 4, hidden: [5, 3], batch: 2, bins: 5 });
    const factory = createTfjsEngineFactory({ backend: 'cpu' });
    const cfg = (iterations: number) => config({ iterations, optimizer: { learningRate: 0.05, plateauPatience: 2 } });
    const run = async (iterations: number, checkpointPath: string | null, resume?: Awaited<ReturnType<typeof readCheckpoint>>) => {
      const engine = await factory.create(problem);
      try {
        return await runTraining({
          problem,
          config: cfg(iterations),
          engine,
          genes: GENES,
          dataSha256: 'x',
          checkpointPath,
          resume,
          validateEvery: 3,
        });
      } finally {
        engine.dispose();
      }
    };
    const straight = await run(16, null);
    const path = join(folder, 'checkpoint.bin');
    await run(8, path);
    const second = await run(16, path, await readCheckpoint(path));
    if (!('parameters' in straight) || !('parameters' in second)) throw new Error('unexpected failure');
    expect(Buffer.from(second.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(true);
    // The plateau schedule must have acted, so its saved state matters to the comparison.
    expect(straight.checkpoint.learningRate).toBeLessThan(0.05);
    expect(second.checkpoint.learningRate).toBe(straight.checkpoint.learningRate);
    expect(second.checkpoint.plateau).toEqual(straight.checkpoint.plateau);
    expect(second.checkpoint.lastTerms).toEqual(straight.checkpoint.lastTerms);
    // The best model by validation loss (checked every 3 iterations, across the resume at 8) is the same, bit for bit.
    expect(second.bestIteration).toBe(straight.bestIteration);
    expect(second.finalValidationLoss).toBe(straight.finalValidationLoss);
    expect(Buffer.from(second.best!.parameters.buffer).equals(Buffer.from(straight.best!.parameters.buffer))).toBe(true);
  });

  it('keeps the best model by validation loss when the run is ruined late, and writes it beside the last checkpoint', async () => {
    const problem = toyProblem();
    const path = join(folder, 'checkpoint.bin');
    const outcome = await trainToy(problem, {
      config: config({ iterations: 12, checkpointEvery: 4 }),
      toy: { ruinAtStep: 9 },
      checkpointPath: path,
      validateEvery: 2,
    });
    if (outcome.status !== 'completed') throw new Error(`unexpected ${outcome.status}`);
    // Validations at 2, 4, 6, 8 (before the ruin at step 9), 10, 12: the best is one of the first four.
    expect(outcome.bestIteration).not.toBeNull();
    expect(outcome.bestIteration!).toBeLessThanOrEqual(8);
    expect(outcome.best!.validationLoss).toBeLessThan(outcome.finalValidationLoss);
    expect(Buffer.from(outcome.best!.parameters.buffer).equals(Buffer.from(outcome.parameters.buffer))).toBe(false);
    expect(outcome.bestCheckpointPath).toBe(bestCheckpointPath(path));
    const onDisk = await readCheckpoint(bestCheckpointPath(path));
    expect(onDisk.iteration).toBe(outcome.bestIteration);
    expect(Buffer.from(onDisk.parameters.buffer).equals(Buffer.from(outcome.best!.parameters.buffer))).toBe(true);
    // The last checkpoint names the same best model and carries its parameters.
    const last = await readCheckpoint(path);
    expect(last.iteration).toBe(12);
    expect(last.best?.iteration).toBe(outcome.bestIteration);
    expect(outcome.rejectedIterations).toBe(0);
    expect(outcome.restarts).toBe(0);
  });

  it('validates every 10 iterations by default, so a run ruined a few iterations after a validation keeps that model', async () => {
    expect(VALIDATE_EVERY).toBe(10);
    const outcome = await trainToy(toyProblem(), { config: config({ iterations: 20, checkpointEvery: 20 }), toy: { ruinAtStep: 13 } });
    if (outcome.status !== 'completed') throw new Error(`unexpected ${outcome.status}`);
    // Validations at 10 and 20 only: the model at 10, three iterations before the ruin, is the best.
    expect(outcome.bestIteration).toBe(10);
    expect(outcome.best!.validationLoss).toBeLessThan(outcome.finalValidationLoss);
    // With the old cadence of 50 a run this short had no validation at all, so nothing could be kept.
    const coarse = await trainToy(toyProblem(), {
      config: config({ iterations: 20, checkpointEvery: 20 }),
      toy: { ruinAtStep: 13 },
      validateEvery: 50,
    });
    if (coarse.status !== 'completed') throw new Error(`unexpected ${coarse.status}`);
    expect(coarse.bestIteration).toBeNull();
  });

  it('a run that only improves keeps its last model as the best', async () => {
    const outcome = await trainToy(toyProblem(), { config: config({ iterations: 8 }), validateEvery: 4 });
    if (outcome.status !== 'completed') throw new Error(`unexpected ${outcome.status}`);
    expect(outcome.bestIteration).toBe(8);
    expect(outcome.finalValidationLoss).toBe(outcome.best!.validationLoss);
    expect(outcome.bestCheckpointPath).toBeNull();
  });

  it('keeps choosing the same best model after a resume: best parameters, iteration and file bit for bit', async () => {
    const problem = toyProblem();
    const straightPath = join(folder, 'straight', 'checkpoint.bin');
    const resumedPath = join(folder, 'resumed', 'checkpoint.bin');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(join(folder, 'straight'));
    await mkdir(join(folder, 'resumed'));
    const common = { toy: { ruinAtStep: 9 }, validateEvery: 2 };
    const straight = await trainToy(problem, {
      ...common,
      config: config({ iterations: 14, checkpointEvery: 4 }),
      checkpointPath: straightPath,
    });
    await trainToy(problem, { ...common, config: config({ iterations: 10, checkpointEvery: 4 }), checkpointPath: resumedPath });
    const resume = await readCheckpoint(resumedPath);
    expect(resume.best?.iteration).toBeLessThanOrEqual(8);
    const second = await trainToy(problem, {
      ...common,
      config: config({ iterations: 14, checkpointEvery: 4 }),
      checkpointPath: resumedPath,
      resume,
    });
    if (straight.status !== 'completed' || second.status !== 'completed') throw new Error('unexpected failure');
    expect(second.bestIteration).toBe(straight.bestIteration);
    expect(second.best!.validationLoss).toBe(straight.best!.validationLoss);
    expect(Buffer.from(second.best!.parameters.buffer).equals(Buffer.from(straight.best!.parameters.buffer))).toBe(true);
    expect(Buffer.from(second.parameters.buffer).equals(Buffer.from(straight.parameters.buffer))).toBe(true);
    const a = await readCheckpoint(bestCheckpointPath(straightPath));
    const b = await readCheckpoint(bestCheckpointPath(resumedPath));
    expect(Buffer.from(a.parameters.buffer).equals(Buffer.from(b.parameters.buffer))).toBe(true);
    expect(b.iteration).toBe(a.iteration);
  });

  it('rejects an iteration whose loss is NaN (its update is not applied), goes on with the next gates and says so', async () => {
    const problem = toyProblem();
    const seen: number[] = [];
    const cfg = config({ iterations: 10, checkpointEvery: 4 });
    const outcome = await trainToy(problem, {
      config: cfg,
      toy: { nanLossAtCall: 7 },
      checkpointPath: join(folder, 'checkpoint.bin'),
      onProgress: (p) => seen.push(p.iteration),
    });
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    // Call 7 would have been iteration 7; call 8 is iteration 7 instead, and nothing is done twice.
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(outcome.notes).toHaveLength(1);
    expect(outcome.notes[0]).toMatch(
      /^1 iteration\(s\) \(7\) drew gates that made the solve or its gradient overflow; their updates were not applied and training went on with the next gates$/,
    );
    expect(outcome.checkpoint.learningRate).toBe(cfg.optimizer.learningRate);
    expect(outcome.checkpoint.optimizer.step).toBe(10);
  });

  it('restarts from the last checkpoint at half the learning rate when a parameter stops being finite, and finishes', async () => {
    const problem = toyProblem();
    const seen: number[] = [];
    const noted: string[] = [];
    const cfg = config({ iterations: 10, checkpointEvery: 4 });
    const outcome = await trainToy(problem, {
      config: cfg,
      toy: { infParameterAtCall: 6 },
      checkpointPath: join(folder, 'checkpoint.bin'),
      onProgress: (p) => seen.push(p.iteration),
      onNote: (line) => noted.push(line),
    });
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    // Iteration 5 is done again after the restart from the checkpoint at 4.
    expect(seen).toEqual([1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10]);
    expect(outcome.notes).toEqual([
      'iteration 6: parameter 0 became Infinity after the update; restarted from iteration 4 with the learning rate halved to 0.005 (restart 1 of at most 3)',
    ]);
    expect(noted).toEqual(outcome.notes);
    expect(outcome.checkpoint.learningRate).toBe(cfg.optimizer.learningRate / 2);
    expect(outcome.checkpoint.iteration).toBe(10);
    expect(outcome.parameters.every(Number.isFinite)).toBe(true);
  });

  it('lets a finite spike (a fully opened gate can make one RK4 solve explode to 1e14) through: no restart, no rejection', async () => {
    const problem = toyProblem();
    const noted: string[] = [];
    const outcome = await trainToy(problem, { toy: { blowUpAtCall: 6 }, onNote: (line) => noted.push(line) });
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    expect(outcome.notes).toEqual([]);
    expect(noted).toEqual([]);
    expect(outcome.checkpoint.optimizer.step).toBe(10);
  });

  it('after 20 rejected iterations in a row restarts, and gives up after 3 restarts: stops, names the iteration, keeps the last good checkpoint', async () => {
    const problem = toyProblem();
    const path = join(folder, 'checkpoint.bin');
    const noted: string[] = [];
    const outcome = await trainToy(problem, {
      config: config({ iterations: 10, checkpointEvery: 4 }),
      toy: { nanLossFromCall: 7 },
      checkpointPath: path,
      onNote: (line) => noted.push(line),
    });
    expect(outcome.status).toBe('diverged');
    if (outcome.status !== 'diverged') return;
    // Each restart halves the rate again.
    expect(noted.map((line) => /halved to (\S+) /.exec(line)?.[1])).toEqual(['0.005', '0.0025', '0.00125']);
    expect(outcome.iteration).toBe(5);
    expect(outcome.message).toMatch(
      /iteration 5: the loss is NaN, after 3 restart\(s\) from the last good state at half the learning rate/,
    );
    expect(outcome.message).toMatch(/last good checkpoint \(iteration 4\)/);
    const kept = await readCheckpoint(path);
    expect(kept.iteration).toBe(4);
    expect(kept.parameters.every(Number.isFinite)).toBe(true);
  });

  it('restarts from the start when a parameter becomes infinite before the first checkpoint', async () => {
    const problem = toyProblem();
    const outcome = await trainToy(problem, { toy: { infParameterAtCall: 2 } });
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    expect(outcome.notes[0]).toMatch(/^iteration 2: parameter 0 became Infinity after the update; restarted from iteration 0/);
    expect(outcome.parameters.every(Number.isFinite)).toBe(true);
  });

  it('reports progress with rate and ETA from the clock, and writes checkpoints every N and at the end', async () => {
    const problem = toyProblem();
    let clock = 0;
    const reports: TrainingProgress[] = [];
    const path = join(folder, 'checkpoint.bin');
    const outcome = await trainToy(problem, {
      config: config({ iterations: 10, checkpointEvery: 3 }),
      dataSha256: 'abc',
      checkpointPath: path,
      // Each iteration "takes" 500 ms: 2 iterations per second.
      toy: { onTrainStep: () => (clock += 500) },
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
    const outcome = await trainToy(problem, { config: config({ iterations: 200_000, checkpointEvery: 1_000_000 }), control });
    expect(outcome.status).toBe('cancelled');
    if (outcome.status === 'cancelled') expect(outcome.iteration).toBeLessThan(200_000);
  });

  it('acknowledges pause between iterations with a checkpoint, then resumes; cancel stops with a checkpoint', async () => {
    const problem = toyProblem();
    const control = new TrainingControl();
    const path = join(folder, 'checkpoint.bin');
    const seen: TrainingProgress[] = [];
    const running = trainToy(problem, {
      config: config({ iterations: 50, checkpointEvery: 1000 }),
      checkpointPath: path,
      control,
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

describe('runTraining with an engine that keeps its state on a device', () => {
  const wasmProblem = () => smallProblem({ genes: 4, hidden: [5, 3], batch: 2, bins: 5 }).problem;
  const wasmConfig = (iterations: number, checkpointEvery: number) =>
    config({ iterations, checkpointEvery, optimizer: { learningRate: 0.05, plateauPatience: 0 } });
  const bits = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

  /** Runs on a fresh wasm engine, optionally wrapped; reads the checkpoint file after iteration `peekAt`. */
  async function train(
    iterations: number,
    checkpointEvery: number,
    options: { wrap?: (engine: TrainingEngine) => TrainingEngine; path?: string | null; resume?: TrainingCheckpoint; peekAt?: number } = {},
  ) {
    const problem = wasmProblem();
    const inner = await wasmEngineFactory.create(problem);
    const engine = options.wrap ? options.wrap(inner) : inner;
    let peeked: TrainingCheckpoint | null = null;
    const path = options.path === undefined ? join(folder, `run-${Math.random().toString(36).slice(2)}.bin`) : options.path;
    try {
      const outcome = await runTraining({
        problem,
        config: wasmConfig(iterations, checkpointEvery),
        engine,
        genes: GENES,
        dataSha256: 'x',
        checkpointPath: path,
        resume: options.resume,
        onProgress: (p) => {
          if (p.iteration === options.peekAt && path) peeked = decodeCheckpoint(readFileSync(path), path);
        },
      });
      return { outcome, engine, path, peeked: peeked as TrainingCheckpoint | null };
    } finally {
      engine.dispose();
    }
  }

  it('reads the parameters back before every checkpoint and before returning them: same numbers as the CPU engine', async () => {
    const plain = await train(10, 4, { peekAt: 6 });
    const device = await train(10, 4, { wrap: (e) => new DeviceResidentEngine(e), peekAt: 6 });
    if (!('parameters' in plain.outcome) || !('parameters' in device.outcome)) throw new Error('unexpected failure');
    expect(device.outcome.status).toBe('completed');
    expect((device.engine as DeviceResidentEngine).synchronizeCalls).toBeGreaterThanOrEqual(3);
    // The checkpoint written at iteration 8 (read after iteration 6: the one of iteration 4) holds trained numbers.
    expect(device.peeked?.iteration).toBe(4);
    expect(bits(device.peeked!.parameters).equals(bits(plain.peeked!.parameters))).toBe(true);
    expect(bits(device.peeked!.optimizer.m).equals(bits(plain.peeked!.optimizer.m))).toBe(true);
    expect(device.peeked!.optimizer.step).toBe(4);
    expect(bits(device.outcome.parameters).equals(bits(plain.outcome.parameters))).toBe(true);
    const final = await readCheckpoint(device.path!);
    expect(bits(final.optimizer.v).equals(bits(plain.outcome.checkpoint.optimizer.v))).toBe(true);
    // Without the read-back the host arrays would still hold the seed's initialisation: make sure that differs.
    const initial = initializeParameters(
      parameterLayout(4, { hidden: [5, 3], activation: 'first' }),
      new SeededRandom(wasmConfig(1, 1).seed),
    );
    expect(bits(initial).equals(bits(device.peeked!.parameters))).toBe(false);
    expect(bits(initial).equals(bits(device.outcome.parameters))).toBe(false);
  });

  it('ends with device-failed when the GPU is lost, keeps the last checkpoint, and a CPU engine continues it to the same result', async () => {
    const path = join(folder, 'checkpoint.bin');
    const failed = await train(10, 4, { wrap: (e) => new FailingDeviceEngine(e, { failAtCall: 7, synchronizeFailsAfter: true }), path });
    expect(failed.outcome.status).toBe('device-failed');
    if (failed.outcome.status !== 'device-failed') return;
    expect(failed.outcome.iteration).toBe(6);
    expect(failed.outcome.kind).toBe('device-lost');
    expect(failed.outcome.checkpointPath).toBe(path);
    expect(failed.outcome.lastGood.iteration).toBe(4);
    expect(failed.outcome.message).toMatch(
      /The wasm engine lost its GPU .*: Device was lost .*Training stopped after iteration 6; the checkpoint at iteration 4 is kept at ".*checkpoint\.bin"; iterations 5–6 were on the device only and are lost\./,
    );
    const kept = await readCheckpoint(path);
    expect(kept.iteration).toBe(4);
    expect(kept.parameters.every(Number.isFinite)).toBe(true);

    const continued = await train(10, 4, { path, resume: kept });
    const straight = await train(10, 4, { path: null });
    if (!('parameters' in continued.outcome) || !('parameters' in straight.outcome)) throw new Error('unexpected failure');
    expect(continued.outcome.status).toBe('completed');
    expect(bits(continued.outcome.parameters).equals(bits(straight.outcome.parameters))).toBe(true);
  });

  it('writes the starting state as the checkpoint when the device fails before the first one, so the run can still continue', async () => {
    const path = join(folder, 'checkpoint.bin');
    const failed = await train(6, 100, { wrap: (e) => new FailingDeviceEngine(e, { failAtCall: 3, kind: 'out-of-memory' }), path });
    expect(failed.outcome.status).toBe('device-failed');
    if (failed.outcome.status !== 'device-failed') return;
    expect(failed.outcome.message).toMatch(
      /ran out of GPU memory.*the checkpoint at iteration 0 is kept at .*iterations 1–2 were on the device only/,
    );
    const kept = await readCheckpoint(path);
    expect(kept.iteration).toBe(0);
    const continued = await train(6, 100, { path, resume: kept });
    const straight = await train(6, 100, { path: null });
    if (!('parameters' in continued.outcome) || !('parameters' in straight.outcome)) throw new Error('unexpected failure');
    expect(bits(continued.outcome.parameters).equals(bits(straight.outcome.parameters))).toBe(true);
  });

  it('never replaces a good checkpoint with non-finite numbers read back from the device', async () => {
    const path = join(folder, 'checkpoint.bin');
    class CorruptingEngine extends DeviceResidentEngine {
      calls = 0;
      override async trainStep(...args: Parameters<TrainingEngine['trainStep']>) {
        const terms = await super.trainStep(...args);
        if (++this.calls === 8) this.corruptDeviceParameters();
        return terms;
      }
    }
    const outcome = (await train(10, 4, { wrap: (e) => new CorruptingEngine(e), path })).outcome;
    expect(outcome.status).toBe('diverged');
    if (outcome.status !== 'diverged') return;
    expect(outcome.message).toMatch(
      /iteration 8: parameter 0 became NaN after the update \(found when the wasm engine's parameters were read back for a checkpoint\); the last good checkpoint \(iteration 4\)/,
    );
    expect((await readCheckpoint(path)).iteration).toBe(4);
  });

  it('a restart after NaN uploads the restored state to the device: the run finishes with finite parameters', async () => {
    class PoisonOnceEngine extends DeviceResidentEngine {
      calls = 0;
      override async trainStep(...args: Parameters<TrainingEngine['trainStep']>) {
        const terms = await super.trainStep(...args);
        // After call 6 the device copy is NaN; the checkpoint at 8 is not reached, call 7 sees a NaN loss.
        if (++this.calls === 6) this.corruptDeviceParameters();
        return terms;
      }
    }
    const { outcome } = await train(10, 4, { wrap: (e) => new PoisonOnceEngine(e) });
    expect(outcome.status).toBe('completed');
    if (outcome.status !== 'completed') return;
    // The poisoned device state fails every sample: 20 iterations are rejected, then the run restarts from the checkpoint.
    expect(outcome.notes).toHaveLength(2);
    expect(outcome.notes[0]).toMatch(/^iteration 7: the (data term of the )?loss is NaN; restarted from iteration 4/);
    expect(outcome.notes[1]).toMatch(/^20 iteration\(s\) \(7, 7, 7, 7, 7, …\) drew gates/);
    expect(outcome.parameters.every(Number.isFinite)).toBe(true);
  });

  it('lets any other engine error through as an error', async () => {
    const problem = wasmProblem();
    const inner = await wasmEngineFactory.create(problem);
    const broken: TrainingEngine = {
      ...inner,
      name: inner.name,
      trainStep: async () => {
        throw new Error('a bug, not a device');
      },
      predict: (p) => inner.predict(p),
      lossAndGradient: (p, n) => inner.lossAndGradient(p, n),
      dispose: () => inner.dispose(),
    };
    await expect(
      runTraining({ problem, config: wasmConfig(3, 1), engine: broken, genes: GENES, dataSha256: 'x', checkpointPath: null }),
    ).rejects.toThrow(/a bug, not a device/);
    inner.dispose();
  });
});
