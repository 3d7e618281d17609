/**
 * Gene labels of the network figure (the files, not the canvas): the strongest hubs first, each placed right, left,
 * above or below its gene where its box meets no other label and no other named gene and stays inside the drawing,
 * else left out. At a journal column (89 mm) a few hundred genes cannot all be named; a dozen readable hub names can.
 */
import type { SceneNode } from './network-scene.ts';

export interface LabelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface PlacedLabel {
  id: string;
  /** Text anchor point and alignment, as the SVG <text> is drawn. */
  x: number;
  y: number;
  anchor: 'start' | 'end' | 'middle';
  /** The box the text is estimated to fill (font size × glyph widths), used to keep labels apart. */
  box: LabelBox;
}

/**
 * Advance widths in em of Liberation Sans / Arial / Helvetica (metric-compatible), rounded up: a box estimated
 * without a font engine must not be smaller than the drawn text.
 */
function glyphEm(char: string): number {
  if ("ijlI.,:;|!'".includes(char)) return 0.29;
  if ('ft r()[]-'.includes(char)) return 0.36;
  if ('mwMW@%'.includes(char)) return 0.95;
  if (/[A-Z]/.test(char)) return 0.74;
  if (/[0-9]/.test(char)) return 0.56;
  return 0.57;
}

/** Estimated width of a label in the figure's units at `fontSize`. */
export function labelWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const char of text) em += glyphEm(char);
  return em * fontSize;
}

function overlaps(a: LabelBox, b: LabelBox): boolean {
  return a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
}

function inside(box: LabelBox, area: LabelBox): boolean {
  return box.x0 >= area.x0 && box.x1 <= area.x1 && box.y0 >= area.y0 && box.y1 <= area.y1;
}

/**
 * Which genes the figure names, by priority: the searched (highlighted) genes, then, when a gene is focused, its
 * neighbourhood in the scene's order, then the genes with most drawn edges (the hubs); at most `maxLabels` in all.
 */
export function labelCandidates(nodes: readonly SceneNode[], degree: ReadonlyMap<string, number>, maxLabels: number): SceneNode[] {
  const focusMode = nodes.some((node) => node.faded);
  const first = [
    ...nodes.filter((node) => node.highlighted),
    ...(focusMode
      ? nodes.filter((node) => !node.highlighted && node.labelled && !node.faded).sort((a, b) => a.labelRank - b.labelRank)
      : []),
  ];
  const named = new Set(first.map((node) => node.id));
  const hubs = nodes
    .filter((node) => !node.faded && !named.has(node.id) && (degree.get(node.id) ?? 0) > 0)
    .sort((a, b) => (degree.get(b.id) ?? 0) - (degree.get(a.id) ?? 0) || (a.id < b.id ? -1 : 1));
  return [...first, ...hubs].slice(0, Math.max(maxLabels, first.length));
}

/**
 * Places the labels of `candidates` (in priority order) so that no two boxes overlap, no box covers another named
 * gene's mark and every box lies inside `area`. Each box carries a `gap` of padding so neighbouring words stay apart.
 */
export function placeFigureLabels(
  candidates: readonly SceneNode[],
  allNodes: readonly SceneNode[],
  fontSize: number,
  area: LabelBox,
  gap: number,
): PlacedLabel[] {
  const placed: PlacedLabel[] = [];
  const named = new Set(candidates.map((node) => node.id));
  const marks = allNodes.map((node) => ({
    id: node.id,
    box: { x0: node.x - node.radius, y0: node.y - node.radius, x1: node.x + node.radius, y1: node.y + node.radius },
  }));
  // Text from baseline: ascent ≈ 0.75 em above, descent ≈ 0.25 em below.
  const ascent = fontSize * 0.78;
  const descent = fontSize * 0.24;
  for (const node of candidates) {
    const width = labelWidth(node.id, fontSize);
    const r = node.radius + gap;
    const options: Array<Omit<PlacedLabel, 'id' | 'box'> & { x0: number; baseline: number }> = [
      { x: node.x + r, y: node.y + (ascent - descent) / 2, anchor: 'start', x0: node.x + r, baseline: node.y + (ascent - descent) / 2 },
      {
        x: node.x - r,
        y: node.y + (ascent - descent) / 2,
        anchor: 'end',
        x0: node.x - r - width,
        baseline: node.y + (ascent - descent) / 2,
      },
      { x: node.x, y: node.y - r - descent, anchor: 'middle', x0: node.x - width / 2, baseline: node.y - r - descent },
      { x: node.x, y: node.y + r + ascent, anchor: 'middle', x0: node.x - width / 2, baseline: node.y + r + ascent },
    ];
    for (const option of options) {
      const box = {
        x0: option.x0 - gap / 2,
        y0: option.baseline - ascent - gap / 2,
        x1: option.x0 + width + gap / 2,
        y1: option.baseline + descent + gap / 2,
      };
      if (!inside(box, area)) continue;
      if (placed.some((other) => overlaps(box, other.box))) continue;
      // Another named gene's mark stays visible; unnamed marks may lie under a label (its white halo keeps it
      // readable): in a dense network every spot near a hub covers some gene.
      if (marks.some((mark) => mark.id !== node.id && named.has(mark.id) && overlaps(box, mark.box))) continue;
      placed.push({ id: node.id, x: option.x, y: option.y, anchor: option.anchor, box });
      break;
    }
  }
  return placed;
}
