/**
 * renderTrajectories: observed cells and the model's predicted curves along pseudotime, one panel per gene,
 * colour by lineage; held-out donors drawn with hollow points and dashed curves so they stay apart in grey-scale.
 */
import { scaleLinear } from 'd3';
import { drawBottomAxis, drawLeftAxis, type AxisStyle } from './axes.ts';
import { resolveFigureSize, type FigureSizeOptions } from './figure-size.ts';
import { categoricalColor } from './palettes.ts';
import { createFigureRoot } from './render-network.ts';
import { polylinePath, svgElement, svgText } from './svg.ts';

export type DonorSplit = 'train' | 'held-out';

export interface TrajectorySeries {
  /** e.g. "eryth_12". */
  name: string;
  lineage: string;
  donor: string;
  split: DonorSplit;
  /** Observed cells: pseudotime of each cell and cells × genes values (row-major, genes as in TrajectoryFigureData). */
  observed: { times: ArrayLike<number>; values: ArrayLike<number> };
  /** Model prediction at its evaluation times (steps × genes); absent before training. */
  predicted?: { times: ArrayLike<number>; values: ArrayLike<number> };
}

export interface TrajectoryFigureData {
  genes: string[];
  trajectories: TrajectorySeries[];
}

export interface TrajectoryFigureOptions {
  size: FigureSizeOptions;
  /** Genes to draw, one panel each (default: the first four). */
  genes?: string[];
  /** Panels per row (default: up to 3). */
  columns?: number;
  /** At most this many observed cells per trajectory and panel, taken at an even stride (deterministic). */
  maxPointsPerTrajectory?: number;
  /** Draw only these splits (default both). */
  splits?: DonorSplit[];
  title?: string;
  timeLabel?: string;
  valueLabel?: string;
  background?: string | null;
  /**
   * Curves only (no observed cells), labelled in the legend: e.g. wild type solid and perturbed dashed, drawn as the
   * `train` and `held-out` series (the in-silico perturbation's comparison).
   */
  curveLabels?: { solid: string; dashed: string };
  /**
   * One panel per gene and lineage (rows genes, columns lineages, each gene's panels on one value scale) instead of
   * one panel per gene with the lineages overlaid: lineages that share a range no longer hide each other.
   */
  facetByLineage?: boolean;
  /** No text smaller than this (pt): tick labels and the legend are otherwise drawn a little under the base size. */
  minTextPt?: number;
}

/** Genes the figure will draw, with a message for names that are not in the data. */
export function resolveTrajectoryGenes(
  data: TrajectoryFigureData,
  requested: string[] | undefined,
): { genes: string[]; unknown: string[] } {
  if (!requested || requested.length === 0) return { genes: data.genes.slice(0, 4), unknown: [] };
  const known = new Set(data.genes);
  return { genes: requested.filter((gene) => known.has(gene)), unknown: requested.filter((gene) => !known.has(gene)) };
}

/** Draws the trajectory panels; deterministic for the same input. */
export function renderTrajectories(data: TrajectoryFigureData, options: TrajectoryFigureOptions, doc: Document): SVGSVGElement {
  const size = resolveFigureSize(options.size);
  const { width, height, fontSize, pt } = size;
  const { genes, unknown } = resolveTrajectoryGenes(data, options.genes);
  if (unknown.length > 0) {
    throw new Error(
      `Trajectories: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''} not among the run's ${data.genes.length} genes. Check the spelling (gene names are case-sensitive).`,
    );
  }
  for (const series of data.trajectories) {
    if (series.observed.values.length !== series.observed.times.length * data.genes.length) {
      throw new Error(
        `Trajectories: "${series.name}" has ${series.observed.times.length} cells but ${series.observed.values.length} values; expected cells × ${data.genes.length} genes.`,
      );
    }
    if (series.predicted && series.predicted.values.length !== series.predicted.times.length * data.genes.length) {
      throw new Error(
        `Trajectories: the prediction for "${series.name}" has ${series.predicted.times.length} time points but ${series.predicted.values.length} values; expected time points × ${data.genes.length} genes.`,
      );
    }
  }
  const svg = createFigureRoot(doc, width, height, options.background);
  svg.setAttribute('class', 'pathreg-figure pathreg-trajectories');
  const splits = new Set(options.splits ?? ['train', 'held-out']);
  const shown = data.trajectories.filter((series) => splits.has(series.split));
  const lineages = [...new Set(data.trajectories.map((series) => series.lineage))].sort();
  const colorOf = new Map(lineages.map((lineage, i) => [lineage, categoricalColor(i)]));
  const margin = pt(6);
  const titleHeight = options.title ? fontSize * 1.8 : 0;
  if (options.title)
    svgText(doc, options.title, { x: margin, y: margin + fontSize, 'font-size': fontSize * 1.2, 'font-weight': 'bold' }, svg);
  const markLabels = options.curveLabels ? [options.curveLabels.solid, options.curveLabels.dashed] : LEGEND_MARKS;
  const minText = options.minTextPt ? pt(options.minTextPt) : 0;
  // The legend draws its text at 0.9 of its size: scaled up as a whole, so its spacing grows with the text.
  const legendSize = Math.max(fontSize, minText / 0.9);
  const legendRows = trajectoryLegendRows(lineages, markLabels, width - 2 * margin, legendSize, pt);
  const legendHeight = legendSize * 2.2 + (legendRows - 1) * legendSize * 1.3;
  const facetLineages = options.facetByLineage && lineages.length > 0 ? lineages : null;
  const panels: Array<{ gene: string; lineage: string | null }> = facetLineages
    ? genes.flatMap((gene) => facetLineages.map((lineage) => ({ gene, lineage })))
    : genes.map((gene) => ({ gene, lineage: null }));
  const columns = facetLineages ? facetLineages.length : Math.max(1, Math.min(options.columns ?? 3, genes.length || 1));
  const rows = Math.max(1, Math.ceil(panels.length / columns));
  const gridTop = margin + titleHeight;
  const cellWidth = (width - 2 * margin) / columns;
  const cellHeight = (height - gridTop - margin - legendHeight) / rows;
  const axisStyle: AxisStyle = {
    fontSize: Math.max(fontSize * 0.85, minText),
    strokeWidth: pt(0.5),
    tickLength: pt(2.5),
    color: '#333333',
  };
  const inner = { left: fontSize * 4.2, right: pt(4), top: fontSize * 1.6, bottom: fontSize * 3.2 };
  const maxPoints = options.maxPointsPerTrajectory ?? 300;
  const geneIndex = new Map(data.genes.map((gene, i) => [gene, i]));

  if (genes.length === 0) {
    svgText(
      doc,
      'No genes chosen: pick genes to plot.',
      { x: width / 2, y: height / 2, 'text-anchor': 'middle', 'font-size': fontSize },
      svg,
    );
  }
  panels.forEach(({ gene, lineage }, panelIndex) => {
    const g = geneIndex.get(gene)!;
    const column = panelIndex % columns;
    const row = Math.floor(panelIndex / columns);
    const left = margin + column * cellWidth + inner.left;
    const top = gridTop + row * cellHeight + inner.top;
    const right = margin + (column + 1) * cellWidth - inner.right;
    const bottom = gridTop + (row + 1) * cellHeight - inner.bottom;
    const panel = svgElement(doc, 'g', { class: 'panel', 'data-gene': gene, 'data-lineage': lineage ?? undefined }, svg);
    let tMin = Infinity,
      tMax = -Infinity,
      vMin = Infinity,
      vMax = -Infinity;
    const extend = (times: ArrayLike<number>, values: ArrayLike<number>) => {
      for (let i = 0; i < times.length; i++) {
        const t = times[i];
        const v = values[i * data.genes.length + g];
        if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
        tMin = Math.min(tMin, t);
        tMax = Math.max(tMax, t);
        vMin = Math.min(vMin, v);
        vMax = Math.max(vMax, v);
      }
    };
    for (const series of shown) {
      extend(series.observed.times, series.observed.values);
      if (series.predicted) extend(series.predicted.times, series.predicted.values);
    }
    if (!Number.isFinite(tMin)) {
      tMin = 0;
      tMax = 1;
      vMin = 0;
      vMax = 1;
    }
    if (tMax === tMin) tMax = tMin + 1;
    if (vMax === vMin) vMax = vMin + 1;
    const x = scaleLinear().domain([tMin, tMax]).range([left, right]).nice();
    const y = scaleLinear().domain([vMin, vMax]).range([bottom, top]).nice();
    const heading = svgText(
      doc,
      gene,
      { x: (left + right) / 2, y: top - fontSize * 0.5, 'text-anchor': 'middle', 'font-size': fontSize, 'font-style': 'italic' },
      panel,
    );
    if (lineage !== null) {
      const tspan = svgElement(doc, 'tspan', { 'font-style': 'normal' }, heading);
      tspan.textContent = ` · ${lineage}`;
    }
    // About one tick label per 3.5 em of panel width, so labels never run into each other on a narrow panel.
    const tickRoom = Math.floor((right - left) / (axisStyle.fontSize * 3.5));
    drawBottomAxis(doc, panel, x, bottom, options.timeLabel ?? 'pseudotime', axisStyle, tickRoom >= 3 ? Math.min(5, tickRoom) : x.domain());
    drawLeftAxis(doc, panel, y, left, options.valueLabel ?? 'expression (scaled)', axisStyle, 4);
    const points = svgElement(doc, 'g', { class: 'observed' }, panel);
    const lines = svgElement(doc, 'g', { class: 'predicted', fill: 'none' }, panel);
    for (const series of lineage === null ? shown : shown.filter((entry) => entry.lineage === lineage)) {
      const color = colorOf.get(series.lineage)!;
      const heldOut = series.split === 'held-out';
      const cells = series.observed.times.length;
      const stride = Math.max(1, Math.ceil(cells / maxPoints));
      const group = svgElement(
        doc,
        'g',
        {
          'data-trajectory': series.name,
          fill: heldOut ? 'none' : color,
          stroke: heldOut ? color : 'none',
          'stroke-width': heldOut ? pt(0.4) : undefined,
          'fill-opacity': heldOut ? undefined : 0.35,
        },
        points,
      );
      for (let c = 0; c < cells; c += stride) {
        const t = series.observed.times[c];
        const v = series.observed.values[c * data.genes.length + g];
        if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
        svgElement(doc, 'circle', { cx: x(t), cy: y(v), r: pt(1) }, group);
      }
      if (series.predicted) {
        const times = series.predicted.times;
        const ys = Array.from({ length: times.length }, (_, i) => y(series.predicted!.values[i * data.genes.length + g]));
        const xs = Array.from(times, (t) => x(t));
        svgElement(
          doc,
          'path',
          {
            'data-trajectory': series.name,
            d: polylinePath(xs, ys),
            stroke: color,
            'stroke-width': pt(1.2),
            'stroke-dasharray': heldOut ? `${Math.round(pt(3) * 100) / 100} ${Math.round(pt(2) * 100) / 100}` : undefined,
          },
          lines,
        );
      }
    }
  });
  drawTrajectoryLegend(
    doc,
    svg,
    lineages,
    colorOf,
    { x: margin, y: height - margin - legendHeight + legendSize * 1.2, width: width - 2 * margin },
    legendSize,
    pt,
    markLabels,
    options.curveLabels ? [2, 3] : [0, 1, 2, 3],
  );
  svg.setAttribute('data-panels', String(panels.length));
  return svg;
}

const LEGEND_MARKS = ['observed cell (training donor)', 'held-out donor', 'prediction', 'prediction, held-out'];

/** Legend entries placed left to right, wrapping to a new row where the next would pass the right edge. */
function placeLegendEntries(
  labels: string[],
  width: number,
  fontSize: number,
  pt: (points: number) => number,
): Array<{ dx: number; row: number }> {
  const gap = pt(8);
  const charWidth = fontSize * 0.5;
  let dx = 0;
  let row = 0;
  return labels.map((label) => {
    const entryWidth = pt(12) + label.length * charWidth;
    if (dx > 0 && dx + entryWidth > width) {
      dx = 0;
      row++;
    }
    const placed = { dx, row };
    dx += entryWidth + gap;
    return placed;
  });
}

function trajectoryLegendRows(
  lineages: string[],
  markLabels: readonly string[],
  width: number,
  fontSize: number,
  pt: (points: number) => number,
): number {
  const placed = placeLegendEntries([...lineages, ...markLabels], width, fontSize, pt);
  return placed.length ? placed[placed.length - 1].row + 1 : 1;
}

function drawTrajectoryLegend(
  doc: Document,
  svg: SVGSVGElement,
  lineages: string[],
  colorOf: Map<string, string>,
  at: { x: number; y: number; width: number },
  fontSize: number,
  pt: (points: number) => number,
  markLabels: readonly string[],
  markKinds: readonly number[],
): void {
  const legend = svgElement(doc, 'g', { class: 'legend', 'font-size': fontSize * 0.9, fill: '#222222' }, svg);
  const placed = placeLegendEntries([...lineages, ...markLabels], at.width, fontSize, pt);
  const rowGap = fontSize * 1.3;
  lineages.forEach((lineage, i) => {
    const x = at.x + placed[i].dx;
    const y = at.y + placed[i].row * rowGap;
    svgElement(
      doc,
      'line',
      { x1: x, x2: x + pt(10), y1: y - fontSize * 0.3, y2: y - fontSize * 0.3, stroke: colorOf.get(lineage)!, 'stroke-width': pt(1.5) },
      legend,
    );
    svgText(doc, lineage, { x: x + pt(12), y }, legend);
  });
  const marks: Array<(x0: number, y: number) => void> = [
    (x0, y) =>
      svgElement(doc, 'circle', { cx: x0 + pt(5), cy: y - fontSize * 0.3, r: pt(1.5), fill: '#555555', 'fill-opacity': 0.5 }, legend),
    (x0, y) =>
      svgElement(
        doc,
        'circle',
        { cx: x0 + pt(5), cy: y - fontSize * 0.3, r: pt(1.5), fill: 'none', stroke: '#555555', 'stroke-width': pt(0.4) },
        legend,
      ),
    (x0, y) =>
      svgElement(
        doc,
        'line',
        { x1: x0, x2: x0 + pt(10), y1: y - fontSize * 0.3, y2: y - fontSize * 0.3, stroke: '#555555', 'stroke-width': pt(1.2) },
        legend,
      ),
    (x0, y) =>
      svgElement(
        doc,
        'line',
        {
          x1: x0,
          x2: x0 + pt(10),
          y1: y - fontSize * 0.3,
          y2: y - fontSize * 0.3,
          stroke: '#555555',
          'stroke-width': pt(1.2),
          'stroke-dasharray': `${Math.round(pt(3) * 100) / 100} ${Math.round(pt(2) * 100) / 100}`,
        },
        legend,
      ),
  ];
  markLabels.forEach((label, k) => {
    const { dx, row } = placed[lineages.length + k];
    const x = at.x + dx;
    const y = at.y + row * rowGap;
    marks[markKinds[k]](x, y);
    svgText(doc, label, { x: x + pt(12), y }, legend);
  });
}
