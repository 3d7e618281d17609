/**
 * Export from the app: a session run (result.json, loss history, stored trajectories) seen as the export library's
 * RunFolder, so the GUI writes the same files, with the same provenance, as `pathreg export` does from a fit folder.
 * Every function returns the file's bytes; the transport decides where they go (browser download or Electron save).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../src-shared/contract/result.ts';
import type { DatasetInfo, ExportedFile, RunResult, RunSummary, TrainingProgress } from '../../src-shared/contract/types.ts';
import type { RequestOf } from '../../src-shared/contract/channels.ts';
import type { ReferenceScore } from '../../src-shared/contract/reference-score.ts';
import { heatmapFromResult, trajectoryDataFromComparison } from '../../src-shared/figures/run-adapters.ts';
import {
  describeSelection,
  rankEdges,
  selectEdges,
  withoutIsolatedGenes,
  type EdgeSelection,
  type NetworkData,
} from '../export/network-data.ts';
import { parseRunEdges, type RunFolder } from '../export/run-folder-reader.ts';
import { EDGES_FILE, readTrajectoryComparison } from '../run/run-folder.ts';
import { provenanceJson, type Provenance } from '../export/provenance.ts';
import { NETWORK_FORMAT_EXTENSIONS, renderNetworkFile, SIDECAR_FORMATS } from '../export/network-export.ts';
import { figureFileBytes, figureProvenance, FIGURE_EDGE_LIMIT } from '../export/figure-export.ts';
import { renderReportHtml } from '../export/html-report.ts';
import { strongestRegulators } from '../../src-shared/strongest-regulators.ts';
import { describeFocusLinks, withFocusLinks } from '../export/focus-links.ts';

/** The focused gene of an export request, checked against the run's genes (a stale focus is named, not ignored). */
function focusOf(run: SessionRun, focus: string | null | undefined): string | null {
  if (!focus) return null;
  if (!run.result.genes.includes(focus))
    throw new UserError(
      'bad-input',
      `The focused gene "${focus}" is not among the ${run.result.genes.length} genes of ${run.summary.label}: clear the focus in the Network view and export again.`,
    );
  return focus;
}

/** What the session knows about one run, gathered by AppSession. */
export interface SessionRun {
  summary: RunSummary;
  result: RunResult;
  history: TrainingProgress[];
  dataset: DatasetInfo | null;
  appVersion: string;
}

type ExportSelection = RequestOf<'export:network'>['selection'];

/**
 * The view's selection as the export library's: on screen both the threshold and the top-k apply to edges sorted
 * by weight, which keeps exactly the `min(k, edges ≥ threshold)` heaviest: a top-k selection.
 */
export function edgeSelectionFromView(network: NetworkData, selection: ExportSelection | undefined): EdgeSelection {
  if (selection === undefined || selection === 'all') return { kind: 'all' };
  const { threshold, topK } = selection;
  if (threshold === undefined && topK === undefined) return { kind: 'all' };
  if (topK === undefined) return { kind: 'threshold', minWeight: threshold! };
  if (threshold === undefined) return { kind: 'top-k', k: topK };
  const above = network.edges.filter((edge) => edge.weight >= threshold).length;
  return { kind: 'top-k', k: Math.min(topK, above) };
}

/**
 * The run as the export library reads a fit folder. metrics carries the keys figure-data.ts looks for
 * (per-donor MSE as the app's Metrics view shows it, sparsities, loss history).
 */
export function sessionRunFolder(run: SessionRun, positions?: Record<string, { x: number; y: number }>): RunFolder {
  const { summary, result, history } = run;
  const nodes = result.genes.map((gene, i) => ({
    id: gene,
    isTF: result.isTF[i] ?? null,
    peakPseudotime: null,
    ...(positions?.[gene] ? { x: positions[gene].x, y: positions[gene].y } : {}),
  }));
  const network: NetworkData = { nodes, edges: rankEdges(result.edges.filter((edge) => edge.source !== edge.target)) };
  const m = result.metrics;
  // The run record (metrics.json) as `pathreg export` reads it, plus what only the session holds: the live history.
  const metrics: Record<string, unknown> = {
    ...m,
    edge_total: result.edgeTotal ?? result.edges.length,
    history: history.map((point) => ({
      iteration: point.iteration,
      data: point.loss.data,
      penalty: point.loss.penalty,
      total: point.loss.total,
      ...(point.sparsity
        ? {
            feature_sparsity: point.sparsity.feature,
            model_sparsity: point.sparsity.model,
            spurious_feature_sparsity: point.sparsity.spuriousFeature ?? Number.NaN,
          }
        : {}),
    })),
  };
  const inputs =
    m.provenance?.sources.map((source) => ({ name: path.basename(source.path), sha256: source.sha256, bytes: source.bytes })) ??
    run.dataset?.sources.map((source) => ({ name: path.basename(source.path), sha256: source.sha256, bytes: source.bytes })) ??
    (m.data_sha256 ? [{ name: summary.datasetName, sha256: m.data_sha256 }] : []);
  return {
    folder: summary.folder,
    metrics,
    network,
    trajectories: null,
    provenance: {
      app: 'PathReg Studio',
      appVersion: run.appVersion,
      engine: m.engine ?? summary.engine,
      seed: Number.isFinite(m.seed) ? m.seed : summary.config.seed,
      // How each cell's time was made (an obs column, one per lineage, or diffusion pseudotime from which root).
      parameters: { ...summary.config, selection: summary.selection, ...(m.pseudotime ? { pseudotime: m.pseudotime } : {}) },
      inputs,
      runFolder: summary.folder,
      runDate: summary.last
        ? new Date(Date.parse(summary.createdAt) + summary.last.elapsedSeconds * 1000).toISOString()
        : summary.createdAt,
    },
  };
}

/** A file name from the run's label: letters, digits and dashes only, so every file system takes it. */
export function exportBaseName(summary: RunSummary): string {
  return summary.label.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || summary.runId;
}

function fileOf(fileName: string, mimeType: string, bytes: Uint8Array, content: string): ExportedFile {
  return { fileName, mimeType, contentBase64: Buffer.from(bytes).toString('base64'), bytes: bytes.byteLength, content };
}

const NETWORK_MIME: Record<string, string> = {
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  beeline: 'text/csv',
  sif: 'text/plain',
  graphml: 'application/xml',
  cyjs: 'application/json',
  cx2: 'application/json',
  adjacency: 'text/csv',
};

/**
 * The window holds only the heaviest edges of a big network (MAX_RESULT_EDGES); a training job also leaves every
 * edge in its run folder's edges.csv, which a network export reads so "whole network" means the whole network.
 */
async function withAllEdges(run: SessionRun, folder: RunFolder): Promise<RunFolder> {
  const total = run.result.edgeTotal ?? folder.network.edges.length;
  if (total <= folder.network.edges.length || !run.summary.folder) return folder;
  const file = path.join(run.summary.folder, EDGES_FILE);
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return folder;
  const edges = parseRunEdges(text, file).filter((edge) => edge.source !== edge.target);
  return { ...folder, network: { ...folder.network, edges: rankEdges(edges) } };
}

/**
 * The fitted network only (the Network view's "network only" checkbox): edges with a sign. A velocity fit ranks every
 * pair in edges.csv and gives the pairs outside its cut-off network sign 0; they are left out before the threshold and
 * top-k, as on screen. Ranks stay those of the whole network.
 */
export function fittedNetworkOnly(folder: RunFolder): RunFolder {
  return { ...folder, network: { ...folder.network, edges: folder.network.edges.filter((edge) => edge.sign !== 0) } };
}

const NETWORK_ONLY_NOTE = '; the fitted network only (edges with sign ≠ 0, as the Network view shows them)';

export async function exportNetworkFromSession(run: SessionRun, request: RequestOf<'export:network'>): Promise<ExportedFile> {
  const whole = await withAllEdges(run, sessionRunFolder(run, request.positions));
  const networkOnly = request.networkOnly === true && request.selection !== 'all';
  const folder = networkOnly ? fittedNetworkOnly(whole) : whole;
  const selection = edgeSelectionFromView(folder.network, request.selection);
  const focus = request.selection === 'all' ? null : focusOf(run, request.focus);
  const picked = selectEdges(folder.network, selection);
  const chosen = withFocusLinks(folder.network, picked, focus);
  const selected = request.hideIsolated ? withoutIsolatedGenes(chosen) : chosen;
  const total = run.result.edgeTotal ?? folder.network.edges.length;
  const cut = total > folder.network.edges.length ? ` (the app holds the heaviest ${folder.network.edges.length} of ${total} edges)` : '';
  const provenance: Provenance = {
    ...folder.provenance,
    exportedAt: new Date().toISOString(),
    content: `${request.format} network: ${describeSelection(selection, picked.edges.length, folder.network.edges.length)}${describeFocusLinks(focus, chosen.edges.length - picked.edges.length)}${cut}; ${selected.nodes.length} genes${request.hideIsolated ? ' (those with an exported edge, as the Network view shows them)' : ''}${networkOnly ? NETWORK_ONLY_NOTE : ''}`,
  };
  const text = renderNetworkFile(request.format, selected, provenance);
  const suffix = request.format === 'beeline' ? '-rankedEdges' : request.format === 'adjacency' ? '-adjacency' : '';
  const fileName = `${exportBaseName(run.summary)}-network${suffix}${NETWORK_FORMAT_EXTENSIONS[request.format]}`;
  const file = fileOf(fileName, NETWORK_MIME[request.format], new TextEncoder().encode(text), provenance.content);
  if (SIDECAR_FORMATS.has(request.format)) {
    file.sidecar = {
      fileName: `${fileName}.provenance.json`,
      contentBase64: Buffer.from(`${JSON.stringify(provenanceJson(provenance), null, 2)}\n`).toString('base64'),
    };
  }
  return file;
}

const FIGURE_MIME = { svg: 'image/svg+xml', png: 'image/png', pdf: 'application/pdf' } as const;

export async function exportFigureFromSession(
  run: SessionRun,
  request: RequestOf<'export:figure'>,
  referenceScore: ReferenceScore | null = null,
): Promise<ExportedFile> {
  // Drawn from the run's scoring against a reference, which the session holds (session-scoring.ts), not the folder.
  if (request.figure === 'precision-recall')
    throw new Error('exportFigureFromSession: the precision-recall figure is exported by session-scoring.ts');
  const figure = request.figure;
  const networkOnly = request.figure === 'network' && request.networkOnly === true;
  const folder = networkOnly ? fittedNetworkOnly(sessionRunFolder(run, request.positions)) : sessionRunFolder(run, request.positions);
  if (request.figure === 'trajectories') {
    const genes = request.genes ?? strongestRegulators(run.result.edges, 4, run.result.genes);
    const unknown = genes.filter((gene) => !run.result.genes.includes(gene));
    if (unknown.length)
      throw new UserError(
        'bad-input',
        `Trajectories figure: ${unknown.map((gene) => `"${gene}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the ${run.result.genes.length} genes of ${run.summary.label}.`,
      );
    folder.trajectories = trajectoryDataFromComparison(await readTrajectoryComparison(run.summary.runId, run.summary.folder, genes));
  }
  if (request.figure === 'curves' && run.history.length === 0) {
    throw new UserError(
      'conflict',
      `${run.summary.label} has no recorded loss history (it was imported from a file), so there are no curves to export.`,
    );
  }
  if (request.referenceMarks && request.figure === 'network' && !referenceScore)
    throw new UserError(
      'conflict',
      `${run.summary.label} has not been scored against a reference network, so there are no marks to draw: score it in the Network view's side panel first.`,
    );
  const selection = edgeSelectionFromView(folder.network, request.selection);
  // The heatmap on screen is the run's whole effect matrix (heatmapFromResult), not the Network view's edges: the
  // file draws that same matrix, so its genes are the screen's.
  const heatmap = request.figure === 'heatmap' ? heatmapFromResult(run.result) : undefined;
  if (heatmap && heatmap.rows.length === 0)
    throw new UserError('conflict', `${run.summary.label} has no edge above 1e-5, so its heatmap is empty: there is nothing to export.`);
  if (request.figure === 'network' && selectEdges(folder.network, selection).edges.length > FIGURE_EDGE_LIMIT) {
    throw new UserError(
      'bad-input',
      `The network figure would draw more than ${FIGURE_EDGE_LIMIT.toLocaleString('en-US')} edges, too many to read on paper. Raise the weight threshold or lower top-k in the Network view, then export again.`,
    );
  }
  const figureRequest = {
    run: folder,
    figure,
    selection,
    format: request.format,
    dpi: request.dpi,
    background: request.background,
    size: { width: request.width, height: request.height, unit: request.unit },
    ...(request.genes ? { genes: request.genes } : {}),
    ...(request.positions ? { positions: request.positions } : {}),
    ...(request.layout ? { layout: request.layout } : {}),
    ...(request.hideIsolated !== undefined ? { hideIsolated: request.hideIsolated } : {}),
    ...(request.figure === 'network' && request.focus ? { focus: focusOf(run, request.focus) } : {}),
    ...(request.cluster !== undefined ? { cluster: request.cluster } : {}),
    ...(heatmap ? { heatmap } : {}),
    ...(request.heldOut !== undefined ? { heldOut: request.heldOut } : {}),
    ...(request.facetByLineage ? { facetByLineage: true } : {}),
    ...(networkOnly ? { contentNote: NETWORK_ONLY_NOTE } : {}),
    ...(request.referenceMarks && referenceScore
      ? {
          reference: {
            edges: referenceScore.referenceEdges,
            fileName: referenceScore.reference.fileName,
            sha256: referenceScore.reference.sha256,
          },
        }
      : {}),
  };
  let bytes: Uint8Array;
  try {
    bytes = await figureFileBytes(figureRequest);
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      'bad-input',
      `The ${request.figure} figure of ${run.summary.label} could not be drawn: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const content = figureProvenance(figureRequest).content;
  return fileOf(`${exportBaseName(run.summary)}-${request.figure}.${request.format}`, FIGURE_MIME[request.format], bytes, content);
}

export async function exportReportFromSession(run: SessionRun, request: RequestOf<'export:report'>): Promise<ExportedFile> {
  const folder = sessionRunFolder(run);
  // The genes the Trajectories view shows (the renderer sends them), else the view's own default: the strongest
  // regulators, not the run's first genes (often alphabetical: ABCB6, ABCC4, …).
  const genes = request.genes?.length ? request.genes : strongestRegulators(run.result.edges, 4, run.result.genes);
  const unknown = genes.filter((gene) => !run.result.genes.includes(gene));
  if (unknown.length)
    throw new UserError(
      'bad-input',
      `HTML report: ${unknown.map((gene) => `"${gene}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the ${run.result.genes.length} genes of ${run.summary.label}.`,
    );
  // The report's trajectories come from the cells the run stored; an imported run has none, and the report then
  // says so instead of refitting.
  if (run.result.trajectories.length > 0) {
    folder.trajectories = trajectoryDataFromComparison(await readTrajectoryComparison(run.summary.runId, run.summary.folder, genes));
  }
  const html = await renderReportHtml({
    run: folder,
    selection: edgeSelectionFromView(folder.network, request.selection),
    size: { width: 183, height: 120, unit: 'mm' },
    genes,
  });
  return fileOf(
    `${exportBaseName(run.summary)}-report.html`,
    'text/html',
    new TextEncoder().encode(html),
    `HTML report of ${run.summary.label} (trajectories of ${genes.join(', ')})`,
  );
}
