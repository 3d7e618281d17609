/**
 * The network figure's legend as a strip below the drawing, for narrow figures (a journal column, 89 mm): the
 * legend at the side took 40–50 % of the width there. Entries flow left to right and wrap; the strip's height is
 * known before drawing, so the network gets the rest of the figure.
 */
import { labelWidth } from './network-figure-labels.ts';
import { NODE_COLORS, type NodeColors, type SignColors } from './palettes.ts';
import { REFERENCE_MARK_COLORS } from './reference-marks.ts';
import { formatNumber, formatValue, svgElement, svgText } from './svg.ts';

/** Below this printed width (in points) the legend goes below the network: 120 mm, between one and two columns. */
export const LEGEND_BELOW_WIDTH_PT = (120 / 25.4) * 72;

type Swatch =
  { kind: 'node'; isTF: boolean } | { kind: 'line'; color: string; width: number; marker?: string; dashed?: boolean } | { kind: 'none' };

interface StripEntry {
  swatch: Swatch;
  text: string;
}

interface PlacedEntry extends StripEntry {
  x: number;
  row: number;
}

/** What the strip states: counts, the drawn weight range and, with reference marks, their counts. */
export interface LegendFacts {
  edges: number;
  genes: number;
  weightRange: [number, number];
  widthRange: [number, number];
  reference?: { truePositives: number; falsePositives: number; missed: number };
}

export interface LegendStrip {
  entries: PlacedEntry[];
  rows: number;
  /** Height of the strip in the figure's units. */
  height: number;
}

function stripEntries(scene: LegendFacts, signColors: SignColors, pt: (points: number) => number): StripEntry[] {
  const entries: StripEntry[] = [
    { swatch: { kind: 'node', isTF: true }, text: 'TF' },
    { swatch: { kind: 'node', isTF: false }, text: 'target' },
    { swatch: { kind: 'line', color: signColors.activation, width: pt(1.2), marker: 'url(#pathreg-arrow)' }, text: 'activation' },
    { swatch: { kind: 'line', color: signColors.repression, width: pt(1.2), marker: 'url(#pathreg-bar)' }, text: 'repression' },
  ];
  const [low, high] = scene.weightRange;
  const [thin, thick] = scene.widthRange;
  if (scene.edges > 0) {
    if (high > low) {
      entries.push({ swatch: { kind: 'line', color: '#555555', width: thin }, text: `weight ${formatValue(low)}` });
      entries.push({ swatch: { kind: 'line', color: '#555555', width: thick }, text: formatValue(high) });
    } else entries.push({ swatch: { kind: 'line', color: '#555555', width: thick }, text: `weight ${formatValue(high)}` });
  } else entries.push({ swatch: { kind: 'none' }, text: 'no edges above the threshold' });
  if (scene.reference) {
    entries.push(
      {
        swatch: { kind: 'line', color: REFERENCE_MARK_COLORS['true-positive'], width: pt(1.2) },
        text: `true pos. (${scene.reference.truePositives})`,
      },
      {
        swatch: { kind: 'line', color: REFERENCE_MARK_COLORS['false-positive'], width: pt(1.2) },
        text: `false pos. (${scene.reference.falsePositives})`,
      },
      {
        swatch: { kind: 'line', color: REFERENCE_MARK_COLORS.missed, width: pt(1.2), dashed: true },
        text: `missed (${scene.reference.missed})`,
      },
    );
  }
  entries.push({
    swatch: { kind: 'none' },
    text: `${scene.edges.toLocaleString('en-US')} edges · ${scene.genes.toLocaleString('en-US')} genes`,
  });
  return entries;
}

/** Lays the entries out in rows no wider than `width`. */
export function layoutLegendStrip(
  scene: LegendFacts,
  width: number,
  fontSize: number,
  pt: (points: number) => number,
  signColors: SignColors,
): LegendStrip {
  const swatch = pt(10);
  const spacing = pt(6);
  const placed: PlacedEntry[] = [];
  let x = 0;
  let row = 0;
  for (const entry of stripEntries(scene, signColors, pt)) {
    const entryWidth = (entry.swatch.kind === 'none' ? 0 : swatch + pt(2)) + labelWidth(entry.text, fontSize);
    if (x > 0 && x + entryWidth > width) {
      row += 1;
      x = 0;
    }
    placed.push({ ...entry, x, row });
    x += entryWidth + spacing;
  }
  const rows = row + 1;
  return { entries: placed, rows, height: rows * fontSize * 1.5 + pt(2) };
}

/** Draws the strip with its top-left corner at (`left`, `top`). */
export function drawLegendStrip(
  doc: Document,
  svg: SVGSVGElement,
  strip: LegendStrip,
  left: number,
  top: number,
  fontSize: number,
  pt: (points: number) => number,
  nodeColors: NodeColors = NODE_COLORS,
): void {
  const legend = svgElement(doc, 'g', { class: 'legend legend-below', 'font-size': fontSize, fill: '#222222' }, svg);
  const swatch = pt(10);
  for (const entry of strip.entries) {
    const baseline = top + pt(1) + entry.row * fontSize * 1.5 + fontSize;
    const middle = baseline - fontSize * 0.35;
    const x = left + entry.x;
    const { swatch: mark } = entry;
    if (mark.kind === 'node') {
      const r = pt(2.6) * (mark.isTF ? 1.35 : 1);
      const cx = x + swatch / 2;
      const common = { fill: mark.isTF ? nodeColors.tf : nodeColors.target, stroke: NODE_COLORS.stroke, 'stroke-width': pt(0.4) };
      if (mark.isTF)
        svgElement(
          doc,
          'path',
          {
            ...common,
            d: `M${formatNumber(cx)},${formatNumber(middle - r)}L${formatNumber(cx + r)},${formatNumber(middle)}L${formatNumber(cx)},${formatNumber(middle + r)}L${formatNumber(cx - r)},${formatNumber(middle)}Z`,
          },
          legend,
        );
      else svgElement(doc, 'circle', { ...common, cx, cy: middle, r }, legend);
    } else if (mark.kind === 'line') {
      svgElement(
        doc,
        'line',
        {
          x1: x,
          x2: x + swatch,
          y1: middle,
          y2: middle,
          stroke: mark.color,
          'stroke-width': mark.width,
          'marker-end': mark.marker,
          'stroke-dasharray': mark.dashed ? `${formatNumber(pt(2))} ${formatNumber(pt(1.5))}` : undefined,
        },
        legend,
      );
    }
    svgText(doc, entry.text, { x: mark.kind === 'none' ? x : x + swatch + pt(2), y: baseline }, legend);
  }
}
