import { describe, expect, it } from 'vitest';
import { renderLossCurves, strideIndices } from '../../../src-shared/figures/render-loss-curves.ts';
import { serializeSvg } from '../../../src-shared/figures/serialize.ts';
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
    for (const key of ['total', 'data', 'penalty'])
      expect(svg.querySelector(`g.panel.loss path.curve.${key}`)!.getAttribute('d')!.split('L').length).toBe(60);
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

describe('renderLossCurves comparison', () => {
  it("draws other runs' total loss in grey with their labels, on a shared iteration axis", () => {
    const history = seededHistory(40, 1);
    const longer = seededHistory(80, 2);
    const svg = renderLossCurves(
      {
        history,
        others: [
          { label: 'run 2', history: longer },
          { label: 'empty', history: [] },
        ],
      },
      { size: { width: 640, height: 300 } },
      newDocument(),
    );
    const other = svg.querySelectorAll('path.curve.other');
    expect(other.length).toBe(1);
    expect(other[0].getAttribute('data-run')).toBe('run 2');
    expect(svg.querySelector('g.panel.loss g.legend:last-of-type')!.textContent).toContain('run 2 (total)');
    // The x axis reaches the longer run's last iteration.
    const ticks = [...svg.querySelectorAll('g.panel.loss .axis-x text')].map((node) => Number(node.textContent)).filter(Number.isFinite);
    expect(Math.max(...ticks)).toBeGreaterThan(40);
  });
});
