/**
 * A self-contained HTML report of a run: every figure the run folder can draw (inline SVG, so it stays vector
 * and needs no other file), the metrics, every parameter, the input files with their SHA-256 and the provenance
 * (also as JSON in a <script type="application/json"> block for scripts). No scripts run, no network is used.
 */
import {
  FIGURE_EDGE_LIMIT,
  FIGURE_KINDS,
  figureContent,
  naturalFigureHeight,
  renderRunFigure,
  type FigureRequest,
  standaloneSvg,
  type FigureKind,
  type PhysicalSize,
} from './figure-export.ts';
import type { EdgeSelection } from './network-data.ts';
import { describeSelection, selectEdges } from './network-data.ts';
import { flattenParameters, provenanceJson, type Provenance } from './provenance.ts';
import type { RunFolder } from './run-folder-reader.ts';
import { escapeXml } from './xml-text.ts';
import { writeFileAtomic, type AtomicFileSystem } from '../files/atomic-write.ts';

const FIGURE_HEADINGS: Record<FigureKind, string> = {
  network: 'Network',
  heatmap: 'Regulator × target effects',
  trajectories: 'Trajectories',
  curves: 'Training curves',
  metrics: 'Metrics table',
};

/** Edges the report's network figures show when the run has too many to draw and no selection was given. */
export const REPORT_DEFAULT_TOP_K = 200;

export interface ReportRequest {
  run: RunFolder;
  selection: EdgeSelection;
  size: PhysicalSize;
  /** Genes of the trajectories figure (the app passes the Trajectories view's); default: the figure's own choice. */
  genes?: string[];
  out: string;
  overwrite?: boolean;
  exportedAt?: string;
  fileSystem?: AtomicFileSystem;
}

function formatMetric(value: unknown): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function table(rows: Array<[string, string]>, testId: string): string {
  return `<table data-testid="${testId}"><tbody>${rows.map(([k, v]) => `<tr><th scope="row">${escapeXml(k)}</th><td>${escapeXml(v)}</td></tr>`).join('')}</tbody></table>`;
}

/** The report's HTML text (pure apart from reading the run's optional history/trajectory files). */
export async function renderReportHtml(request: Omit<ReportRequest, 'out' | 'overwrite' | 'fileSystem'>): Promise<string> {
  const { run, size } = request;
  // A report of a whole large network still needs readable figures: without a selection, draw the strongest edges.
  const selection: EdgeSelection =
    request.selection.kind === 'all' && run.network.edges.length > FIGURE_EDGE_LIMIT
      ? { kind: 'top-k', k: REPORT_DEFAULT_TOP_K }
      : request.selection;
  const kept = selectEdges(run.network, selection).edges.length;
  const provenance: Provenance = {
    ...run.provenance,
    exportedAt: request.exportedAt ?? new Date().toISOString(),
    content: `HTML report; network figures show ${describeSelection(selection, kept, run.network.edges.length)}`,
  };
  const sections: string[] = [];
  const missing: string[] = [];
  const genes = request.genes?.length ? request.genes : undefined;
  for (const figure of FIGURE_KINDS) {
    try {
      const base: FigureRequest = {
        run,
        figure,
        selection,
        size,
        background: 'white',
        ...(figure === 'trajectories' && genes ? { genes } : {}),
      };
      // A table is as tall as its rows: the fixed figure height would cut the metrics table off.
      const height = (await naturalFigureHeight(base, 96)) ?? size.height;
      const sized: FigureRequest = { ...base, size: { ...size, height } };
      const svg = await renderRunFigure(sized, 96);
      svg.setAttribute('width', `${size.width}${size.unit}`);
      svg.setAttribute('height', `${height}${size.unit}`);
      svg.setAttribute('role', 'img');
      svg.setAttribute('aria-label', figureContent(sized));
      // Inline SVG in HTML needs no XML declaration; the figure's own markup is kept as is.
      const markup = standaloneSvg(svg).replace(/^<\?xml[^>]*>\s*/, '');
      sections.push(`<section data-testid="report:figure-${figure}"><h2>${escapeXml(FIGURE_HEADINGS[figure])}</h2>${markup}</section>`);
    } catch (error) {
      missing.push(`${FIGURE_HEADINGS[figure]}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const metricKeys = [
    'train_mse',
    'test_mse',
    'test_mse_mean',
    'feature_sparsity',
    'model_sparsity',
    'spurious_feature_sparsity',
    'iterations',
    'seconds',
    'engine',
    'seed',
    'edges',
    'data_sha256',
    'version',
  ];
  const metricRows: Array<[string, string]> = metricKeys.filter((k) => k in run.metrics).map((k) => [k, formatMetric(run.metrics[k])]);
  const parameterRows = flattenParameters(run.provenance.parameters);
  const inputRows: Array<[string, string]> = run.provenance.inputs.map((input) => [
    input.name,
    `${input.sha256}${input.bytes !== undefined ? ` (${input.bytes.toLocaleString('en-US')} bytes)` : ''}`,
  ]);
  const provenanceRows: Array<[string, string]> = [
    ['app', `${provenance.app} ${provenance.appVersion}`],
    ['engine', provenance.engine ?? 'unknown'],
    ['seed', provenance.seed === null ? 'unknown' : String(provenance.seed)],
    ['run folder', provenance.runFolder ?? ''],
    ['run finished', provenance.runDate ?? 'unknown'],
    ['report written', provenance.exportedAt],
  ];
  const title = `PathReg run report — ${run.folder}`;
  // The JSON block must not be able to close its <script>: escape "<" inside it.
  const provenanceBlock = JSON.stringify(provenanceJson(provenance)).replace(/</g, '\\u003c');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="${escapeXml(`${provenance.app} ${provenance.appVersion}`)}">
<title>${escapeXml(title)}</title>
<style>
body { font-family: Helvetica, Arial, sans-serif; margin: 2em auto; max-width: 60em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; margin: 0.5em 0; } th, td { border: 1px solid #ccc; padding: 0.2em 0.6em; text-align: left; font-size: 0.9em; }
th { background: #f4f4f4; font-weight: normal; } section svg { max-width: 100%; height: auto; border: 1px solid #eee; }
.missing { color: #8a4b00; }
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<p>Sparse neural ODE (PathReg) fitted by ${escapeXml(provenance.app)} ${escapeXml(provenance.appVersion)}; ${escapeXml(provenance.content)}.</p>
<h2>Metrics</h2>
${table(metricRows, 'report:metrics')}
${sections.join('\n')}
${missing.length ? `<h2>Figures not in this report</h2><ul class="missing">${missing.map((m) => `<li>${escapeXml(m)}</li>`).join('')}</ul>` : ''}
<h2>Parameters</h2>
${table(parameterRows, 'report:parameters')}
<h2>Input files</h2>
${table(inputRows, 'report:inputs')}
<h2>Provenance</h2>
${table(provenanceRows, 'report:provenance')}
<script type="application/json" id="pathreg-provenance">${provenanceBlock}</script>
</body>
</html>
`;
}

/** Writes the report atomically; returns the files written. */
export async function exportReport(request: ReportRequest): Promise<string[]> {
  const html = await renderReportHtml(request);
  await writeFileAtomic(request.out, html, { overwrite: request.overwrite, fileSystem: request.fileSystem });
  return [request.out];
}
