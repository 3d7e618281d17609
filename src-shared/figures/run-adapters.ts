/**
 * Turns the contract's answers (RunResult, TrajectoryComparison, progress history) into the figures' data.
 * Pure, so the views and export draw exactly the same thing from the same run.
 */
import type { RunResult, RunSummary, TrainingProgress, TrajectoryComparison } from '../contract/types.ts';
import type { NetworkData } from './network-data.ts';
import type { HeatmapData } from './render-heatmap.ts';
import type { LossPoint } from './render-loss-curves.ts';
import type { MetricsRow, MetricsTableData } from './render-metrics-table.ts';
import type { TrajectoryFigureData } from './render-trajectories.ts';
import { formatValue } from './svg.ts';

/** Genes as nodes (TF when the run's TF list says so) and the run's edges. */
export function networkFromResult(result: RunResult): NetworkData {
  return {
    nodes: result.genes.map((id, i) => ({ id, isTF: result.isTF[i] === true })),
    edges: result.edges.map((edge) => ({ source: edge.source, target: edge.target, weight: edge.weight, sign: edge.sign })),
  };
}

/**
 * The regulator × target effect matrix from the run's complete signed matrix (rows: the TFs when the run has a TF
 * list, else every gene), keeping only rows and columns with at least one effect: a gene nothing regulates, or a
 * regulator with no target left, adds an empty line and no information.
 */
export function heatmapFromResult(result: RunResult): HeatmapData {
  const { sources, targets, values } = result.heatmap;
  const columns = targets.length;
  const rowUsed = new Uint8Array(sources.length);
  const columnUsed = new Uint8Array(columns);
  for (let r = 0; r < sources.length; r++) {
    for (let c = 0; c < columns; c++) {
      if (values[r * columns + c] !== 0 && Number.isFinite(values[r * columns + c])) {
        rowUsed[r] = 1;
        columnUsed[c] = 1;
      }
    }
  }
  const rowIndex = [...rowUsed.keys()].filter((r) => rowUsed[r]);
  const columnIndex = [...columnUsed.keys()].filter((c) => columnUsed[c]);
  const kept = new Float64Array(rowIndex.length * columnIndex.length);
  rowIndex.forEach((r, i) =>
    columnIndex.forEach((c, j) => {
      kept[i * columnIndex.length + j] = values[r * columns + c];
    }),
  );
  return { rows: rowIndex.map((r) => sources[r]), columns: columnIndex.map((c) => targets[c]), values: kept };
}

/** Progress reports as loss-curve points (sparsity only where the job computed it). */
export function lossPointsFromHistory(history: readonly TrainingProgress[]): LossPoint[] {
  return history.map((progress) => ({
    iteration: progress.iteration,
    data: progress.loss.data,
    penalty: progress.loss.penalty,
    total: progress.loss.total,
    sparsity: progress.sparsity
      ? { feature: progress.sparsity.feature, model: progress.sparsity.model, spurious: progress.sparsity.spuriousFeature ?? NaN }
      : undefined,
  }));
}

/** Observed cells and predictions, held-out donors marked as such. */
export function trajectoryDataFromComparison(comparison: TrajectoryComparison): TrajectoryFigureData {
  return {
    genes: comparison.genes,
    trajectories: comparison.trajectories.map((trajectory) => ({
      name: trajectory.name,
      lineage: trajectory.lineage,
      donor: trajectory.donor,
      split: trajectory.split === 'test' ? 'held-out' : 'train',
      observed: { times: trajectory.times, values: trajectory.observed },
      predicted: trajectory.predicted.length ? { times: trajectory.times, values: trajectory.predicted } : undefined,
    })),
  };
}

/** One table row per donor (the paper reports MSE per donor, its lineages summed), plus sparsities and parameters. */
export function metricsTableFromResult(result: RunResult, run?: RunSummary | null): MetricsTableData {
  const metrics = result.metrics;
  const rows: MetricsRow[] = [];
  const addDonors = (perDonor: Record<string, number>, split: MetricsRow['split']) => {
    for (const donor of Object.keys(perDonor).sort()) {
      const trajectories = result.trajectories.filter((t) => t.donor === donor && (t.split === 'test') === (split === 'held-out'));
      rows.push({
        trajectory: trajectories.map((t) => t.name).join(', ') || donor,
        lineage: [...new Set(trajectories.map((t) => t.lineage))].join(', '),
        donor,
        split,
        // A method with no integrable field (linear) records null: the table shows a dash.
        mse: perDonor[donor] ?? Number.NaN,
        cells: trajectories.reduce((sum, t) => sum + t.cells, 0),
      });
    }
  };
  addDonors(metrics.train_mse_by_donor, 'train');
  addDonors(metrics.test_mse, 'held-out');
  const parameters: [string, string][] = [];
  const velocity = metrics.velocity?.settings;
  if (metrics.method && metrics.method !== 'trajectory') {
    // The trajectory settings of the config do not apply: the settings the velocity fit used are shown instead.
    parameters.push(['method', metrics.method]);
    if (velocity) {
      parameters.push(['velocity targets', `${velocity.neighbours} nearest of the next ${velocity.window} cells`]);
      if (metrics.method === 'velocity')
        parameters.push([
          'field',
          `${velocity.hidden} hidden per target, ${velocity.penalty} λ = ${formatValue(Number(velocity.lambda))}, ${velocity.pathStages} penalty stages`,
        ]);
    }
  } else if (run) {
    const config = run.config;
    parameters.push(['regularizer', `${config.regularizer.kind}, λ = ${formatValue(config.regularizer.lambda)}`]);
    parameters.push(['hidden sizes', config.model.hidden.join(', ') || 'none (linear)']);
    parameters.push([
      'solver',
      config.solver.kind === 'rk4'
        ? `RK4, ${config.solver.bins} bins × ${config.solver.substeps} substeps`
        : `Dormand–Prince, rtol ${config.solver.rtol}, atol ${config.solver.atol}`,
    ]);
    parameters.push(['learning rate', formatValue(config.optimizer.learningRate)]);
  }
  parameters.push(['iterations', String(metrics.iterations)]);
  parameters.push(['engine', metrics.engine]);
  parameters.push(['seed', String(metrics.seed)]);
  parameters.push(['training time', formatDuration(metrics.seconds)]);
  parameters.push(['data SHA-256', `${metrics.data_sha256.slice(0, 16)}…`]);
  // The short form fits the table ('diffusion pseudotime from root "X"'); exported files carry the settings too.
  if (metrics.pseudotime) parameters.push(['pseudotime', metrics.pseudotime.replace(/ \(.*$/, '')]);
  return {
    rows,
    sparsity: { feature: metrics.feature_sparsity, model: metrics.model_sparsity, spurious: metrics.spurious_feature_sparsity ?? NaN },
    parameters,
  };
}

/** "1 h 02 min", "3 min 05 s", "12 s" — for ETA and elapsed time. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}
