import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectLoom, openLoom } from '../../../../src-main/data/loom/read-loom.ts';
import { loadH5wasm } from '../../../../src-main/data/hdf5/h5wasm-loader.ts';

const dir = mkdtempSync(join(tmpdir(), 'loom-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// genes × cells, as loom stores it: 3 genes, 4 cells.
const MATRIX = Float32Array.of(1, 0, 2, 0, 0, 3, 0, 4, 5, 6, 0, 0);

async function writeLoom(path: string, spliced: Float32Array): Promise<void> {
  const h5 = await loadH5wasm();
  const file = new h5.File(path, 'w');
  file.create_dataset({ name: 'matrix', data: MATRIX, shape: [3, 4], chunks: [2, 2], compression: 'gzip' });
  const layers = file.create_group('layers');
  layers.create_dataset({ name: 'spliced', data: spliced, shape: [3, 4] });
  const rows = file.create_group('row_attrs');
  rows.create_dataset({ name: 'Gene', data: ['Gata1', 'Spi1', 'Klf1'] });
  const cols = file.create_group('col_attrs');
  cols.create_dataset({ name: 'CellID', data: ['a', 'b', 'c', 'd'] });
  cols.create_dataset({ name: 'ClusterName', data: ['ery', 'ery', 'ery', 'mono'] });
  cols.create_dataset({ name: 'time', data: Float64Array.of(0, 1, 2, 3) });
  cols.create_dataset({ name: 'X_umap', data: new Float32Array(8), shape: [4, 2] });
  file.close();
}

describe('loom reader', () => {
  it('reads genes × cells (gzip, chunked), row/col attributes and layers', async () => {
    const path = join(dir, 'small.loom');
    await writeLoom(
      path,
      MATRIX.map((v) => v * 10),
    );
    const summary = await inspectLoom(path);
    expect(summary).toMatchObject({ format: 'loom', cells: 4, genes: 3, layers: ['spliced'], obsm: ['X_umap'] });
    expect(summary.obs).toEqual([
      { name: 'ClusterName', type: 'categorical', levels: ['ery', 'mono'] },
      { name: 'time', type: 'numeric' },
    ]);
    const dataset = await openLoom(path);
    expect(dataset.cellNames).toEqual(['a', 'b', 'c', 'd']);
    expect(dataset.geneNames).toEqual(['Gata1', 'Spi1', 'Klf1']);
    // cells × requested genes (Klf1, Gata1).
    expect(Array.from(await dataset.readGenes([2, 0]))).toEqual([5, 1, 6, 0, 0, 2, 0, 0]);
    expect(Array.from(await dataset.readGenes([2, 0], 'spliced'))).toEqual([50, 10, 60, 0, 0, 20, 0, 0]);
    dataset.close();
  });
});
