/**
 * renderNetwork: the inferred network as an SVG figure (the same scene the network view paints on its canvas).
 * TFs are diamonds and targets circles; edge width follows weight, colour and end shape follow sign
 * (arrow = activation, bar = repression), so the figure reads without colour too.
 */
import { resolveFigureSize, type FigureSizeOptions } from './figure-size.ts';
import { selectEdges, selectFromSorted, sortEdges, withFocusEdges, type EdgeSelection, type NetworkData } from './network-data.ts';
import { forceLayout, hierarchicalLayout, type Positions } from './network-layout.ts';
import { buildNetworkScene, type NetworkScene, type SceneNode } from './network-scene.ts';
import { labelCandidates, placeFigureLabels, type LabelBox } from './network-figure-labels.ts';
import { drawLegendStrip, layoutLegendStrip, LEGEND_BELOW_WIDTH_PT, type LegendFacts } from './network-legend-strip.ts';
import { NODE_COLORS, SIGN_COLORS, type NodeColors, type SignColors } from './palettes.ts';
import { REFERENCE_MARK_COLORS, REFERENCE_MARK_LABELS, type ReferencePair } from './reference-marks.ts';
import { formatNumber, formatValue, svgElement, svgText } from './svg.ts';

export type NetworkLayoutKind = 'force' | 'hierarchical';

/** `focus` fades everything but the focused gene's links (and adds its strongest ones), as the network view does. */
export interface NetworkFigureOptions extends EdgeSelection {
  size: FigureSizeOptions;
  layout?: NetworkLayoutKind;
  /** Positions from the view (after the user dragged genes); computed from `layout` and `seed` when absent. */
  positions?: Positions;
  seed?: number;
  title?: string;
  highlighted?: readonly string[];
  maxLabels?: number;
  hideIsolated?: boolean;
  legend?: boolean;
  signColors?: SignColors;
  nodeColors?: NodeColors;
  background?: string | null;
  /**
   * A reference network to mark the drawn edges against: true positives and false positives by colour, missed
   * reference edges dashed, with a legend; absent or null draws the network's own signs.
   */
  reference?: readonly ReferencePair[] | null;
}

/** Positions for a layout kind, as the view computes them (exported so view and export agree). */
export function layoutNetwork(data: NetworkData, options: NetworkFigureOptions, width: number, height: number): Positions {
  const edges = selectEdges(data.edges, { threshold: options.threshold, topK: options.topK });
  if (options.layout === 'hierarchical') return hierarchicalLayout(data, edges, { width, height });
  return forceLayout(data, edges, { seed: options.seed ?? 0 });
}

/** Draws the network figure; deterministic for the same data, options and seed. */
export function renderNetwork(data: NetworkData, options: NetworkFigureOptions, doc: Document): SVGSVGElement {
  const size = resolveFigureSize(options.size);
  const { width, height, pt, fontSize } = size;
  const svg = createFigureRoot(doc, width, height, options.background);
  svg.setAttribute('class', 'pathreg-figure pathreg-network');
  // Room on the right of the drawing for the labels of the right-most genes.
  const labelRoom = fontSize * 3;
  const margin = pt(6);
  const titleHeight = options.title ? fontSize * 1.8 : 0;
  // A narrow figure (a journal column) gets its legend as a strip below: at the side it took half the width.
  const legendBelow = options.legend !== false && width / pt(1) < LEGEND_BELOW_WIDTH_PT;
  // A small figure gets a smaller legend font rather than a legend cut off at the bottom.
  const legendEm = LEGEND_HEIGHT_EM + (options.reference ? REFERENCE_LEGEND_EM : 0);
  const legendFont = fontSize * Math.min(1, (height - titleHeight - 2 * margin) / (legendEm * fontSize));
  const legendLayout = options.legend === false || legendBelow ? null : networkLegendLayout(width, legendFont, pt);
  const legendWidth = legendLayout?.width ?? 0;
  if (options.title)
    svgText(doc, options.title, { x: margin, y: margin + fontSize, 'font-size': fontSize * 1.2, 'font-weight': 'bold' }, svg);
  // As on screen: the threshold and top-k selection, plus the focused gene's strongest links; the rest is faded.
  const sorted = sortEdges(data.edges);
  const edges = withFocusEdges(
    selectFromSorted(sorted, { threshold: options.threshold, topK: options.topK }),
    sorted,
    options.focus ?? null,
  );
  // The strip is laid out before the scene (the drawing gets the height left): every gene counted, an upper bound
  // of the genes drawn, so the reserved rows always suffice.
  const stripFont = fontSize * 0.9;
  const weights = edges.map((edge) => edge.weight);
  const facts = (genes: number, reference?: LegendFacts['reference']): LegendFacts => ({
    edges: edges.length,
    genes,
    weightRange: weights.length ? [Math.min(...weights), Math.max(...weights)] : [0, 0],
    widthRange: [pt(0.35), pt(2.4)],
    ...(reference ? { reference } : {}),
  });
  const bound = data.nodes.length + (options.reference?.length ?? 0);
  const stripReserve = legendBelow
    ? layoutLegendStrip(
        facts(data.nodes.length, options.reference ? { truePositives: bound, falsePositives: bound, missed: bound } : undefined),
        width - 2 * margin,
        stripFont,
        pt,
        options.signColors ?? SIGN_COLORS,
      ).height
    : 0;
  const box = {
    x: margin + pt(8),
    y: margin + titleHeight + pt(8),
    width: width - legendWidth - 2 * margin - pt(16) - (legendBelow ? 0 : labelRoom),
    height: height - titleHeight - 2 * margin - pt(16) - stripReserve,
  };
  const positions = options.positions ?? layoutNetwork(data, options, box.width, box.height);
  const scene = buildNetworkScene(
    data,
    edges,
    positions,
    box,
    {
      nodeRadius: pt(2.6),
      minEdgeWidth: pt(0.35),
      maxEdgeWidth: pt(2.4),
      signColors: options.signColors,
      nodeColors: options.nodeColors,
      maxLabels: options.maxLabels,
      hideIsolated: options.hideIsolated,
    },
    { focus: options.focus ?? null, highlighted: options.highlighted, reference: options.reference ?? null },
  );
  // Labels may use the margin around the drawing but never the legend.
  const labelArea: LabelBox = {
    x0: pt(2),
    y0: margin + titleHeight,
    x1: width - legendWidth - (legendWidth ? margin : pt(2)),
    y1: height - margin - stripReserve,
  };
  const maxLabels = options.maxLabels ?? Math.max(6, Math.round(width / pt(22)));
  drawScene(doc, svg, scene, fontSize, pt, options.signColors ?? SIGN_COLORS, edges, labelArea, maxLabels);
  if (legendBelow) {
    const strip = layoutLegendStrip(
      {
        ...facts(scene.nodes.length, scene.reference),
        edges: scene.edges.length,
        weightRange: scene.weightRange,
        widthRange: scene.widthRange,
      },
      width - 2 * margin,
      stripFont,
      pt,
      options.signColors ?? SIGN_COLORS,
    );
    drawLegendStrip(doc, svg, strip, margin, height - margin - stripReserve, stripFont, pt, options.nodeColors ?? NODE_COLORS);
  } else if (options.legend !== false) {
    drawNetworkLegend(
      doc,
      svg,
      scene,
      { x: width - legendWidth - margin, y: margin + titleHeight, width: legendWidth },
      legendFont,
      pt,
      options,
      legendLayout!.compact,
    );
  }
  svg.setAttribute('data-edge-count', String(scene.edges.length));
  svg.setAttribute('data-node-count', String(scene.nodes.length));
  if (scene.reference) {
    svg.setAttribute('data-true-positives', String(scene.reference.truePositives));
    svg.setAttribute('data-false-positives', String(scene.reference.falsePositives));
    svg.setAttribute('data-missed', String(scene.reference.missed));
  }
  return svg;
}

/** An <svg> root with explicit pixel size, a viewBox and an optional background rectangle. */
export function createFigureRoot(doc: Document, width: number, height: number, background?: string | null): SVGSVGElement {
  const svg = svgElement(doc, 'svg', {
    xmlns: 'http://www.w3.org/2000/svg',
    width,
    height,
    viewBox: `0 0 ${formatNumber(width)} ${formatNumber(height)}`,
    'font-family': 'Helvetica, Arial, sans-serif',
  });
  if (background !== null) svgElement(doc, 'rect', { class: 'background', x: 0, y: 0, width, height, fill: background ?? '#ffffff' }, svg);
  return svg;
}

function drawScene(
  doc: Document,
  svg: SVGSVGElement,
  scene: NetworkScene,
  fontSize: number,
  pt: (points: number) => number,
  signColors: SignColors,
  drawnEdges: readonly { source: string; target: string }[],
  labelArea: LabelBox,
  maxLabels: number,
): void {
  defineEdgeEnds(
    doc,
    svg,
    pt(4),
    { arrow: 'pathreg-arrow', bar: 'pathreg-bar' },
    {
      arrow: signColors.activation,
      bar: signColors.repression,
    },
  );

  const edgeGroup = svgElement(doc, 'g', { class: 'edges', 'stroke-linecap': 'round' }, svg);
  const radiusOf = new Map(scene.nodes.map((node) => [node.id, node.radius]));
  for (const edge of scene.edges) {
    // Stop at the target's rim so the arrow head or bar stays visible.
    const dx = edge.x2 - edge.x1;
    const dy = edge.y2 - edge.y1;
    const length = Math.hypot(dx, dy) || 1;
    const inset = (radiusOf.get(edge.target) ?? 0) + pt(0.5);
    const x2 = edge.x2 - (dx / length) * Math.min(inset, length / 2);
    const y2 = edge.y2 - (dy / length) * Math.min(inset, length / 2);
    const line = svgElement(
      doc,
      'line',
      {
        class: `${edge.sign > 0 ? 'edge activation' : edge.sign < 0 ? 'edge repression' : 'edge'}${edge.mark ? ` ${edge.mark}` : ''}`,
        x1: edge.x1,
        y1: edge.y1,
        x2,
        y2,
        stroke: edge.color,
        'stroke-width': edge.width,
        'stroke-opacity': edge.faded ? 0.08 : edge.mark === 'missed' ? 0.85 : 0.6,
        'stroke-dasharray': edge.dashed ? `${formatNumber(pt(2))} ${formatNumber(pt(1.5))}` : undefined,
        'marker-end': edge.sign > 0 ? 'url(#pathreg-arrow)' : edge.sign < 0 ? 'url(#pathreg-bar)' : undefined,
        'data-source': edge.source,
        'data-target': edge.target,
        'data-weight': formatValue(edge.weight),
      },
      edgeGroup,
    );
    svgElement(doc, 'title', {}, line).textContent =
      edge.mark === 'missed'
        ? `${edge.source} → ${edge.target}: in the reference (${signName(edge.sign)}), not drawn by the network`
        : `${edge.source} → ${edge.target}: weight ${formatValue(edge.weight)}, ${signName(edge.sign)}${edge.mark ? `, ${REFERENCE_MARK_LABELS[edge.mark]}` : ''}`;
  }
  const nodeGroup = svgElement(doc, 'g', { class: 'nodes', stroke: NODE_COLORS.stroke, 'stroke-width': pt(0.4) }, svg);
  for (const node of scene.nodes) drawNetworkNode(doc, nodeGroup, node, pt);
  drawHubLabels(doc, svg, scene.nodes, drawnEdges, { fontSize: fontSize * 0.85, pt, labelArea, maxLabels });
}

/**
 * Names the strongest hubs (most drawn edges) of a network figure, each where its box meets no other label or gene,
 * with a white halo (a stroke painted under the fill) that keeps it readable over the edges and genes it crosses.
 * Shared by the network figure and the difference network, so both read alike at 89 mm.
 */
export function drawHubLabels(
  doc: Document,
  svg: Element,
  nodes: SceneNode[],
  drawnEdges: readonly { source: string; target: string }[],
  options: { fontSize: number; pt: (points: number) => number; labelArea: LabelBox; maxLabels: number },
): void {
  const { fontSize: labelFont, pt, labelArea, maxLabels } = options;
  const labelGroup = svgElement(
    doc,
    'g',
    {
      class: 'labels',
      'font-size': labelFont,
      fill: '#222222',
      stroke: '#ffffff',
      'stroke-width': pt(1.4),
      'stroke-linejoin': 'round',
      'paint-order': 'stroke',
    },
    svg,
  );
  const degree = new Map<string, number>();
  for (const edge of drawnEdges) {
    degree.set(edge.source, (degree.get(edge.source) ?? 0) + 1);
    degree.set(edge.target, (degree.get(edge.target) ?? 0) + 1);
  }
  const byId = new Map(nodes.map((node) => [node.id, node]));
  for (const label of placeFigureLabels(labelCandidates(nodes, degree, maxLabels), nodes, labelFont, labelArea, pt(1))) {
    const node = byId.get(label.id)!;
    svgText(
      doc,
      label.id,
      {
        x: label.x,
        y: label.y,
        'text-anchor': label.anchor === 'start' ? undefined : label.anchor,
        'fill-opacity': node.faded ? 0.3 : 1,
        'font-weight': node.highlighted ? 'bold' : undefined,
        'data-gene': label.id,
      },
      labelGroup,
    );
  }
}

/**
 * The arrow (activation) and bar (repression) that end a figure's edges, as `<defs>` markers with the given ids.
 * Fixed-size ends (userSpaceOnUse, `head` long): heads scaled by stroke width would swamp the figure on heavy edges.
 */
export function defineEdgeEnds(
  doc: Document,
  svg: Element,
  head: number,
  ids: { arrow: string; bar: string },
  fills: { arrow: string; bar: string },
): void {
  const defs = svgElement(doc, 'defs', {}, svg);
  const marker = (id: string, width: number, markerWidth: number) =>
    svgElement(
      doc,
      'marker',
      {
        id,
        viewBox: `0 0 ${width} 10`,
        refX: width,
        refY: 5,
        markerWidth,
        markerHeight: head,
        orient: 'auto',
        markerUnits: 'userSpaceOnUse',
      },
      defs,
    );
  svgElement(doc, 'path', { d: 'M0,0L10,5L0,10Z', fill: fills.arrow }, marker(ids.arrow, 10, head));
  svgElement(doc, 'rect', { x: 0, y: 0, width: 4, height: 10, fill: fills.bar }, marker(ids.bar, 4, head * 0.4));
}

/** One gene's mark: a diamond for a TF, a circle for a target, with its name as a tooltip (figures share it). */
export function drawNetworkNode(
  doc: Document,
  parent: Element,
  node: SceneNode,
  pt: (points: number) => number,
  x = node.x,
  y = node.y,
): SVGElement {
  const common = {
    class: node.isTF ? 'node tf' : 'node target',
    fill: node.fill,
    'fill-opacity': node.faded ? 0.25 : 1,
    'stroke-opacity': node.faded ? 0.25 : 1,
    'stroke-width': node.highlighted ? pt(1.2) : undefined,
    'data-gene': node.id,
  };
  const r = node.radius;
  const shape = node.isTF
    ? svgElement(
        doc,
        'path',
        {
          ...common,
          d: `M${formatNumber(x)},${formatNumber(y - r)}L${formatNumber(x + r)},${formatNumber(y)}L${formatNumber(x)},${formatNumber(y + r)}L${formatNumber(x - r)},${formatNumber(y)}Z`,
        },
        parent,
      )
    : svgElement(doc, 'circle', { ...common, cx: x, cy: y, r }, parent);
  svgElement(doc, 'title', {}, shape).textContent = `${node.id}${node.isTF ? ' (TF)' : ''}`;
  return shape;
}

function signName(sign: number): string {
  return sign > 0 ? 'activation' : sign < 0 ? 'repression' : 'sign unknown';
}

/** Height of the legend in em at its fullest: three headed groups of 2, 2 and 3 entries and two count lines. */
const LEGEND_HEIGHT_EM = 1.5 + 1.6 * (2 + 1.3 + 2 + 1.3 + 3 + 1.3 + 1) + 0.5;

/** Extra legend height in em for the reference marks: a heading and three entries. */
const REFERENCE_LEGEND_EM = 1.6 * (1.3 + 3);

/** Average advance of a sans-serif glyph in em: enough to size the legend without measuring text (no DOM layout in export). */
const GLYPH_EM = 0.58;

/**
 * The legend's width from its longest line, so no entry is clipped at a journal column's width (89 mm). When the
 * full wording would take more than a third of the figure, the legend switches to short labels ("TF", "target").
 */
function networkLegendLayout(width: number, fontSize: number, pt: (points: number) => number): { width: number; compact: boolean } {
  const chrome = pt(4) + pt(12) + pt(3) + pt(4);
  const widthFor = (longest: number) => chrome + longest * GLYPH_EM * fontSize;
  const full = widthFor('transcription factor'.length);
  if (full <= width / 3) return { width: full, compact: false };
  return { width: widthFor('Weight (width)'.length), compact: true };
}

function drawNetworkLegend(
  doc: Document,
  svg: SVGSVGElement,
  scene: NetworkScene,
  area: { x: number; y: number; width: number },
  fontSize: number,
  pt: (points: number) => number,
  options: NetworkFigureOptions,
  compact: boolean,
): void {
  const signColors = options.signColors ?? SIGN_COLORS;
  const nodeColors = options.nodeColors ?? NODE_COLORS;
  const legend = svgElement(doc, 'g', { class: 'legend', 'font-size': fontSize, fill: '#222222' }, svg);
  const line = fontSize * 1.6;
  let y = area.y + fontSize * 1.5;
  const x = area.x + pt(4);
  const swatch = pt(12);
  svgText(doc, 'Genes', { x, y, 'font-weight': 'bold' }, legend);
  for (const isTF of [true, false]) {
    y += line;
    drawNetworkNode(
      doc,
      legend,
      {
        id: isTF ? 'TF' : 'target',
        x: 0,
        y: 0,
        radius: pt(2.6) * (isTF ? 1.35 : 1),
        isTF,
        fill: isTF ? nodeColors.tf : nodeColors.target,
        faded: false,
        labelled: false,
        labelRank: Infinity,
        highlighted: false,
      },
      pt,
      x + swatch / 2,
      y - fontSize * 0.35,
    ).setAttribute('stroke', NODE_COLORS.stroke);
    const label = compact ? (isTF ? 'TF' : 'target') : isTF ? 'transcription factor' : 'target gene';
    svgText(doc, label, { x: x + swatch + pt(3), y }, legend);
  }
  y += line * 1.3;
  svgText(doc, 'Effect (sign)', { x, y, 'font-weight': 'bold' }, legend);
  for (const [name, color, marker] of [
    ['activation', signColors.activation, 'url(#pathreg-arrow)'],
    ['repression', signColors.repression, 'url(#pathreg-bar)'],
  ] as const) {
    y += line;
    svgElement(
      doc,
      'line',
      {
        x1: x,
        x2: x + swatch,
        y1: y - fontSize * 0.35,
        y2: y - fontSize * 0.35,
        stroke: color,
        'stroke-width': pt(1.2),
        'marker-end': marker,
      },
      legend,
    );
    svgText(doc, name, { x: x + swatch + pt(3), y }, legend);
  }
  y += line * 1.3;
  svgText(doc, 'Weight (width)', { x, y, 'font-weight': 'bold' }, legend);
  const [low, high] = scene.weightRange;
  const [thin, thick] = scene.widthRange;
  const steps =
    scene.edges.length === 0
      ? []
      : high > low
        ? [
            [low, thin],
            [(low + high) / 2, (thin + thick) / 2],
            [high, thick],
          ]
        : [[high, thick]];
  for (const [weight, strokeWidth] of steps) {
    y += line;
    svgElement(
      doc,
      'line',
      { x1: x, x2: x + swatch, y1: y - fontSize * 0.35, y2: y - fontSize * 0.35, stroke: '#555555', 'stroke-width': strokeWidth },
      legend,
    );
    svgText(doc, formatValue(weight), { x: x + swatch + pt(3), y }, legend);
  }
  if (steps.length === 0) {
    y += line;
    svgText(doc, compact ? 'no edges' : 'no edges above the threshold', { x, y }, legend);
  }
  if (scene.reference) {
    y += line * 1.3;
    svgText(doc, 'Reference', { x, y, 'font-weight': 'bold' }, legend);
    const counts = {
      'true-positive': scene.reference.truePositives,
      'false-positive': scene.reference.falsePositives,
      missed: scene.reference.missed,
    };
    for (const mark of ['true-positive', 'false-positive', 'missed'] as const) {
      y += line;
      svgElement(
        doc,
        'line',
        {
          class: `legend-${mark}`,
          x1: x,
          x2: x + swatch,
          y1: y - fontSize * 0.35,
          y2: y - fontSize * 0.35,
          stroke: REFERENCE_MARK_COLORS[mark],
          'stroke-width': pt(1.2),
          'stroke-dasharray': mark === 'missed' ? `${formatNumber(pt(2))} ${formatNumber(pt(1.5))}` : undefined,
        },
        legend,
      );
      const short = { 'true-positive': 'true pos.', 'false-positive': 'false pos.', missed: 'missed' }[mark];
      svgText(doc, `${compact ? short : mark.replace('-', ' ')} (${counts[mark]})`, { x: x + swatch + pt(3), y }, legend);
    }
  }
  // Two short lines rather than one long one: the legend's width is sized for its entries, not for this count.
  y += line * 1.3;
  svgText(doc, `${scene.edges.length.toLocaleString('en-US')} edges`, { x, y }, legend);
  y += line;
  svgText(doc, `${scene.nodes.length.toLocaleString('en-US')} genes`, { x, y }, legend);
}
