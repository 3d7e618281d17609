/**
 * The λ path of a sweep (issue 16): held-out MSE, edges and the share of edges from non-TF regulators per λ, one
 * panel each over a shared log λ axis. Every point carries `data-lambda` (and the task of its first fit in
 * `data-task`), so the Sweep view opens that λ's run on a click; the figure itself only draws.
 */
import { createFigureRoot } from './render-network.ts';
import { formatValue, polylinePath, svgElement, svgText } from './svg.ts';
import { OKABE_ITO } from './palettes.ts';

export interface LambdaPathFigurePoint {
  lambda: number;
  heldOutMse: number | null;
  edges: number | null;
  spuriousRegulatorFraction: number | null;
  /** Finished fits on all cells at this λ. */
  tasks: number[];
}

export interface LambdaPathFigureOptions {
  width: number;
  height: number;
  title?: string;
}

const PANELS = [
  { key: 'heldOutMse', label: 'Held-out MSE', missing: 'no held-out donor' },
  { key: 'edges', label: 'Edges', missing: 'no finished fit' },
  { key: 'spuriousRegulatorFraction', label: 'Non-TF regulators (share)', missing: 'no TF list' },
] as const;

export function renderLambdaPath(points: LambdaPathFigurePoint[], options: LambdaPathFigureOptions, doc: Document): SVGSVGElement {
  const { width, height } = options;
  const svg = createFigureRoot(doc, width, height);
  svg.setAttribute('class', 'pathreg-figure pathreg-lambda-path');
  const font = 12;
  const top = options.title ? font * 2.4 : font;
  if (options.title) svgText(doc, options.title, { x: 8, y: font * 1.4, 'font-size': font * 1.15, 'font-weight': 'bold' }, svg);
  const sorted = [...points].sort((a, b) => a.lambda - b.lambda);
  const logs = sorted.map((p) => Math.log10(p.lambda));
  const [lo, hi] = logs.length ? [Math.min(...logs), Math.max(...logs)] : [0, 1];
  // One λ gets a unit-wide axis around it, so its point sits in the middle rather than at an edge.
  const span = hi - lo || 1;
  const gap = 16;
  const panelWidth = (width - gap * (PANELS.length + 1)) / PANELS.length;
  const plotTop = top + font * 1.6;
  const plotBottom = height - font * 3.2;
  PANELS.forEach((panel, index) => {
    const left = gap + index * (panelWidth + gap) + 34;
    const right = gap + index * (panelWidth + gap) + panelWidth;
    const g = svgElement(doc, 'g', { class: `lambda-panel lambda-panel-${panel.key}` }, svg);
    svgText(doc, panel.label, { x: left, y: top + font, 'font-size': font, 'font-weight': 'bold' }, g);
    svgElement(doc, 'line', { x1: left, x2: right, y1: plotBottom, y2: plotBottom, stroke: '#333' }, g);
    svgElement(doc, 'line', { x1: left, x2: left, y1: plotTop, y2: plotBottom, stroke: '#333' }, g);
    svgText(doc, 'λ (log scale)', { x: (left + right) / 2, y: height - 6, 'font-size': font * 0.9, 'text-anchor': 'middle' }, g);
    const values = sorted.map((p) => p[panel.key]);
    const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
    if (known.length === 0) {
      svgText(
        doc,
        panel.missing,
        { x: (left + right) / 2, y: (plotTop + plotBottom) / 2, 'font-size': font, 'text-anchor': 'middle', fill: '#666' },
        g,
      );
    }
    const vMin = known.length ? Math.min(0, ...known) : 0;
    const vMax = known.length ? Math.max(...known) : 1;
    const x = (lambda: number) =>
      logs.length > 1 ? left + 8 + ((Math.log10(lambda) - lo) / span) * (right - left - 16) : (left + right) / 2;
    const y = (value: number) => plotBottom - ((value - vMin) / (vMax - vMin || 1)) * (plotBottom - plotTop);
    svgText(doc, formatValue(vMax), { x: left - 4, y: plotTop + font * 0.4, 'font-size': font * 0.8, 'text-anchor': 'end' }, g);
    svgText(doc, formatValue(vMin), { x: left - 4, y: plotBottom, 'font-size': font * 0.8, 'text-anchor': 'end' }, g);
    for (const p of sorted)
      svgText(
        doc,
        formatValue(p.lambda),
        { x: x(p.lambda), y: plotBottom + font * 1.1, 'font-size': font * 0.75, 'text-anchor': 'middle' },
        g,
      );
    const xs: number[] = [];
    const ys: number[] = [];
    sorted.forEach((p, i) => {
      const value = values[i];
      xs.push(x(p.lambda));
      ys.push(value === null ? Number.NaN : y(value));
    });
    svgElement(doc, 'path', { d: polylinePath(xs, ys), fill: 'none', stroke: OKABE_ITO[index % OKABE_ITO.length], 'stroke-width': 1.5 }, g);
    sorted.forEach((p, i) => {
      const value = values[i];
      if (value === null || !Number.isFinite(value)) return;
      const opens = p.tasks.length > 0;
      const dot = svgElement(
        doc,
        'circle',
        {
          class: 'lambda-point',
          cx: xs[i],
          cy: ys[i],
          r: 5,
          fill: OKABE_ITO[index % OKABE_ITO.length],
          stroke: '#222',
          'data-lambda': String(p.lambda),
          'data-task': opens ? String(p.tasks[0]) : undefined,
          cursor: opens ? 'pointer' : undefined,
        },
        g,
      );
      const title = svgElement(doc, 'title', {}, dot);
      title.textContent = `λ ${p.lambda}: ${panel.label.toLowerCase()} ${formatValue(value)}${opens ? ' (click to open this λ’s run)' : ''}`;
    });
  });
  return svg;
}
