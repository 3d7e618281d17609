/**
 * renderPrecisionRecall: a run's precision–recall curve against a reference network, as BEELINE draws it (straight
 * lines through one point per distinct score, from recall 0 at precision 1: the area under this line is BEELINE's
 * AUPRC), with the precision of a random ranking (the reference's density) as the dashed baseline.
 */
import { scaleLinear } from 'd3';
import { drawBottomAxis, drawLeftAxis, type AxisStyle } from './axes.ts';
import { resolveFigureSize, type FigureSizeOptions } from './figure-size.ts';
import { OKABE_ITO } from './palettes.ts';
import { createFigureRoot } from './render-network.ts';
import { polylinePath, svgElement, svgText, formatValue } from './svg.ts';

export interface PrecisionRecallData {
  recall: ArrayLike<number>;
  precision: ArrayLike<number>;
  /** Reference edges / scored pairs: the precision of a random ranking. */
  density: number;
  /** Lines of the legend under the curve's name, e.g. "AUPRC 0.41 (ratio 1.7)". */
  summary: string[];
  /** The curve's name in the legend (the run's label). */
  label: string;
}

export interface PrecisionRecallOptions {
  size: FigureSizeOptions;
  title?: string;
  background?: string | null;
}

/** Draws the curve; deterministic for the same data. Throws when recall and precision differ in length. */
export function renderPrecisionRecall(data: PrecisionRecallData, options: PrecisionRecallOptions, doc: Document): SVGSVGElement {
  if (data.recall.length !== data.precision.length)
    throw new Error(`renderPrecisionRecall: ${data.recall.length} recall values but ${data.precision.length} precision values.`);
  const { width, height, fontSize, pt } = resolveFigureSize(options.size);
  const svg = createFigureRoot(doc, width, height, options.background);
  svg.setAttribute('class', 'pathreg-figure pathreg-precision-recall');
  const margin = pt(6);
  const titleHeight = options.title ? fontSize * 1.8 : 0;
  if (options.title)
    svgText(doc, options.title, { x: margin, y: margin + fontSize, 'font-size': fontSize * 1.2, 'font-weight': 'bold' }, svg);
  const left = margin + fontSize * 5;
  const right = width - margin - pt(4);
  const top = margin + titleHeight + fontSize * 0.8;
  const legendLines = 2 + data.summary.length;
  const bottom = height - margin - fontSize * 3.6 - legendLines * fontSize * 1.35;
  const x = scaleLinear().domain([0, 1]).range([left, right]);
  const y = scaleLinear().domain([0, 1]).range([bottom, top]);
  const axisStyle: AxisStyle = { fontSize: fontSize * 0.85, strokeWidth: pt(0.5), tickLength: pt(2.5), color: '#333333' };
  const plot = svgElement(doc, 'g', { class: 'panel precision-recall' }, svg);
  drawBottomAxis(doc, plot, x, bottom, 'recall', axisStyle, 5);
  drawLeftAxis(doc, plot, y, left, 'precision', axisStyle, 5);

  const curveColor = OKABE_ITO[0];
  const baselineColor = '#7F7F7F';
  const density = Math.min(1, Math.max(0, data.density));
  svgElement(
    doc,
    'line',
    {
      class: 'baseline',
      x1: x(0),
      x2: x(1),
      y1: y(density),
      y2: y(density),
      stroke: baselineColor,
      'stroke-width': pt(0.8),
      'stroke-dasharray': `${pt(3)} ${pt(2)}`,
    },
    plot,
  );
  const xs = Array.from(data.recall, (r) => x(r));
  const ys = Array.from(data.precision, (p) => y(p));
  svgElement(doc, 'path', { class: 'curve', d: polylinePath(xs, ys), fill: 'none', stroke: curveColor, 'stroke-width': pt(1.2) }, plot);

  // Legend below the axes: the curve, the baseline, then the summary lines.
  const legend = svgElement(doc, 'g', { class: 'legend', 'font-size': fontSize * 0.9, fill: '#222222' }, svg);
  let lineY = bottom + fontSize * 3.6;
  const swatch = (color: string, dash: string | undefined) =>
    svgElement(
      doc,
      'line',
      {
        x1: left,
        x2: left + fontSize * 2,
        y1: lineY - fontSize * 0.3,
        y2: lineY - fontSize * 0.3,
        stroke: color,
        'stroke-width': pt(1.2),
        'stroke-dasharray': dash,
      },
      legend,
    );
  swatch(curveColor, undefined);
  svgText(doc, data.label, { x: left + fontSize * 2.6, y: lineY }, legend);
  lineY += fontSize * 1.35;
  swatch(baselineColor, `${pt(3)} ${pt(2)}`);
  svgText(doc, `random ranking (precision = density ${formatValue(data.density)})`, { x: left + fontSize * 2.6, y: lineY }, legend);
  for (const line of data.summary) {
    lineY += fontSize * 1.35;
    svgText(doc, line, { x: left + fontSize * 2.6, y: lineY, class: 'summary' }, legend);
  }
  return svg;
}
