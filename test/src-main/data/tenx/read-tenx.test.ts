import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { openTenxFolder } from '../../../../src-main/data/tenx/read-tenx-mtx.ts';
import { inspectTenxH5, openTenxH5 } from '../../../../src-main/data/tenx/read-tenx-h5.ts';
import { loadH5wasm } from '../../../../src-main/data/hdf5/h5wasm-loader.ts';

const dir = mkdtempSync(join(tmpdir(), 'tenx-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 3 features (2 genes + 1 antibody) × 2 cells, counts; genes × cells as 10x stores them.
const FEATURES = [
  ['ENSG1', 'GATA1', 'Gene Expression'],
  ['ENSG2', 'SPI1', 'Gene Expression'],
  ['CD4_TotalSeq', 'CD4', 'Antibody Capture'],
];
const BARCODES = ['AAAC-1', 'AAAG-1'];
// (gene, cell, value), 1-based.
const ENTRIES = [
  [1, 1, 3],
  [3, 1, 40],
  [2, 2, 5],
  [1, 2, 1],
];

function writeFolder(
  name: string,
  options: { features?: string[][]; barcodes?: string[]; entries?: number[][]; header?: string; gzip?: boolean; genesTsv?: boolean } = {},
): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  const features = options.features ?? FEATURES;
  const entries = options.entries ?? ENTRIES;
  const mtx = `%%MatrixMarket matrix coordinate integer general\n%\n${options.header ?? `${features.length} ${(options.barcodes ?? BARCODES).length} ${entries.length}`}\n${entries.map((e) => e.join(' ')).join('\n')}\n`;
  const put = (file: string, text: string) =>
    writeFileSync(join(folder, options.gzip === false ? file : `${file}.gz`), options.gzip === false ? text : gzipSync(text));
  put('matrix.mtx', mtx);
  put('barcodes.tsv', `${(options.barcodes ?? BARCODES).join('\n')}\n`);
  put(options.genesTsv ? 'genes.tsv' : 'features.tsv', `${features.map((f) => f.join('\t')).join('\n')}\n`);
  return folder;
}

describe('10x matrix folder', () => {
  it('keeps only Gene Expression features and says so', async () => {
    const dataset = await openTenxFolder(writeFolder('v3'));
    expect(dataset.geneNames).toEqual(['GATA1', 'SPI1']);
    expect(dataset.cellNames).toEqual(BARCODES);
    expect(dataset.summary.notes?.[0]).toBe('kept the 2 Gene Expression features of 3 (also present: Antibody Capture)');
    expect(Array.from(await dataset.readGenes([0, 1]))).toEqual([3, 0, 1, 5]);
    expect(dataset.summary.valueKind).toBe('counts');
  });

  it('reads the older genes.tsv (two columns), uncompressed', async () => {
    const dataset = await openTenxFolder(writeFolder('v2', { features: FEATURES.map((f) => f.slice(0, 2)), genesTsv: true, gzip: false }));
    expect(dataset.geneNames).toEqual(['GATA1', 'SPI1', 'CD4']);
    expect(Array.from(await dataset.readGenes([2]))).toEqual([40, 0]);
  });

  it('names the file when the folder is inconsistent or an index is out of range', async () => {
    await expect(openTenxFolder(writeFolder('more-barcodes', { barcodes: ['a', 'b', 'c'], header: '3 2 4' }))).rejects.toThrow(
      /^"barcodes.tsv.gz" lists 3 barcodes but matrix.mtx.gz has 2 columns \(cells\): the folder mixes files from different runs/,
    );
    await expect(
      openTenxFolder(
        writeFolder('bad-index', {
          entries: [
            [1, 1, 3],
            [4, 1, 2],
          ],
          header: '3 2 2',
        }),
      ),
    ).rejects.toThrow(/^"matrix.mtx.gz" line 5 has gene index 4, outside 1 to 3/);
    await expect(openTenxFolder(writeFolder('short', { header: '3 2 6' }))).rejects.toThrow(
      /^"matrix.mtx.gz" line \d+ ends after 4 entries but the header declares 6: the file is truncated/,
    );
  });
});

async function writeTenxH5(path: string, layout: 'v2' | 'v3'): Promise<void> {
  const h5 = await loadH5wasm();
  const file = new h5.File(path, 'w');
  // CSC of genes × cells: one indptr entry per cell.
  const group = file.create_group(layout === 'v3' ? 'matrix' : 'GRCh38');
  group.create_dataset({ name: 'data', data: Int32Array.of(3, 40, 1, 5) });
  group.create_dataset({ name: 'indices', data: BigInt64Array.of(0n, 2n, 0n, 1n) });
  group.create_dataset({ name: 'indptr', data: BigInt64Array.of(0n, 2n, 4n) });
  group.create_dataset({ name: 'shape', data: Int32Array.of(3, 2) });
  group.create_dataset({ name: 'barcodes', data: BARCODES });
  if (layout === 'v3') {
    const features = group.create_group('features');
    features.create_dataset({ name: 'id', data: FEATURES.map((f) => f[0]) });
    features.create_dataset({ name: 'name', data: FEATURES.map((f) => f[1]) });
    features.create_dataset({ name: 'feature_type', data: FEATURES.map((f) => f[2]) });
  } else {
    group.create_dataset({ name: 'genes', data: FEATURES.map((f) => f[0]) });
    group.create_dataset({ name: 'gene_names', data: FEATURES.map((f) => f[1]) });
  }
  file.close();
}

describe('10x HDF5', () => {
  it('reads the v3 layout (int64 indices) keeping Gene Expression only', async () => {
    const path = join(dir, 'v3.h5');
    await writeTenxH5(path, 'v3');
    const summary = await inspectTenxH5(path);
    expect(summary).toMatchObject({ format: '10x-h5', cells: 2, genes: 2, valueKind: 'counts' });
    expect(summary.notes).toContain('kept the 2 Gene Expression features of 3 (also present: Antibody Capture)');
    const dataset = await openTenxH5(path);
    expect(Array.from(await dataset.readGenes([1, 0]))).toEqual([0, 3, 5, 1]);
    dataset.close();
  });

  it('reads the v2 layout (one group per genome)', async () => {
    const path = join(dir, 'v2.h5');
    await writeTenxH5(path, 'v2');
    // A second genome (mixed-species runs): the first is read and the summary says so.
    const h5 = await loadH5wasm();
    const file = new h5.File(path, 'a');
    file.create_group('mm10').create_dataset({ name: 'genes', data: ['ENSMUSG1'] });
    file.close();
    const dataset = await openTenxH5(path);
    expect(dataset.geneNames).toEqual(['GATA1', 'SPI1', 'CD4']);
    expect(dataset.summary.notes).toEqual(['10x HDF5 layout v2', 'read genome "GRCh38" of 2 (GRCh38, mm10)']);
    expect(Array.from(await dataset.readGenes([2, 0]))).toEqual([40, 3, 0, 1]);
    dataset.close();
  });
});
