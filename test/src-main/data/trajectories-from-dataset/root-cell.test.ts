import { describe, expect, it } from 'vitest';
import type { MetadataColumn } from '../../../../src-main/data/dataset.ts';
import { denseDataset } from '../../../../src-main/data/paper-tables/dense-dataset.ts';
import { findGene, resolveRoot } from '../../../../src-main/data/trajectories-from-dataset/root-cell.ts';

// 6 cells × 3 genes named by Ensembl IDs, with symbols in a var column.
const values = Float32Array.from([0.1, 2.0, 1.0, 0.2, 1.5, 1.0, 0.9, 0.5, 1.0, 0.9, 0.1, 1.0, 0.4, 2.0, 1.0, 0.0, 0.3, 1.0]);
const obs: MetadataColumn[] = [
  { name: 'day', type: 'numeric', values: Float64Array.from([2, 0, 1, 0, 3, Number.NaN]) },
  { name: 'stage', type: 'string', values: ['a', 'b', 'c', 'd', 'e', 'f'] },
];
const dataset = denseDataset({
  format: 'h5ad',
  path: '/data/cells.h5ad',
  sources: [],
  cellNames: ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'],
  geneNames: ['ENSG00000000001', 'ENSG00000000002', 'ENSG00000000003'],
  values,
  obs,
  var: [{ name: 'gene_short_name', type: 'string', values: ['MYOG', 'CDK1', 'ACTB'] }],
});

describe('--root', () => {
  it('a cell name or a 0-based index (scanpy iroot) is the root itself', async () => {
    expect(await resolveRoot(dataset, 'c3', dataset)).toEqual({ cell: 2 });
    expect(await resolveRoot(dataset, '0', dataset)).toEqual({ cell: 0 });
  });

  it('earliest:COLUMN suggests the cells at the smallest value (missing values ignored)', async () => {
    const root = await resolveRoot(dataset, 'earliest:day', dataset);
    expect(root).toMatchObject({ candidates: [1, 3] });
    expect('why' in root && root.why).toMatch(/2 cell\(s\) at the earliest "day" \(0\)/);
  });

  it('high:GENE and low:GENE find the gene by symbol through the var column', async () => {
    expect(await resolveRoot(dataset, 'high:CDK1', dataset)).toMatchObject({ candidates: [0, 4] });
    expect(await resolveRoot(dataset, 'low:myog', dataset)).toMatchObject({ candidates: [5] });
    expect(findGene(dataset, 'ENSG00000000003')).toBe(2);
  });

  it('errors name the file and say what to give', async () => {
    await expect(resolveRoot(dataset, 'c9', dataset)).rejects.toThrow(
      /"cells\.h5ad" has no cell named "c9" for the root \(cells are named like "c1", "c2", "c3"\)\. Give a cell name, a 0-based cell index, earliest:COLUMN/,
    );
    await expect(resolveRoot(dataset, '6', dataset)).rejects.toThrow(
      /has 6 cells \(0-based indices 0 to 5\); the root cell index 6 is outside them/,
    );
    await expect(resolveRoot(dataset, 'high:GATA1', dataset)).rejects.toThrow(/has no gene "GATA1".*Ensembl IDs/);
    await expect(resolveRoot(dataset, 'earliest:time', dataset)).rejects.toThrow(/no obs column "time" for the root/);
    await expect(resolveRoot(dataset, 'earliest:stage', dataset)).rejects.toThrow(/cell "c1" \(row 1\) holds "a", which is not a number/);
  });
});
