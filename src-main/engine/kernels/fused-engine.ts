/**
 * The TrainingEngine over the fused C kernels, whichever build runs them (WebAssembly or native): it owns the arena
 * planned by workspace-plan.ts, copies parameters in and gradients out, and turns the kernels' status codes into
 * messages. One call to the kernels per iteration; nothing is allocated per iteration.
 */
import type { EngineName, LossTerms } from '../../../src-shared/run-config.ts';
import type { LossAndGradient, OptimizerState, Prediction, TrainingEngine, TrainingProblem } from '../engine-interface.ts';
import { ADAM_BETA1, ADAM_BETA2 } from '../training/adam.ts';
import { NonFiniteSolveError } from '../engine-failure.ts';
import { problemRk4Substeps } from '../model/rk4-stability.ts';
import { checkParameterLengths, validateTrainingProblem } from '../validate-problem.ts';
import {
  H,
  HEADER_INTS,
  MAX_ARENA_BYTES,
  MODE,
  R,
  REALS_OFFSET,
  STATUS,
  planWorkspace,
  writeProblem,
  type WorkspacePlan,
} from './workspace-plan.ts';

/** Memory the kernels run in: a zeroed block of `bytes` at `base` inside `buffer()`. */
export interface KernelArena {
  /** The current backing buffer (WebAssembly memory growth replaces it, so read it again after `resize`). */
  buffer(): ArrayBuffer;
  readonly base: number;
  /** Makes the arena at least `bytes` long and zero; the previous contents are lost. */
  resize(bytes: number): void;
  /** Runs one kernel call (MODE.*) and returns its status. */
  run(mode: number): number;
  release(): void;
}

export interface FusedEngineOptions {
  name: Extract<EngineName, 'wasm' | 'native'>;
  /** Bytes the arena may grow to when a Dormand–Prince solve needs more steps than planned. */
  memoryLimitBytes: number;
  threads: number;
  /** Fresh arena of `bytes` for one problem. */
  allocate(bytes: number): KernelArena;
}

export function formatMiB(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

export class FusedEngine implements TrainingEngine {
  readonly name: Extract<EngineName, 'wasm' | 'native'>;
  private plan: WorkspacePlan;
  private arena: KernelArena | null;
  /** RK4 substeps the arena has room for (the configured count until a steeper field needed more). */
  private substepCapacity: number;

  constructor(
    private readonly problem: TrainingProblem,
    private readonly options: FusedEngineOptions,
  ) {
    validateTrainingProblem(problem);
    this.name = options.name;
    this.plan = planWorkspace(problem, undefined, options.threads);
    this.substepCapacity = problem.solver.kind === 'rk4' ? problem.solver.substeps : 1;
    this.arena = options.allocate(this.plan.totalBytes);
    writeProblem(this.plan, problem, this.arena.buffer(), this.arena.base);
  }

  private live(): KernelArena {
    if (!this.arena) throw new Error(`This ${this.name} engine was disposed; create a new one for the problem.`);
    return this.arena;
  }

  private f32(slot: number, length: number): Float32Array {
    const arena = this.live();
    return new Float32Array(arena.buffer(), arena.base + this.plan.header[slot], length);
  }

  private reals(): Float64Array {
    const arena = this.live();
    return new Float64Array(arena.buffer(), arena.base + REALS_OFFSET, 16);
  }

  private checkLengths(params: Float32Array, gateNoise: Float32Array | null): void {
    checkParameterLengths(this.plan.layout, params, gateNoise);
  }

  /** Doubles the Dormand–Prince step capacity (within the memory limit) and rewrites the problem into a new arena. */
  private growSteps(): void {
    const next = planWorkspace(this.problem, this.plan.stepCapacity * 2, this.options.threads);
    const limit = Math.min(this.options.memoryLimitBytes, MAX_ARENA_BYTES);
    if (next.totalBytes > limit) {
      throw new Error(
        `The adaptive solver needs more than ${this.plan.stepCapacity} accepted steps; holding ${next.stepCapacity} would take ` +
          `${formatMiB(next.totalBytes)}, over the ${this.name} engine's memory limit of ${formatMiB(limit)}. ` +
          'Loosen rtol/atol, use the RK4 solver, or raise --memory-limit.',
      );
    }
    const arena = this.live();
    arena.resize(next.totalBytes);
    this.plan = next;
    writeProblem(next, this.problem, arena.buffer(), arena.base);
  }

  /**
   * Sets RK4's substeps for the next solve (rk4-stability.ts: the rule every engine follows), first making room for
   * them when the field has become steeper than any before. The kernels read the count from the header, so the
   * arena only has to hold at least that many steps.
   */
  private useSubsteps(substeps: number | null): void {
    if (substeps === null || this.problem.solver.kind !== 'rk4') return;
    if (substeps > this.substepCapacity) {
      const wider = { ...this.problem, solver: { ...this.problem.solver, substeps } };
      const next = planWorkspace(wider, undefined, this.options.threads);
      const limit = Math.min(this.options.memoryLimitBytes, MAX_ARENA_BYTES);
      if (next.totalBytes > limit) {
        throw new Error(
          `The vector field became so steep that RK4 needs ${substeps} substeps per bin to stay stable; holding them would take ` +
            `${formatMiB(next.totalBytes)}, over the ${this.name} engine's memory limit of ${formatMiB(limit)}. ` +
            'Raise --memory-limit, or lower the learning rate (--lr).',
        );
      }
      const arena = this.live();
      arena.resize(next.totalBytes);
      this.plan = next;
      this.substepCapacity = substeps;
      writeProblem(next, wider, arena.buffer(), arena.base);
    }
    const arena = this.live();
    new Int32Array(arena.buffer(), arena.base, HEADER_INTS)[H.substeps] = substeps;
  }

  /** Writes the inputs with `write`, runs `mode`, and retries with more step room when the solve needs it. */
  private call(mode: number, write: () => void): void {
    for (;;) {
      write();
      const status = this.live().run(mode);
      if (status === STATUS.ok) return;
      if (status === STATUS.stepCapacity) {
        this.growSteps();
        continue;
      }
      if (status === STATUS.nonFinite) {
        const at = this.reals()[R.failTime];
        const what = at < 0 ? 'gradient overflowed' : `solve produced NaN or infinite states at pseudotime ${at.toFixed(4)}`;
        throw new NonFiniteSolveError(
          `The ${this.name} engine's ${what}: the model diverged. Lower the learning rate or restart from an earlier checkpoint.`,
        );
      }
      if (status === STATUS.tooManySteps || status === STATUS.stepUnderflow) {
        const at = this.reals()[R.failTime].toFixed(4);
        const maxSteps = this.problem.solver.kind === 'dopri5' ? this.problem.solver.maxSteps : 0;
        throw new Error(
          status === STATUS.tooManySteps
            ? `The adaptive solver (Dormand–Prince) needed more than ${maxSteps} steps and stopped at pseudotime ${at}: the vector field became stiff. Lower the learning rate, loosen rtol/atol, raise the step limit, or use the RK4 solver.`
            : `The adaptive solver (Dormand–Prince) shrank its step below what floating point can resolve at pseudotime ${at}: the vector field became stiff. Lower the learning rate, loosen rtol/atol, or use the RK4 solver.`,
        );
      }
      throw new Error(
        `The ${this.name} kernels returned status ${status}; the kernel build does not match this version of the app (rebuild with npm run build:kernels).`,
      );
    }
  }

  private terms(): LossTerms {
    const reals = this.reals();
    const data = reals[R.lossData];
    const penalty = reals[R.lossPenalty];
    return { data, penalty, total: data + penalty };
  }

  async lossAndGradient(params: Float32Array, gateNoise: Float32Array): Promise<LossAndGradient> {
    this.checkLengths(params, gateNoise);
    const { parameterCount, gateCount } = this.plan.layout;
    this.useSubsteps(problemRk4Substeps(this.problem, this.plan.layout, params, gateNoise));
    try {
      this.call(MODE.gradient, () => {
        this.f32(H.oParams, parameterCount).set(params);
        this.f32(H.oNoise, gateCount).set(gateNoise);
      });
    } catch (error) {
      if (error instanceof NonFiniteSolveError)
        return { terms: { data: NaN, penalty: NaN, total: NaN }, gradient: new Float32Array(parameterCount).fill(NaN) };
      throw error;
    }
    return { terms: this.terms(), gradient: Float32Array.from(this.f32(H.oGrad, parameterCount)) };
  }

  async trainStep(params: Float32Array, optimizer: OptimizerState, gateNoise: Float32Array, learningRate: number): Promise<LossTerms> {
    this.checkLengths(params, gateNoise);
    const { parameterCount, gateCount } = this.plan.layout;
    const step = optimizer.step + 1;
    this.useSubsteps(problemRk4Substeps(this.problem, this.plan.layout, params, gateNoise));
    try {
      this.call(MODE.train, () => {
        this.f32(H.oParams, parameterCount).set(params);
        this.f32(H.oNoise, gateCount).set(gateNoise);
        this.f32(H.oAdamM, parameterCount).set(optimizer.m);
        this.f32(H.oAdamV, parameterCount).set(optimizer.v);
        const reals = this.reals();
        reals[R.learningRate] = learningRate;
        // The same expressions as adam.ts, so the update is bit-for-bit the plain TypeScript one.
        reals[R.biasCorrection1] = 1 - Math.pow(ADAM_BETA1, step);
        reals[R.biasCorrection2Sqrt] = Math.sqrt(1 - Math.pow(ADAM_BETA2, step));
      });
    } catch (error) {
      // A diverged solve or an overflowed gradient leaves the parameters untouched and reports NaN: the training
      // loop rejects the iteration.
      if (error instanceof NonFiniteSolveError) return { data: NaN, penalty: NaN, total: NaN };
      throw error;
    }
    params.set(this.f32(H.oParams, parameterCount));
    optimizer.m.set(this.f32(H.oAdamM, parameterCount));
    optimizer.v.set(this.f32(H.oAdamV, parameterCount));
    optimizer.step = step;
    return this.terms();
  }

  async predict(params: Float32Array): Promise<Prediction> {
    this.checkLengths(params, null);
    const { parameterCount } = this.plan.layout;
    const stable = problemRk4Substeps(this.problem, this.plan.layout, params, null);
    this.useSubsteps(stable);
    this.call(MODE.predict, () => this.f32(H.oParams, parameterCount).set(params));
    const { genes: D, batch: B, targets } = this.problem;
    if (targets.kind === 'binned') {
      const substeps = stable ?? 1;
      const stride = this.plan.padded[0];
      const K = targets.times.length;
      const states = this.f32(H.oStates, (K * substeps + 1) * B * stride);
      return {
        trajectories: Array.from({ length: B }, (_, b) => {
          const values = new Float32Array(K * D);
          for (let k = 0; k < K; k++) {
            const at = ((k + 1) * substeps * B + b) * stride;
            values.set(states.subarray(at, at + D), k * D);
          }
          return { times: Float64Array.from(targets.times), values };
        }),
      };
    }
    const predicted = this.f32(H.oCellPred, this.plan.cellCount * D);
    let at = 0;
    return {
      trajectories: targets.trajectories.map((trajectory) => {
        const cells = trajectory.times.length;
        const values = Float32Array.from(predicted.subarray(at * D, (at + cells) * D));
        at += cells;
        return { times: Float64Array.from(trajectory.times), values };
      }),
    };
  }

  dispose(): void {
    this.arena?.release();
    this.arena = null;
  }
}
