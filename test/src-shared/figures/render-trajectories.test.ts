import { describe, expect, it } from 'vitest';
import { renderTrajectories } from '../../../src-shared/figures/render-trajectories.ts';
import { serializeSvg } from '../../../src-shared/figures/serialize.ts';
import { newDocument, seededTrajectories } from './seeded-fixtures.ts';

describe('renderTrajectories', () => {
  const data = seededTrajectories(5, 2);
  const size = { width: 183, height: 80, unit: 'mm' as const };

  it('draws the same SVG for the same input (snapshot)', () => {
    const first = serializeSvg(renderTrajectories(data, { size, genes: ['G000', 'G003'] }, newDocument()));
    expect(serializeSvg(renderTrajectories(data, { size, genes: ['G000', 'G003'] }, newDocument()))).toBe(first);
    expect(first).toMatchSnapshot();
  });

  it('draws one panel per gene with axes, points per cell and one curve per trajectory', () => {
    const svg = renderTrajectories(data, { size, genes: ['G001', 'G002', 'G004'] }, newDocument());
    const panels = svg.querySelectorAll('g.panel');
    expect(panels.length).toBe(3);
    const first = panels[0];
    expect(first.getAttribute('data-gene')).toBe('G001');
    expect(first.querySelectorAll('g.observed circle').length).toBe(3 * 40);
    expect(first.querySelectorAll('g.predicted path').length).toBe(3);
    expect(first.querySelector('.axis-x .axis-title')!.textContent).toBe('pseudotime');
    expect(first.querySelector('.axis-y .axis-title')!.textContent).toBe('expression (scaled)');
  });

  it('facets per lineage: one panel per gene and lineage, each with only its lineage’s cells and curves', () => {
    const lineages = [...new Set(data.trajectories.map((series) => series.lineage))].sort();
    expect(lineages.length).toBeGreaterThan(1);
    const svg = renderTrajectories(data, { size, genes: ['G001', 'G002'], facetByLineage: true }, newDocument());
    const panels = [...svg.querySelectorAll('g.panel')];
    expect(panels.map((panel) => `${panel.getAttribute('data-gene')}/${panel.getAttribute('data-lineage')}`)).toEqual(
      ['G001', 'G002'].flatMap((gene) => lineages.map((lineage) => `${gene}/${lineage}`)),
    );
    expect(svg.getAttribute('data-panels')).toBe(String(2 * lineages.length));
    for (const panel of panels) {
      const lineage = panel.getAttribute('data-lineage')!;
      const own = data.trajectories
        .filter((series) => series.lineage === lineage)
        .map((series) => series.name)
        .sort();
      const drawn = [...panel.querySelectorAll('g.predicted path')].map((path) => path.getAttribute('data-trajectory')!).sort();
      expect(drawn).toEqual(own);
      expect(panel.querySelector('text')!.textContent).toBe(`${panel.getAttribute('data-gene')} · ${lineage}`);
    }
    // A gene's panels share one value axis, so lineages compare at a glance.
    const ticks = (panel: Element) => [...panel.querySelectorAll('.axis-y text')].map((text) => text.textContent).join('|');
    expect(ticks(panels[1])).toBe(ticks(panels[0]));
  });

  it('with a 9 pt floor, no text of the figure (ticks and legend included) is smaller than 9 pt', () => {
    const dpi = 300;
    const svg = renderTrajectories(
      data,
      { size: { ...size, dpi, fontSizePt: 9 }, genes: ['G001', 'G002', 'G003'], facetByLineage: true, minTextPt: 9 },
      newDocument(),
    );
    const nine = (9 * dpi) / 72;
    const sizeOf = (element: Element | null): number => {
      for (let at = element; at; at = at.parentElement) if (at.getAttribute('font-size')) return Number(at.getAttribute('font-size'));
      return Number.NaN;
    };
    const texts = [...svg.querySelectorAll('text')];
    expect(texts.length).toBeGreaterThan(20);
    const small = texts.filter((text) => !(sizeOf(text) >= nine - 1e-6)).map((text) => `${text.textContent} (${sizeOf(text)})`);
    expect(small).toEqual([]);
    // Without the floor, tick labels are drawn at 0.85 of the base size: the test would see them.
    const plain = renderTrajectories(data, { size: { ...size, dpi, fontSizePt: 9 }, genes: ['G001'] }, newDocument());
    expect([...plain.querySelectorAll('text')].some((text) => sizeOf(text) < nine - 1e-6)).toBe(true);
  });

  it('draws held-out donors hollow and dashed', () => {
    const svg = renderTrajectories(data, { size, genes: ['G000'] }, newDocument());
    const heldOut = svg.querySelector('g.observed g[data-trajectory="eryth_21"]')!;
    expect(heldOut.getAttribute('fill')).toBe('none');
    expect(svg.querySelector('g.predicted path[data-trajectory="eryth_21"]')!.getAttribute('stroke-dasharray')).not.toBeNull();
    expect(svg.querySelector('g.predicted path[data-trajectory="eryth_12"]')!.getAttribute('stroke-dasharray')).toBeNull();
  });

  it('can leave out the held-out donors and thins dense cells', () => {
    const svg = renderTrajectories(data, { size, genes: ['G000'], splits: ['train'], maxPointsPerTrajectory: 10 }, newDocument());
    expect(svg.querySelectorAll('g.observed circle').length).toBe(2 * 10);
  });

  it('names unknown genes in its message', () => {
    expect(() => renderTrajectories(data, { size, genes: ['G000', 'Gata1'] }, newDocument())).toThrow(/Gata1 not among the run's 5 genes/);
  });

  it('has a legend naming lineages and the drawing conventions', () => {
    const text = renderTrajectories(data, { size }, newDocument()).querySelector('g.legend')!.textContent!;
    for (const word of ['eryth', 'mono', 'held-out donor', 'prediction']) expect(text).toContain(word);
  });
});
