import { describe, expect, it } from 'vitest';
import { meanMseBySplit, renderMetricsTable, type MetricsTableData } from '../../../src-shared/figures/render-metrics-table.ts';
import { serializeSvg } from '../../../src-shared/figures/serialize.ts';
import { newDocument } from './seeded-fixtures.ts';

const data: MetricsTableData = {
  rows: [
    { trajectory: 'mono_12', lineage: 'mono', donor: '12', split: 'train', mse: 0.0123, cells: 812 },
    { trajectory: 'eryth_12', lineage: 'eryth', donor: '12', split: 'train', mse: 0.0211, cells: 1034 },
    { trajectory: 'eryth_21', lineage: 'eryth', donor: '21', split: 'held-out', mse: 0.0456, cells: 977 },
  ],
  sparsity: { feature: 0.912, model: 0.5, spurious: 0.99 },
  parameters: [
    ['regularizer', 'pathreg, λ = 0.01'],
    ['hidden sizes', '100, 100'],
    ['seed', '0'],
  ],
};

describe('renderMetricsTable', () => {
  const size = { width: 89, height: 90, unit: 'mm' as const };

  it('draws the same SVG for the same input (snapshot)', () => {
    const first = serializeSvg(renderMetricsTable(data, { size, title: 'Run metrics' }, newDocument()));
    expect(first).toMatchSnapshot();
  });

  it('lists every trajectory, training donors first, with the mean per split', () => {
    const svg = renderMetricsTable(data, { size }, newDocument());
    const mse = [...svg.querySelectorAll('text.mse')].map((node) => node.textContent);
    expect(mse).toEqual(['0.0211', '0.0123', '0.0456']);
    expect(svg.textContent).toContain('mean MSE, training donors');
    expect(svg.textContent).toContain('0.0167');
    expect([...svg.querySelectorAll('text.sparsity')].map((node) => node.textContent)).toEqual(['91.2 %', '50.0 %', '99.0 %']);
    expect(svg.textContent).toContain('pathreg, λ = 0.01');
  });

  it('averages MSE per split, null where a split has no donors', () => {
    expect(meanMseBySplit(data.rows)).toEqual({ train: (0.0123 + 0.0211) / 2, 'held-out': 0.0456 });
    expect(meanMseBySplit([])).toEqual({ train: null, 'held-out': null });
  });

  it('warns inside the figure when rows do not fit', () => {
    expect(renderMetricsTable(data, { size: { width: 300, height: 80 } }, newDocument()).textContent).toContain(
      'Table taller than the figure',
    );
  });
});
