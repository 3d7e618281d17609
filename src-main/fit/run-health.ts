/**
 * Plain-language warnings about a finished run, for `pathreg fit` and the app's Training and Metrics views: how
 * training went (degradedRunWarnings) and whether the result looks like a usable network (resultSanityWarnings).
 * Pure functions of numbers the fit already has, so the command line and the app show the same words.
 */
import type { PreparedTrajectory } from '../data/dataset.ts';

export type RunWarningKind =
  'final-above-best' | 'rejected-iterations' | 'restarts' | 'empty-network' | 'dense-network' | 'no-better-than-straight-line';

export interface RunWarning {
  kind: RunWarningKind;
  /** One or two sentences for a biologist: what happened, what was kept, what to do. */
  message: string;
}

/** The final model's validation loss above this multiple of the best one's means training went wrong late. */
export const FINAL_ABOVE_BEST_RATIO = 1.25;
/** A network keeping more than this share of all gene pairs is not sparse enough to read regulation from. */
export const DENSE_PAIR_SHARE = 0.8;
/** Feature sparsity below this: the same warning, from the path matrix's side. */
export const LOW_FEATURE_SPARSITY = 0.2;

/** What degradedRunWarnings reads from a training outcome (run-training.ts TrainingHealth and the iteration count). */
export interface DegradedRunInput {
  /** Iterations completed. */
  iteration: number;
  best: { iteration: number; validationLoss: number } | null;
  finalValidationLoss: number;
  rejectedIterations: number;
  restarts: number;
}

/**
 * Warnings about how training went: a final model well above the best one, iterations rejected as non-finite,
 * restarts. `modelKept` says which model the fit reads its network and metrics from (`--model best`, the default,
 * or `last`), so the message says what the user is looking at.
 */
export function degradedRunWarnings(outcome: DegradedRunInput, modelKept: 'best' | 'last' = 'best'): RunWarning[] {
  const warnings: RunWarning[] = [];
  const { best, finalValidationLoss: final } = outcome;
  if (best && Number.isFinite(best.validationLoss) && best.iteration < outcome.iteration) {
    const ratio = final / best.validationLoss;
    if (!Number.isFinite(final) || ratio > FINAL_ABOVE_BEST_RATIO) {
      const how = Number.isFinite(final)
        ? `${formatRatio(ratio)} worse than the best model (iteration ${best.iteration}: ${formatLoss(final)} against ${formatLoss(best.validationLoss)})`
        : `not at all: its solve overflowed (the best model, at iteration ${best.iteration}, reached ${formatLoss(best.validationLoss)})`;
      const kept =
        modelKept === 'best'
          ? `The network, metrics and figures are from the best model (iteration ${best.iteration}); the last one is kept in checkpoint.bin.`
          : `The network, metrics and figures are from the last model, as asked; the best one (iteration ${best.iteration}) is in checkpoint-best.bin and is the default.`;
      warnings.push({
        kind: 'final-above-best',
        message: `Training went wrong late: the model at the end (iteration ${outcome.iteration}) fits the training trajectories ${how}. ${kept}`,
      });
    }
  }
  if (outcome.rejectedIterations > 0) {
    warnings.push({
      kind: 'rejected-iterations',
      message:
        `${count(outcome.rejectedIterations, 'iteration')} drew gates that made the solve or its gradient overflow; ` +
        'their updates were not applied and training went on with other gates. A few are harmless; many mean the model is near its limits (try a smaller learning rate).',
    });
  }
  if (outcome.restarts > 0) {
    warnings.push({
      kind: 'restarts',
      message:
        `Training restarted ${count(outcome.restarts, 'time')} from its last good checkpoint with the learning rate halved, ` +
        'after its parameters stopped being finite. The result comes from the run after the restart(s); compare it with a run at a smaller learning rate.',
    });
  }
  return warnings;
}

export interface ResultSanityInput {
  /** Edges of the read-out network (self-edges left out). */
  edges: number;
  /** Gene pairs that could be edges: sources × (genes − 1), every gene a source unless regulators are TFs only. */
  possibleEdges: number;
  /** Over the rows of the genes that could regulate. */
  featureSparsity: number;
  /** True when only transcription factors could regulate (the pairs counted start at a TF). */
  sourcesAreTfs?: boolean;
  /** The fit's per-cell MSE (train_mse, or a held-out donor's, paired with the baseline on the same cells). */
  mse: number;
  /** straightLineBaselineMse on the same trajectories as `mse`. */
  baselineMse: number;
  /**
   * Where the network was read from: the trajectory fit itself (the trajectory method), or the cells' velocities
   * (the velocity method: the integrated field's MSE then judges its trajectories and perturbations, not how its
   * network was chosen). Unset: the trajectory fit.
   */
  networkFrom?: 'trajectory-fit' | 'velocities';
}

/** Warnings about the result itself: an empty network, a network that keeps nearly every pair, a fit no better than a line. */
export function resultSanityWarnings(result: ResultSanityInput): RunWarning[] {
  const warnings: RunWarning[] = [];
  if (result.edges === 0) {
    warnings.push({
      kind: 'empty-network',
      message:
        'The network is empty: in the fitted model no gene influences another, so the fit does not depend on the genes. ' +
        'A smaller λ (regularization strength) keeps more of the model open.',
    });
  } else {
    const share = result.possibleEdges > 0 ? result.edges / result.possibleEdges : 0;
    if (share > DENSE_PAIR_SHARE || result.featureSparsity < LOW_FEATURE_SPARSITY) {
      warnings.push({
        kind: 'dense-network',
        message:
          `The network keeps ${(share * 100).toFixed(0)} % of ${result.sourcesAreTfs ? 'the pairs from a transcription factor' : 'all gene pairs'} (feature sparsity ${result.featureSparsity.toFixed(2)}): ` +
          'it is not sparse, so its edges say little about which genes regulate which. A larger λ (regularization strength) prunes more.',
      });
    }
  }
  if (Number.isFinite(result.baselineMse) && !(result.mse < result.baselineMse)) {
    const line = `no better than a straight line from each lineage's initial state (MSE ${formatLoss(result.baselineMse)})`;
    warnings.push({
      kind: 'no-better-than-straight-line',
      message:
        result.networkFrom === 'velocities'
          ? `The integrated model (MSE ${formatLoss(result.mse)}) is ${line}: its predicted trajectories and perturbations add little ` +
            "beyond each lineage's trend, so read them with care. Its network was chosen from the cells' velocities on held-out cells, not " +
            'from this fit; check it against known regulators (a reference network in the Metrics view) and check the pseudotime and lineages.'
          : `The fit (MSE ${formatLoss(result.mse)}) is ${line}: the model has not learnt the dynamics, and its network should not be read as regulation. ` +
            'Check the pseudotime and the lineages, or train longer.',
    });
  }
  return warnings;
}

/**
 * The baseline a fit must beat: for each trajectory, the straight line x0 + t·v from its initial state, with v
 * fitted to its cells by least squares (v_d = Σ t·(y_d − x0_d) / Σ t²), scored on the same per-cell terms as
 * per-cell-mse.ts: mean over cells and genes of the squared error, summed over the trajectories (a donor's MSE when
 * given one donor's lineages).
 */
export function straightLineBaselineMse(trajectories: PreparedTrajectory[]): number {
  let total = 0;
  for (const trajectory of trajectories) {
    const { times, values, initialState: x0 } = trajectory;
    const genes = x0.length;
    const cells = times.length;
    if (cells === 0) continue;
    if (values.length !== cells * genes)
      throw new Error(`${trajectory.name} has ${values.length} values for ${cells} cells × ${genes} genes: it was not prepared correctly.`);
    let tt = 0;
    for (let c = 0; c < cells; c++) tt += times[c] * times[c];
    const slope = new Float64Array(genes);
    if (tt > 0) {
      for (let c = 0; c < cells; c++) for (let d = 0; d < genes; d++) slope[d] += times[c] * (values[c * genes + d] - x0[d]);
      for (let d = 0; d < genes; d++) slope[d] /= tt;
    }
    let sum = 0;
    for (let c = 0; c < cells; c++) {
      for (let d = 0; d < genes; d++) {
        const r = x0[d] + times[c] * slope[d] - values[c * genes + d];
        sum += r * r;
      }
    }
    total += sum / (cells * genes);
  }
  return total;
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

function formatRatio(ratio: number): string {
  return `${ratio < 10 ? ratio.toFixed(1) : Math.round(ratio).toLocaleString('en-US')}×`;
}

function formatLoss(value: number): string {
  return value < 1e-3 || value >= 1e4 ? value.toExponential(2) : value.toPrecision(3);
}
