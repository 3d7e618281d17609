import { describe, expect, it } from 'vitest';
import { heatmapCellAt, layoutHeatmap, renderHeatmap } from '../../../src-shared/figures/render-heatmap.ts';
import { serializeSvg } from '../../../src-shared/figures/serialize.ts';
import { newDocument, seededHeatmap } from './seeded-fixtures.ts';

describe('renderHeatmap', () => {
  const data = seededHeatmap(6, 10, 4);
  const size = { width: 120, height: 90, unit: 'mm' as const };

  it('draws the same SVG for the same input (snapshot)', () => {
    const first = serializeSvg(renderHeatmap(data, { size, title: 'Effects' }, newDocument()));
    expect(serializeSvg(renderHeatmap(data, { size, title: 'Effects' }, newDocument()))).toBe(first);
    expect(first).toMatchSnapshot();
  });

  it('draws one cell per non-zero entry, labels, dendrograms and a colour bar', () => {
    const svg = renderHeatmap(data, { size }, newDocument());
    const nonZero = Array.from(data.values).filter((v) => v !== 0).length;
    expect(svg.querySelectorAll('g.cells rect').length).toBe(nonZero);
    expect(svg.querySelectorAll('g.row-labels text').length).toBe(6);
    expect(svg.querySelectorAll('g.column-labels text').length).toBe(10);
    expect(svg.querySelector('path.dendrogram-left')).not.toBeNull();
    expect(svg.querySelector('path.dendrogram-top')).not.toBeNull();
    expect(svg.querySelector('g.legend')!.textContent).toContain('activation');
    expect(svg.querySelector('g.legend')!.textContent).toContain('repression');
  });

  it('groups the planted blocks: even rows together, odd rows together', () => {
    const layout = layoutHeatmap(data, { size });
    const parity = layout.rowOrder.map((row) => row % 2);
    expect(new Set(parity.slice(0, 3)).size).toBe(1);
    expect(new Set(parity.slice(3)).size).toBe(1);
  });

  it('maps a pointer position back to the row and column drawn there', () => {
    const layout = layoutHeatmap(data, { size });
    const cell = heatmapCellAt(layout, layout.plot.x + layout.cellWidth * 2.5, layout.plot.y + layout.cellHeight * 0.5)!;
    expect(cell).toEqual({ row: layout.rowOrder[0], column: layout.columnOrder[2] });
    expect(heatmapCellAt(layout, layout.plot.x - 1, layout.plot.y)).toBeNull();
  });

  it('hides unreadable labels and says how many genes there are', () => {
    const big = seededHeatmap(40, 300, 1);
    const svg = renderHeatmap(big, { size: { width: 89, height: 60, unit: 'mm' } }, newDocument());
    expect(svg.querySelector('g.column-labels')!.textContent).toBe('300 targets');
  });

  it('rejects a matrix whose size does not match its labels', () => {
    expect(() => renderHeatmap({ rows: ['A'], columns: ['B', 'C'], values: [1] }, { size }, newDocument())).toThrow(
      /1 regulators × 2 targets need 2 values, got 1/,
    );
  });
});

describe('renderHeatmap raster cells', () => {
  it('says what to do where no canvas exists (export keeps vector cells)', () => {
    // jsdom has no canvas implementation: getContext returns null (and logs "not implemented").
    const data = seededHeatmap(3, 4, 2);
    const original = console.error;
    console.error = () => undefined;
    try {
      expect(() => renderHeatmap(data, { size: { width: 300, height: 200 }, rasterCells: true }, newDocument())).toThrow(
        /rasterCells: false/,
      );
    } finally {
      console.error = original;
    }
  });
});

describe('heatmap colour range', () => {
  it('offers the 99th percentile of the non-zero magnitudes (the views use it), saturating beyond it', async () => {
    const { robustColorMax } = await import('../../../src-shared/figures/render-heatmap.ts');
    const values = Array.from({ length: 200 }, (_, i) => (i % 2 ? -1 : 1) * (1 + (i % 10) / 10));
    values.push(1000, 0, 0);
    expect(robustColorMax(values)).toBe(1.9);
    expect(robustColorMax([0, 0])).toBe(1);
    const data = { rows: ['A'], columns: ['B', 'C', 'D'], values: [1, -1, 100] };
    const saturated = renderHeatmap(data, { size: { width: 400, height: 300 }, colorMax: robustColorMax(data.values) }, newDocument());
    expect(saturated.querySelector('g.legend')!.textContent).toContain('≥ +');
    // By default the range is the largest magnitude: nothing saturates.
    const full = renderHeatmap(data, { size: { width: 400, height: 300 } }, newDocument());
    expect(full.querySelector('g.legend')!.textContent).toContain('+100 activation');
    expect(full.querySelector('g.legend')!.textContent).not.toContain('≥');
  });
});
