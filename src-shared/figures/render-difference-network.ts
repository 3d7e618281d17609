/**
 * The difference network of two runs (the Compare view, issue 18) as an SVG figure: the edges of either run's top-k,
 * coloured by where they are (only in A, only in B, in both), with genes drawn and named as the network figure does
 * (TFs diamonds, targets circles, the strongest hubs labelled where their names fit). The same function draws the
 * screen and the exported SVG/PNG, so the file is what the view showed.
 */
import type { DifferenceEdge, RunComparison } from '../contract/run-comparison.ts';
import { resolveFigureSize, type FigureSizeOptions } from './figure-size.ts';
import type { NetworkData, NetworkEdge, NetworkNode } from './network-data.ts';
import { labelWidth, type LabelBox } from './network-figure-labels.ts';
import { forceLayout, type Positions } from './network-layout.ts';
import { buildNetworkScene } from './network-scene.ts';
import { NODE_COLORS } from './palettes.ts';
import { createFigureRoot, defineEdgeEnds, drawHubLabels, drawNetworkNode } from './render-network.ts';
import { formatNumber, formatValue, svgElement, svgText } from './svg.ts';

export type DifferenceClass = DifferenceEdge['in'];

export const DIFFERENCE_CLASSES: readonly DifferenceClass[] = ['a', 'b', 'both'];

/**
 * Okabe–Ito vermillion, blue and bluish green (the Compare view's table uses the same), distinguishable under the
 * common colour-vision deficiencies; only-B edges are also dashed so a grey-scale print still tells A from B.
 */
export const DIFFERENCE_COLORS: Record<DifferenceClass, string> = { a: '#D55E00', b: '#0072B2', both: '#009E73' };

/** The class as exports name it (GraphML/cyjs attribute `comparison`, the figure's `data-comparison`). */
export const DIFFERENCE_CLASS_NAMES: Record<DifferenceClass, 'only_A' | 'only_B' | 'both'> = { a: 'only_A', b: 'only_B', both: 'both' };

export interface DifferenceFigureData {
  /** Genes of the two runs (a TF when either run lists it as one); only those on a drawn edge are drawn. */
  genes: Array<{ id: string; isTF: boolean | null }>;
  /** Every edge of either top-k (RunComparison.difference). */
  edges: readonly DifferenceEdge[];
  labelA: string;
  labelB: string;
  topK: number;
}

/** The figure's data from a comparison (A = its first run, B = its second), for the Compare view and the export alike. */
export function differenceFigureData(comparison: RunComparison): DifferenceFigureData {
  return {
    genes: comparison.differenceGenes,
    edges: comparison.difference,
    labelA: comparison.runs[0].label,
    labelB: comparison.runs[1].label,
    topK: comparison.topK,
  };
}

export interface DifferenceFigureOptions {
  size: FigureSizeOptions;
  /** The classes drawn (the view's filter); all three when absent. */
  classes?: readonly DifferenceClass[];
  /** Seed of the force layout, laid out over every class so the filter never moves a gene. */
  seed?: number;
  background?: string | null;
  maxLabels?: number;
}

/** The weight an edge is drawn with: its weight in the run whose top-k holds it (the larger of the two when both do). */
export function differenceWeight(edge: DifferenceEdge): number {
  if (edge.in === 'a') return edge.weightA ?? 0;
  if (edge.in === 'b') return edge.weightB ?? 0;
  return Math.max(edge.weightA ?? 0, edge.weightB ?? 0);
}

/** The sign an edge is drawn with: A's for edges in A's top-k, else B's (0 when the run has no sign for it). */
export function differenceSign(edge: DifferenceEdge): -1 | 0 | 1 {
  return (edge.in === 'b' ? edge.signB : edge.signA) ?? 0;
}

/** How many edges of each class a list holds. */
export function differenceCounts(edges: readonly DifferenceEdge[]): Record<DifferenceClass, number> {
  const counts = { a: 0, b: 0, both: 0 };
  for (const edge of edges) counts[edge.in]++;
  return counts;
}

const pairKey = (edge: { source: string; target: string }) => `${edge.source}\u0000${edge.target}`;

function asNetworkEdge(edge: DifferenceEdge): NetworkEdge {
  return { source: edge.source, target: edge.target, weight: differenceWeight(edge), sign: differenceSign(edge) };
}

/** Every class's edges (self-edges left out) between the genes they link, sorted by name. */
function differenceAsNetwork(data: DifferenceFigureData): NetworkData {
  const all = data.edges.filter((edge) => edge.source !== edge.target);
  const linked = new Set(all.flatMap((edge) => [edge.source, edge.target]));
  const isTF = new Map(data.genes.map((gene) => [gene.id, gene.isTF === true]));
  const nodes: NetworkNode[] = [...linked].sort().map((id) => ({ id, isTF: isTF.get(id) ?? false }));
  return { nodes, edges: all.map(asNetworkEdge) };
}

/**
 * The seeded force layout of the whole difference network (every class), shared by the figure and the cyjs/GraphML
 * positions: filtering classes never moves a gene, and Cytoscape opens the file looking like the figure.
 */
export function differenceLayout(data: DifferenceFigureData, seed = 0): Positions {
  // The same edges and seed give the same positions: kept per edge list, so toggling a class does not lay out again.
  const cached = layouts.get(data.edges)?.get(seed);
  if (cached) return cached;
  const network = differenceAsNetwork(data);
  const positions = forceLayout(network, network.edges, { seed });
  const bySeed = layouts.get(data.edges) ?? new Map<number, Positions>();
  bySeed.set(seed, positions);
  layouts.set(data.edges, bySeed);
  return positions;
}

const layouts = new WeakMap<readonly DifferenceEdge[], Map<number, Positions>>();

export function renderDifferenceNetwork(data: DifferenceFigureData, options: DifferenceFigureOptions, doc: Document): SVGSVGElement {
  const { width, height, pt, fontSize } = resolveFigureSize(options.size);
  const svg = createFigureRoot(doc, width, height, options.background);
  svg.setAttribute('class', 'pathreg-figure pathreg-difference-network');
  const margin = pt(6);
  const shown = new Set(options.classes ?? DIFFERENCE_CLASSES);
  const all = data.edges.filter((edge) => edge.source !== edge.target);
  const drawn = all.filter((edge) => shown.has(edge.in));
  const classOf = new Map(all.map((edge) => [pairKey(edge), edge.in]));
  const network = differenceAsNetwork(data);

  // The legend strip below: entries flow left to right and wrap, so a journal column keeps its width for the network.
  const stripFont = fontSize * 0.9;
  const counts = differenceCounts(drawn);
  const entries: Array<{ text: string; swatch: { color: string; dashed: boolean } | { node: boolean } | null }> = [
    ...DIFFERENCE_CLASSES.filter((c) => shown.has(c)).map((c) => ({
      text: `${c === 'a' ? `only in A (${data.labelA})` : c === 'b' ? `only in B (${data.labelB})` : 'in both'}: ${counts[c]}`,
      swatch: { color: DIFFERENCE_COLORS[c], dashed: c === 'b' },
    })),
    { text: 'TF', swatch: { node: true } },
    { text: 'target', swatch: { node: false } },
    { text: 'arrow: activates, bar: represses; width: weight', swatch: null },
    { text: `top ${data.topK.toLocaleString('en-US')} edges of each run`, swatch: null },
  ];
  const swatchWidth = pt(12);
  const gap = pt(8);
  const rowHeight = stripFont * 1.5;
  const stripWidth = width - 2 * margin;
  const placed: Array<(typeof entries)[number] & { x: number; row: number }> = [];
  let x = 0;
  let row = 0;
  for (const entry of entries) {
    const entryWidth = (entry.swatch ? swatchWidth + pt(3) : 0) + labelWidth(entry.text, stripFont);
    if (x > 0 && x + entryWidth > stripWidth) {
      row++;
      x = 0;
    }
    placed.push({ ...entry, x, row });
    x += entryWidth + gap;
  }
  const stripHeight = (row + 1) * rowHeight + pt(4);

  const box = {
    x: margin + pt(8),
    y: margin + pt(8),
    width: width - 2 * margin - pt(16),
    height: height - 2 * margin - pt(16) - stripHeight,
  };
  const positions = differenceLayout(data, options.seed ?? 0);
  const scene = buildNetworkScene(
    network,
    drawn.map(asNetworkEdge),
    positions,
    box,
    { nodeRadius: pt(2.6), minEdgeWidth: pt(0.35), maxEdgeWidth: pt(2.4), hideIsolated: true },
    {},
  );

  defineEdgeEnds(doc, svg, pt(4), { arrow: 'pathreg-diff-arrow', bar: 'pathreg-diff-bar' }, { arrow: '#333333', bar: '#333333' });

  const edgeGroup = svgElement(doc, 'g', { class: 'edges', 'stroke-linecap': 'round' }, svg);
  const radiusOf = new Map(scene.nodes.map((node) => [node.id, node.radius]));
  const byPair = new Map(drawn.map((edge) => [pairKey(edge), edge]));
  for (const edge of scene.edges) {
    const difference = byPair.get(pairKey(edge))!;
    const kind = classOf.get(pairKey(edge))!;
    // Stop at the target's rim so the end stays visible.
    const dx = edge.x2 - edge.x1;
    const dy = edge.y2 - edge.y1;
    const length = Math.hypot(dx, dy) || 1;
    const inset = Math.min((radiusOf.get(edge.target) ?? 0) + pt(0.5), length / 2);
    const line = svgElement(
      doc,
      'line',
      {
        class: `diff-edge ${DIFFERENCE_CLASS_NAMES[kind].replace('_', '-').toLowerCase()}`,
        x1: edge.x1,
        y1: edge.y1,
        x2: edge.x2 - (dx / length) * inset,
        y2: edge.y2 - (dy / length) * inset,
        stroke: DIFFERENCE_COLORS[kind],
        'stroke-width': edge.width,
        'stroke-opacity': 0.75,
        'stroke-dasharray': kind === 'b' ? `${formatNumber(pt(2))} ${formatNumber(pt(1.2))}` : undefined,
        'marker-end': edge.sign > 0 ? 'url(#pathreg-diff-arrow)' : edge.sign < 0 ? 'url(#pathreg-diff-bar)' : undefined,
        'data-source': edge.source,
        'data-target': edge.target,
        'data-comparison': DIFFERENCE_CLASS_NAMES[kind],
      },
      edgeGroup,
    );
    const weight = (value: number | null) => (value === null ? 'no edge' : formatValue(value));
    svgElement(doc, 'title', {}, line).textContent =
      `${edge.source} → ${edge.target}: ${kind === 'both' ? 'in both top-k' : `only in ${kind === 'a' ? 'A' : 'B'}'s top-k`}; ` +
      `weight in A ${weight(difference.weightA)}, in B ${weight(difference.weightB)}`;
  }
  const nodeGroup = svgElement(doc, 'g', { class: 'nodes', stroke: NODE_COLORS.stroke, 'stroke-width': pt(0.4) }, svg);
  for (const node of scene.nodes) drawNetworkNode(doc, nodeGroup, node, pt);

  // Gene names as on the network figure: the hubs of the drawn edges, each where its box meets no other label.
  const labelArea: LabelBox = { x0: pt(2), y0: margin, x1: width - pt(2), y1: height - margin - stripHeight };
  drawHubLabels(doc, svg, scene.nodes, drawn, {
    fontSize: fontSize * 0.85,
    pt,
    labelArea,
    maxLabels: options.maxLabels ?? Math.max(6, Math.round(width / pt(22))),
  });

  const legend = svgElement(doc, 'g', { class: 'legend', 'font-size': stripFont, fill: '#222222' }, svg);
  const top = height - margin - stripHeight + pt(4);
  for (const entry of placed) {
    const left = margin + entry.x;
    const baseline = top + entry.row * rowHeight + stripFont;
    const mid = baseline - stripFont * 0.35;
    if (entry.swatch && 'color' in entry.swatch)
      svgElement(
        doc,
        'line',
        {
          class: 'legend-swatch',
          x1: left,
          x2: left + swatchWidth,
          y1: mid,
          y2: mid,
          stroke: entry.swatch.color,
          'stroke-width': pt(1.6),
          'stroke-dasharray': entry.swatch.dashed ? `${formatNumber(pt(2))} ${formatNumber(pt(1.2))}` : undefined,
        },
        legend,
      );
    else if (entry.swatch)
      drawNetworkNode(
        doc,
        legend,
        {
          id: entry.text,
          x: 0,
          y: 0,
          radius: pt(2.6) * (entry.swatch.node ? 1.35 : 1),
          isTF: entry.swatch.node,
          fill: entry.swatch.node ? NODE_COLORS.tf : NODE_COLORS.target,
          faded: false,
          labelled: false,
          labelRank: Infinity,
          highlighted: false,
        },
        pt,
        left + swatchWidth / 2,
        mid,
      ).setAttribute('stroke', NODE_COLORS.stroke);
    svgText(doc, entry.text, { x: left + (entry.swatch ? swatchWidth + pt(3) : 0), y: baseline }, legend);
  }

  const drawnCounts = { a: 0, b: 0, both: 0 };
  for (const edge of scene.edges) drawnCounts[classOf.get(pairKey(edge))!]++;
  svg.setAttribute('data-edge-count', String(scene.edges.length));
  svg.setAttribute('data-node-count', String(scene.nodes.length));
  svg.setAttribute('data-only-a', String(drawnCounts.a));
  svg.setAttribute('data-only-b', String(drawnCounts.b));
  svg.setAttribute('data-both', String(drawnCounts.both));
  return svg;
}
