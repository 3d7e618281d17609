// The difference network figure (issue 18): edges per class equal the difference network's, the class filter drops
// whole classes without moving genes, only-B edges are dashed (grey-scale prints), labels never overlap.
import { describe, expect, it } from 'vitest';
import { differenceNetwork } from '../../../src-shared/run-comparison.ts';
import {
  differenceCounts,
  differenceLayout,
  renderDifferenceNetwork,
  type DifferenceFigureData,
} from '../../../src-shared/figures/render-difference-network.ts';
import { labelWidth } from '../../../src-shared/figures/network-figure-labels.ts';
import { serializeSvg } from '../../../src-shared/figures/serialize.ts';
import { newDocument, seededNetwork } from './seeded-fixtures.ts';

const a = seededNetwork(30, 6, 90, 3);
const b = seededNetwork(30, 6, 90, 4);
const k = 40;
const data: DifferenceFigureData = {
  genes: a.nodes,
  edges: differenceNetwork(a.edges, b.edges, k),
  labelA: 'seed 3',
  labelB: 'seed 4',
  topK: k,
};
const counts = differenceCounts(data.edges);

function linesByClass(svg: SVGSVGElement): Record<string, number> {
  const out: Record<string, number> = { only_A: 0, only_B: 0, both: 0 };
  for (const line of svg.querySelectorAll('line.diff-edge')) out[line.getAttribute('data-comparison')!]++;
  return out;
}

describe('renderDifferenceNetwork', () => {
  it('draws every edge of either top-k once, coloured by class, and says how many of each', () => {
    expect(counts.a).toBeGreaterThan(0);
    expect(counts.b).toBeGreaterThan(0);
    expect(counts.both).toBeGreaterThan(0);
    const svg = renderDifferenceNetwork(data, { size: { width: 720, height: 540 } }, newDocument());
    expect(linesByClass(svg)).toEqual({ only_A: counts.a, only_B: counts.b, both: counts.both });
    expect(svg.getAttribute('data-only-a')).toBe(String(counts.a));
    expect(new Set([...svg.querySelectorAll('line.only-a')].map((l) => l.getAttribute('stroke')))).toEqual(new Set(['#D55E00']));
    expect([...svg.querySelectorAll('line.only-b')].every((l) => l.getAttribute('stroke-dasharray'))).toBe(true);
    expect([...svg.querySelectorAll('line.both')].some((l) => l.getAttribute('stroke-dasharray'))).toBe(false);
    const legend = svg.querySelector('g.legend')!.textContent!;
    expect(legend).toContain(`only in A (seed 3): ${counts.a}`);
    expect(legend).toContain(`in both: ${counts.both}`);
    // TFs as diamonds, as the network figure draws them.
    expect(svg.querySelectorAll('g.nodes path.tf').length).toBeGreaterThan(0);
  });

  it('keeps only the classes asked for, and the genes where they were', () => {
    const size = { width: 720, height: 540 };
    const whole = renderDifferenceNetwork(data, { size }, newDocument());
    const onlyB = renderDifferenceNetwork(data, { size, classes: ['b'] }, newDocument());
    expect(linesByClass(onlyB)).toEqual({ only_A: 0, only_B: counts.b, both: 0 });
    expect(onlyB.querySelector('g.legend')!.textContent).not.toContain('only in A');
    // Genes on only-B edges: same layout positions (the layout is of every class), fitted into the same box.
    expect(differenceLayout(data, 0)).toBe(differenceLayout(data, 0));
    const linked = new Set(data.edges.filter((e) => e.in === 'b').flatMap((e) => [e.source, e.target]));
    expect(onlyB.querySelectorAll('g.nodes [data-gene]').length).toBe(linked.size);
    expect(Number(whole.getAttribute('data-node-count'))).toBeGreaterThanOrEqual(linked.size);
  });

  it('is the same SVG for the same data and seed', () => {
    const size = { width: 89, height: 67, unit: 'mm' as const, dpi: 300 };
    expect(serializeSvg(renderDifferenceNetwork(data, { size }, newDocument()))).toBe(
      serializeSvg(renderDifferenceNetwork(data, { size }, newDocument())),
    );
  });

  it('at 89 mm: labels do not overlap each other and stay inside the figure, the legend too', () => {
    const size = { width: 89, height: 67, unit: 'mm' as const, dpi: 300 };
    const svg = renderDifferenceNetwork(data, { size }, newDocument());
    const width = Number(svg.getAttribute('width'));
    const font = Number(svg.querySelector('g.labels')!.getAttribute('font-size'));
    const boxes = [...svg.querySelectorAll('g.labels text')].map((text) => {
      const x = Number(text.getAttribute('x'));
      const y = Number(text.getAttribute('y'));
      const w = labelWidth(text.textContent!, font);
      const anchor = text.getAttribute('text-anchor');
      const x0 = anchor === 'end' ? x - w : anchor === 'middle' ? x - w / 2 : x;
      return { x0, x1: x0 + w, y0: y - font * 0.75, y1: y + font * 0.2 };
    });
    expect(boxes.length).toBeGreaterThan(3);
    for (let i = 0; i < boxes.length; i++) {
      expect(boxes[i].x0).toBeGreaterThanOrEqual(0);
      expect(boxes[i].x1).toBeLessThanOrEqual(width);
      for (let j = i + 1; j < boxes.length; j++) {
        const [p, q] = [boxes[i], boxes[j]];
        expect(p.x0 < q.x1 && q.x0 < p.x1 && p.y0 < q.y1 && q.y0 < p.y1, `${i} and ${j} overlap`).toBe(false);
      }
    }
    const legendFont = Number(svg.querySelector('g.legend')!.getAttribute('font-size'));
    for (const text of svg.querySelectorAll('g.legend text'))
      expect(Number(text.getAttribute('x')) + labelWidth(text.textContent!, legendFont)).toBeLessThanOrEqual(width);
  });
});
