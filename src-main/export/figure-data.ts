/**
 * The data each figure's render function takes, built from a run folder: the network and the TF × target effect
 * matrix from edges.csv, the metrics table from metrics.json, the loss curves from the run's recorded history,
 * and the trajectories from the run's recorded predictions. What a run folder does not hold is a clear error.
 */
import type {
  HeatmapData,
  LossCurvesData,
  LossPoint,
  MetricsRow,
  MetricsTableData,
  NetworkData as FigureNetworkData,
  TrajectoryFigureData,
} from '../../src-shared/figures/index.ts';
import { selectEdges, type EdgeSelection, type NetworkData } from './network-data.ts';
import { flattenParameters } from './provenance.ts';
import type { RunFolder } from './run-folder-reader.ts';
import { readLossHistory } from '../run/loss-history.ts';
import { ensureFittedTrajectories } from './run-trajectories.ts';

/** The network as the figure draws it: TF flags default to false when the run had no TF list. */
export function networkFigureData(network: NetworkData): FigureNetworkData {
  return {
    nodes: network.nodes.map((node) => ({ id: node.id, isTF: node.isTF ?? false })),
    edges: network.edges.map((edge) => ({ source: edge.source, target: edge.target, weight: edge.weight, sign: edge.sign })),
  };
}

/**
 * Signed effect matrix (sign × weight) of the selected edges: rows are the regulators (TFs when the run had a TF
 * list) with at least one selected edge, columns the genes they regulate.
 */
export function heatmapFigureData(network: NetworkData, selection: EdgeSelection, where: string): HeatmapData {
  const selected = selectEdges(network, selection).edges;
  const isTF = new Map(network.nodes.map((node) => [node.id, node.isTF]));
  const order = new Map(network.nodes.map((node, index) => [node.id, index]));
  const kept = selected.filter((edge) => isTF.get(edge.source) !== false);
  const byOrder = (a: string, b: string) => (order.get(a) ?? 0) - (order.get(b) ?? 0);
  const rows = [...new Set(kept.map((edge) => edge.source))].sort(byOrder);
  const columns = [...new Set(kept.map((edge) => edge.target))].sort(byOrder);
  if (rows.length === 0) {
    throw new Error(`${where}: no edge from a regulator is selected, so the heatmap would be empty. Lower --threshold or raise --top-k.`);
  }
  const rowIndex = new Map(rows.map((gene, i) => [gene, i]));
  const columnIndex = new Map(columns.map((gene, i) => [gene, i]));
  const values = new Float64Array(rows.length * columns.length);
  for (const edge of kept) values[rowIndex.get(edge.source)! * columns.length + columnIndex.get(edge.target)!] = edge.sign * edge.weight;
  return { rows, columns, values };
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Per-lineage MSEs of every donor (metrics.json "lineage_mse"), the three sparsities and every parameter. */
export function metricsFigureData(run: RunFolder): MetricsTableData {
  const metrics = run.metrics;
  const lineageMse = (metrics.lineage_mse ?? {}) as Record<string, Record<string, number>>;
  const trainDonors = new Set(Array.isArray(metrics.train_donors) ? (metrics.train_donors as unknown[]).map(String) : []);
  // Cell counts: metrics.json "lineage_cells" (pathreg fit writes it), else the run's trajectories when known.
  const cells: Record<string, Record<string, number>> = structuredClone(
    (metrics.lineage_cells ?? {}) as Record<string, Record<string, number>>,
  );
  for (const trajectory of run.trajectories?.trajectories ?? []) {
    (cells[trajectory.donor] ??= {})[trajectory.lineage] = trajectory.observed.times.length;
  }
  const rows: MetricsRow[] = [];
  for (const donor of Object.keys(lineageMse)) {
    for (const lineage of Object.keys(lineageMse[donor] ?? {})) {
      rows.push({
        trajectory: `${lineage}_${donor}`,
        lineage,
        donor,
        split: trainDonors.has(donor) ? 'train' : 'held-out',
        mse: numberOr(lineageMse[donor][lineage], Number.NaN),
        cells: numberOr(cells[donor]?.[lineage], Number.NaN),
      });
    }
  }
  const flat = flattenParameters(run.provenance.parameters);
  // Engine and seed head the list; the configuration repeats them only when the run recorded them there.
  const parameters: [string, string][] = [
    ['engine', run.provenance.engine ?? 'unknown'],
    ['seed', run.provenance.seed === null ? 'unknown' : String(run.provenance.seed)],
    ...flat.filter(([key]) => key !== 'engine' && key !== 'seed'),
  ];

  return {
    rows,
    sparsity: {
      feature: numberOr(metrics.feature_sparsity, Number.NaN),
      model: numberOr(metrics.model_sparsity, Number.NaN),
      spurious: numberOr(metrics.spurious_feature_sparsity, Number.NaN),
    },
    parameters,
  };
}

/**
 * Loss history: metrics.json "history" (array of {iteration, data, penalty, total}) or the run folder's history.csv,
 * read by the one reader of the run folder (src-main/run/loss-history.ts).
 */
export async function lossCurvesFigureData(run: RunFolder): Promise<LossCurvesData> {
  const fromMetrics = run.metrics.history;
  if (Array.isArray(fromMetrics) && fromMetrics.length > 0) {
    return { history: (fromMetrics as Array<Record<string, unknown>>).map((point) => toLossPoint(point)) };
  }
  const rows = await readLossHistory(run.folder);
  if (rows.length === 0) {
    throw new Error(
      `"${run.folder}" holds no loss history (neither "history" in metrics.json nor history.csv), so the curves figure cannot be drawn from it. Export the curves from the app's Training view, or re-run a fit that records its history.`,
    );
  }
  return { history: rows.map(({ iteration, data, penalty, total }) => ({ iteration, data, penalty, total })) };
}

function toLossPoint(point: Record<string, unknown>): LossPoint {
  const loss: LossPoint = {
    iteration: numberOr(point.iteration, Number.NaN),
    data: numberOr(point.data, Number.NaN),
    penalty: numberOr(point.penalty, Number.NaN),
    total: numberOr(point.total, Number.NaN),
  };
  if (typeof point.feature_sparsity === 'number') {
    loss.sparsity = {
      feature: point.feature_sparsity,
      model: numberOr(point.model_sparsity, Number.NaN),
      spurious: numberOr(point.spurious_feature_sparsity, Number.NaN),
    };
  }
  return loss;
}

/**
 * Observed cells and fitted curves: DIR/trajectories.json when present, else rebuilt from the checkpoint and the
 * run's recorded data (run-trajectories.ts).
 */
export async function trajectoriesFigureData(run: RunFolder): Promise<TrajectoryFigureData> {
  return (await ensureFittedTrajectories(run)).trajectories;
}
