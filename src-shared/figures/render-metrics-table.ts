/**
 * renderMetricsTable: training and held-out MSE per trajectory/donor, the three sparsities and the run's
 * parameters, as an SVG table (text stays text, so it can be edited in a figure editor).
 */
import { resolveFigureSize, type FigureSizeOptions } from './figure-size.ts';
import type { DonorSplit } from './render-trajectories.ts';
import { createFigureRoot } from './render-network.ts';
import { formatValue, svgElement, svgText } from './svg.ts';

export interface MetricsRow {
  trajectory: string;
  lineage: string;
  donor: string;
  split: DonorSplit;
  mse: number;
  cells: number;
}

export interface MetricsTableData {
  rows: MetricsRow[];
  sparsity: { feature: number; model: number; spurious: number };
  /** Run parameters in display order: [name, value]. */
  parameters: [string, string][];
}

export interface MetricsTableOptions {
  size: FigureSizeOptions;
  title?: string;
  background?: string | null;
}

/** Mean MSE per split, weighting every trajectory equally (as the loss sums trajectories). */
export function meanMseBySplit(rows: readonly MetricsRow[]): Record<DonorSplit, number | null> {
  const result: Record<DonorSplit, number | null> = { train: null, 'held-out': null };
  for (const split of ['train', 'held-out'] as const) {
    const values = rows.filter((row) => row.split === split && Number.isFinite(row.mse)).map((row) => row.mse);
    result[split] = values.length ? values.reduce((a, b) => a + b, 0) / values.length : null;
  }
  return result;
}

/** Formats a share in [0, 1] as a percentage with one decimal. */
export function formatShare(value: number): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(1)} %` : '—';
}

/** Draws the metrics table; deterministic for the same input. */
export function renderMetricsTable(data: MetricsTableData, options: MetricsTableOptions, doc: Document): SVGSVGElement {
  const size = resolveFigureSize(options.size);
  const { width, height, fontSize, pt } = size;
  const svg = createFigureRoot(doc, width, height, options.background);
  svg.setAttribute('class', 'pathreg-figure pathreg-metrics-table');
  const margin = pt(6);
  const line = fontSize * 1.45;
  let y = margin + fontSize;
  const table = svgElement(doc, 'g', { class: 'table', 'font-size': fontSize, fill: '#222222' }, svg);
  if (options.title) {
    svgText(doc, options.title, { x: margin, y, 'font-size': fontSize * 1.2, 'font-weight': 'bold' }, table);
    y += line * 1.4;
  }

  const columns = [
    { label: 'trajectory', x: margin, anchor: 'start' },
    { label: 'lineage', x: margin + (width - 2 * margin) * 0.3, anchor: 'start' },
    { label: 'donor', x: margin + (width - 2 * margin) * 0.5, anchor: 'start' },
    { label: 'split', x: margin + (width - 2 * margin) * 0.65, anchor: 'start' },
    { label: 'cells', x: margin + (width - 2 * margin) * 0.86, anchor: 'end' },
    { label: 'MSE', x: width - margin, anchor: 'end' },
  ] as const;
  const rule = (at: number, weight: number) =>
    svgElement(doc, 'line', { x1: margin, x2: width - margin, y1: at, y2: at, stroke: '#333333', 'stroke-width': pt(weight) }, table);
  rule(y - fontSize * 1.1, 0.8);
  for (const column of columns) svgText(doc, column.label, { x: column.x, y, 'text-anchor': column.anchor, 'font-weight': 'bold' }, table);
  rule(y + fontSize * 0.45, 0.5);
  const sorted = [...data.rows].sort(
    (a, b) =>
      (a.split === b.split ? 0 : a.split === 'train' ? -1 : 1) || (a.trajectory < b.trajectory ? -1 : a.trajectory > b.trajectory ? 1 : 0),
  );
  for (const row of sorted) {
    y += line;
    const cells = [
      row.trajectory,
      row.lineage,
      row.donor,
      row.split,
      Number.isFinite(row.cells) ? String(row.cells) : '—',
      Number.isFinite(row.mse) ? formatValue(row.mse) : '—',
    ];
    columns.forEach((column, i) =>
      svgText(doc, cells[i], { x: column.x, y, 'text-anchor': column.anchor, class: i === 5 ? 'mse' : undefined }, table).setAttribute(
        'data-split',
        row.split,
      ),
    );
  }
  const means = meanMseBySplit(data.rows);
  y += line;
  rule(y - fontSize * 1.05, 0.5);
  for (const split of ['train', 'held-out'] as const) {
    if (means[split] === null) continue;
    svgText(doc, `mean MSE, ${split === 'train' ? 'training' : 'held-out'} donors`, { x: margin, y, 'font-style': 'italic' }, table);
    svgText(doc, formatValue(means[split]!), { x: width - margin, y, 'text-anchor': 'end', 'font-style': 'italic' }, table);
    y += line;
  }
  rule(y - fontSize * 1.05, 0.8);

  y += line * 0.6;
  svgText(doc, 'Sparsity (share of near-zero entries, < 1e-5)', { x: margin, y, 'font-weight': 'bold' }, table);
  for (const [label, value] of [
    ['feature (path matrix A)', data.sparsity.feature],
    ['model (all gated weights)', data.sparsity.model],
    ['spurious-feature (rows of non-TF genes)', data.sparsity.spurious],
  ] as const) {
    y += line;
    svgText(doc, label, { x: margin + pt(6), y }, table);
    svgText(doc, formatShare(value), { x: width - margin, y, 'text-anchor': 'end', class: 'sparsity' }, table);
  }
  y += line * 1.6;
  svgText(doc, 'Run parameters', { x: margin, y, 'font-weight': 'bold' }, table);
  for (const [name, value] of data.parameters) {
    y += line;
    svgText(doc, name, { x: margin + pt(6), y }, table);
    svgText(doc, value, { x: width - margin, y, 'text-anchor': 'end' }, table);
  }
  if (y > height) {
    // Say so rather than silently clipping rows in a figure meant for a paper.
    svgText(
      doc,
      'Table taller than the figure: increase the height to see every row.',
      { x: margin, y: height - margin, fill: '#D55E00', 'font-size': fontSize * 0.85 },
      svg,
    );
  }
  svg.setAttribute('data-rows', String(data.rows.length));
  // The height every row needs, so an export without a given height can size the figure to the table.
  svg.setAttribute('data-content-height-px', String(Math.ceil(y + margin)));
  return svg;
}
