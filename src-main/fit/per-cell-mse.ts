/**
 * The paper's evaluation: per-cell mean squared error at each cell's own pseudotime, read from the Dormand–Prince
 * dense output with deterministic gates, summed over a donor's lineages.
 */
import type { ModelConfig, RegularizerConfig } from '../../src-shared/run-config.ts';
import type { PreparedTrajectory } from '../data/dataset.ts';
import type { TrainingEngine, TrainingProblem } from '../engine/engine-interface.ts';
import { cellTargets, initialStates } from '../data/prepare/training-targets.ts';

export interface DonorMse {
  donor: string;
  /** Sum over the donor's lineages of each lineage's per-cell MSE. */
  mse: number;
  /** Per-lineage MSE, keyed by lineage name. */
  lineages: Record<string, number>;
  /** Per trajectory, in order: the prediction at every cell (cells × genes), for the trajectories figure. */
  predictions: Float32Array[];
}

export interface EvaluationSettings {
  model: ModelConfig;
  regularizer: RegularizerConfig;
  /** Tolerances of the evaluation solve (the paper: rtol = atol = 1e-3). */
  rtol: number;
  atol: number;
  maxSteps: number;
}

/** The per-cell problem of a group of trajectories, for any engine's predict. */
export function cellProblem(trajectories: PreparedTrajectory[], settings: EvaluationSettings): TrainingProblem {
  return {
    genes: trajectories[0].genes.length,
    batch: trajectories.length,
    model: settings.model,
    regularizer: settings.regularizer,
    solver: { kind: 'dopri5', rtol: settings.rtol, atol: settings.atol, maxSteps: settings.maxSteps },
    initialStates: initialStates(trajectories),
    targets: cellTargets(trajectories),
  };
}

/** Per-cell MSE of every trajectory, in order: mean over cells and genes of (x̂(t_c) − y_c)². */
export async function perCellMse(engine: TrainingEngine, params: Float32Array, trajectories: PreparedTrajectory[]): Promise<number[]> {
  return (await perCellPredictionsAndMse(engine, params, trajectories)).errors;
}

/** The per-cell predictions of every trajectory and their MSE against the observed cells. */
export async function perCellPredictionsAndMse(
  engine: TrainingEngine,
  params: Float32Array,
  trajectories: PreparedTrajectory[],
): Promise<{ errors: number[]; predictions: Float32Array[] }> {
  const prediction = await engine.predict(params);
  const predictions = trajectories.map((_, b) => prediction.trajectories[b].values);
  return { predictions, errors: trajectories.map((t, b) => meanSquaredError(predictions[b], t)) };
}

/** Mean over cells and genes: the division by the number of values is what makes it per cell (a test holds it). */
function meanSquaredError(predicted: Float32Array, t: PreparedTrajectory): number {
  {
    if (predicted.length !== t.values.length) {
      throw new Error(`The engine predicted ${predicted.length} values for ${t.name} but it has ${t.values.length}: engine bug.`);
    }
    let sum = 0;
    for (let i = 0; i < predicted.length; i++) {
      const d = predicted[i] - t.values[i];
      sum += d * d;
    }
    return sum / predicted.length;
  }
}

/** Evaluates one donor: creates an engine for its per-cell problem, predicts, and frees it. */
export async function evaluateDonor(
  donor: string,
  trajectories: PreparedTrajectory[],
  params: Float32Array,
  settings: EvaluationSettings,
  createEngine: (problem: TrainingProblem) => Promise<TrainingEngine>,
): Promise<DonorMse> {
  const engine = await createEngine(cellProblem(trajectories, settings));
  try {
    const { errors, predictions } = await perCellPredictionsAndMse(engine, params, trajectories);
    const lineages: Record<string, number> = {};
    trajectories.forEach((t, b) => (lineages[t.lineage] = errors[b]));
    return { donor, mse: errors.reduce((a, b) => a + b, 0), lineages, predictions };
  } finally {
    engine.dispose();
  }
}
