/**
 * renderHeatmap: the TF × target effect matrix (signed path weight) with rows and columns reordered by
 * average-linkage clustering, dendrograms on both axes and a colour bar.
 */
import { resolveFigureSize, type FigureSizeOptions } from './figure-size.ts';
import { clusterRows, transpose, type Clustering } from './hierarchical-clustering.ts';
import { divergingColor } from './palettes.ts';
import { createFigureRoot } from './render-network.ts';
import { formatValue, svgElement, svgText } from './svg.ts';

export interface HeatmapData {
  /** Row genes (regulators, TFs). */
  rows: string[];
  /** Column genes (targets). */
  columns: string[];
  /** rows × columns, row-major: signed effect of row gene on column gene (sign × weight). */
  values: ArrayLike<number>;
}

export interface HeatmapFigureOptions {
  size: FigureSizeOptions;
  /** Cluster rows and columns (default true). */
  cluster?: boolean;
  /** Precomputed orders (the view caches its clustering); otherwise computed here. */
  rowOrder?: number[];
  columnOrder?: number[];
  /**
   * Symmetric colour domain [−max, max]; the largest |value| by default (the full range). The app's views pass
   * `robustColorMax(values)` so one outlier does not wash out the rest; values beyond saturate and the bar says "≥".
   */
  colorMax?: number;
  title?: string;
  valueLabel?: string;
  dendrograms?: boolean;
  background?: string | null;
  /**
   * Draw the cells as one embedded image instead of one rectangle each (the screen uses it above about 40,000 cells,
   * where a DOM of rectangles gets slow). Needs a canvas from `document`; exports keep vector cells.
   */
  rasterCells?: boolean;
}

export interface HeatmapLayout {
  rowOrder: number[];
  columnOrder: number[];
  rowClustering: Clustering | null;
  columnClustering: Clustering | null;
  plot: { x: number; y: number; width: number; height: number };
  cellWidth: number;
  cellHeight: number;
  colorMax: number;
}

/** Checks the matrix shape; throws a message naming the mismatch. */
export function validateHeatmap(data: HeatmapData): void {
  if (data.values.length !== data.rows.length * data.columns.length) {
    throw new Error(
      `Heatmap: ${data.rows.length} regulators × ${data.columns.length} targets need ${data.rows.length * data.columns.length} values, got ${data.values.length}.`,
    );
  }
}

/** Row and column orders from clustering (identity orders when clustering is off). */
export function clusterHeatmap(
  data: HeatmapData,
  cluster = true,
): { rowOrder: number[]; columnOrder: number[]; rowClustering: Clustering | null; columnClustering: Clustering | null } {
  validateHeatmap(data);
  const rows = data.rows.length;
  const columns = data.columns.length;
  if (!cluster) return { rowOrder: range(rows), columnOrder: range(columns), rowClustering: null, columnClustering: null };
  const rowClustering = clusterRows(data.values, rows, columns);
  const columnClustering = clusterRows(transpose(data.values, rows, columns), columns, rows);
  return { rowOrder: rowClustering.order, columnOrder: columnClustering.order, rowClustering, columnClustering };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Where everything goes; the view uses it to map the pointer to a cell for hover values. */
export function layoutHeatmap(data: HeatmapData, options: HeatmapFigureOptions): HeatmapLayout {
  const size = resolveFigureSize(options.size);
  const { width, height, fontSize, pt } = size;
  const clustering =
    options.rowOrder && options.columnOrder
      ? { rowOrder: options.rowOrder, columnOrder: options.columnOrder, rowClustering: null, columnClustering: null }
      : clusterHeatmap(data, options.cluster ?? true);
  const showTrees = (options.dendrograms ?? true) && clustering.rowClustering !== null;
  const margin = pt(6);
  const titleHeight = options.title ? fontSize * 1.8 : 0;
  const legendWidth = fontSize * 10;
  const labelSpace = fontSize * 5.5;
  const treeLeft = showTrees ? Math.min(width * 0.1, pt(40)) : 0;
  const treeTop = showTrees ? Math.min(height * 0.1, pt(40)) : 0;
  const plot = {
    x: margin + treeLeft,
    y: margin + titleHeight + treeTop,
    width: Math.max(1, width - 2 * margin - treeLeft - labelSpace - legendWidth),
    height: Math.max(1, height - 2 * margin - titleHeight - treeTop - labelSpace),
  };
  let colorMax = options.colorMax ?? 0;
  if (!(colorMax > 0))
    for (let i = 0; i < data.values.length; i++)
      colorMax = Math.max(colorMax, Math.abs(Number.isFinite(data.values[i]) ? data.values[i] : 0));
  return {
    ...clustering,
    plot,
    cellWidth: plot.width / Math.max(1, data.columns.length),
    cellHeight: plot.height / Math.max(1, data.rows.length),
    colorMax: colorMax || 1,
  };
}

/**
 * A colour range for heavy-tailed path weights: the 99th percentile of the non-zero |values|. Scaling to the single
 * largest one can leave almost every cell white. Larger values saturate, and the colour bar says "≥".
 */
export function robustColorMax(values: ArrayLike<number>): number {
  const magnitudes: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const magnitude = Math.abs(values[i]);
    if (magnitude > 0 && Number.isFinite(magnitude)) magnitudes.push(magnitude);
  }
  if (magnitudes.length === 0) return 1;
  magnitudes.sort((a, b) => a - b);
  return magnitudes[Math.min(magnitudes.length - 1, Math.floor(0.99 * (magnitudes.length - 1)))];
}

/** The cell under a point in figure pixels, or null outside the matrix. */
export function heatmapCellAt(layout: HeatmapLayout, x: number, y: number): { row: number; column: number } | null {
  const c = Math.floor((x - layout.plot.x) / layout.cellWidth);
  const r = Math.floor((y - layout.plot.y) / layout.cellHeight);
  if (c < 0 || r < 0 || c >= layout.columnOrder.length || r >= layout.rowOrder.length) return null;
  return { row: layout.rowOrder[r], column: layout.columnOrder[c] };
}

/** Draws the clustered heatmap; deterministic for the same input. */
export function renderHeatmap(data: HeatmapData, options: HeatmapFigureOptions, doc: Document): SVGSVGElement {
  validateHeatmap(data);
  const size = resolveFigureSize(options.size);
  const { width, height, fontSize, pt } = size;
  const layout = layoutHeatmap(data, options);
  const { plot, cellWidth, cellHeight, colorMax } = layout;
  const svg = createFigureRoot(doc, width, height, options.background);
  svg.setAttribute('class', 'pathreg-figure pathreg-heatmap');
  if (options.title)
    svgText(doc, options.title, { x: pt(6), y: pt(6) + fontSize, 'font-size': fontSize * 1.2, 'font-weight': 'bold' }, svg);
  const columns = data.columns.length;
  if (options.rasterCells) drawRasterCells(doc, svg, data, layout);
  else {
    const cells = svgElement(doc, 'g', { class: 'cells', 'shape-rendering': 'crispEdges' }, svg);
    layout.rowOrder.forEach((row, r) => {
      layout.columnOrder.forEach((column, c) => {
        const value = data.values[row * columns + column];
        const finite = Number.isFinite(value) ? value : 0;
        // Exact zeros are left white: a sparse network is mostly zeros, and skipping them keeps files small.
        if (finite === 0) return;
        svgElement(
          doc,
          'rect',
          {
            x: plot.x + c * cellWidth,
            y: plot.y + r * cellHeight,
            // A hair of overlap hides anti-aliasing seams between cells in rasterised exports.
            width: cellWidth + 0.3,
            height: cellHeight + 0.3,
            fill: divergingColor(finite / colorMax),
            'data-row': data.rows[row],
            'data-column': data.columns[column],
          },
          cells,
        );
      });
    });
  }
  svgElement(
    doc,
    'rect',
    {
      class: 'frame',
      x: plot.x,
      y: plot.y,
      width: plot.width,
      height: plot.height,
      fill: 'none',
      stroke: '#333333',
      'stroke-width': pt(0.4),
    },
    svg,
  );
  drawAxisLabels(doc, svg, data, layout, fontSize, pt);
  if (layout.rowClustering && (options.dendrograms ?? true)) {
    drawDendrogram(doc, svg, layout.rowClustering, 'left', { x: pt(6), y: plot.y, width: plot.x - pt(7), height: plot.height }, pt);
  }
  if (layout.columnClustering && (options.dendrograms ?? true)) {
    drawDendrogram(
      doc,
      svg,
      layout.columnClustering,
      'top',
      { x: plot.x, y: plot.y - (plot.x - pt(6)) + pt(1), width: plot.width, height: Math.max(0, plot.x - pt(7)) },
      pt,
    );
  }
  let saturated = false;
  for (let i = 0; i < data.values.length && !saturated; i++) saturated = Math.abs(data.values[i]) > colorMax;
  drawColorBar(
    doc,
    svg,
    { x: width - pt(6) - fontSize * 9.5, y: plot.y, height: Math.min(plot.height, pt(120)) },
    colorMax,
    saturated,
    options.valueLabel ?? 'effect (sign × weight)',
    fontSize,
    pt,
  );
  svg.setAttribute('data-rows', String(data.rows.length));
  svg.setAttribute('data-columns', String(columns));
  return svg;
}

/** One pixel per cell on a canvas, scaled into the plot as an <image> (nearest-neighbour, so cells stay crisp). */
function drawRasterCells(doc: Document, svg: SVGSVGElement, data: HeatmapData, layout: HeatmapLayout): void {
  const canvas = doc.createElement('canvas');
  const context = canvas.getContext?.('2d');
  if (!context)
    throw new Error(
      'Heatmap: this environment has no canvas to draw the cells as an image; draw them as vector cells (rasterCells: false).',
    );
  const rows = layout.rowOrder.length;
  const columns = layout.columnOrder.length;
  canvas.width = Math.max(1, columns);
  canvas.height = Math.max(1, rows);
  const image = context.createImageData(canvas.width, canvas.height);
  const parse = (color: string): [number, number, number] => {
    const match = /rgb\((\d+),\s*(\d+),\s*(\d+)\)/.exec(color);
    return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [255, 255, 255];
  };
  layout.rowOrder.forEach((row, r) => {
    layout.columnOrder.forEach((column, c) => {
      const value = data.values[row * data.columns.length + column];
      const [red, green, blue] = Number.isFinite(value) && value !== 0 ? parse(divergingColor(value / layout.colorMax)) : [255, 255, 255];
      const offset = (r * canvas.width + c) * 4;
      image.data[offset] = red;
      image.data[offset + 1] = green;
      image.data[offset + 2] = blue;
      image.data[offset + 3] = 255;
    });
  });
  context.putImageData(image, 0, 0);
  const { plot } = layout;
  svgElement(
    doc,
    'image',
    {
      class: 'cells-image',
      x: plot.x,
      y: plot.y,
      width: plot.width,
      height: plot.height,
      preserveAspectRatio: 'none',
      href: canvas.toDataURL('image/png'),
      style: 'image-rendering: pixelated',
    },
    svg,
  );
}

function drawAxisLabels(
  doc: Document,
  svg: SVGSVGElement,
  data: HeatmapData,
  layout: HeatmapLayout,
  fontSize: number,
  pt: (points: number) => number,
): void {
  const { plot, cellWidth, cellHeight } = layout;
  const rowFont = Math.min(fontSize, cellHeight * 0.9);
  const columnFont = Math.min(fontSize, cellWidth * 0.9);
  // Below about 4 pt labels cannot be read in print; say how many genes are there instead.
  const readable = pt(4);
  const rowGroup = svgElement(doc, 'g', { class: 'row-labels', 'font-size': rowFont, fill: '#222222' }, svg);
  if (rowFont >= readable) {
    layout.rowOrder.forEach((row, r) =>
      svgText(doc, data.rows[row], { x: plot.x + plot.width + pt(2), y: plot.y + (r + 0.5) * cellHeight + rowFont * 0.35 }, rowGroup),
    );
  } else {
    svgText(
      doc,
      `${data.rows.length} regulators`,
      { x: plot.x + plot.width + pt(2), y: plot.y + plot.height / 2, 'font-size': fontSize },
      rowGroup,
    );
  }
  const columnGroup = svgElement(doc, 'g', { class: 'column-labels', 'font-size': columnFont, fill: '#222222' }, svg);
  if (columnFont >= readable) {
    layout.columnOrder.forEach((column, c) => {
      const x = plot.x + (c + 0.5) * cellWidth + columnFont * 0.35;
      const y = plot.y + plot.height + pt(2);
      svgText(
        doc,
        data.columns[column],
        { x, y, 'text-anchor': 'end', transform: `rotate(-90 ${Math.round(x * 100) / 100} ${Math.round(y * 100) / 100})` },
        columnGroup,
      );
    });
  } else {
    svgText(
      doc,
      `${data.columns.length} targets`,
      { x: plot.x + plot.width / 2, y: plot.y + plot.height + fontSize * 1.5, 'text-anchor': 'middle', 'font-size': fontSize },
      columnGroup,
    );
  }
  svgText(
    doc,
    'target gene',
    {
      class: 'axis-title',
      x: plot.x + plot.width / 2,
      y: plot.y + plot.height + fontSize * 5.2,
      'text-anchor': 'middle',
      'font-size': fontSize,
    },
    svg,
  );
}

function drawDendrogram(
  doc: Document,
  svg: SVGSVGElement,
  clustering: Clustering,
  side: 'left' | 'top',
  box: { x: number; y: number; width: number; height: number },
  pt: (points: number) => number,
): void {
  const n = clustering.order.length;
  if (n < 2 || box.width <= 0 || box.height <= 0) return;
  const position = new Float64Array(n + clustering.merges.length);
  clustering.order.forEach((item, i) => {
    position[item] = (i + 0.5) / n;
  });
  const heightOf = new Float64Array(n + clustering.merges.length);
  const maxHeight = clustering.merges[clustering.merges.length - 1].height || 1;
  let d = '';
  const point = (along: number, level: number) => {
    // level 0 at the matrix, 1 at the far edge of the box.
    const a = side === 'left' ? box.y + along * box.height : box.x + along * box.width;
    const b = side === 'left' ? box.x + box.width * (1 - level) : box.y + box.height * (1 - level);
    return side === 'left'
      ? `${Math.round(b * 100) / 100},${Math.round(a * 100) / 100}`
      : `${Math.round(a * 100) / 100},${Math.round(b * 100) / 100}`;
  };
  clustering.merges.forEach((merge, k) => {
    const id = n + k;
    const level = merge.height / maxHeight;
    position[id] = (position[merge.left] + position[merge.right]) / 2;
    heightOf[id] = level;
    d += `M${point(position[merge.left], heightOf[merge.left])}L${point(position[merge.left], level)}L${point(position[merge.right], level)}L${point(position[merge.right], heightOf[merge.right])}`;
  });
  svgElement(doc, 'path', { class: `dendrogram dendrogram-${side}`, d, fill: 'none', stroke: '#555555', 'stroke-width': pt(0.4) }, svg);
}

function drawColorBar(
  doc: Document,
  svg: SVGSVGElement,
  area: { x: number; y: number; height: number },
  colorMax: number,
  saturated: boolean,
  label: string,
  fontSize: number,
  pt: (points: number) => number,
): void {
  const legend = svgElement(doc, 'g', { class: 'legend', 'font-size': fontSize, fill: '#222222' }, svg);
  const barWidth = pt(8);
  const steps = 32;
  for (let i = 0; i < steps; i++) {
    // Top of the bar is +max (activation), bottom −max (repression).
    const value = 1 - (2 * (i + 0.5)) / steps;
    svgElement(
      doc,
      'rect',
      { x: area.x, y: area.y + (i * area.height) / steps, width: barWidth, height: area.height / steps + 0.3, fill: divergingColor(value) },
      legend,
    );
  }
  svgElement(
    doc,
    'rect',
    { x: area.x, y: area.y, width: barWidth, height: area.height, fill: 'none', stroke: '#333333', 'stroke-width': pt(0.4) },
    legend,
  );
  const beyond = saturated ? '≥ ' : '';
  const labels: [number, string][] = [
    [0, `${beyond}+${formatValue(colorMax)} activation`],
    [0.5, '0'],
    [1, `${beyond}−${formatValue(colorMax)} repression`],
  ];
  for (const [at, text] of labels) {
    svgText(
      doc,
      text,
      { x: area.x + barWidth + pt(2), y: area.y + at * area.height + fontSize * 0.35, 'font-size': fontSize * 0.85 },
      legend,
    );
  }
  svgText(doc, label, { x: area.x, y: area.y + area.height + fontSize * 1.6, 'font-size': fontSize * 0.85 }, legend);
}
