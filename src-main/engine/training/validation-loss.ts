/**
 * The criterion the training loop keeps its best model by: the data term of the loss with deterministic gates (the
 * model a user gets), on the training trajectories, from the engine's own prediction solve. Unlike the training
 * loss it has no gate noise, so a lower value means a better model and not a luckier gate sample.
 */
import type { Prediction, TrainingProblem } from '../engine-interface.ts';

/**
 * The data term of docs/model.md ("Loss") at `prediction`: binned targets give Σ_{k,b} w[k][b]·Σ_d (x̂ − Y)², per-cell
 * targets Σ_b mean_{cells, genes} (x̂ − y)². Float64 sums; Infinity when a predicted value is not finite, so a model
 * whose solve overflowed is never the best.
 */
export function validationLoss(problem: TrainingProblem, prediction: Prediction): number {
  const { genes: D, batch: B, targets } = problem;
  if (prediction.trajectories.length !== B)
    throw new Error(`The prediction has ${prediction.trajectories.length} trajectories but the problem has ${B}.`);
  let total = 0;
  if (targets.kind === 'binned') {
    const K = targets.times.length;
    for (let b = 0; b < B; b++) {
      const predicted = prediction.trajectories[b].values;
      if (predicted.length !== K * D)
        throw new Error(`Trajectory ${b} of the prediction has ${predicted.length} values, expected ${K * D}.`);
      for (let k = 0; k < K; k++) {
        const weight = targets.weights[k * B + b];
        if (weight === 0) continue;
        let sum = 0;
        for (let d = 0; d < D; d++) {
          const r = predicted[k * D + d] - targets.values[(k * B + b) * D + d];
          sum += r * r;
        }
        total += weight * sum;
      }
    }
  } else {
    for (let b = 0; b < B; b++) {
      const predicted = prediction.trajectories[b].values;
      const observed = targets.trajectories[b].values;
      if (predicted.length !== observed.length)
        throw new Error(`Trajectory ${b} of the prediction has ${predicted.length} values, expected ${observed.length}.`);
      if (observed.length === 0) continue;
      let sum = 0;
      for (let i = 0; i < observed.length; i++) {
        const r = predicted[i] - observed[i];
        sum += r * r;
      }
      total += sum / observed.length;
    }
  }
  return Number.isFinite(total) ? total : Number.POSITIVE_INFINITY;
}
