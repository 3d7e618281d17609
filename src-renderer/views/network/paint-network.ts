/**
 * Paints a network scene on a 2D canvas: the on-screen twin of the SVG render function (same scene, same colours
 * and shapes). Edges are batched by colour and width into a few paths, which is what keeps dragging above 30 frames
 * per second with thousands of edges.
 */
import type { NetworkScene } from '../../figures/network-scene.ts';

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

/** Draw arrow heads and bars only up to this many edges: beyond it they are noise, and they cost a path each. */
const MAX_EDGE_ENDS = 1500;

export function paintNetwork(context: CanvasRenderingContext2D, scene: NetworkScene, view: CanvasView, hovered: string | null): void {
  const { width, height, devicePixelRatio: dpr, x, y, k } = view;
  context.setTransform(dpr, 0, 0, dpr, 0, 0);
  context.clearRect(0, 0, width, height);
  context.setTransform(dpr * k, 0, 0, dpr * k, dpr * (x + width / 2), dpr * (y + height / 2));

  // Edges, batched by (colour, faded, width to a quarter pixel).
  const batches = new Map<string, { color: string; alpha: number; width: number; segments: number[] }>();
  for (const edge of scene.edges) {
    const widthPx = Math.round(edge.width * 4) / 4;
    const alpha = edge.faded ? 0.06 : 0.55;
    const key = `${edge.color}|${alpha}|${widthPx}`;
    let batch = batches.get(key);
    if (!batch) batches.set(key, (batch = { color: edge.color, alpha, width: widthPx, segments: [] }));
    batch.segments.push(edge.x1, edge.y1, edge.x2, edge.y2);
  }
  context.lineCap = 'round';
  for (const batch of batches.values()) {
    context.beginPath();
    for (let i = 0; i < batch.segments.length; i += 4) {
      context.moveTo(batch.segments[i], batch.segments[i + 1]);
      context.lineTo(batch.segments[i + 2], batch.segments[i + 3]);
    }
    context.strokeStyle = batch.color;
    context.globalAlpha = batch.alpha;
    // Widths stay in screen pixels whatever the zoom.
    context.lineWidth = batch.width / k;
    context.stroke();
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
  for (const node of scene.nodes) {
    if (!node.labelled && node.id !== hovered) continue;
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
