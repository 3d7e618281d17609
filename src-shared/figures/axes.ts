/**
 * Plain axes drawn into an explicit document (d3-axis would work too, but it is written for selections and
 * transitions; the figures need only ticks, labels and a title, deterministic for snapshots).
 */
import { svgElement, svgText, formatValue } from './svg.ts';

/** The part of a d3 continuous scale an axis needs. */
export interface AxisScale {
  (value: number): number;
  ticks(count?: number): number[];
  range(): number[];
}

export interface AxisStyle {
  fontSize: number;
  strokeWidth: number;
  tickLength: number;
  color: string;
}

/**
 * Ticks for a log axis that stay readable: powers of ten when the domain spans two or more, otherwise 1-2-5 steps
 * (d3's log ticks label every integer multiple, which piles up labels on a short axis).
 */
export function logTicks(low: number, high: number): number[] {
  const ticks: number[] = [];
  const first = Math.floor(Math.log10(low));
  const last = Math.ceil(Math.log10(high));
  const mantissas = last - first >= 2 ? [1] : [1, 2, 5];
  for (let exponent = first; exponent <= last; exponent++) {
    for (const mantissa of mantissas) {
      const value = Number((mantissa * 10 ** exponent).toPrecision(1));
      if (value >= low * (1 - 1e-9) && value <= high * (1 + 1e-9)) ticks.push(value);
    }
  }
  return ticks;
}

/** Draws a bottom axis at y = `y` with a centred title below it. */
export function drawBottomAxis(
  doc: Document,
  parent: Element,
  scale: AxisScale,
  y: number,
  title: string,
  style: AxisStyle,
  tickCount: number | number[] = 5,
  format: (value: number) => string = formatValue,
): SVGGElement {
  const group = svgElement(doc, 'g', { class: 'axis axis-x', 'font-size': style.fontSize, fill: style.color }, parent);
  const [x0, x1] = scale.range();
  svgElement(doc, 'line', { x1: x0, x2: x1, y1: y, y2: y, stroke: style.color, 'stroke-width': style.strokeWidth }, group);
  for (const tick of typeof tickCount === 'number' ? scale.ticks(tickCount) : tickCount) {
    const x = scale(tick);
    svgElement(
      doc,
      'line',
      { x1: x, x2: x, y1: y, y2: y + style.tickLength, stroke: style.color, 'stroke-width': style.strokeWidth },
      group,
    );
    svgText(doc, format(tick), { x, y: y + style.tickLength + style.fontSize, 'text-anchor': 'middle' }, group);
  }
  svgText(
    doc,
    title,
    { class: 'axis-title', x: (x0 + x1) / 2, y: y + style.tickLength + style.fontSize * 2.4, 'text-anchor': 'middle' },
    group,
  );
  return group;
}

/** Draws a left axis at x = `x` with a rotated title. */
export function drawLeftAxis(
  doc: Document,
  parent: Element,
  scale: AxisScale,
  x: number,
  title: string,
  style: AxisStyle,
  tickCount: number | number[] = 5,
  format: (value: number) => string = formatValue,
): SVGGElement {
  const group = svgElement(doc, 'g', { class: 'axis axis-y', 'font-size': style.fontSize, fill: style.color }, parent);
  const [y0, y1] = scale.range();
  svgElement(doc, 'line', { x1: x, x2: x, y1: y0, y2: y1, stroke: style.color, 'stroke-width': style.strokeWidth }, group);
  let widest = 0;
  for (const tick of typeof tickCount === 'number' ? scale.ticks(tickCount) : tickCount) {
    const y = scale(tick);
    const label = format(tick);
    widest = Math.max(widest, label.length);
    svgElement(
      doc,
      'line',
      { x1: x - style.tickLength, x2: x, y1: y, y2: y, stroke: style.color, 'stroke-width': style.strokeWidth },
      group,
    );
    svgText(doc, label, { x: x - style.tickLength * 1.5, y: y + style.fontSize * 0.35, 'text-anchor': 'end' }, group);
  }
  const titleX = x - style.tickLength * 2 - widest * style.fontSize * 0.6 - style.fontSize * 0.6;
  const titleY = (y0 + y1) / 2;
  svgText(
    doc,
    title,
    {
      class: 'axis-title',
      x: titleX,
      y: titleY,
      'text-anchor': 'middle',
      transform: `rotate(-90 ${Math.round(titleX * 100) / 100} ${Math.round(titleY * 100) / 100})`,
    },
    group,
  );
  return group;
}
