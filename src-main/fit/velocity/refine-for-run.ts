/**
 * The run's step after the velocity fit (issue 13): refine the trained field on the training trajectories' binned
 * trajectory loss (src-main/engine/velocity/refine-velocity-field.ts), so the field the run integrates and evaluates
 * fits the trajectories, not only the velocities. The network keeps its edges, weights, ranking and signs (the zero
 * pattern and gates are fixed): where the refined field's mean Jacobian has the other sign, the run counts and notes
 * it, but the edge keeps the velocity fit's sign, which agreed with BEELINE's reference signs as often or more on 3 of
 * 4 models (docs/benchmarks.md, "Refining the velocity field on the trajectories"; on HSC 19 of 26 against 11).
 */
import type { PreparedTrajectory } from '../../data/dataset.ts';
import { binTrajectories } from '../../data/prepare/bin-trajectories.ts';
import { initialStates } from '../../data/prepare/training-targets.ts';
import { DEFAULT_REFINE_SETTINGS, refineVelocityField, type RefineResult } from '../../engine/velocity/refine-velocity-field.ts';
import { fieldNetwork, type VelocityFieldModel } from '../../engine/velocity/velocity-field-model.ts';
import { fieldStableSubsteps } from '../../engine/velocity/field-stable-substeps.ts';
import { perEdgeGates } from '../../engine/velocity/per-edge-field-cpu.ts';
import { affineFieldPattern } from '../../engine/velocity/affine-field-matrix.ts';
import { fieldSources } from '../../engine/velocity/per-edge-field-layout.ts';
import { longestInterval } from '../../engine/velocity/rk4-field-adjoint.ts';
import type { NetworkEdge } from '../../../src-shared/contract/types.ts';
import type { VelocityRefinementRecord } from '../../../src-shared/contract/run-record.ts';

/** The trajectory method's default bin count (run-config.ts RECOMMENDED_DEFAULTS), used when the run's solver has none. */
export const REFINE_BINS_WITHOUT_RK4 = 50;

export interface RefinedForRun {
  model: VelocityFieldModel;
  record: VelocityRefinementRecord;
}

/**
 * The default budget's cap: refinement may cost about as much as the velocity fit did, counted in field evaluations
 * of one cell (the fit: `fitCellEvaluations`, its iterations × cells per iteration, each a forward and a backward; one
 * refinement iteration: K bins × substeps × 4 RK4 stages × B trajectories, forward, and twice that backward), each
 * weighed by `cellCost`, what one refinement evaluation costs against one of the fit's (refineCellCost: 1 on the
 * general per-edge kernel, far less through a sparse field's matrix). On the paper's 529 genes the general kernel
 * costs seconds an iteration (docs/benchmarks.md), so the default's 200 would take several times the fit; a budget the
 * user names is not capped.
 */
export function cappedRefineIterations(
  iterations: number,
  fitCellEvaluations: number,
  bins: number,
  substeps: number,
  batch: number,
  cellCost = 1,
): number {
  const perIteration = ((3 * 4 * bins * substeps * batch) / 2) * cellCost;
  return Math.max(1, Math.min(iterations, Math.floor(fitCellEvaluations / perIteration)));
}

/**
 * What one cell's field evaluation costs in the refinement against one in the velocity fit: the fit's evaluation
 * touches every allowed pair and every gene (S·D + D); refinement's, for a field without hidden units, the entries of
 * its sparse matrix and the RK4 stage's vector work on every gene (counted as 2·D), else every pair as the fit does.
 */
export function refineCellCost(model: VelocityFieldModel): number {
  if (model.config.hidden > 0) return 1;
  const d = model.config.genes;
  const field = { ...model, gates: perEdgeGates(model.values, model.config, null) };
  const entries = affineFieldPattern(field, Float64Array.from(model.values)).column.length;
  return Math.min(1, (entries + 2 * d) / (fieldSources(model.config).length * d + d));
}

/**
 * Refines `model` for `iterations` Adam steps at most on `training` (every training donor's lineages integrated
 * together), K = `bins` bins, capped by cappedRefineIterations when `fitCellEvaluations` is given (the default
 * budget); `network` is the fit's ranking, whose signs are compared with the refined field's.
 */
export async function refineForRun(
  model: VelocityFieldModel,
  network: NetworkEdge[],
  training: PreparedTrajectory[],
  iterations: number,
  bins: number,
  fitCellEvaluations: number | null,
  signal: AbortSignal | undefined,
  log: (line: string) => void,
  onIteration?: (iteration: number, iterations: number) => void,
): Promise<RefinedForRun> {
  const problem = { initialStates: initialStates(training), batch: training.length, targets: binTrajectories(training, bins) };
  const field = { ...model, gates: perEdgeGates(model.values, model.config, null) };
  const substeps = fieldStableSubsteps(field, Float64Array.from(model.values), longestInterval(problem.targets.times));
  const capped =
    fitCellEvaluations === null
      ? iterations
      : cappedRefineIterations(iterations, fitCellEvaluations, bins, substeps, problem.batch, refineCellCost(model));
  const settings = { ...DEFAULT_REFINE_SETTINGS, iterations: capped };
  log(`refining the field on the training trajectories' loss (${bins} bins, RK4): at most ${iterations} iterations, its edges fixed`);
  const refined: RefineResult = await refineVelocityField(model, problem, settings, {
    signal,
    onProgress: (p) => {
      onIteration?.(p.iteration, p.iterations);
      if (p.iteration % 50 === 0)
        log(`refinement iteration ${p.iteration}: trajectory loss ${p.loss.toPrecision(4)} (best ${p.best.toPrecision(4)})`);
    },
  });
  const flips = refined.model === model ? 0 : signFlips(model, refined.model, training, network);
  log(
    `refinement: trajectory loss ${refined.lossBefore.toPrecision(4)} → ${refined.lossAfter.toPrecision(4)} ` +
      `(${refined.iterations} iterations, best at ${refined.bestIteration}, ${refined.seconds.toFixed(1)} s)`,
  );
  return {
    model: refined.model,
    record: {
      iterations: settings.iterations,
      iterations_asked: iterations,
      iterations_run: refined.iterations,
      best_iteration: refined.bestIteration,
      stopped: refined.stopped,
      loss: 'binned trajectory loss (RK4), training donors',
      loss_before: refined.lossBefore,
      loss_after: refined.lossAfter,
      bins,
      learning_rate: settings.learningRate,
      patience: settings.patience,
      rejected_iterations: refined.rejected,
      free_parameters: refined.freeParameters,
      substeps_start: refined.substeps.start,
      substeps_most: refined.substeps.most,
      sign_flips: flips,
      seconds: refined.seconds,
    },
  };
}

/**
 * How many of the fit's signed edges the refined field's mean Jacobian (over the training cells) gives the other sign
 * than the fitted field's.
 */
function signFlips(before: VelocityFieldModel, after: VelocityFieldModel, training: PreparedTrajectory[], network: NetworkEdge[]): number {
  const d = before.genes.length;
  const rows = training.reduce((sum, t) => sum + t.times.length, 0);
  const states = new Float32Array(rows * d);
  let offset = 0;
  for (const t of training) {
    states.set(t.values, offset);
    offset += t.values.length;
  }
  const signs = (model: VelocityFieldModel) =>
    new Map(fieldNetwork(model, states, rows, 'jacobian').map((e) => [`${e.source}\t${e.target}`, e.sign]));
  const old = signs(before);
  const fresh = signs(after);
  let count = 0;
  for (const edge of network) {
    // An edge the fit removed (sign 0) has a zero group, which refinement never moves.
    if (edge.sign === 0) continue;
    const key = `${edge.source}\t${edge.target}`;
    const was = old.get(key);
    const now = fresh.get(key);
    if (was !== undefined && now !== undefined && now !== 0 && was !== now) count++;
  }
  return count;
}
