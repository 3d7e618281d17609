/**
 * runs:compare and export:comparison: two or more session runs (trained, from a project, or imported run folders)
 * side by side. Every edge comes from each run's folder (the edge table's cache), so the overlap is over whole
 * networks, not the heaviest 20,000 the window holds; the numbers are src-shared/run-comparison.ts's.
 */
import type { ExportedFile } from '../../src-shared/contract/types.ts';
import type { ComparedMetric, ComparisonExportFormat, RunComparison } from '../../src-shared/contract/run-comparison.ts';
import type { RequestOf } from '../../src-shared/contract/channels.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import { differenceNetwork, edgeOverlap, topKEdges } from '../../src-shared/run-comparison.ts';
import { csvField, numberField } from '../export/delimited-text.ts';
import { spreadsheetSafe } from '../export/spreadsheet-safe-text.ts';
import { provenanceJson, type Provenance } from '../export/provenance.ts';
import { rankEdges, type NetworkData } from '../export/network-data.ts';
import { writeGraphml } from '../export/graphml-writer.ts';
import { writeCyjs } from '../export/cyjs-writer.ts';
import { figureBytes } from '../export/figure-export.ts';
import { JSDOM } from 'jsdom';
import {
  DIFFERENCE_CLASS_NAMES,
  DIFFERENCE_CLASSES,
  differenceCounts,
  differenceFigureData,
  differenceLayout,
  differenceSign,
  differenceWeight,
  renderDifferenceNetwork,
  type DifferenceClass,
} from '../../src-shared/figures/render-difference-network.ts';
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
  const difference = differenceNetwork(runs[0].table.rows, runs[1].table.rows, topK);
  const onDifference = [...new Set(difference.flatMap((edge) => [edge.source, edge.target]))].sort();
  const tfIn = (gene: string) => {
    const a = runs[0].table.isTF.get(gene) ?? null;
    const b = runs[1].table.isTF.get(gene) ?? null;
    return a === null && b === null ? null : a === true || b === true;
  };
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
    difference,
    differenceGenes: onDifference.map((id) => ({ id, isTF: tfIn(id) })),
  };
}

const CLASS_WORDS = { a: 'only in A', b: 'only in B', both: 'in both' } as const;

const COMPARISON_MIME: Record<ComparisonExportFormat, string> = {
  csv: 'text/csv',
  graphml: 'application/xml',
  cyjs: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
};

/** The figure's size when the request names none: a two-column figure with the screen's aspect (4:3). */
const DEFAULT_FIGURE = { width: 183, height: 137, unit: 'mm', dpi: 300, background: 'white' } as const;

/**
 * Where the difference network came from, for every format: both runs' folders, seeds, engines, training
 * parameters and metrics side by side, the overlap numbers, the top-k and the classes kept; the inputs of both.
 */
function comparisonProvenance(
  runs: readonly ComparedSessionRun[],
  comparison: RunComparison,
  classes: readonly DifferenceClass[],
  exportedAt: string,
  content: string,
): Provenance {
  const [a, b] = runs.map(({ run }) => sessionRunFolder(run).provenance);
  const runRecord = (index: number) => {
    const provenance = index === 0 ? a : b;
    return {
      label: comparison.runs[index].label,
      folder: provenance.runFolder,
      seed: provenance.seed,
      engine: provenance.engine,
      run_date: provenance.runDate,
      edges: comparison.runs[index].edges,
      metrics: Object.fromEntries(comparison.metrics.map((metric) => [metric.key, metric.values[index]])),
      parameters: provenance.parameters,
    };
  };
  const inputs = [...a.inputs];
  for (const input of b.inputs) if (!inputs.some((known) => known.sha256 === input.sha256 && known.name === input.name)) inputs.push(input);
  const overlap = comparison.overlaps[0];
  return {
    app: 'PathReg Studio',
    appVersion: runs[0].run.appVersion,
    engine: a.engine === b.engine ? a.engine : `${a.engine ?? 'unknown'} (A), ${b.engine ?? 'unknown'} (B)`,
    seed: null,
    parameters: {
      comparison: {
        top_k: comparison.topK,
        classes: classes.map((c) => DIFFERENCE_CLASS_NAMES[c]),
        jaccard: overlap.jaccard,
        spearman: overlap.spearman,
        shared_pairs: overlap.sharedPairs,
        run_a: runRecord(0),
        run_b: runRecord(1),
      },
    },
    inputs,
    runFolder: `A: ${a.runFolder ?? comparison.runs[0].label}; B: ${b.runFolder ?? comparison.runs[1].label}`,
    runDate: null,
    exportedAt,
    content,
  };
}

/** The difference network as every network writer reads it: the kept classes' edges, their genes laid out as the figure. */
export function differenceNetworkData(comparison: RunComparison, classes: readonly DifferenceClass[]): NetworkData {
  const figure = differenceFigureData(comparison);
  const positions = differenceLayout(figure, 0);
  const kept = comparison.difference.filter((edge) => edge.source !== edge.target && classes.includes(edge.in));
  const linked = new Set(kept.flatMap((edge) => [edge.source, edge.target]));
  return {
    nodes: comparison.differenceGenes
      .filter((gene) => linked.has(gene.id))
      .map((gene) => ({
        id: gene.id,
        isTF: gene.isTF,
        peakPseudotime: null,
        ...(positions[gene.id] ? { x: Math.round(positions[gene.id].x * 100) / 100, y: Math.round(positions[gene.id].y * 100) / 100 } : {}),
      })),
    edges: rankEdges(
      kept.map((edge) => ({
        source: edge.source,
        target: edge.target,
        weight: differenceWeight(edge),
        sign: differenceSign(edge),
        comparison: {
          in: DIFFERENCE_CLASS_NAMES[edge.in],
          weightA: edge.weightA,
          signA: edge.signA,
          weightB: edge.weightB,
          signB: edge.signB,
        },
      })),
    ),
    comparison: { labelA: comparison.runs[0].label, labelB: comparison.runs[1].label, topK: comparison.topK },
  };
}

/**
 * The difference network of A and B: as CSV (header on line 1: source, target, in, weight and sign in each run, with
 * a sidecar holding both runs' provenance, the metrics side by side and every pair's overlap), as GraphML or cyjs
 * (edge attributes comparison, weight_a, sign_a, weight_b, sign_b; provenance inside), or as the Compare view's
 * figure in SVG or PNG (provenance in the SVG metadata and PNG text chunks). Only the classes asked for are kept.
 */
export async function exportComparison(
  runs: readonly ComparedSessionRun[],
  request: RequestOf<'export:comparison'>,
): Promise<ExportedFile> {
  const comparison = compareSessionRuns(runs, request.topK);
  const format = request.format ?? 'csv';
  const classes = DIFFERENCE_CLASSES.filter((c) => (request.classes ?? DIFFERENCE_CLASSES).includes(c));
  const kept = comparison.difference.filter((edge) => classes.includes(edge.in));
  const [a, b] = comparison.runs;
  const exportedAt = new Date().toISOString();
  const overlap = comparison.overlaps[0];
  const counts = differenceCounts(kept.filter((edge) => edge.source !== edge.target));
  const classText = classes.length === DIFFERENCE_CLASSES.length ? '' : ` (${classes.map((c) => CLASS_WORDS[c]).join(' and ')} only)`;
  const content = `difference network of the top ${comparison.topK} edges of ${a.label} (A) and ${b.label} (B)${classText}: ${kept.length} edges (${counts.a} only in A, ${counts.b} only in B, ${counts.both} in both); Jaccard ${overlap.jaccard ?? 'undefined'}, Spearman ${overlap.spearman ?? 'undefined'} over ${overlap.sharedPairs} shared pairs`;
  const fileName = `${exportBaseName(runs[0].run.summary)}-vs-${exportBaseName(runs[1].run.summary)}-comparison.${format}`;
  const file = (bytes: Uint8Array, sidecar?: ExportedFile['sidecar']): ExportedFile => ({
    fileName,
    mimeType: COMPARISON_MIME[format],
    contentBase64: Buffer.from(bytes).toString('base64'),
    bytes: bytes.byteLength,
    content,
    ...(sidecar ? { sidecar } : {}),
  });
  if (format === 'graphml' || format === 'cyjs') {
    const provenance = comparisonProvenance(runs, comparison, classes, exportedAt, content);
    const network = differenceNetworkData(comparison, classes);
    return file(Buffer.from(format === 'graphml' ? writeGraphml(network, provenance) : writeCyjs(network, provenance), 'utf8'));
  }
  if (format === 'svg' || format === 'png') {
    const figure = request.figure ?? DEFAULT_FIGURE;
    const size = { width: figure.width, height: figure.height, unit: figure.unit };
    const what = `${content}; figure ${figure.width} × ${figure.height} ${figure.unit}`;
    const provenance = comparisonProvenance(runs, comparison, classes, exportedAt, what);
    const data = differenceFigureData(comparison);
    const render = (dpi: number) =>
      renderDifferenceNetwork(
        data,
        { size: { ...size, dpi }, classes, seed: 0, background: figure.background === 'white' ? '#ffffff' : null },
        new JSDOM('<!DOCTYPE html><html><body></body></html>').window.document,
      );
    const bytes = await figureBytes(
      render,
      provenance,
      `Difference network of ${a.label} and ${b.label} (${provenance.app} ${provenance.appVersion})`,
      {
        format,
        dpi: figure.dpi,
        size,
        background: figure.background,
      },
    );
    return file(bytes);
  }
  const lines = ['source,target,in,weight_a,sign_a,weight_b,sign_b'];
  const where = { a: `only in ${a.label}`, b: `only in ${b.label}`, both: 'in both' } as const;
  const number = (value: number | null) => (value === null ? '' : numberField(value));
  for (const edge of kept) {
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
  const sidecar = {
    content,
    exported_at: exportedAt,
    top_k: comparison.topK,
    classes: classes.map((c) => DIFFERENCE_CLASS_NAMES[c]),
    runs: runs.map(({ run }) => provenanceJson({ ...sessionRunFolder(run).provenance, exportedAt, content: run.summary.label })),
    metrics: comparison.metrics,
    overlaps: comparison.overlaps.map((pair) => ({ ...pair, a: comparison.runs[pair.a].label, b: comparison.runs[pair.b].label })),
  };
  return file(Buffer.from(`${lines.join('\n')}\n`, 'utf8'), {
    fileName: `${fileName}.provenance.json`,
    contentBase64: Buffer.from(`${JSON.stringify(sidecar, null, 2)}\n`).toString('base64'),
  });
}
