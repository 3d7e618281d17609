import { describe, expect, it } from 'vitest';
import { renderLossCurves, strideIndices } from '../../../src-renderer/figures/render-loss-curves.ts';
import { serializeSvg } from '../../../src-renderer/figures/serialize.ts';
import { newDocument, seededHistory } from './seeded-fixtures.ts';

describe('renderLossCurves', () => {
  const history = seededHistory(60, 5);
  const size = { width: 640, height: 300 };

  it('draws the same SVG for the same history (snapshot)', () => {
    const first = serializeSvg(renderLossCurves({ history }, { size }, newDocument()));
    expect(serializeSvg(renderLossCurves({ history }, { size }, newDocument()))).toBe(first);
    expect(first).toMatchSnapshot();
  });

  it('draws the three loss curves and three sparsity curves with labelled axes', () => {
    const svg = renderLossCurves({ history }, { size }, newDocument());
    for (const key of ['total', 'data', 'penalty']) expect(svg.querySelector(`g.panel.loss path.curve.${key}`)!.getAttribute('d')!.split('L').length).toBe(60);
    for (const key of ['feature', 'model', 'spurious']) expect(svg.querySelector(`g.panel.sparsity path.curve.${key}`)).not.toBeNull();
    const titles = [...svg.querySelectorAll('.axis-title')].map((node) => node.textContent);
    expect(titles).toEqual(['iteration', 'loss (log scale)', 'iteration', 'share of near-zero entries']);
  });

  it('leaves out the sparsity panel when the history has none, and breaks the log curve at zero penalty', () => {
    const plain = history.map(({ sparsity: _sparsity, ...rest }) => ({ ...rest, penalty: 0 }));
    const svg = renderLossCurves({ history: plain }, { size }, newDocument());
    expect(svg.querySelector('g.panel.sparsity')).toBeNull();
    expect(svg.querySelector('path.curve.penalty')!.getAttribute('d')).toBe('');
  });

  it('says so when there is nothing yet', () => {
    expect(renderLossCurves({ history: [] }, { size }, newDocument()).textContent).toContain('No iterations yet.');
  });

  it('thins long histories but keeps the newest point', () => {
    const indices = strideIndices(10_001, 1000);
    expect(indices.length).toBeLessThanOrEqual(1001);
    expect(indices[indices.length - 1]).toBe(10_000);
    expect(strideIndices(3, 10)).toEqual([0, 1, 2]);
  });
});
