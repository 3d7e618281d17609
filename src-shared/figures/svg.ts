/**
 * Small helpers for building SVG with an explicit document, so the same code runs in the browser and in Node (jsdom).
 * No d3-selection here: d3.create() reaches for the global document, which export in Node does not have.
 */

export const SVG_NS = 'http://www.w3.org/2000/svg';

export type AttributeValue = string | number;

/** Creates an SVG element on `doc`, sets its attributes and appends it to `parent` when given. */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  doc: Document,
  tag: K,
  attributes: Record<string, AttributeValue | undefined> = {},
  parent?: Element,
): SVGElementTagNameMap[K] {
  const element = doc.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined) continue;
    element.setAttribute(name, typeof value === 'number' ? formatNumber(value) : value);
  }
  if (parent) parent.appendChild(element);
  return element;
}

/** Appends a <text> element holding `content` (kept as text, so exported figures stay editable). */
export function svgText(
  doc: Document,
  content: string,
  attributes: Record<string, AttributeValue | undefined>,
  parent: Element,
): SVGTextElement {
  const text = svgElement(doc, 'text', attributes, parent);
  text.textContent = content;
  return text;
}

/**
 * Coordinates rounded to 1/100 px: invisible at any print dpi, and it keeps snapshots stable across
 * floating-point noise and the files small.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** A value for labels and tooltips: 3 significant digits, exponent notation for very small or large values. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude < 1e-3 || magnitude >= 1e5) return value.toExponential(2);
  return String(Number(value.toPrecision(3)));
}

/** Builds an SVG path "d" from a polyline, skipping non-finite points (they break the line). */
export function polylinePath(xs: ArrayLike<number>, ys: ArrayLike<number>): string {
  let path = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    const y = ys[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    path += `${pen ? 'L' : 'M'}${formatNumber(x)},${formatNumber(y)}`;
    pen = true;
  }
  return path;
}
