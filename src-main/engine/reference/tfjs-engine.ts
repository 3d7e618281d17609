/**
 * The TF.js reference engine: the model of docs/model.md written with autodiff, slow but literal, the oracle every
 * fused engine (wasm, native, webgpu) is tested against.
 */
import * as tf from '@tensorflow/tfjs';
import type {
  EngineAvailability,
  EngineFactory,
  LossAndGradient,
  OptimizerState,
  Prediction,
  TrainingEngine,
  TrainingProblem,
} from '../engine-interface.ts';
import type { LossTerms } from '../../../src-shared/run-config.ts';
import { adamStep } from '../training/adam.ts';
import { checkParameterLengths } from '../validate-problem.ts';
import { binnedStates } from './loss/data-loss-binned.ts';
import { readCells } from './loss/data-loss-cells.ts';
import { fieldAt, lossTerms, planIteration } from './loss/pathreg-loss.ts';
import { problemRk4Substeps } from '../model/rk4-stability.ts';
import { estimateReferenceMemoryBytes } from './memory-estimate.ts';
import { disposePreparedProblem, prepareProblem, type PreparedProblem } from './prepared-problem.ts';
import { useTfjsBackend, type TfjsBackendName } from './tfjs-backend.ts';

export interface TfjsEngineOptions {
  backend: TfjsBackendName;
}

/** A TrainingEngine over one problem, on one TF.js backend. */
export class TfjsEngine implements TrainingEngine {
  readonly name = 'tfjs' as const;
  private prepared: PreparedProblem | null;

  constructor(
    prepared: PreparedProblem,
    readonly backend: TfjsBackendName,
  ) {
    this.prepared = prepared;
  }

  private problem(): PreparedProblem {
    if (!this.prepared) throw new Error('This TF.js engine was disposed; create a new one for the problem.');
    return this.prepared;
  }

  private checkLengths(params: Float32Array, gateNoise: Float32Array | null): void {
    checkParameterLengths(this.problem().layout, params, gateNoise);
  }

  /** The prepared problem with RK4's substeps for this solve (rk4-stability.ts: the rule every engine follows). */
  private stableSolve(params: Float32Array, gateNoise: Float32Array | null): PreparedProblem {
    const prepared = this.problem();
    const substeps = problemRk4Substeps(prepared.problem, prepared.layout, params, gateNoise);
    if (substeps === null || !prepared.binned || substeps === prepared.binned.substeps) return prepared;
    return { ...prepared, binned: { ...prepared.binned, substeps } };
  }

  async lossAndGradient(params: Float32Array, gateNoise: Float32Array): Promise<LossAndGradient> {
    this.checkLengths(params, gateNoise);
    const prepared = this.stableSolve(params, gateNoise);
    await useTfjsBackend(this.backend);
    const parameters = tf.tensor1d(params);
    const noise = tf.tensor1d(gateNoise);
    const kept: tf.Tensor[] = [];
    try {
      const plan = planIteration(parameters, noise, prepared);
      const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => {
        const terms = lossTerms(x as tf.Tensor1D, noise, prepared, plan);
        // The split is reported, so both terms outlive the gradient's own tidy scope.
        kept.push(tf.keep(terms.data), tf.keep(terms.penalty));
        return tf.add(terms.data, terms.penalty) as tf.Scalar;
      })(parameters);
      kept.push(value, grad);
      const [data, penalty] = await Promise.all([kept[0].data(), kept[1].data()]);
      const total = await value.data();
      const gradient = new Float32Array(await grad.data());
      return { terms: { data: data[0], penalty: penalty[0], total: total[0] }, gradient };
    } finally {
      tf.dispose([parameters, noise, ...kept]);
    }
  }

  async trainStep(params: Float32Array, optimizer: OptimizerState, gateNoise: Float32Array, learningRate: number): Promise<LossTerms> {
    const { terms, gradient } = await this.lossAndGradient(params, gateNoise);
    // As the fused engines: a non-finite loss or gradient leaves the parameters and Adam's state alone and reports NaN.
    if (!Number.isFinite(terms.total) || !gradient.every(Number.isFinite)) return { data: NaN, penalty: NaN, total: NaN };
    adamStep(params, gradient, optimizer, learningRate);
    return terms;
  }

  async predict(params: Float32Array): Promise<Prediction> {
    this.checkLengths(params, null);
    const prepared = this.stableSolve(params, null);
    await useTfjsBackend(this.backend);
    const { genes: D, batch: B } = prepared.problem;
    const parameters = tf.tensor1d(params);
    try {
      if (prepared.binned) {
        const binned = prepared.binned;
        const K = binned.times.length;
        const states = tf.tidy(() => binnedStates(fieldAt(parameters, null, prepared), prepared.initialStates, binned));
        const all = await states.data();
        states.dispose();
        return {
          trajectories: Array.from({ length: B }, (_, b) => {
            const values = new Float32Array(K * D);
            for (let k = 0; k < K; k++) values.set(all.subarray((k * B + b) * D, (k * B + b + 1) * D), k * D);
            return { times: Float64Array.from(binned.times), values };
          }),
        };
      }
      const cells = prepared.cells;
      if (!cells) throw new Error('The problem has neither binned nor per-cell targets.');
      const plan = planIteration(parameters, null, prepared);
      if (!plan) throw new Error('Per-cell targets need the Dormand–Prince solver.');
      const trajectories = cells.times.map((times) => ({ times: Float64Array.from(times), values: new Float32Array(times.length * D) }));
      tf.tidy(() => {
        readCells(fieldAt(parameters, null, prepared), prepared.initialStates, plan, cells, (predicted, readout) => {
          const rows = predicted.dataSync();
          readout.rows.forEach((row, i) => {
            const b = readout.trajectories[i];
            trajectories[b].values.set(rows.subarray(i * D, (i + 1) * D), (row - cells.firstRow[b]) * D);
          });
        });
      });
      return { trajectories };
    } finally {
      parameters.dispose();
    }
  }

  dispose(): void {
    if (this.prepared) disposePreparedProblem(this.prepared);
    this.prepared = null;
  }
}

/** The reference engine's factory on the chosen TF.js backend ('cpu' everywhere; 'wasm' about 3–20× faster). */
export function createTfjsEngineFactory(
  options: TfjsEngineOptions = { backend: 'cpu' },
): EngineFactory & { readonly backend: TfjsBackendName } {
  const backend = options.backend;
  return {
    name: 'tfjs',
    backend,
    async availability(): Promise<EngineAvailability> {
      try {
        await useTfjsBackend(backend);
        return { name: 'tfjs', available: true, reason: `TensorFlow.js ${tf.version.tfjs} on its ${backend} backend` };
      } catch (error) {
        return { name: 'tfjs', available: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
    estimateMemoryBytes: (problem: TrainingProblem) => estimateReferenceMemoryBytes(problem),
    async create(problem: TrainingProblem): Promise<TrainingEngine> {
      await useTfjsBackend(backend);
      return new TfjsEngine(prepareProblem(problem), backend);
    },
  };
}

/** The reference engine on TF.js's plain JavaScript backend, available everywhere. */
export const tfjsEngineFactory = createTfjsEngineFactory({ backend: 'cpu' });
/** The reference engine on TF.js's WebAssembly backend: same arithmetic, faster kernels. */
export const tfjsWasmEngineFactory = createTfjsEngineFactory({ backend: 'wasm' });
