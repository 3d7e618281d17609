/**
 * The network drawn as plain shapes in pixel coordinates: one scene, two painters (the canvas in the network view
 * and the SVG render function for export), so what the user sees is what they export.
 */
import type { NetworkData, NetworkEdge } from './network-data.ts';
import type { Point, Positions } from './network-layout.ts';
import { NODE_COLORS, SIGN_COLORS, type NodeColors, type SignColors } from './palettes.ts';
import {
  classifyAgainstReference,
  REFERENCE_MARK_COLORS,
  referencePairKey,
  type ReferenceMark,
  type ReferencePair,
} from './reference-marks.ts';

export interface SceneNode {
  id: string;
  x: number;
  y: number;
  radius: number;
  isTF: boolean;
  fill: string;
  /** Faded: not a neighbour of the focused gene. */
  faded: boolean;
  /** Drawn with a label (if it does not collide with a more important one; see `placeLabels`). */
  labelled: boolean;
  /** Label priority, 0 first: focus neighbourhood and highlighted genes, then hubs by degree (TFs first on ties). */
  labelRank: number;
  highlighted: boolean;
}

export interface SceneEdge {
  source: string;
  target: string;
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  color: string;
  sign: -1 | 0 | 1;
  weight: number;
  faded: boolean;
  /** Against a reference network: true/false positive, or a reference edge the network misses (drawn dashed). */
  mark?: ReferenceMark;
  dashed?: boolean;
  /** Picked in the edge table: drawn on top, wider and opaque. */
  highlighted?: boolean;
}

export interface NetworkScene {
  nodes: SceneNode[];
  edges: SceneEdge[];
  /** Weight range of the drawn edges, for the width legend. */
  weightRange: [number, number];
  /** Stroke width range in px matching `weightRange`. */
  widthRange: [number, number];
  /** Counts of the marks when a reference network is shown, else absent. */
  reference?: { truePositives: number; falsePositives: number; missed: number };
}

export interface SceneBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SceneStyle {
  nodeRadius: number;
  minEdgeWidth: number;
  maxEdgeWidth: number;
  signColors?: SignColors;
  nodeColors?: NodeColors;
  /** Label at most this many genes (TFs by degree first) unless a gene is focused or highlighted. */
  maxLabels?: number;
  /** Only hide genes without any drawn edge when asked: an isolated TF is information too. */
  hideIsolated?: boolean;
}

export interface SceneState {
  focus?: string | null;
  highlighted?: readonly string[];
  /** Reference edges to mark the drawn edges against (true/false positives) and to draw where missed; null: none. */
  reference?: readonly ReferencePair[] | null;
  /** Edges picked in the edge table, by "source\0target": drawn on top, wider, never faded. */
  highlightedEdges?: ReadonlySet<string> | null;
}

/**
 * Fits `positions` uniformly into `box` (aspect kept, centred); genes with no position are put at the centre.
 * Returns a function from layout to pixel coordinates.
 */
export function fitPositions(positions: Positions, ids: readonly string[], box: SceneBox): (point: Point) => Point {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const id of ids) {
    const point = positions[id];
    if (!point) continue;
    minX = Math.min(minX, point.x);
    maxX = Math.max(maxX, point.x);
    minY = Math.min(minY, point.y);
    maxY = Math.max(maxY, point.y);
  }
  if (!Number.isFinite(minX)) {
    minX = maxX = 0;
    minY = maxY = 0;
  }
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  const scale = Math.min(box.width / spanX, box.height / spanY);
  const offsetX = box.x + (box.width - spanX * scale) / 2;
  const offsetY = box.y + (box.height - spanY * scale) / 2;
  return (point) => ({ x: offsetX + (point.x - minX) * scale, y: offsetY + (point.y - minY) * scale });
}

/**
 * Builds the scene from the network, the selected edges (already thresholded) and positions.
 * Edge width is linear in weight over the drawn edges' range; colour follows sign. With `box` null the positions
 * are used as they are (the interactive canvas applies its own zoom transform).
 */
export function buildNetworkScene(
  data: NetworkData,
  edges: readonly NetworkEdge[],
  positions: Positions,
  box: SceneBox | null,
  style: SceneStyle,
  state: SceneState = {},
): NetworkScene {
  const signColors = style.signColors ?? SIGN_COLORS;
  const nodeColors = style.nodeColors ?? NODE_COLORS;
  const degree = new Map<string, number>();
  for (const edge of edges) {
    degree.set(edge.source, (degree.get(edge.source) ?? 0) + 1);
    degree.set(edge.target, (degree.get(edge.target) ?? 0) + 1);
  }
  // Missed reference edges are counted between any genes of the run; their genes are drawn even when isolated
  // genes are hidden, since a missed regulation is what the marks are there to show.
  const classification = state.reference
    ? classifyAgainstReference(edges, state.reference, new Set(data.nodes.map((node) => node.id)))
    : null;
  const onMissedEdge = new Set(classification?.missed.flatMap((edge) => [edge.source, edge.target]) ?? []);
  // The focused gene stays visible even without drawn edges, so the user sees where it is.
  const drawnNodes = style.hideIsolated
    ? data.nodes.filter((node) => degree.has(node.id) || onMissedEdge.has(node.id) || node.id === state.focus)
    : data.nodes;
  const toPixels = box
    ? fitPositions(
        positions,
        drawnNodes.map((node) => node.id),
        box,
      )
    : (point: Point) => point;
  const focus = state.focus ?? null;
  const neighbourhood = new Set<string>();
  if (focus) {
    neighbourhood.add(focus);
    for (const edge of edges) {
      if (edge.source === focus) neighbourhood.add(edge.target);
      if (edge.target === focus) neighbourhood.add(edge.source);
    }
  }
  const highlighted = new Set(state.highlighted ?? []);

  // Which genes get labels: focus neighbourhood, highlighted genes, then the hubs by drawn degree (a TF first on a
  // tie): the strongest hubs are what a reader looks for, and a TF with one edge is not one.
  const maxLabels = style.maxLabels ?? 40;
  const labelled = new Set<string>([...(focus ? [focus] : []), ...highlighted, ...neighbourhood]);
  const ranked = [...drawnNodes].sort(
    (a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || Number(b.isTF) - Number(a.isTF) || (a.id < b.id ? -1 : 1),
  );
  for (const node of ranked) {
    if (labelled.size >= Math.max(maxLabels, neighbourhood.size + highlighted.size)) break;
    if ((degree.get(node.id) ?? 0) > 0) labelled.add(node.id);
  }
  const labelRank = new Map([...labelled].map((id, i) => [id, i]));

  const pixel = new Map<string, Point>();
  const nodes: SceneNode[] = drawnNodes.map((node) => {
    const point = toPixels(positions[node.id] ?? { x: 0, y: 0 });
    pixel.set(node.id, point);
    return {
      id: node.id,
      x: point.x,
      y: point.y,
      radius: node.isTF ? style.nodeRadius * 1.35 : style.nodeRadius,
      isTF: node.isTF,
      fill: node.isTF ? nodeColors.tf : nodeColors.target,
      faded: focus !== null && !neighbourhood.has(node.id),
      labelled: labelled.has(node.id),
      labelRank: labelRank.get(node.id) ?? Infinity,
      highlighted: highlighted.has(node.id) || node.id === focus,
    };
  });

  let minWeight = Infinity,
    maxWeight = -Infinity;
  for (const edge of edges) {
    minWeight = Math.min(minWeight, edge.weight);
    maxWeight = Math.max(maxWeight, edge.weight);
  }
  if (!Number.isFinite(minWeight)) {
    minWeight = 0;
    maxWeight = 0;
  }
  const widthOf = (weight: number) =>
    maxWeight > minWeight
      ? style.minEdgeWidth + ((weight - minWeight) / (maxWeight - minWeight)) * (style.maxEdgeWidth - style.minEdgeWidth)
      : (style.minEdgeWidth + style.maxEdgeWidth) / 2;

  const sceneEdges: SceneEdge[] = [];
  // Missed reference edges first, under the network's own edges, at the thinnest width.
  for (const edge of classification?.missed ?? []) {
    const from = pixel.get(edge.source);
    const to = pixel.get(edge.target);
    if (!from || !to) continue;
    const sign = Math.sign(edge.sign ?? 0) as -1 | 0 | 1;
    sceneEdges.push({
      source: edge.source,
      target: edge.target,
      x1: from.x,
      y1: from.y,
      x2: to.x,
      y2: to.y,
      width: Math.max(style.minEdgeWidth, (style.minEdgeWidth + style.maxEdgeWidth) / 4),
      color: REFERENCE_MARK_COLORS.missed,
      sign,
      weight: 0,
      faded: focus !== null && edge.source !== focus && edge.target !== focus,
      mark: 'missed',
      dashed: true,
    });
  }
  // Lightest first so heavy edges are painted on top.
  for (let i = edges.length - 1; i >= 0; i--) {
    const edge = edges[i];
    const from = pixel.get(edge.source);
    const to = pixel.get(edge.target);
    if (!from || !to) continue;
    const mark = classification?.marks.get(referencePairKey(edge.source, edge.target));
    const picked = state.highlightedEdges?.has(`${edge.source}\u0000${edge.target}`) ?? false;
    sceneEdges.push({
      source: edge.source,
      target: edge.target,
      x1: from.x,
      y1: from.y,
      x2: to.x,
      y2: to.y,
      width: widthOf(edge.weight),
      color: mark
        ? REFERENCE_MARK_COLORS[mark]
        : edge.sign > 0
          ? signColors.activation
          : edge.sign < 0
            ? signColors.repression
            : signColors.unsigned,
      sign: edge.sign,
      weight: edge.weight,
      faded: !picked && focus !== null && edge.source !== focus && edge.target !== focus,
      ...(mark ? { mark } : {}),
      ...(picked ? { highlighted: true, width: Math.max(widthOf(edge.weight), style.maxEdgeWidth * 0.75) } : {}),
    });
  }
  return {
    nodes,
    edges: sceneEdges,
    weightRange: [minWeight, maxWeight],
    widthRange: [widthOf(minWeight), widthOf(maxWeight)],
    ...(classification
      ? {
          reference: {
            truePositives: classification.truePositives,
            falsePositives: classification.falsePositives,
            missed: sceneEdges.filter((edge) => edge.mark === 'missed').length,
          },
        }
      : {}),
  };
}

/**
 * Labels that can be drawn without overlapping a more important one, greedily by `labelRank` (the focus and
 * searched genes always win). `scale` maps scene to screen units (the canvas zoom), `fontSize` is in screen units;
 * text width is estimated at 0.6 em per character, which is close for Helvetica and Arial.
 */
export function placeLabels(nodes: readonly SceneNode[], fontSize: number, scale = 1): Set<string> {
  const candidates = nodes.filter((node) => node.labelled).sort((a, b) => a.labelRank - b.labelRank);
  const placed: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const shown = new Set<string>();
  for (const node of candidates) {
    const x0 = node.x * scale + node.radius * scale + 2;
    const y1 = node.y * scale - node.radius * scale * 0.4 + fontSize * 0.25;
    const box = { x0, y0: y1 - fontSize, x1: x0 + node.id.length * fontSize * 0.6, y1 };
    const clash = placed.some((other) => box.x0 < other.x1 && other.x0 < box.x1 && box.y0 < other.y1 && other.y0 < box.y1);
    if (clash && !node.highlighted) continue;
    placed.push(box);
    shown.add(node.id);
  }
  return shown;
}

/** The scene node under a pixel, topmost first (for clicks and drags on the canvas). */
export function hitTestNode(scene: NetworkScene, x: number, y: number, slop = 3): SceneNode | null {
  for (let i = scene.nodes.length - 1; i >= 0; i--) {
    const node = scene.nodes[i];
    const dx = node.x - x;
    const dy = node.y - y;
    if (dx * dx + dy * dy <= (node.radius + slop) ** 2) return node;
  }
  return null;
}
