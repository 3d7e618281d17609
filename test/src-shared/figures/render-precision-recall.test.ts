import { describe, expect, it } from 'vitest';
import { renderPrecisionRecall } from '../../../src-shared/figures/render-precision-recall.ts';
import { serializeSvg } from '../../../src-shared/figures/serialize.ts';
import { newDocument } from './seeded-fixtures.ts';

// The hand-worked curve of score-against-reference.test.ts: (0,1) (0.5,1) (1,2/3) (1,1/2) (1,1/3), density 1/3.
const data = {
  recall: [0, 0.5, 1, 1, 1],
  precision: [1, 1, 2 / 3, 1 / 2, 1 / 3],
  density: 1 / 3,
  label: 'run 1',
  summary: ['AUPRC 0.833 (ratio 2.500)', 'AUROC 0.938'],
};
const size = { width: 400, height: 420 };

/** The path's points back in data units, from the axes' pixel ranges. */
function points(svg: SVGSVGElement): Array<[number, number]> {
  const xAxis = svg.querySelector('.axis-x line')!;
  const yAxis = svg.querySelector('.axis-y line')!;
  const [x0, x1] = [Number(xAxis.getAttribute('x1')), Number(xAxis.getAttribute('x2'))];
  const [y0, y1] = [Number(yAxis.getAttribute('y1')), Number(yAxis.getAttribute('y2'))];
  return svg
    .querySelector('path.curve')!
    .getAttribute('d')!
    .slice(1)
    .split('L')
    .map((pair) => {
      const [x, y] = pair.split(',').map(Number);
      return [(x - x0) / (x1 - x0), (y0 - y) / (y0 - y1)];
    });
}

describe('renderPrecisionRecall', () => {
  it('draws one point per threshold from (recall 0, precision 1), on 0–1 axes titled recall and precision', () => {
    const svg = renderPrecisionRecall(data, { size }, newDocument());
    const drawn = points(svg);
    expect(drawn).toHaveLength(5);
    drawn.forEach(([r, p], i) => {
      expect(r).toBeCloseTo(data.recall[i], 2);
      expect(p).toBeCloseTo(data.precision[i], 2);
    });
    expect([...svg.querySelectorAll('.axis-title')].map((node) => node.textContent)).toEqual(['recall', 'precision']);
  });

  it("draws the random ranking's precision (the density) as a dashed baseline and writes the numbers in the legend", () => {
    const svg = renderPrecisionRecall(data, { size, title: 'against refNetwork.csv' }, newDocument());
    const baseline = svg.querySelector('line.baseline')!;
    expect(baseline.getAttribute('stroke-dasharray')).toBeTruthy();
    const yAxis = svg.querySelector('.axis-y line')!;
    const [y0, y1] = [Number(yAxis.getAttribute('y1')), Number(yAxis.getAttribute('y2'))];
    expect((y0 - Number(baseline.getAttribute('y1'))) / (y0 - y1)).toBeCloseTo(1 / 3, 2);
    const text = svg.textContent!;
    expect(text).toContain('against refNetwork.csv');
    expect(text).toContain('run 1');
    expect(text).toContain('random ranking (precision = density 0.333)');
    expect([...svg.querySelectorAll('.legend .summary')].map((node) => node.textContent)).toEqual(data.summary);
  });

  it('is deterministic, and refuses recall and precision of different lengths', () => {
    expect(serializeSvg(renderPrecisionRecall(data, { size }, newDocument()))).toBe(
      serializeSvg(renderPrecisionRecall(data, { size }, newDocument())),
    );
    expect(() => renderPrecisionRecall({ ...data, precision: [1] }, { size }, newDocument())).toThrow(/5 recall values but 1 precision/);
  });
});
