// A test double of a training engine, kept in test/ only: a cheap loss whose gradient depends on the parameters
// AND on the gate noise, so any mix-up of parameters, Adam state or random stream on resume changes the numbers.
import type { TrainingEngine, TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { adamStep } from '../../../../src-main/engine/training/adam.ts';
import type { LossTerms } from '../../../../src-shared/run-config.ts';

export interface ToyEngineOptions {
  /** Make the loss of this trainStep call (1-based, counted per engine) NaN, without applying its update. */
  nanLossAtCall?: number;
  /** Make the loss of this call and of every later one NaN (a run that cannot recover). */
  nanLossFromCall?: number;
  /** Multiply the loss of this call by 1e6 (a finite spike, as when a fully opened gate makes the RK4 solve explode). */
  blowUpAtCall?: number;
  /** Make parameter 0 Infinity after this trainStep call. */
  infParameterAtCall?: number;
  /** After the update of Adam step N, add 3 to every parameter: a model ruined late, with finite numbers. */
  ruinAtStep?: number;
  /** Called on every trainStep (tests advance a fake clock here). */
  onTrainStep?: () => void;
}

export class ToyEngine implements TrainingEngine {
  readonly name = 'tfjs' as const;
  calls = 0;
  private readonly gateCount: number;

  constructor(
    private readonly problem: TrainingProblem,
    private readonly options: ToyEngineOptions = {},
  ) {
    this.gateCount = parameterLayout(problem.genes, problem.model).gateCount;
  }

  private terms(params: Float32Array, noise: Float32Array): { terms: LossTerms; gradient: Float32Array } {
    const gradient = new Float32Array(params.length);
    let data = 0;
    for (let i = 0; i < params.length; i++) {
      const u = noise[i % this.gateCount];
      const target = Math.sin(i) * 0.5;
      const d = params[i] - target;
      data += u * d * d;
      gradient[i] = 2 * u * d;
    }
    data /= params.length;
    for (let i = 0; i < params.length; i++) gradient[i] /= params.length;
    return { terms: { data, penalty: 0, total: data }, gradient };
  }

  async lossAndGradient(params: Float32Array, gateNoise: Float32Array) {
    return this.terms(params, gateNoise);
  }

  async trainStep(
    params: Float32Array,
    optimizer: { m: Float32Array; v: Float32Array; step: number },
    gateNoise: Float32Array,
    learningRate: number,
  ) {
    this.calls++;
    this.options.onTrainStep?.();
    const { terms, gradient } = this.terms(params, gateNoise);
    // As every real engine: a call that reports a non-finite loss leaves the parameters and Adam's state alone.
    const nan =
      this.calls === this.options.nanLossAtCall ||
      (this.options.nanLossFromCall !== undefined && this.calls >= this.options.nanLossFromCall);
    if (nan) return { ...terms, total: Number.NaN };
    adamStep(params, gradient, optimizer, learningRate);
    if (optimizer.step === this.options.ruinAtStep) for (let i = 0; i < params.length; i++) params[i] += 3;
    if (this.calls === this.options.infParameterAtCall) params[0] = Number.POSITIVE_INFINITY;
    if (this.calls === this.options.blowUpAtCall) return { data: terms.data * 1e6, penalty: terms.penalty, total: terms.total * 1e6 };
    return terms;
  }

  /**
   * States at every target time: the target plus the error of one parameter from the toy loss's minimum, so the
   * validation loss falls as training converges and rises when the parameters are ruined.
   */
  async predict(params: Float32Array) {
    const { genes: D, batch: B, targets } = this.problem;
    const error = (j: number) => params[j % params.length] - Math.sin(j % params.length) * 0.5;
    if (targets.kind === 'binned') {
      const K = targets.times.length;
      return {
        trajectories: Array.from({ length: B }, (_, b) => {
          const values = new Float32Array(K * D);
          for (let k = 0; k < K; k++)
            for (let d = 0; d < D; d++) values[k * D + d] = targets.values[(k * B + b) * D + d] + error((k * B + b) * D + d);
          return { times: Float64Array.from(targets.times), values };
        }),
      };
    }
    return {
      trajectories: targets.trajectories.map((trajectory, b) => ({
        times: Float64Array.from(trajectory.times),
        values: trajectory.values.map((v, i) => v + error(b * 1000 + i)),
      })),
    };
  }

  dispose(): void {}
}
