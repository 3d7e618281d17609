/**
 * renderLossCurves: the training history — data term, penalty and total loss (log scale) and the three sparsities —
 * as the training view shows it live and export writes it.
 */
import { scaleLinear, scaleLog } from 'd3';
import { drawBottomAxis, drawLeftAxis, logTicks, type AxisStyle } from './axes.ts';
import { resolveFigureSize, type FigureSizeOptions } from './figure-size.ts';
import { OKABE_ITO } from './palettes.ts';
import { createFigureRoot } from './render-network.ts';
import { polylinePath, svgElement, svgText } from './svg.ts';

export interface SparsityPoint {
  feature: number;
  model: number;
  spurious: number;
}

export interface LossPoint {
  iteration: number;
  data: number;
  penalty: number;
  total: number;
  sparsity?: SparsityPoint;
}

export interface LossCurvesData {
  history: LossPoint[];
  /** Other runs to compare with: their total loss and feature sparsity, drawn thin and grey with their labels. */
  others?: { label: string; history: LossPoint[] }[];
}

export interface LossCurvesOptions {
  size: FigureSizeOptions;
  /** Draw at most this many points per curve (even stride, last point kept); default 1000. */
  maxPoints?: number;
  logScale?: boolean;
  title?: string;
  background?: string | null;
}

const LOSS_SERIES = [
  { key: 'total', label: 'total', color: OKABE_ITO[7], dash: undefined },
  { key: 'data', label: 'data term', color: OKABE_ITO[0], dash: undefined },
  { key: 'penalty', label: 'penalty (λ·regularizer)', color: OKABE_ITO[5], dash: '4 2' },
] as const;

const SPARSITY_SERIES = [
  { key: 'feature', label: 'feature', color: OKABE_ITO[2], dash: undefined },
  { key: 'model', label: 'model', color: OKABE_ITO[3], dash: '4 2' },
  { key: 'spurious', label: 'spurious-feature', color: OKABE_ITO[1], dash: '1 2' },
] as const;

/** Evenly strided indices into n points, always keeping the last (the newest value matters most while training). */
export function strideIndices(n: number, maxPoints: number): number[] {
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const stride = Math.ceil(n / maxPoints);
  const indices: number[] = [];
  for (let i = 0; i < n; i += stride) indices.push(i);
  if (indices[indices.length - 1] !== n - 1) indices.push(n - 1);
  return indices;
}

/** Draws the loss and sparsity panels; deterministic for the same history. */
export function renderLossCurves(data: LossCurvesData, options: LossCurvesOptions, doc: Document): SVGSVGElement {
  const size = resolveFigureSize(options.size);
  const { width, height, fontSize, pt } = size;
  const svg = createFigureRoot(doc, width, height, options.background);
  svg.setAttribute('class', 'pathreg-figure pathreg-loss-curves');
  const margin = pt(6);
  const titleHeight = options.title ? fontSize * 1.8 : 0;
  if (options.title)
    svgText(doc, options.title, { x: margin, y: margin + fontSize, 'font-size': fontSize * 1.2, 'font-weight': 'bold' }, svg);
  const history = data.history;
  const picked = strideIndices(history.length, options.maxPoints ?? 1000).map((i) => history[i]);
  const hasSparsity = history.some((point) => point.sparsity);
  const panels = hasSparsity ? 2 : 1;
  const panelWidth = (width - 2 * margin) / panels;
  const axisStyle: AxisStyle = { fontSize: fontSize * 0.85, strokeWidth: pt(0.5), tickLength: pt(2.5), color: '#333333' };
  const inner = { left: fontSize * 5, right: pt(6), top: fontSize * 1.6, bottom: fontSize * 3.3 + fontSize * 1.4 * 3 };
  const top = margin + titleHeight + inner.top;
  const bottom = height - margin - inner.bottom;
  const others = (data.others ?? []).filter((other) => other.history.length > 0);
  let lastIteration = 1;
  let firstIteration = Infinity;
  for (const series of [history, ...others.map((other) => other.history)]) {
    if (!series.length) continue;
    firstIteration = Math.min(firstIteration, series[0].iteration);
    lastIteration = Math.max(lastIteration, series[series.length - 1].iteration);
  }
  if (!Number.isFinite(firstIteration)) firstIteration = 0;
  if (lastIteration <= firstIteration) lastIteration = firstIteration + 1;
  const otherPicked = others.map((other) => ({
    label: other.label,
    points: strideIndices(other.history.length, options.maxPoints ?? 1000).map((i) => other.history[i]),
  }));
  const otherDashes = ['2 2', '6 2', '1 3', '8 3 2 3'];

  // Loss panel.
  {
    const left = margin + inner.left;
    const right = margin + panelWidth - inner.right;
    const panel = svgElement(doc, 'g', { class: 'panel loss' }, svg);
    const x = scaleLinear().domain([firstIteration, lastIteration]).range([left, right]);
    const log = options.logScale ?? true;
    let low = Infinity,
      high = -Infinity;
    for (const point of picked)
      for (const series of LOSS_SERIES) {
        const v = point[series.key];
        if (Number.isFinite(v) && (!log || v > 0)) {
          low = Math.min(low, v);
          high = Math.max(high, v);
        }
      }
    for (const other of otherPicked)
      for (const point of other.points) {
        if (Number.isFinite(point.total) && (!log || point.total > 0)) {
          low = Math.min(low, point.total);
          high = Math.max(high, point.total);
        }
      }
    if (!Number.isFinite(low)) {
      low = log ? 1e-3 : 0;
      high = 1;
    }
    if (high <= low) high = log ? low * 10 : low + 1;
    const y = log
      ? scaleLog().domain([low, high]).range([bottom, top]).nice()
      : scaleLinear()
          .domain([Math.min(0, low), high])
          .range([bottom, top])
          .nice();
    svgText(
      doc,
      'Loss',
      { x: (left + right) / 2, y: top - fontSize * 0.5, 'text-anchor': 'middle', 'font-size': fontSize, 'font-weight': 'bold' },
      panel,
    );
    drawBottomAxis(doc, panel, x, bottom, 'iteration', axisStyle, 5);
    const [domainLow, domainHigh] = y.domain() as [number, number];
    drawLeftAxis(doc, panel, y, left, log ? 'loss (log scale)' : 'loss', axisStyle, log ? logTicks(domainLow, domainHigh) : 4);
    otherPicked.forEach((other, i) => {
      const xs = other.points.map((point) => x(point.iteration));
      const ys = other.points.map((point) => (log && !(point.total > 0) ? NaN : y(point.total)));
      svgElement(
        doc,
        'path',
        {
          class: 'curve other',
          'data-run': other.label,
          d: polylinePath(xs, ys),
          fill: 'none',
          stroke: '#999999',
          'stroke-width': pt(0.8),
          'stroke-dasharray': otherDashes[i % otherDashes.length],
        },
        panel,
      );
    });
    for (const series of LOSS_SERIES) {
      const xs = picked.map((point) => x(point.iteration));
      const ys = picked.map((point) => {
        const v = point[series.key];
        return log && !(v > 0) ? NaN : y(v);
      });
      svgElement(
        doc,
        'path',
        {
          class: `curve ${series.key}`,
          d: polylinePath(xs, ys),
          fill: 'none',
          stroke: series.color,
          'stroke-width': pt(1),
          'stroke-dasharray': series.dash,
        },
        panel,
      );
    }
    drawLegendColumn(doc, panel, LOSS_SERIES, { x: left, y: bottom + fontSize * 4.3 }, fontSize, pt);
    if (otherPicked.length) {
      drawLegendColumn(
        doc,
        panel,
        otherPicked
          .slice(0, 3)
          .map((other, i) => ({ label: `${other.label} (total)`, color: '#999999', dash: otherDashes[i % otherDashes.length] })),
        { x: (left + right) / 2, y: bottom + fontSize * 4.3 },
        fontSize,
        pt,
      );
    }
  }
  if (hasSparsity) {
    const left = margin + panelWidth + inner.left;
    const right = margin + 2 * panelWidth - inner.right;
    const panel = svgElement(doc, 'g', { class: 'panel sparsity' }, svg);
    const x = scaleLinear().domain([firstIteration, lastIteration]).range([left, right]);
    const y = scaleLinear().domain([0, 1]).range([bottom, top]);
    svgText(
      doc,
      'Sparsity',
      { x: (left + right) / 2, y: top - fontSize * 0.5, 'text-anchor': 'middle', 'font-size': fontSize, 'font-weight': 'bold' },
      panel,
    );
    drawBottomAxis(doc, panel, x, bottom, 'iteration', axisStyle, 5);
    drawLeftAxis(doc, panel, y, left, 'share of near-zero entries', axisStyle, 5);
    const withSparsity = picked.filter((point) => point.sparsity);
    for (const series of SPARSITY_SERIES) {
      const xs = withSparsity.map((point) => x(point.iteration));
      const ys = withSparsity.map((point) => y(point.sparsity![series.key]));
      svgElement(
        doc,
        'path',
        {
          class: `curve ${series.key}`,
          d: polylinePath(xs, ys),
          fill: 'none',
          stroke: series.color,
          'stroke-width': pt(1),
          'stroke-dasharray': series.dash,
        },
        panel,
      );
    }
    drawLegendColumn(doc, panel, SPARSITY_SERIES, { x: left, y: bottom + fontSize * 4.3 }, fontSize, pt);
  }
  if (history.length === 0) {
    svgText(doc, 'No iterations yet.', { x: width / 2, y: (top + bottom) / 2, 'text-anchor': 'middle', 'font-size': fontSize }, svg);
  }
  svg.setAttribute('data-points', String(history.length));
  return svg;
}

function drawLegendColumn(
  doc: Document,
  parent: Element,
  series: readonly { label: string; color: string; dash: string | undefined }[],
  at: { x: number; y: number },
  fontSize: number,
  pt: (points: number) => number,
): void {
  const legend = svgElement(doc, 'g', { class: 'legend', 'font-size': fontSize * 0.85, fill: '#222222' }, parent);
  series.forEach((entry, i) => {
    const y = at.y + i * fontSize * 1.3;
    svgElement(
      doc,
      'line',
      {
        x1: at.x,
        x2: at.x + pt(12),
        y1: y - fontSize * 0.3,
        y2: y - fontSize * 0.3,
        stroke: entry.color,
        'stroke-width': pt(1.2),
        'stroke-dasharray': entry.dash,
      },
      legend,
    );
    svgText(doc, entry.label, { x: at.x + pt(15), y }, legend);
  });
}
