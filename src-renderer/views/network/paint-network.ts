/**
 * Paints a network scene on a 2D canvas: the on-screen twin of the SVG render function (same scene, same colours
 * and shapes). Thin edges are batched into a few 1-px paths and only heavy ones stroked at width, which is what
 * keeps dragging fluid with thousands of edges even where the canvas is rasterised in software.
 */
import { placeLabels, type NetworkScene } from '../../../src-shared/figures/network-scene.ts';

export interface CanvasView {
  /** CSS pixel size of the canvas. */
  width: number;
  height: number;
  devicePixelRatio: number;
  /** d3-zoom transform (x, y, k), applied around the canvas centre. */
  x: number;
  y: number;
  k: number;
}

/** Edges at most this wide (screen px) are drawn as 1-px lines with opacity for width. */
const THIN_EDGE_PX = 1.25;

/** Draw arrow heads and bars only up to this many edges: beyond it they are noise, and they cost a path each. */
const MAX_EDGE_ENDS = 1500;

export function paintNetwork(context: CanvasRenderingContext2D, scene: NetworkScene, view: CanvasView, hovered: string | null): void {
  const { width, height, devicePixelRatio: dpr, x, y, k } = view;
  context.setTransform(dpr, 0, 0, dpr, 0, 0);
  context.clearRect(0, 0, width, height);
  context.setTransform(dpr * k, 0, 0, dpr * k, dpr * (x + width / 2), dpr * (y + height / 2));

  // Software rasterisers (a canvas without GPU) draw 1-px lines five to ten times faster than wide ones, and one
  // big path of wide strokes is slower still. So edges up to THIN_EDGE_PX wide go into a few 1-px batches by colour
  // and opacity (thinner ones fainter), and only the wider, heavier ones are stroked one by one at their width.
  const thin = new Map<string, { color: string; alpha: number; segments: number[] }>();
  const thick: typeof scene.edges = [];
  const dashed: typeof scene.edges = [];
  const picked: typeof scene.edges = [];
  for (const edge of scene.edges) {
    if (edge.highlighted) {
      picked.push(edge);
      continue;
    }
    if (edge.dashed) {
      dashed.push(edge);
      continue;
    }
    if (edge.width > THIN_EDGE_PX) {
      thick.push(edge);
      continue;
    }
    const base = edge.faded ? 0.06 : 0.55;
    // Opacity in four steps stands in for widths below a pixel.
    const alpha = Math.round(base * Math.max(0.25, Math.min(1, edge.width)) * 4 * 100) / 400;
    const key = `${edge.color}|${alpha}`;
    let batch = thin.get(key);
    if (!batch) thin.set(key, (batch = { color: edge.color, alpha, segments: [] }));
    batch.segments.push(edge.x1, edge.y1, edge.x2, edge.y2);
  }
  context.lineCap = 'butt';
  context.lineWidth = 1 / k;
  for (const batch of thin.values()) {
    context.beginPath();
    for (let i = 0; i < batch.segments.length; i += 4) {
      context.moveTo(batch.segments[i], batch.segments[i + 1]);
      context.lineTo(batch.segments[i + 2], batch.segments[i + 3]);
    }
    context.strokeStyle = batch.color;
    context.globalAlpha = batch.alpha;
    context.stroke();
  }
  for (const edge of thick) {
    context.beginPath();
    context.moveTo(edge.x1, edge.y1);
    context.lineTo(edge.x2, edge.y2);
    context.strokeStyle = edge.color;
    context.globalAlpha = edge.faded ? 0.06 : 0.55;
    // Widths stay in screen pixels whatever the zoom.
    context.lineWidth = edge.width / k;
    context.stroke();
  }
  // Missed reference edges: dashed in screen pixels, so they read as dashed at any zoom.
  context.setLineDash([4 / k, 3 / k]);
  for (const edge of dashed) {
    context.beginPath();
    context.moveTo(edge.x1, edge.y1);
    context.lineTo(edge.x2, edge.y2);
    context.strokeStyle = edge.color;
    context.globalAlpha = edge.faded ? 0.06 : 0.85;
    context.lineWidth = Math.max(1.2, edge.width) / k;
    context.stroke();
  }
  context.setLineDash([]);
  // Edges picked in the edge table: a dark halo under the edge's own colour, on top of everything else.
  for (const edge of picked) {
    for (const [color, extra] of [
      ['#111111', 2.5],
      [edge.color, 0],
    ] as const) {
      context.beginPath();
      context.moveTo(edge.x1, edge.y1);
      context.lineTo(edge.x2, edge.y2);
      context.strokeStyle = color;
      context.globalAlpha = 1;
      context.lineWidth = (edge.width + extra) / k;
      context.stroke();
    }
  }
  if (scene.edges.length <= MAX_EDGE_ENDS) paintEdgeEnds(context, scene, k);
  context.globalAlpha = 1;

  // Nodes.
  context.lineWidth = 0.8 / k;
  for (const node of scene.nodes) {
    context.globalAlpha = node.faded ? 0.25 : 1;
    context.beginPath();
    if (node.isTF) {
      context.moveTo(node.x, node.y - node.radius);
      context.lineTo(node.x + node.radius, node.y);
      context.lineTo(node.x, node.y + node.radius);
      context.lineTo(node.x - node.radius, node.y);
      context.closePath();
    } else {
      context.arc(node.x, node.y, node.radius, 0, Math.PI * 2);
    }
    context.fillStyle = node.fill;
    context.fill();
    context.strokeStyle = node.highlighted || node.id === hovered ? '#000000' : '#333333';
    context.lineWidth = (node.highlighted || node.id === hovered ? 2.2 : 0.8) / k;
    context.stroke();
  }
  // Labels, at a constant screen size.
  context.globalAlpha = 1;
  context.fillStyle = '#222222';
  context.font = `${11 / k}px Helvetica, Arial, sans-serif`;
  const shown = placeLabels(scene.nodes, 11, k);
  for (const node of scene.nodes) {
    if (!shown.has(node.id) && node.id !== hovered) continue;
    context.globalAlpha = node.faded ? 0.35 : 1;
    context.font = `${node.highlighted || node.id === hovered ? 'bold ' : ''}${11 / k}px Helvetica, Arial, sans-serif`;
    context.fillText(node.id, node.x + node.radius + 2 / k, node.y - node.radius * 0.4);
  }
  context.globalAlpha = 1;
}

function paintEdgeEnds(context: CanvasRenderingContext2D, scene: NetworkScene, k: number): void {
  const radiusOf = new Map(scene.nodes.map((node) => [node.id, node.radius]));
  const size = 6 / k;
  for (const edge of scene.edges) {
    if (edge.sign === 0) continue;
    const dx = edge.x2 - edge.x1;
    const dy = edge.y2 - edge.y1;
    const length = Math.hypot(dx, dy);
    if (length < 1e-6) continue;
    const ux = dx / length;
    const uy = dy / length;
    const inset = (radiusOf.get(edge.target) ?? 0) + 1 / k;
    const tipX = edge.x2 - ux * inset;
    const tipY = edge.y2 - uy * inset;
    context.globalAlpha = edge.faded ? 0.06 : 0.8;
    context.fillStyle = edge.color;
    context.strokeStyle = edge.color;
    context.beginPath();
    if (edge.sign > 0) {
      context.moveTo(tipX, tipY);
      context.lineTo(tipX - ux * size - uy * size * 0.5, tipY - uy * size + ux * size * 0.5);
      context.lineTo(tipX - ux * size + uy * size * 0.5, tipY - uy * size - ux * size * 0.5);
      context.closePath();
      context.fill();
    } else {
      context.moveTo(tipX - uy * size * 0.6, tipY + ux * size * 0.6);
      context.lineTo(tipX + uy * size * 0.6, tipY - ux * size * 0.6);
      context.lineWidth = 2 / k;
      context.stroke();
    }
  }
}
