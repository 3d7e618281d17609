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
