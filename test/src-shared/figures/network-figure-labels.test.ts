// The network figure at one and two journal columns: gene labels measured by Chromium's own text layout
// (getBBox, Liberation Sans as fontconfig substitutes for Helvetica) never overlap one another, stay inside the
// figure and keep off the legend; at 89 mm the legend is a strip below the network, not a column at its side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JSDOM } from 'jsdom';
import { renderNetwork } from '../../../src-shared/figures/render-network.ts';
import type { NetworkData } from '../../../src-shared/figures/network-data.ts';
import { labelWidth, placeFigureLabels } from '../../../src-shared/figures/network-figure-labels.ts';
import { serializeSvg } from '../../../src-shared/figures/serialize.ts';
import { SeededRandom } from '../../../src-main/engine/model/random.ts';
import { chromiumUnavailableReason, launchChromium, type LaunchedBrowser } from '../../../e2e/chromium.ts';

/** A dense, hub-heavy network with long upper-case names (the hardest labels to fit), from a seed. */
function denseNetwork(seed: number, genes: number, edges: number): NetworkData {
  const random = new SeededRandom(seed);
  const stems = ['ARHGEF', 'GATA', 'KLF', 'TAL', 'ZNF', 'SLC25A', 'MAFB', 'CEBPA', 'AC0786', 'RUNX'];
  const nodes = Array.from({ length: genes }, (_, i) => ({ id: `${stems[i % stems.length]}${i}`, isTF: i % 5 === 0 }));
  const list: NetworkData['edges'] = [];
  const seen = new Set<string>();
  while (list.length < edges) {
    // Sources drawn from a few hubs most of the time, so degrees differ as in a trained network.
    const source = random.uniform() < 0.6 ? Math.floor(random.uniform() * 12) * 5 : Math.floor(random.uniform() * genes);
    const target = Math.floor(random.uniform() * genes);
    const key = `${source}>${target}`;
    if (source === target || seen.has(key)) continue;
    seen.add(key);
    list.push({
      source: nodes[source].id,
      target: nodes[target].id,
      weight: 0.01 + random.uniform(),
      sign: random.uniform() < 0.5 ? 1 : -1,
    });
  }
  return { nodes, edges: list };
}

interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const intersect = (a: Box, b: Box, tolerance: number) =>
  a.x + tolerance < b.x + b.width &&
  b.x + tolerance < a.x + a.width &&
  a.y + tolerance < b.y + b.height &&
  b.y + tolerance < a.y + a.height;

let browser: LaunchedBrowser | null = null;
const unavailable = chromiumUnavailableReason();

beforeAll(async () => {
  if (!unavailable) browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

describe('network figure labels', () => {
  it('estimates a label at least as wide as Liberation Sans draws it, and places none over another', () => {
    // Advance widths of Liberation Sans at 1 em (from its hmtx table): M 0.833, A 0.667, 1 0.556, a 0.556.
    expect(labelWidth('MAFB1', 10)).toBeGreaterThanOrEqual((0.833 + 0.667 + 0.611 + 0.667 + 0.556) * 10);
    const node = (id: string, x: number, y: number) => ({
      id,
      x,
      y,
      radius: 3,
      isTF: false,
      fill: '',
      faded: false,
      labelled: true,
      labelRank: 0,
      highlighted: false,
    });
    const nodes = [node('GATA1', 50, 50), node('GATA2', 52, 52), node('KLF1', 54, 50)];
    const placed = placeFigureLabels(nodes, nodes, 8, { x0: 0, y0: 0, x1: 200, y1: 200 }, 1);
    for (const a of placed)
      for (const b of placed)
        if (a !== b) expect(a.box.x0 < b.box.x1 && b.box.x0 < a.box.x1 && a.box.y0 < b.box.y1 && b.box.y0 < a.box.y1).toBe(false);
  });

  for (const [width, height] of [
    [89, 71],
    [183, 146],
  ] as const) {
    it.skipIf(unavailable)(
      `${width} mm: labels measured in Chromium do not overlap, stay inside, keep off the legend`,
      async () => {
        const doc = new JSDOM('<!DOCTYPE html><html><body></body></html>').window.document;
        const svg = renderNetwork(
          denseNetwork(3, 260, 900),
          { size: { width, height, unit: 'mm', dpi: 96 }, topK: 300, hideIsolated: true, seed: 1, background: '#ffffff' },
          doc,
        );
        svg.removeAttribute('xmlns');
        const page = await browser!.context.newPage();
        await page.setContent(`<!DOCTYPE html><html><body style="margin:0">${serializeSvg(svg)}</body></html>`);
        const measured = await page.evaluate(() => {
          const root = document.querySelector('svg')!;
          const box = (element: SVGGraphicsElement, id: string) => {
            const b = element.getBBox();
            return { id, x: b.x, y: b.y, width: b.width, height: b.height };
          };
          const legend = root.querySelector<SVGGElement>('g.legend')!;
          return {
            width: root.viewBox.baseVal.width,
            height: root.viewBox.baseVal.height,
            legendBelow: legend.classList.contains('legend-below'),
            legend: box(legend, 'legend'),
            labels: Array.from(root.querySelectorAll<SVGTextElement>('g.labels text')).map((text) => box(text, text.textContent ?? '')),
          };
        });
        await page.close();
        expect(measured.labels.length).toBeGreaterThanOrEqual(8);
        expect(measured.legendBelow).toBe(width < 120);
        // Below, the legend spans the width under the drawing; at the side it takes at most a third of the width.
        if (measured.legendBelow) expect(measured.legend.y).toBeGreaterThan(measured.height * 0.7);
        else expect(measured.legend.width).toBeLessThan(measured.width / 3);
        for (const [i, a] of measured.labels.entries()) {
          expect(a.x).toBeGreaterThanOrEqual(0);
          expect(a.y).toBeGreaterThanOrEqual(0);
          expect(a.x + a.width).toBeLessThanOrEqual(measured.width);
          expect(a.y + a.height).toBeLessThanOrEqual(measured.height);
          expect(intersect(a, measured.legend, 0), `${a.id} over the legend`).toBe(false);
          for (const b of measured.labels.slice(i + 1)) expect(intersect(a, b, 0.25), `${a.id} overlaps ${b.id}`).toBe(false);
        }
      },
      60_000,
    );
  }
});
