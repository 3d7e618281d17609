import type { TrainingConfig } from '../../src-shared/run-config.ts';
import type { PreparedTrajectory } from '../data/dataset.ts';
import { trainingTargets } from '../data/prepare/training-targets.ts';
import type { TrainingProblem } from '../engine/engine-interface.ts';
import { FitInputError } from './fit-input-error.ts';

/** The engine's view of a training run: every prepared trajectory of the training donors in one batch. */
export function buildTrainingProblem(trajectories: PreparedTrajectory[], config: TrainingConfig): TrainingProblem {
  if (trajectories.length === 0) throw new FitInputError('nothing-to-train', []);
  const { initialStates, targets } = trainingTargets(trajectories, config.solver);
  return {
    genes: trajectories[0].genes.length,
    batch: trajectories.length,
    model: config.model,
    regularizer: config.regularizer,
    solver: config.solver,
    initialStates,
    targets,
  };
}
