import { describe, expect, it } from 'vitest';
import { denseMatrixSource } from '../../../../src-main/data/prepare/gene-chunks.ts';
import { cellTotals, median, normalizedSource, planNormalization } from '../../../../src-main/data/prepare/normalize-log.ts';
import { qcFilter } from '../../../../src-main/data/prepare/qc-filter.ts';
import { cellQcMetrics } from '../../../../src-main/data/prepare/qc-metrics.ts';
import { subsetSource } from '../../../../src-main/data/prepare/subset-source.ts';

// 4 cells × 4 genes; gene 3 is mitochondrial. Totals: 10, 4, 0, 30.
const genes = ['A', 'B', 'C', 'MT-CO1'];
const counts = [
  [5, 0, 3, 2],
  [1, 1, 1, 1],
  [0, 0, 0, 0],
  [10, 0, 0, 20],
];
const source = denseMatrixSource(counts.flat(), 4, 4, genes);

describe('QC', () => {
  it('counts totals, detected genes and mitochondrial percent per cell', async () => {
    const m = await cellQcMetrics(source);
    expect([...m.totalCounts]).toEqual([10, 4, 0, 30]);
    expect([...m.genesDetected]).toEqual([3, 4, 0, 2]);
    expect([...m.percentMito]).toEqual([20, 25, 0, (100 * 20) / 30]);
    expect(m.mitochondrialGenes).toBe(1);
  });

  it('filters cells, then genes over the kept cells, reporting each rule', async () => {
    const qc = await qcFilter(source, { minGenesPerCell: 1, maxPercentMito: 50, minCellsPerGene: 2 });
    // Cell 2 has no genes; cell 3 is 66.7 % mitochondrial.
    expect([...qc.keepCells]).toEqual([1, 1, 0, 0]);
    // Over cells 0 and 1: A in 2 cells, B in 1, C in 2, MT-CO1 in 2.
    expect([...qc.keepGenes]).toEqual([1, 0, 1, 1]);
    expect(qc.cellRemovals).toEqual([
      { rule: 'minGenesPerCell', threshold: 1, removed: 1 },
      { rule: 'maxPercentMito', threshold: 50, removed: 1 },
    ]);
    expect(qc.geneRemovals).toEqual([{ rule: 'minCellsPerGene', threshold: 2, removed: 1 }]);
    const view = subsetSource(source, qc.keepCells, qc.keepGenes);
    expect(view.geneNames).toEqual(['A', 'C', 'MT-CO1']);
    expect([...(await view.readGenes([0, 2]))]).toEqual([5, 2, 1, 1]);
  });

  it('rejects thresholds out of range, naming them', async () => {
    await expect(qcFilter(source, { minGenesPerCell: -1 })).rejects.toThrow(/QC option minGenesPerCell must be a number ≥ 0; got -1/);
    await expect(qcFilter(source, { maxPercentMito: 120 })).rejects.toThrow(/percentage/);
  });
});

describe('normalisation and log1p', () => {
  it('scales each cell to the median total of cells with counts, then log1p; empty cells stay 0', async () => {
    const totals = await cellTotals(source);
    const plan = planNormalization('counts', totals);
    // Median of 10, 4, 30 (the empty cell is left out).
    expect(plan.targetSum).toBe(10);
    expect(plan.note).toMatch(/raw counts: library-size normalisation, then log1p \(target sum 10\)/);
    const x = await normalizedSource(source, plan).readGenes([0, 3]);
    const expected = [Math.log1p(5), Math.log1p(2), Math.log1p(2.5), Math.log1p(2.5), 0, 0, Math.log1p(10 / 3), Math.log1p(20 / 3)];
    expect([...x]).toEqual(expected.map(Math.fround));
  });

  it('skips what is already done, and says so', () => {
    const totals = Float64Array.from([1, 2]);
    expect(planNormalization('normalized', totals)).toMatchObject({ normalize: false, log: true });
    expect(planNormalization('normalized', totals).note).toMatch(/already normalised: library-size normalisation skipped; log1p applied/);
    expect(planNormalization('log-normalized', totals)).toMatchObject({ normalize: false, log: false });
    expect(planNormalization('scaled', totals).note).toMatch(/skipped/);
    expect(planNormalization('log-normalized', totals, { steps: 'normalize-and-log', targetSum: 1e4 })).toMatchObject({
      normalize: true,
      targetSum: 1e4,
    });
    expect(() => planNormalization('counts', totals, { targetSum: -5 })).toThrow(/targetSum must be a positive number/);
    expect(median(Float64Array.from([3, 1, 4, 2]))).toBe(2.5);
  });
});
