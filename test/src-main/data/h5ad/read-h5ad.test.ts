import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectH5ad, openH5ad } from '../../../../src-main/data/h5ad/read-h5ad.ts';
import { denseToCsc, denseToCsr, writeH5ad, type WriteH5adSpec } from '../../../../src-main/data/h5ad/write-h5ad.ts';
import type { MetadataColumn } from '../../../../src-main/data/dataset.ts';
import { loadH5wasm } from '../../../../src-main/data/hdf5/h5wasm-loader.ts';

const dir = mkdtempSync(join(tmpdir(), 'h5ad-encodings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 4 cells × 3 genes of counts, with a zero row and a zero column entry so sparse layouts have gaps.
const CELLS = ['c1', 'c2', 'c3', 'c4'];
const GENES = ['Gata1', 'Spi1', 'Klf1'];
const COUNTS = [1, 0, 3, 0, 0, 0, 4, 5, 0, 0, 7, 2];
const OBS: MetadataColumn[] = [
  { name: 'time', type: 'numeric', values: Float64Array.of(0, 1.5, 2, 3.25) },
  { name: 'lineage', type: 'categorical', codes: Int32Array.of(0, 1, -1, 0), levels: ['eryth', 'mono'] },
  { name: 'note', type: 'string', values: ['a', 'b', 'c', 'd'] },
];

function spec(overrides: Partial<WriteH5adSpec>): WriteH5adSpec {
  const csr = denseToCsr(COUNTS, 4, 3);
  return { obsNames: CELLS, varNames: GENES, obs: OBS, X: { kind: 'csr', ...csr, shape: [4, 3] }, ...overrides };
}

async function expectCounts(path: string, layer?: string): Promise<void> {
  const dataset = await openH5ad(path);
  try {
    expect(Array.from(await dataset.readGenes([0, 1, 2], layer))).toEqual(COUNTS);
    // Any subset, in any order, with repeats.
    expect(Array.from(await dataset.readGenes([2, 0, 2], layer))).toEqual([3, 1, 3, 0, 0, 0, 0, 4, 0, 2, 0, 2]);
  } finally {
    dataset.close();
  }
}

describe('h5ad reader: anndata encodings', () => {
  it('reads CSR X and 0.8 categoricals (codes + categories, −1 missing), numbers and strings', async () => {
    const path = join(dir, 'modern.h5ad');
    await writeH5ad(path, spec({ var: [{ name: 'tf', type: 'categorical', codes: Int32Array.of(0, 0, 1), levels: ['yes', 'no'] }] }));
    await expectCounts(path);
    const dataset = await openH5ad(path);
    expect(dataset.cellNames).toEqual(CELLS);
    expect(dataset.geneNames).toEqual(GENES);
    expect(dataset.obs).toEqual(OBS);
    expect(dataset.var[0]).toEqual({ name: 'tf', type: 'categorical', codes: Int32Array.of(0, 0, 1), levels: ['yes', 'no'] });
    dataset.close();
    const summary = await inspectH5ad(path);
    expect(summary).toMatchObject({ format: 'h5ad', cells: 4, genes: 3, valueKind: 'counts', sparsity: 1 - 6 / 12 });
    expect(summary.obs).toEqual([
      { name: 'time', type: 'numeric' },
      { name: 'lineage', type: 'categorical', levels: ['eryth', 'mono'] },
      { name: 'note', type: 'string' },
    ]);
    expect(summary.valueKindReason).toMatch(/whole numbers/);
  });

  it('reads anndata 0.7 categoricals (categories in obs/__categories)', async () => {
    const path = join(dir, 'v07.h5ad');
    await writeH5ad(path, spec({ encoding: 'anndata-0.7' }));
    const dataset = await openH5ad(path);
    expect(dataset.obs.find((c) => c.name === 'lineage')).toEqual(OBS[1]);
    expect(dataset.obs.find((c) => c.name === 'note')).toEqual(OBS[2]);
    dataset.close();
    await expectCounts(path);
  });

  it('reads categories kept in uns/<column>_categories', async () => {
    const path = join(dir, 'uns.h5ad');
    await writeH5ad(path, spec({ encoding: 'uns-categories' }));
    const summary = await inspectH5ad(path);
    expect(summary.obs[1]).toEqual({ name: 'lineage', type: 'categorical', levels: ['eryth', 'mono'] });
  });

  it('reads CSC with integer values and the old h5sparse attributes', async () => {
    const path = join(dir, 'csc-int.h5ad');
    const csc = denseToCsc(COUNTS, 4, 3);
    await writeH5ad(
      path,
      spec({
        X: { kind: 'csc', data: Int32Array.from(csc.data), indices: csc.indices, indptr: csc.indptr, shape: [4, 3] },
        h5sparseAttributes: true,
      }),
    );
    await expectCounts(path);
    expect((await inspectH5ad(path)).valueKind).toBe('counts');
  });

  it('reads gzip-compressed dense and sparse matrices', async () => {
    const dense = join(dir, 'gzip-dense.h5ad');
    await writeH5ad(dense, spec({ X: { kind: 'dense', values: Float32Array.from(COUNTS), shape: [4, 3] }, gzip: true }));
    await expectCounts(dense);
    const sparse = join(dir, 'gzip-csr.h5ad');
    await writeH5ad(sparse, spec({ gzip: true }));
    await expectCounts(sparse);
  });

  it('reads layers and raw (raw/X found by gene name, with more genes than X), lists obsm', async () => {
    const path = join(dir, 'layers.h5ad');
    const logged = Float32Array.from(COUNTS, (v) => Math.log1p(v));
    // raw keeps 4 genes in another order; X's genes are found there by name.
    const rawGenes = ['Klf1', 'Extra', 'Gata1', 'Spi1'];
    const rawValues: number[] = [];
    for (let c = 0; c < 4; c++) rawValues.push(COUNTS[c * 3 + 2], 9, COUNTS[c * 3], COUNTS[c * 3 + 1]);
    await writeH5ad(
      path,
      spec({
        X: { kind: 'dense', values: logged, shape: [4, 3] },
        layers: { counts: { kind: 'csr', ...denseToCsr(COUNTS, 4, 3), shape: [4, 3] } },
        raw: { X: { kind: 'csr', ...denseToCsr(rawValues, 4, 4), shape: [4, 4] }, varNames: rawGenes },
        obsm: { X_umap: { values: new Float32Array(8), width: 2 } },
      }),
    );
    const summary = await inspectH5ad(path);
    expect(summary.valueKind).toBe('log-normalized');
    expect(summary.layers).toEqual(['counts', 'raw']);
    expect(summary.obsm).toEqual(['X_umap']);
    await expectCounts(path, 'counts');
    await expectCounts(path, 'raw');
    const dataset = await openH5ad(path);
    const x = await dataset.readGenes([0, 1, 2]);
    x.forEach((v, i) => expect(v).toBeCloseTo(Math.log1p(COUNTS[i]), 6));
    await expect(dataset.readGenes([0], 'spliced')).rejects.toThrow(
      /"layers.h5ad" layer "spliced" does not exist; the file has these layers: counts, raw/,
    );
    dataset.close();
  });

  it('reads nullable integer, boolean and string columns (values + mask) with missing entries', async () => {
    const path = join(dir, 'nullable.h5ad');
    await writeH5ad(path, spec({ obs: [] }));
    // anndata ≥ 0.8 writes pandas' nullable dtypes as groups {values, mask}; add three to obs.
    const h5 = await loadH5wasm();
    const file = new h5.File(path, 'a');
    const obs = file.get('obs') as InstanceType<typeof h5.Group>;
    obs.delete_attribute('column-order');
    obs.create_attribute('column-order', ['n_genes', 'is_doublet', 'donor']);
    const add = (name: string, encoding: string, values: Int32Array | Uint8Array | string[]) => {
      const group = obs.create_group(name);
      group.create_attribute('encoding-type', encoding);
      group.create_attribute('encoding-version', '0.1.0');
      group.create_dataset({ name: 'values', data: values });
      group.create_dataset({ name: 'mask', data: Uint8Array.of(0, 1, 0, 0) });
    };
    add('n_genes', 'nullable-integer', Int32Array.of(10, 0, 30, 40));
    add('is_doublet', 'nullable-boolean', Uint8Array.of(1, 0, 0, 1));
    add('donor', 'nullable-string-array', ['d1', 'x', 'd2', 'd1']);
    file.close();
    const dataset = await openH5ad(path);
    expect(dataset.obs).toEqual([
      { name: 'n_genes', type: 'numeric', values: Float64Array.of(10, NaN, 30, 40) },
      { name: 'is_doublet', type: 'categorical', levels: ['False', 'True'], codes: Int32Array.of(1, -1, 0, 1) },
      { name: 'donor', type: 'string', values: ['d1', '', 'd2', 'd1'] },
    ]);
    dataset.close();
  });

  it('makes duplicated gene names unique and says so', async () => {
    const path = join(dir, 'duplicates.h5ad');
    await writeH5ad(path, spec({ varNames: ['Gata1', 'Gata1', 'Klf1'] }));
    const dataset = await openH5ad(path);
    expect(dataset.geneNames).toEqual(['Gata1', 'Gata1-1', 'Klf1']);
    expect(dataset.summary.notes?.[0]).toMatch(/1 duplicated gene names were made unique/);
    dataset.close();
  });

  it('names the file and element when X disagrees with obs', async () => {
    const path = join(dir, 'shape.h5ad');
    await writeH5ad(path, spec({ obsNames: ['c1', 'c2', 'c3'], obs: [] }));
    await expect(inspectH5ad(path)).rejects.toThrow(/^"shape.h5ad" \/X has 4 rows but \/obs has 3 cells/);
  });
});
