/**
 * runs:compare and export:comparison: two or more session runs (trained, from a project, or imported run folders)
 * side by side. Every edge comes from each run's folder (the edge table's cache), so the overlap is over whole
 * networks, not the heaviest 20,000 the window holds; the numbers are src-shared/run-comparison.ts's.
 */
import type { ExportedFile } from '../../src-shared/contract/types.ts';
import type { ComparedMetric, RunComparison } from '../../src-shared/contract/run-comparison.ts';
import type { RequestOf } from '../../src-shared/contract/channels.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import { differenceNetwork, edgeOverlap, topKEdges } from '../../src-shared/run-comparison.ts';
import { csvField, numberField } from '../export/delimited-text.ts';
import { spreadsheetSafe } from '../export/spreadsheet-safe-text.ts';
import { provenanceJson } from '../export/provenance.ts';
import { exportBaseName, sessionRunFolder, type SessionRun } from './session-exports.ts';
import type { RunEdgeTable } from './session-edge-table.ts';

export interface ComparedSessionRun {
  run: SessionRun;
  table: RunEdgeTable;
}

/** The metrics compared, in the Metrics view's words; a value a run did not record is null. */
const METRICS: Array<{ key: string; label: string; value: (run: SessionRun, edges: number) => number | string | null }> = [
  { key: 'method', label: 'method', value: (run) => run.result.metrics.method ?? 'trajectory' },
  { key: 'seed', label: 'seed', value: (run) => finite(run.result.metrics.seed) ?? run.summary.config.seed },
  { key: 'lambda', label: 'λ (regularizer)', value: (run) => finite(run.summary.config.regularizer?.lambda) },
  { key: 'iterations', label: 'iterations', value: (run) => finite(run.result.metrics.iterations) },
  { key: 'engine', label: 'engine', value: (run) => run.result.metrics.engine ?? run.summary.engine },
  { key: 'genes', label: 'genes', value: (run) => run.result.genes.length },
  { key: 'edges', label: 'edges (weight ≥ 1e-5)', value: (_run, edges) => edges },
  { key: 'train_mse', label: 'training MSE', value: (run) => finite(run.result.metrics.train_mse) },
  { key: 'test_mse_mean', label: 'held-out MSE (mean)', value: (run) => finite(run.result.metrics.test_mse_mean) },
  { key: 'straight_line_mse', label: 'straight-line MSE', value: (run) => finite(run.result.metrics.straight_line_mse) },
  { key: 'feature_sparsity', label: 'feature sparsity', value: (run) => finite(run.result.metrics.feature_sparsity) },
  { key: 'model_sparsity', label: 'model sparsity', value: (run) => finite(run.result.metrics.model_sparsity) },
  {
    key: 'spurious_feature_sparsity',
    label: 'spurious-feature sparsity',
    value: (run) => finite(run.result.metrics.spurious_feature_sparsity),
  },
  { key: 'seconds', label: 'seconds', value: (run) => finite(run.result.metrics.seconds) },
];

function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

export function compareSessionRuns(runs: readonly ComparedSessionRun[], topK: number): RunComparison {
  if (new Set(runs.map(({ run }) => run.summary.runId)).size !== runs.length)
    throw new UserError('bad-input', 'The same run is chosen twice: pick two or more different runs to compare.');
  const metrics: ComparedMetric[] = METRICS.map((metric) => ({
    key: metric.key,
    label: metric.label,
    values: runs.map(({ run, table }) => metric.value(run, table.rows.length)),
  }));
  const overlaps = [];
  for (let a = 0; a < runs.length; a++)
    for (let b = a + 1; b < runs.length; b++) overlaps.push({ a, b, ...edgeOverlap(runs[a].table.rows, runs[b].table.rows, topK) });
  return {
    runs: runs.map(({ run, table }) => ({
      runId: run.summary.runId,
      label: run.summary.label,
      edges: table.rows.length,
      topK: topKEdges(table.rows, topK).length,
    })),
    topK,
    metrics,
    overlaps,
    difference: differenceNetwork(runs[0].table.rows, runs[1].table.rows, topK),
  };
}

/**
 * The difference network of A and B as CSV (header on line 1: source, target, in, weight and sign in each run),
 * with a sidecar holding both runs' provenance, the metrics side by side and every pair's overlap.
 */
export function exportComparison(runs: readonly ComparedSessionRun[], request: RequestOf<'export:comparison'>): ExportedFile {
  const comparison = compareSessionRuns(runs, request.topK);
  const [a, b] = comparison.runs;
  const where = { a: `only in ${a.label}`, b: `only in ${b.label}`, both: 'in both' } as const;
  const lines = ['source,target,in,weight_a,sign_a,weight_b,sign_b'];
  const number = (value: number | null) => (value === null ? '' : numberField(value));
  for (const edge of comparison.difference) {
    lines.push(
      [
        csvField(spreadsheetSafe(edge.source)),
        csvField(spreadsheetSafe(edge.target)),
        csvField(where[edge.in]),
        number(edge.weightA),
        edge.signA === null ? '' : String(edge.signA),
        number(edge.weightB),
        edge.signB === null ? '' : String(edge.signB),
      ].join(','),
    );
  }
  const exportedAt = new Date().toISOString();
  const overlap = comparison.overlaps[0];
  const content = `difference network of the top ${comparison.topK} edges of ${a.label} (A) and ${b.label} (B): ${comparison.difference.length} edges; Jaccard ${overlap.jaccard ?? 'undefined'}, Spearman ${overlap.spearman ?? 'undefined'} over ${overlap.sharedPairs} shared pairs`;
  const sidecar = {
    content,
    exported_at: exportedAt,
    top_k: comparison.topK,
    runs: runs.map(({ run }) => provenanceJson({ ...sessionRunFolder(run).provenance, exportedAt, content: run.summary.label })),
    metrics: comparison.metrics,
    overlaps: comparison.overlaps.map((pair) => ({ ...pair, a: comparison.runs[pair.a].label, b: comparison.runs[pair.b].label })),
  };
  const text = `${lines.join('\n')}\n`;
  const fileName = `${exportBaseName(runs[0].run.summary)}-vs-${exportBaseName(runs[1].run.summary)}-comparison.csv`;
  const bytes = Buffer.from(text, 'utf8');
  return {
    fileName,
    mimeType: 'text/csv',
    contentBase64: bytes.toString('base64'),
    bytes: bytes.byteLength,
    content,
    sidecar: {
      fileName: `${fileName}.provenance.json`,
      contentBase64: Buffer.from(`${JSON.stringify(sidecar, null, 2)}\n`).toString('base64'),
    },
  };
}
