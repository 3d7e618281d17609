/**
 * The training loop shared by the command line and the app's job runner: seeded initialisation, one engine
 * iteration at a time with gate noise from the run's generator, reduce-on-plateau, progress, pause/cancel between
 * iterations, atomic checkpoints, and a clean stop when the numbers stop being finite or the engine's device fails.
 *
 * Engines that keep the parameters on a device (webgpu) write them back to the host arrays only in `synchronize`, so
 * the loop calls it before anything reads them: every checkpoint, the finiteness check before a checkpoint is
 * written, every validation, and the parameters it returns.
 *
 * Every `validateEvery` iterations the loop evaluates the model with deterministic gates on the training
 * trajectories (validation-loss.ts) and keeps the best one (the last model is evaluated too, for the outcome): its parameters travel in every checkpoint (so a
 * resumed run picks the same best) and its full state is written beside the last checkpoint (checkpoint-best.bin).
 * A run that went wrong late still has the model it had before.
 */
import type { LossTerms, RunEngineName, TrainingConfig } from '../../../src-shared/run-config.ts';
import { isEngineDeviceError, NonFiniteSolveError, type EngineDeviceError, type EngineDeviceFailureKind } from '../engine-failure.ts';
import type { OptimizerState, TrainingEngine, TrainingProblem } from '../engine-interface.ts';
import { initializeParameters } from '../model/initialize.ts';
import { closeInputGates } from '../model/closed-input-gates.ts';
import { parameterLayout } from '../model/parameter-layout.ts';
import { SeededRandom } from '../model/random.ts';
import { bestCheckpointPath, writeCheckpoint, type BestModel, type JsonValue, type TrainingCheckpoint } from './checkpoint.ts';
import { createPlateauState, updatePlateau, type PlateauState } from './plateau.ts';
import { TrainingControl } from './training-control.ts';
import { validationLoss } from './validation-loss.ts';

export interface TrainingProgress {
  /** Iterations completed so far. */
  iteration: number;
  /** Iterations the run will do in total. */
  iterations: number;
  terms: LossTerms;
  /** Learning rate the next iteration will use. */
  learningRate: number;
  /** Recent speed, iterations per second of wall time. */
  iterationsPerSecond: number;
  /** Seconds left at the recent speed. */
  etaSeconds: number;
  engine: RunEngineName;
  /** Set on the report sent when the loop acknowledges a pause. */
  paused?: boolean;
}

export interface RunTrainingOptions {
  problem: TrainingProblem;
  config: TrainingConfig;
  /** An engine already created for `problem` (the registry checks memory before creating it). */
  engine: TrainingEngine;
  /** Gene names in the order of the problem's columns, stored in checkpoints. */
  genes: string[];
  dataSha256: string;
  /** Where checkpoints go; null writes none (tests, throwaway runs). */
  checkpointPath: string | null;
  /** Continue from this checkpoint instead of initialising. */
  resume?: TrainingCheckpoint;
  /**
   * Input genes that may not regulate (length D): their gates are shut at initialisation (closed-input-gates.ts) and
   * stay shut, as no engine's gradient or Adam step moves them. A resumed run's checkpoint already holds them.
   */
  closedInputs?: ArrayLike<boolean>;
  control?: TrainingControl;
  onProgress?: (progress: TrainingProgress) => void;
  /** Lines worth telling the user while training goes on (a restart after the loss stopped being finite). */
  onNote?: (line: string) => void;
  /** Clock in milliseconds; replaceable so tests of rate and ETA do not depend on the machine. */
  now?: () => number;
  /** Evaluate the validation loss (and keep the best model) every this many iterations; VALIDATE_EVERY by default. */
  validateEvery?: number;
}

/** What the loop learnt about the model it keeps: the best by validation loss, and how the run went. */
export interface TrainingHealth {
  /**
   * The model with the lowest validation loss (validation-loss.ts) among those at every `validateEvery`-th iteration;
   * null when none was evaluated (a run shorter than that).
   */
  best: BestModel | null;
  /** Where the best model's checkpoint was written; null when the run writes no checkpoints. */
  bestCheckpointPath: string | null;
  /** Iteration of the best model (null with `best`). */
  bestIteration: number | null;
  /** Validation loss of the model at the end (last), NaN when it was not evaluated (a cancelled run). */
  finalValidationLoss: number;
  /** Iterations whose solve or gradient was not finite and whose update was not applied, over the whole run. */
  rejectedIterations: number;
  /** Restarts from the last good state at half the learning rate, over the whole run. */
  restarts: number;
}

export type TrainingOutcome =
  | ({
      status: 'completed' | 'cancelled';
      /** Iterations completed. */
      iteration: number;
      parameters: Float32Array;
      /** The state at the end, also written to `checkpointPath` when one was given. */
      checkpoint: TrainingCheckpoint;
      seconds: number;
      /** What the loop did that the user should know (restarts after a non-finite loss); empty when nothing happened. */
      notes: string[];
    } & TrainingHealth)
  | {
      status: 'diverged';
      /** The iteration (1-based) whose loss or update was not finite. */
      iteration: number;
      message: string;
      /** The last checkpoint written before the failure, left untouched; null when none was written yet. */
      lastGood: TrainingCheckpoint | null;
      seconds: number;
    }
  | {
      /** The engine's device failed under it (GPU lost, out of GPU memory, a device error): see engine-failure.ts. */
      status: 'device-failed';
      /** Iterations completed before the failure. */
      iteration: number;
      /** What happened and which checkpoint is kept, for the user. */
      message: string;
      kind: EngineDeviceFailureKind;
      /**
       * The last state read back from the device (a checkpoint, or the starting state when none was written yet),
       * written to `checkpointPath` when one was given so the run can be continued on another engine.
       */
      lastGood: TrainingCheckpoint;
      /** Where `lastGood` is on disk; null when the run writes no checkpoints. */
      checkpointPath: string | null;
      seconds: number;
    };

/** Speed is measured over this many recent iterations so the ETA follows changes (e.g. a stiffer field). */
const RATE_WINDOW = 20;

/**
 * Iterations between validations. One validation is one prediction solve (about a third of an iteration), so at 10
 * it costs about 3 % of the run. At the recommended constant rate the late iterations of a small data set wander
 * (mCAD's validation loss jumps 1.3–1.5× between neighbouring validations to the end of the run), so the best model is
 * a sample of a noisy path: every 50 iterations, mCAD seed 1's best model ended at 1.27× its group's median training
 * MSE; every 10, at 1.247× (0.0608 against 0.0488; docs/benchmarks.md, "Validation every 10 iterations").
 */
export const VALIDATE_EVERY = 10;

/*
 * A finite spike, however large, is not a failure and is not undone. In the paper's setup a gate sample that opens a
 * unit fully used to make the learned field too steep for RK4's fixed step (loss 1e14 in every engine); the engines now
 * add substeps when the field steepens (rk4-stability.ts), and the best model is kept whatever happens later. Taking
 * back such updates, or clipping their gradients, was tried and ended worse than letting Adam take them (held-out MSE
 * 2.1 and 5.6 against 0.85 on the bundled example, seed 0, wasm; docs/benchmarks.md).
 */
/** Restarts from the last good state, each at half the learning rate, before a diverging run is given up. */
export const MAX_RECOVERIES = 3;
/**
 * Iterations in a row whose loss may be non-finite (the update not applied, the next gates drawn) before the state
 * itself is taken to be the problem and the run restarts from its last good state.
 */
export const MAX_REJECTED_IN_A_ROW = 20;

export async function runTraining(options: RunTrainingOptions): Promise<TrainingOutcome> {
  const { problem, config, engine, checkpointPath, resume } = options;
  const now = options.now ?? (() => performance.now());
  const control = options.control ?? new TrainingControl();
  const layout = parameterLayout(problem.genes, problem.model);
  const validateEvery = options.validateEvery ?? VALIDATE_EVERY;
  if (!Number.isInteger(validateEvery) || validateEvery < 1)
    throw new RangeError(`validateEvery must be a whole number of iterations ≥ 1, got ${validateEvery}`);
  const bestPath = checkpointPath ? bestCheckpointPath(checkpointPath) : null;

  let parameters: Float32Array;
  let optimizer: OptimizerState;
  let random: SeededRandom;
  let learningRate: number;
  let plateau: PlateauState;
  let iteration: number;
  let previousSeconds: number;
  let lastTerms: LossTerms | null;
  let best: BestModel | null = null;
  let rejectedTotal = 0;
  let restartsTotal = 0;
  if (resume) {
    if (resume.parameters.length !== layout.parameterCount) {
      throw new Error(
        `The checkpoint holds ${resume.parameters.length} parameters but this model needs ${layout.parameterCount}: it was written for another model or gene set.`,
      );
    }
    parameters = Float32Array.from(resume.parameters);
    optimizer = { m: Float32Array.from(resume.optimizer.m), v: Float32Array.from(resume.optimizer.v), step: resume.optimizer.step };
    random = SeededRandom.fromState(resume.randomState);
    learningRate = resume.learningRate;
    plateau = { ...(resume.plateau as unknown as PlateauState) };
    iteration = resume.iteration;
    previousSeconds = resume.elapsedSeconds;
    lastTerms = resume.lastTerms;
    best = resume.best ? { ...resume.best, parameters: Float32Array.from(resume.best.parameters) } : null;
    rejectedTotal = resume.rejectedIterations ?? 0;
    restartsTotal = resume.restarts ?? 0;
  } else {
    // One generator per run: initialisation first, then every iteration's gate noise, so a seed fixes everything.
    random = new SeededRandom(config.seed);
    parameters = initializeParameters(layout, random);
    optimizer = { m: new Float32Array(layout.parameterCount), v: new Float32Array(layout.parameterCount), step: 0 };
    if (options.closedInputs) closeInputGates(layout, parameters, options.closedInputs, optimizer);
    learningRate = config.optimizer.learningRate;
    plateau = createPlateauState(learningRate, config.optimizer.plateauPatience);
    iteration = 0;
    previousSeconds = 0;
    lastTerms = null;
  }

  const sessionStart = now();
  const elapsed = () => previousSeconds + (now() - sessionStart) / 1000;
  const snapshot = (): TrainingCheckpoint => ({
    iteration,
    config,
    engine: engine.name,
    dataSha256: options.dataSha256,
    genes: options.genes,
    parameters: Float32Array.from(parameters),
    optimizer: { m: Float32Array.from(optimizer.m), v: Float32Array.from(optimizer.v), step: optimizer.step },
    randomState: random.state(),
    learningRate,
    plateau: { ...plateau } as unknown as JsonValue,
    elapsedSeconds: elapsed(),
    lastTerms,
    best: best ? { ...best, parameters: Float32Array.from(best.parameters) } : null,
    rejectedIterations: rejectedTotal,
    restarts: restartsTotal,
  });
  let lastGood: TrainingCheckpoint | null = resume ?? null;
  // The state this session started from, in case the device fails before the first checkpoint: continuing from it
  // on another engine is the same run as starting there (a fresh run's seed state, or the resumed checkpoint).
  const startingState = resume ?? snapshot();
  let wroteCheckpoint = false;
  /** The whole state at the best model, for its checkpoint file; null until this session finds a new best. */
  let bestState: TrainingCheckpoint | null = null;
  let bestWritten = true;
  let finalValidationLoss = Number.NaN;
  /** Copies a device-resident engine's state into `parameters` and `optimizer`; a no-op for CPU engines. */
  const synchronize = async () => {
    if (engine.synchronize) await engine.synchronize(parameters, optimizer);
  };
  /** Writes a checkpoint of the current state, or says why the state must not replace the last good one. */
  const save = async (): Promise<{ checkpoint: TrainingCheckpoint } | { notFinite: string }> => {
    await synchronize();
    // A device engine's parameters are seen here for the first time since the last checkpoint: a non-finite one
    // must not overwrite a good checkpoint.
    const notFinite = nonFiniteParameter(parameters);
    if (notFinite) return { notFinite: `${notFinite} (found when the ${engine.name} engine's parameters were read back for a checkpoint)` };
    const checkpoint = snapshot();
    // The best model's file first: whatever is on disk, checkpoint-best.bin is never older than the best the last
    // checkpoint names.
    if (bestPath && bestState && !bestWritten) {
      await writeCheckpoint(bestPath, bestState);
      bestWritten = true;
    }
    if (checkpointPath) await writeCheckpoint(checkpointPath, checkpoint);
    wroteCheckpoint = true;
    lastGood = checkpoint;
    return { checkpoint };
  };
  const diverged = (failedAt: number, failure: string): TrainingOutcome => {
    const kept = lastGood
      ? `the last good checkpoint (iteration ${lastGood.iteration})${checkpointPath ? ` is kept at "${checkpointPath}"` : ' is kept'}`
      : 'no checkpoint had been written yet';
    return {
      status: 'diverged',
      iteration: failedAt,
      message: `Training stopped at iteration ${failedAt}: ${failure}; ${kept}. Try a smaller learning rate (--lr) or regularization strength (--lambda).`,
      lastGood,
      seconds: elapsed(),
    };
  };
  /**
   * Evaluates the current model with deterministic gates and, at a scheduled validation, keeps it when it beats the
   * best so far. The last iteration of a session is evaluated too but only competes when it is a scheduled one: a
   * session that stops between two (and is resumed later) must choose the same best as a run that never stopped.
   * A prediction whose solve overflows counts as infinitely bad; a device failure is the caller's to handle.
   */
  const validate = async (scheduled: boolean): Promise<number> => {
    await synchronize();
    let loss: number;
    try {
      loss = validationLoss(problem, await engine.predict(parameters));
    } catch (error) {
      if (!(error instanceof NonFiniteSolveError)) throw error;
      loss = Number.POSITIVE_INFINITY;
    }
    if (scheduled && Number.isFinite(loss) && (best === null || loss < best.validationLoss)) {
      best = { iteration, validationLoss: loss, parameters: Float32Array.from(parameters) };
      bestState = snapshot();
      bestWritten = false;
    }
    return loss;
  };
  /**
   * The device failed: what is on it now cannot be trusted (an iteration may have stopped half way), so the run
   * keeps the last state read back from it. When that state is not on disk yet (no checkpoint this session), it is
   * written now, so the run can always be continued on the CPU.
   */
  const deviceFailed = async (error: EngineDeviceError): Promise<TrainingOutcome> => {
    const kept = lastGood ?? startingState;
    let keptPath: string | null = checkpointPath;
    let unsaved = '';
    if (checkpointPath && !wroteCheckpoint) {
      try {
        await writeCheckpoint(checkpointPath, kept);
      } catch (writeError) {
        keptPath = null;
        unsaved = ` (it could not be written to "${checkpointPath}": ${(writeError as Error).message})`;
      }
    }
    const where = keptPath
      ? `the checkpoint at iteration ${kept.iteration} is kept at "${keptPath}"`
      : `the state at iteration ${kept.iteration} is kept in memory only${unsaved || ' (this run writes no checkpoints)'}`;
    const lost = iteration > kept.iteration ? `; iterations ${kept.iteration + 1}–${iteration} were on the device only and are lost` : '';
    return {
      status: 'device-failed',
      iteration,
      message: `${error.message}. Training stopped after iteration ${iteration}; ${where}${lost}.`,
      kind: error.kind,
      lastGood: kept,
      checkpointPath: keptPath,
      seconds: elapsed(),
    };
  };

  const noise = new Float32Array(layout.gateCount);
  const stamps: number[] = [now()];
  const progress = (paused: boolean) => {
    if (!options.onProgress || !lastTerms) return;
    const span = (stamps[stamps.length - 1] - stamps[0]) / 1000;
    const rate = span > 0 ? (stamps.length - 1) / span : 0;
    options.onProgress({
      iteration,
      iterations: config.iterations,
      terms: lastTerms,
      learningRate,
      iterationsPerSecond: rate,
      etaSeconds: rate > 0 ? (config.iterations - iteration) / rate : Number.POSITIVE_INFINITY,
      engine: engine.name,
      ...(paused ? { paused: true } : {}),
    });
  };

  let recoveries = 0;
  let rejectedInARow = 0;
  /** Iterations whose update was not applied (non-finite solve or gradient), for the run's notes. */
  const rejected: number[] = [];
  const notes: string[] = [];
  /**
   * The loss or a parameter stopped being finite: go back to the last good state (the last checkpoint, or where this
   * session started) and go on from there at half the learning rate. The gate noise is not rewound, so the retry
   * samples other gates; fresh arrays make a device engine upload the restored state instead of keeping its own.
   */
  const recover = (failedAt: number, failure: string) => {
    const kept = lastGood ?? startingState;
    recoveries += 1;
    restartsTotal += 1;
    rejectedInARow = 0;
    parameters = Float32Array.from(kept.parameters);
    optimizer = { m: Float32Array.from(kept.optimizer.m), v: Float32Array.from(kept.optimizer.v), step: kept.optimizer.step };
    plateau = { ...(kept.plateau as unknown as PlateauState) };
    // Each restart halves the rate again: the second one runs at a quarter of the checkpoint's rate, and so on.
    learningRate = Math.min(learningRate, kept.learningRate) / 2;
    plateau.learningRate = learningRate;
    iteration = kept.iteration;
    lastTerms = kept.lastTerms;
    const note = `iteration ${failedAt}: ${failure}; restarted from iteration ${kept.iteration} with the learning rate halved to ${learningRate} (restart ${recoveries} of at most ${MAX_RECOVERIES})`;
    notes.push(note);
    options.onNote?.(note);
  };

  /** Runs one engine call; a device failure becomes the run's outcome, any other error stays an error. */
  async function guardDevice<T extends object>(call: () => Promise<T>): Promise<T | { outcome: TrainingOutcome }> {
    try {
      return await call();
    } catch (error) {
      if (isEngineDeviceError(error)) return { outcome: await deviceFailed(error) };
      throw error;
    }
  }

  while (iteration < config.iterations) {
    // Engines may finish an iteration without ever leaving the microtask queue; without a macrotask turn here,
    // signals (Ctrl-C), worker messages and timers would never run, so pause and cancel could not arrive.
    await yieldToEventLoop();
    if (control.requested === 'pause') {
      // Save before waiting so an app closed while paused loses nothing.
      const saved = await guardDevice(save);
      if ('outcome' in saved) return saved.outcome;
      if ('notFinite' in saved) return diverged(iteration, saved.notFinite);
      progress(true);
      // The time spent paused is not training time and must not count in the speed.
      const pausedAt = now();
      const action = await control.nextAction();
      const pausedFor = now() - pausedAt;
      for (let i = 0; i < stamps.length; i++) stamps[i] += pausedFor;
      previousSeconds -= pausedFor / 1000;
      if (action === 'cancel') break;
    }
    if (control.requested === 'cancel') break;

    random.fillGateNoise(noise);
    const stepped = await guardDevice(() => engine.trainStep(parameters, optimizer, noise, learningRate));
    if ('outcome' in stepped) return stepped.outcome;
    const terms = stepped;
    // A device engine's host arrays are stale here, so its parameters are checked when they are read back (save).
    const lossFailure = nonFiniteLoss(terms);
    const parameterFailure = engine.synchronize ? null : nonFiniteParameter(parameters);
    if (lossFailure && !parameterFailure && rejectedInARow < MAX_REJECTED_IN_A_ROW) {
      // Every engine leaves the parameters and Adam's state untouched when it reports a non-finite loss: this sample of
      // the gates made the solve or its gradient overflow, so the iteration is not counted and the next one draws
      // other gates.
      rejectedInARow += 1;
      rejectedTotal += 1;
      rejected.push(iteration + 1);
      continue;
    }
    const failure = lossFailure ?? parameterFailure;
    if (failure) {
      if (recoveries >= MAX_RECOVERIES)
        return diverged(iteration + 1, `${failure}, after ${recoveries} restart(s) from the last good state at half the learning rate`);
      recover(iteration + 1, failure);
      continue;
    }
    rejectedInARow = 0;
    iteration += 1;
    lastTerms = terms;
    learningRate = updatePlateau(plateau, terms.total);
    stamps.push(now());
    if (stamps.length > RATE_WINDOW + 1) stamps.shift();
    progress(false);
    if (iteration % validateEvery === 0 || iteration === config.iterations) {
      const validated = await guardDevice(async () => ({ loss: await validate(iteration % validateEvery === 0) }));
      if ('outcome' in validated) return validated.outcome;
      if (iteration === config.iterations) finalValidationLoss = validated.loss;
    }
    if (iteration % config.checkpointEvery === 0 && iteration < config.iterations) {
      const saved = await guardDevice(save);
      if ('outcome' in saved) return saved.outcome;
      if ('notFinite' in saved) return diverged(iteration, saved.notFinite);
    }
  }
  // A run resumed from its final checkpoint (killed while reading out) trains no iteration: its last model is still
  // validated, so its record equals the uninterrupted run's (it does not compete for best: that was decided before).
  if (iteration === config.iterations && Number.isNaN(finalValidationLoss) && iteration > 0) {
    const validated = await guardDevice(async () => ({ loss: await validate(false) }));
    if ('outcome' in validated) return validated.outcome;
    finalValidationLoss = validated.loss;
  }

  const saved = await guardDevice(save);
  if ('outcome' in saved) return saved.outcome;
  if ('notFinite' in saved) return diverged(iteration, saved.notFinite);
  const { checkpoint } = saved;
  if (rejected.length) {
    const shown = rejected.slice(0, 5).join(', ') + (rejected.length > 5 ? ', …' : '');
    notes.push(
      `${rejected.length} iteration(s) (${shown}) drew gates that made the solve or its gradient overflow; their updates were not applied and training went on with the next gates`,
    );
  }
  const kept = best as BestModel | null;
  return {
    status: iteration >= config.iterations ? 'completed' : 'cancelled',
    iteration,
    parameters: Float32Array.from(parameters),
    checkpoint,
    seconds: checkpoint.elapsedSeconds,
    notes,
    best: kept,
    bestCheckpointPath: kept ? bestPath : null,
    bestIteration: kept ? kept.iteration : null,
    finalValidationLoss,
    rejectedIterations: rejectedTotal,
    restarts: restartsTotal,
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === 'function' ? setImmediate(resolve) : setTimeout(resolve, 0)));
}

/** Why this iteration's loss cannot be kept, or null when every term is finite. */
function nonFiniteLoss(terms: LossTerms): string | null {
  for (const key of ['total', 'data', 'penalty'] as const) {
    if (!Number.isFinite(terms[key])) return `the ${key === 'total' ? 'loss' : `${key} term of the loss`} is ${terms[key]}`;
  }
  return null;
}

/** Which parameter is not finite, or null when all are. */
function nonFiniteParameter(parameters: Float32Array): string | null {
  for (let i = 0; i < parameters.length; i++) {
    if (!Number.isFinite(parameters[i])) return `parameter ${i} became ${parameters[i]} after the update`;
  }
  return null;
}
