/**
 * The paper's evaluation: per-cell mean squared error at each cell's own pseudotime, read from the Dormand–Prince
 * dense output with deterministic gates, summed over a donor's lineages.
 */
import type { ModelConfig, RegularizerConfig } from '../../../src-shared/run-config.ts';
import type { PreparedTrajectory } from '../../data/dataset.ts';
import type { TrainingEngine, TrainingProblem } from '../engine-interface.ts';
import { cellTargets, initialStates } from '../../data/prepare/training-targets.ts';

export interface DonorMse {
  donor: string;
  /** Sum over the donor's lineages of each lineage's per-cell MSE. */
  mse: number;
  /** Per-lineage MSE, keyed by lineage name. */
  lineages: Record<string, number>;
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
  const prediction = await engine.predict(params);
  return trajectories.map((t, b) => {
    const predicted = prediction.trajectories[b].values;
    if (predicted.length !== t.values.length) {
      throw new Error(`The engine predicted ${predicted.length} values for ${t.name} but it has ${t.values.length}: engine bug.`);
    }
    let sum = 0;
    for (let i = 0; i < predicted.length; i++) {
      const d = predicted[i] - t.values[i];
      sum += d * d;
    }
    return sum / predicted.length;
  });
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
    const errors = await perCellMse(engine, params, trajectories);
    const lineages: Record<string, number> = {};
    trajectories.forEach((t, b) => (lineages[t.lineage] = errors[b]));
    return { donor, mse: errors.reduce((a, b) => a + b, 0), lineages };
  } finally {
    engine.dispose();
  }
}
