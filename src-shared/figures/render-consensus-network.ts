/**
 * A sweep's consensus network drawn with each edge's confidence (issue 16): genes on a circle (TFs first), an edge's
 * opacity and width its selection frequency over the fits, its colour the sign most fits gave; each edge carries
 * `data-confidence` and `data-fdr` and a tooltip with both. Only the most confident edges are drawn (`maxEdges`),
 * as a legend line says.
 */
import { createFigureRoot } from './render-network.ts';
import { formatValue, svgElement, svgText } from './svg.ts';
import { NODE_COLORS, SIGN_COLORS } from './palettes.ts';

export interface ConsensusFigureEdge {
  source: string;
  target: string;
  confidence: number;
  fdr: number | null;
  sign: 1 | -1 | 0;
}

export interface ConsensusFigureData {
  genes: Array<{ id: string; isTF: boolean | null }>;
  /** Most confident first. */
  edges: ConsensusFigureEdge[];
  fits: number;
  nullFits: number;
  lambda: number;
}

export interface ConsensusFigureOptions {
  width: number;
  height: number;
  /** Edges below this selection frequency are left out. */
  minConfidence?: number;
  maxEdges?: number;
}

export function renderConsensusNetwork(data: ConsensusFigureData, options: ConsensusFigureOptions, doc: Document): SVGSVGElement {
  const { width, height } = options;
  const svg = createFigureRoot(doc, width, height);
  svg.setAttribute('class', 'pathreg-figure pathreg-consensus-network');
  const font = 12;
  const kept = data.edges.filter((e) => e.confidence >= (options.minConfidence ?? 0));
  const drawn = kept.slice(0, options.maxEdges ?? 300);
  const linked = new Set(drawn.flatMap((e) => [e.source, e.target]));
  const genes = data.genes
    .filter((g) => linked.has(g.id))
    .sort((a, b) => Number(b.isTF === true) - Number(a.isTF === true) || a.id.localeCompare(b.id));
  const legendHeight = font * 4.2;
  const cx = width / 2;
  const cy = (height - legendHeight) / 2 + font;
  const radius = Math.max(10, Math.min(width, height - legendHeight) / 2 - font * 4);
  const at = new Map(
    genes.map((g, i) => {
      const angle = (2 * Math.PI * i) / Math.max(1, genes.length) - Math.PI / 2;
      return [g.id, { x: cx + radius * Math.cos(angle), y: cy + radius * Math.sin(angle), angle }];
    }),
  );
  const edgesGroup = svgElement(doc, 'g', { class: 'consensus-edges' }, svg);
  // Least confident first, so the surest edges are drawn on top.
  for (const edge of [...drawn].reverse()) {
    const a = at.get(edge.source);
    const b = at.get(edge.target);
    if (!a || !b) continue;
    const color = edge.sign > 0 ? SIGN_COLORS.activation : edge.sign < 0 ? SIGN_COLORS.repression : SIGN_COLORS.unsigned;
    const line = svgElement(
      doc,
      'line',
      {
        class: 'consensus-edge',
        x1: a.x,
        y1: a.y,
        x2: b.x,
        y2: b.y,
        stroke: color,
        'stroke-opacity': 0.12 + 0.88 * edge.confidence,
        'stroke-width': 0.5 + 3 * edge.confidence,
        'data-source': edge.source,
        'data-target': edge.target,
        'data-confidence': String(edge.confidence),
        'data-fdr': edge.fdr === null ? '' : String(edge.fdr),
      },
      edgesGroup,
    );
    const title = svgElement(doc, 'title', {}, line);
    title.textContent = `${edge.source} → ${edge.target}: selected in ${formatValue(edge.confidence * 100)}% of ${data.fits} fits${edge.fdr === null ? '' : `, FDR ${formatValue(edge.fdr)}`}`;
  }
  const nodes = svgElement(doc, 'g', { class: 'consensus-genes' }, svg);
  for (const gene of genes) {
    const p = at.get(gene.id)!;
    svgElement(
      doc,
      'circle',
      { cx: p.x, cy: p.y, r: 5, fill: gene.isTF ? NODE_COLORS.tf : NODE_COLORS.target, stroke: NODE_COLORS.stroke },
      nodes,
    );
    const outside = Math.cos(p.angle) >= 0;
    svgText(
      doc,
      gene.id,
      {
        x: p.x + Math.cos(p.angle) * 9,
        y: p.y + Math.sin(p.angle) * 9 + font * 0.35,
        'font-size': font * 0.85,
        'text-anchor': outside ? 'start' : 'end',
      },
      nodes,
    );
  }
  const legendTop = height - legendHeight + font;
  const legend = svgElement(doc, 'g', { class: 'consensus-legend' }, svg);
  svgText(
    doc,
    `Consensus at λ ${formatValue(data.lambda)}: ${data.fits} fits, ${data.nullFits} permuted-pseudotime null fits; ${drawn.length} of ${data.edges.length} edges drawn`,
    { x: 8, y: legendTop, 'font-size': font },
    legend,
  );
  const stops = [0.25, 0.5, 0.75, 1];
  stops.forEach((value, i) => {
    const x = 8 + i * 70;
    svgElement(
      doc,
      'line',
      {
        x1: x,
        x2: x + 28,
        y1: legendTop + font * 1.4,
        y2: legendTop + font * 1.4,
        stroke: SIGN_COLORS.unsigned,
        'stroke-opacity': 0.12 + 0.88 * value,
        'stroke-width': 0.5 + 3 * value,
      },
      legend,
    );
    svgText(doc, `${value * 100}%`, { x: x + 32, y: legendTop + font * 1.75, 'font-size': font * 0.85 }, legend);
  });
  svgText(
    doc,
    'Line opacity and width: share of fits selecting the edge. Orange activates, blue represses; TFs in amber.',
    { x: 8, y: legendTop + font * 3, 'font-size': font * 0.85 },
    legend,
  );
  return svg;
}
