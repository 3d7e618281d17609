/**
 * Refines a velocity-trained field on the trajectory loss (issue 13, "optionally combined with the trajectory loss so
 * the field still integrates well"): velocity matching fits each cell's local direction, yet integrated from a
 * lineage's initial state its errors add up, and the field can fit the trajectories worse than a straight line. From
 * the trained field, Adam minimises the trajectory method's binned RK4 data term (rk4-field-adjoint.ts) over the
 * field's weights with its zero pattern fixed: a pair whose group (A_ij and W1_ij·) is zero, or whose gate is closed,
 * stays exactly zero, and the gates are not trained, so the network keeps its edges; decay, biases, hidden layers and
 * the non-zero pairs' weights move. Early stopping on the training loss, and the best parameters are kept.
 */
import { pairGroupNorms } from './group-proximal-path.ts';
import { fieldSources, perEdgeFieldOffsets } from './per-edge-field-layout.ts';
import { perEdgeGates } from './per-edge-field-cpu.ts';
import { fieldStableSubsteps } from './field-stable-substeps.ts';
import type { ScaledPerEdgeField } from './per-edge-field-vjp.ts';
import { binnedTrajectoryLoss, longestInterval, type TrajectoryProblem } from './rk4-field-adjoint.ts';
import { affineFieldMatrix, affineFieldParameterGradient, affineFieldPattern } from './affine-field-matrix.ts';
import { affineBinnedTrajectoryLoss } from './affine-field-rk4-adjoint.ts';
import type { VelocityFieldModel } from './velocity-field-model.ts';

export interface RefineSettings {
  /** Adam iterations at most (0: no refinement). */
  iterations: number;
  learningRate: number;
  /** Stop when the training loss has not improved by `minImprovement` (relative) for this many iterations. */
  patience: number;
  minImprovement: number;
}

/** Chosen by measurement (docs/benchmarks.md, "Refining the velocity field on the trajectories"). */
export const DEFAULT_REFINE_SETTINGS: RefineSettings = { iterations: 200, learningRate: 0.01, patience: 50, minImprovement: 1e-4 };

export interface RefineControl {
  /** Checked every iteration; an aborted refinement throws the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (progress: { iteration: number; iterations: number; loss: number; best: number }) => void;
  /**
   * `general` evaluates the per-edge kernel over every source–target pair even for a field without hidden units, where
   * `auto` (the default) integrates its sparse matrix: the two give the same loss and gradient up to rounding, and
   * measure-refinement.ts and the tests compare them.
   */
  kernel?: 'auto' | 'general';
}

export interface RefineResult {
  /** The refined field (the given one, unchanged, when no iteration lowered the loss). */
  model: VelocityFieldModel;
  /** Binned trajectory loss of the given field and of the one returned (the same substep rule for both). */
  lossBefore: number;
  lossAfter: number;
  /** Iterations run, and the one whose parameters were kept (0: the given field). */
  iterations: number;
  bestIteration: number;
  /** Iterations whose loss or gradient was not finite: never accepted; each restarts from the best at half the step. */
  rejected: number;
  /** Why the loop ended. */
  stopped: 'iterations' | 'no-improvement' | 'not-finite' | 'start-not-finite';
  /** Parameters refined (the rest are the fixed zeros and the gate logits). */
  freeParameters: number;
  /** RK4 substeps per interval at the start and the most taken. */
  substeps: { start: number; most: number };
  /** `affine`: the field's sparse matrix K (no hidden units); `general`: the per-edge kernel. */
  kernel: 'affine' | 'general';
  seconds: number;
}

/** Rejections in a row after which the refinement gives up and keeps its best. */
const MAX_REJECTED_IN_A_ROW = 5;

/** Which flat parameters refinement may move: not the gates, not the pairs that are zero or gated shut. */
export function refinableParameters(model: VelocityFieldModel): Uint8Array {
  const { config, values } = model;
  const o = perEdgeFieldOffsets(config);
  const h = config.hidden;
  const free = new Uint8Array(o.total).fill(1);
  free.fill(0, o.logAlpha, o.logAlpha + fieldSources(config).length * config.genes);
  if (!config.decay) free.fill(0, o.decay, o.decay + config.genes);
  const gates = perEdgeGates(values, config, null);
  const norms = pairGroupNorms(values, config, o);
  for (let pair = 0; pair < gates.length; pair++) {
    if (gates[pair] > 0 && norms[pair] > 0) continue;
    free.fill(0, o.w1 + pair * h, o.w1 + (pair + 1) * h);
    if (config.linear) free[o.linear + pair] = 0;
  }
  return free;
}

/** The pairs (s·D + j, ascending) whose linear term or first-layer weights refinement may move. */
function refinablePairs(model: VelocityFieldModel, free: Uint8Array): Int32Array {
  const { config } = model;
  const o = perEdgeFieldOffsets(config);
  const pairs: number[] = [];
  for (let pair = 0; pair < fieldSources(config).length * config.genes; pair++) {
    const linearFree = config.linear === true && free[o.linear + pair] === 1;
    if (linearFree || (config.hidden > 0 && free[o.w1 + pair * config.hidden] === 1)) pairs.push(pair);
  }
  return Int32Array.from(pairs);
}

/** The binned trajectory loss at `params` with `substeps` RK4 steps per interval; `gradient` (flat layout) overwritten. */
export type FieldTrajectoryLoss = (params: Float64Array, substeps: number, gradient?: Float64Array) => number;

/**
 * The refinement's loss for `field`: without hidden units the field is affine, so each iteration builds its sparse
 * matrix K once over the zero pattern at `initial` (the refinement keeps that pattern) and integrates with sparse
 * mat-vecs (affine-field-matrix.ts, affine-field-rk4-adjoint.ts); with hidden units, or when `general` is asked for,
 * the per-edge kernel over every pair (rk4-field-adjoint.ts). Parameters outside the pattern get gradient 0 on the
 * affine path; the refinement never moves them.
 */
export function fieldTrajectoryLoss(
  field: ScaledPerEdgeField,
  initial: Float64Array,
  problem: TrajectoryProblem,
  kernel: 'auto' | 'general' = 'auto',
): { kernel: 'affine' | 'general'; loss: FieldTrajectoryLoss } {
  if (field.config.hidden > 0 || kernel === 'general')
    return { kernel: 'general', loss: (params, substeps, gradient) => binnedTrajectoryLoss(field, params, problem, substeps, gradient) };
  const pattern = affineFieldPattern(field, initial);
  const matrixGradient = new Float64Array(pattern.column.length);
  const offsetGradient = new Float64Array(pattern.genes);
  return {
    kernel: 'affine',
    loss: (params, substeps, gradient) => {
      const affine = affineFieldMatrix(field, pattern, params);
      if (!gradient) return affineBinnedTrajectoryLoss(affine, problem, substeps);
      const loss = affineBinnedTrajectoryLoss(affine, problem, substeps, { matrix: matrixGradient, offset: offsetGradient });
      gradient.fill(Number.isFinite(loss) ? 0 : Number.NaN);
      if (Number.isFinite(loss)) affineFieldParameterGradient(field, pattern, params, matrixGradient, offsetGradient, gradient);
      return loss;
    },
  };
}

export async function refineVelocityField(
  model: VelocityFieldModel,
  problem: TrajectoryProblem,
  settings: RefineSettings = DEFAULT_REFINE_SETTINGS,
  control: RefineControl = {},
): Promise<RefineResult> {
  const started = performance.now();
  const field: ScaledPerEdgeField = {
    config: model.config,
    gates: perEdgeGates(model.values, model.config, null),
    inputShift: model.inputShift,
    inputScale: model.inputScale,
    outputScale: model.outputScale,
  };
  const longest = longestInterval(problem.targets.times);
  const free = refinableParameters(model);
  const freeParameters = free.reduce((sum, f) => sum + f, 0);
  const initial = Float64Array.from(model.values);
  // Only the free pairs can be non-zero: the step bound reads those alone (the same bound, without every pair's loop).
  const livePairs = refinablePairs(model, free);
  const substepsFor = (p: Float64Array) => fieldStableSubsteps(field, p, longest, livePairs);
  const { kernel, loss: trajectoryLoss } = fieldTrajectoryLoss(field, initial, problem, control.kernel);
  const lossOf = (p: Float64Array) => trajectoryLoss(p, substepsFor(p));
  const startSubsteps = substepsFor(initial);
  const lossBefore = trajectoryLoss(initial, startSubsteps);
  const result = (over: Partial<RefineResult>): RefineResult => ({
    model,
    lossBefore,
    lossAfter: lossBefore,
    iterations: 0,
    bestIteration: 0,
    rejected: 0,
    stopped: 'iterations',
    freeParameters,
    substeps: { start: startSubsteps, most: startSubsteps },
    kernel,
    seconds: (performance.now() - started) / 1000,
    ...over,
  });
  if (!Number.isFinite(lossBefore)) return result({ stopped: 'start-not-finite' });
  if (settings.iterations <= 0) return result({});

  const params = Float64Array.from(initial);
  const best = Float64Array.from(initial);
  let bestLoss = lossBefore;
  let bestIteration = 0;
  let sinceBest = 0;
  let rejected = 0;
  let rejectedInARow = 0;
  let mostSubsteps = startSubsteps;
  let learningRate = settings.learningRate;
  const gradient = new Float64Array(params.length);
  const m = new Float64Array(params.length);
  const v = new Float64Array(params.length);
  let adamStep = 0;
  let stopped: RefineResult['stopped'] = 'iterations';
  let iteration = 0;
  while (iteration < settings.iterations) {
    if (control.signal?.aborted) throw control.signal.reason ?? new Error('The refinement was cancelled.');
    iteration++;
    const substeps = substepsFor(params);
    mostSubsteps = Math.max(mostSubsteps, substeps);
    const loss = trajectoryLoss(params, substeps, gradient);
    let finite = Number.isFinite(loss);
    for (let i = 0; finite && i < gradient.length; i++) if (free[i] && !Number.isFinite(gradient[i])) finite = false;
    if (!finite) {
      // Never accepted: back to the best parameters with half the step and fresh moments.
      rejected++;
      rejectedInARow++;
      params.set(best);
      learningRate /= 2;
      m.fill(0);
      v.fill(0);
      adamStep = 0;
      if (rejectedInARow >= MAX_REJECTED_IN_A_ROW) {
        stopped = 'not-finite';
        break;
      }
      continue;
    }
    rejectedInARow = 0;
    if (loss < bestLoss * (1 - settings.minImprovement)) {
      bestLoss = loss;
      best.set(params);
      bestIteration = iteration - 1;
      sinceBest = 0;
    } else if (++sinceBest >= settings.patience) {
      stopped = 'no-improvement';
      break;
    }
    // Adam (β1 0.9, β2 0.999, ε 1e-8, bias-corrected), as the velocity fit; fixed parameters never move.
    adamStep++;
    const c1 = 1 - Math.pow(0.9, adamStep);
    const c2 = 1 - Math.pow(0.999, adamStep);
    for (let i = 0; i < params.length; i++) {
      if (!free[i]) continue;
      m[i] = 0.9 * m[i] + 0.1 * gradient[i];
      v[i] = 0.999 * v[i] + 0.001 * gradient[i] * gradient[i];
      params[i] -= (learningRate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-8);
    }
    if (iteration % 10 === 0 || iteration === settings.iterations) {
      control.onProgress?.({ iteration, iterations: settings.iterations, loss, best: bestLoss });
      // Let a worker's cancel message in.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  // The last step's parameters were never scored: score them, as the loop would have next.
  if (stopped === 'iterations') {
    const last = lossOf(params);
    if (Number.isFinite(last) && last < bestLoss * (1 - settings.minImprovement)) {
      best.set(params);
      bestIteration = iteration;
    }
  }
  if (bestIteration === 0)
    return result({ iterations: iteration, rejected, stopped, substeps: { start: startSubsteps, most: mostSubsteps } });
  // The model stores float32: score what is stored, and keep the given field unless that is still lower.
  const values = Float32Array.from(best);
  const lossAfter = lossOf(Float64Array.from(values));
  if (!(Number.isFinite(lossAfter) && lossAfter < lossBefore))
    return result({ iterations: iteration, rejected, stopped, substeps: { start: startSubsteps, most: mostSubsteps } });
  return result({
    model: { ...model, values },
    lossAfter,
    iterations: iteration,
    bestIteration,
    rejected,
    stopped,
    substeps: { start: startSubsteps, most: mostSubsteps },
  });
}
