import { describe, expect, it } from 'vitest';
import { renderNetwork } from '../../../src-shared/figures/render-network.ts';
import { serializeSvg } from '../../../src-shared/figures/serialize.ts';
import { selectEdges } from '../../../src-shared/figures/network-data.ts';
import { newDocument, seededNetwork } from './seeded-fixtures.ts';

describe('renderNetwork', () => {
  const data = seededNetwork(14, 4, 24, 7);
  const size = { width: 89, height: 70, unit: 'mm' as const, dpi: 96 };

  it('draws the same SVG for the same seed (snapshot)', () => {
    const first = serializeSvg(renderNetwork(data, { size, seed: 1, title: 'Seeded network' }, newDocument()));
    const second = serializeSvg(renderNetwork(data, { size, seed: 1, title: 'Seeded network' }, newDocument()));
    expect(second).toBe(first);
    expect(first).toMatchSnapshot();
  });

  it('changes the layout with the seed', () => {
    const a = serializeSvg(renderNetwork(data, { size, seed: 1 }, newDocument()));
    const b = serializeSvg(renderNetwork(data, { size, seed: 2 }, newDocument()));
    expect(a).not.toBe(b);
  });

  it('draws one shape per gene and one line per selected edge, TFs as diamonds', () => {
    const svg = renderNetwork(data, { size, threshold: 0.3 }, newDocument());
    const expected = selectEdges(data.edges, { threshold: 0.3 }).length;
    expect(expected).toBeGreaterThan(0);
    expect(expected).toBeLessThan(data.edges.length);
    expect(svg.querySelectorAll('g.edges line').length).toBe(expected);
    expect(svg.querySelectorAll('g.nodes circle.target').length).toBe(10);
    expect(svg.querySelectorAll('g.nodes path.tf').length).toBe(4);
    expect(svg.getAttribute('data-edge-count')).toBe(String(expected));
  });

  it('colours and caps edges by sign and widens heavier edges', () => {
    const svg = renderNetwork(data, { size }, newDocument());
    const lines = [...svg.querySelectorAll('g.edges line')];
    for (const line of lines) {
      const edge = data.edges.find((e) => e.source === line.getAttribute('data-source') && e.target === line.getAttribute('data-target'))!;
      expect(line.getAttribute('marker-end')).toBe(edge.sign > 0 ? 'url(#pathreg-arrow)' : 'url(#pathreg-bar)');
    }
    const byWeight = lines
      .map((line) => [Number(line.getAttribute('data-weight')), Number(line.getAttribute('stroke-width'))])
      .sort((a, b) => a[0] - b[0]);
    expect(byWeight[0][1]).toBeLessThan(byWeight[byWeight.length - 1][1]);
  });

  it('has a legend for shape, sign and width, in full at two columns and in short labels at one column', () => {
    const wide = renderNetwork(data, { size: { ...size, width: 183, height: 120 } }, newDocument());
    const full = wide.querySelector('g.legend')!.textContent!;
    for (const word of ['transcription factor', 'target gene', 'activation', 'repression', 'Weight']) expect(full).toContain(word);
    // At 89 mm a side legend took 40–50 % of the width (seen in exports): a strip of short labels below instead.
    const narrow = renderNetwork(data, { size }, newDocument());
    const below = narrow.querySelector('g.legend')!;
    expect(below.classList.contains('legend-below')).toBe(true);
    const short = below.textContent!;
    for (const word of ['TF', 'target', 'activation', 'repression', 'weight']) expect(short).toContain(word);
    expect(short).not.toContain('transcription factor');
  });

  it("keeps top-k, and with a focus fades all but the focused gene's links and adds its strongest ones", () => {
    const svg = renderNetwork(data, { size, topK: 5 }, newDocument());
    expect(svg.querySelectorAll('g.edges line').length).toBe(5);
    const focus = data.edges[data.edges.length - 1].target;
    const focused = renderNetwork(data, { size, topK: 5, focus }, newDocument());
    const lines = [...focused.querySelectorAll('g.edges line')];
    const touching = (line: Element) => line.getAttribute('data-source') === focus || line.getAttribute('data-target') === focus;
    const focusEdges = data.edges.filter((edge) => edge.source === focus || edge.target === focus);
    expect(lines.filter(touching).length).toBe(
      Math.min(10, focusEdges.filter((e) => e.target === focus).length) + Math.min(10, focusEdges.filter((e) => e.source === focus).length),
    );
    for (const line of lines) expect(Number(line.getAttribute('stroke-opacity')) < 0.1).toBe(!touching(line));
  });

  it('draws the hierarchical layout with regulators above targets', () => {
    const svg = renderNetwork(data, { size, layout: 'hierarchical' }, newDocument());
    const ys = (selector: string) =>
      [...svg.querySelectorAll(selector)].map((el) => Number(el.getAttribute('cy') ?? /,(-?[\d.]+)L/.exec(el.getAttribute('d')!)![1]));
    const regulatorYs = ys('g.nodes path.tf');
    const targetYs = ys('g.nodes circle.target');
    expect(Math.max(...regulatorYs)).toBeLessThan(Math.min(...targetYs));
  });

  it('scales to print: 89 mm at 300 dpi is 1051 px wide', () => {
    const svg = renderNetwork(data, { size: { width: 89, height: 60, unit: 'mm', dpi: 300 } }, newDocument());
    expect(svg.getAttribute('width')).toBe('1051');
    expect(svg.getAttribute('viewBox')).toBe('0 0 1051 709');
  });

  it('draws an empty network without failing and says there are no edges', () => {
    const svg = renderNetwork({ nodes: [{ id: 'A', isTF: true }], edges: [] }, { size }, newDocument());
    expect(svg.querySelectorAll('g.edges line').length).toBe(0);
    expect(svg.textContent).toContain('no edges');
    expect(svg.textContent).toContain('0 edges');
  });
});
