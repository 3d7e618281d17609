import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDataset } from '../../../../src-main/data/open-dataset.ts';
import { DataFileError } from '../../../../src-main/data/reader-error.ts';

// Files written by h5py 3.7 and anndata 0.8 (scripts/generate-hdf5-filter-fixtures.py); expected.json holds the
// counts numpy wrote. Before these checks, LZF and unknown filters read as ~1e-39 garbage and were trained on.
const dir = join(import.meta.dirname, 'fixtures');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { cells: string[]; genes: string[]; counts: number[][] };

async function readAll(name: string): Promise<{ cells: string[]; genes: string[]; block: Float32Array }> {
  const dataset = await openDataset(join(dir, name));
  try {
    const block = await dataset.readGenes(dataset.geneNames.map((_, i) => i));
    return { cells: dataset.cellNames, genes: dataset.geneNames, block };
  } finally {
    dataset.close();
  }
}

async function failure(name: string): Promise<DataFileError> {
  const error = await readAll(name).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataFileError);
  expect((error as DataFileError).message.startsWith(`"${name}"`)).toBe(true);
  return error as DataFileError;
}

describe('HDF5 filters and storage checks', () => {
  it.each([
    'anndata-lzf-csr.h5ad',
    'anndata-lzf-csc.h5ad',
    'anndata-lzf-dense.h5ad',
    'loom-lzf.loom',
    'anndata-float16-dense.h5ad',
    'anndata-float16-csr.h5ad',
    'loom-float16.loom',
  ])('%s reads back exactly the counts h5py wrote', async (name) => {
    const { cells, genes, block } = await readAll(name);
    expect(cells).toEqual(expected.cells);
    expect(genes).toEqual(expected.genes);
    expect(Array.from(block)).toEqual(expected.counts.flat());
  });

  it.each([
    ['h5py-blosc.h5ad', 'the Blosc filter (HDF5 filter 32001)'],
    ['h5py-zstd.h5ad', 'the Zstandard (zstd) filter (HDF5 filter 32015)'],
    ['h5py-bitshuffle.h5ad', 'the bitshuffle filter (HDF5 filter 32008)'],
  ])('%s is refused, naming /X and the filter', async (name, filter) => {
    const error = await failure(name);
    expect(error.element).toBe('/X');
    expect(error.message).toContain(filter);
    expect(error.message).toContain('compression="gzip"');
  });

  it.each([
    ['h5py-fletcher32-mismatch.h5ad', '/X'],
    ['h5py-fletcher32-mismatch-names.h5ad', '/obs/_index'],
  ])('%s: the failed read (H5Dread status) is reported as a checksum failure of %s', async (name, element) => {
    const error = await failure(name);
    expect(error.element).toBe(element);
    expect(error.message).toContain('fail their Fletcher32 checksum');
  });

  it('refuses a 1 GiB chunk before HDF5 inflates it', async () => {
    const error = await failure('h5py-1gib-chunk.h5ad');
    expect(error.message).toContain('/X is stored in chunks of 1.0 GB each');
  });

  it('refuses shapes a small file cannot hold, before allocating for them', async () => {
    const rssBefore = process.memoryUsage().rss;
    const h5ad = await failure('h5ad-declares-1e8-cells.h5ad');
    expect(h5ad.message).toMatch(/declares shape \[100,000,00[01]\].*more than this 2\d KB file can hold/);
    const loom = await failure('loom-declares-1e6-by-1e6.loom');
    expect(loom.message).toContain('/matrix declares shape [1,000,000, 1,000,000] (3725.3 GB of values), more than this 9 KB file');
    expect(loom.message).toContain('best ratio (1,032:1)');
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(200 * 1024 ** 2);
  });

  it('refuses an unsigned 64-bit index of 2^63 + 1 instead of rounding it', async () => {
    const error = await failure('h5ad-uint64-index-2pow63.h5ad');
    expect(error.message).toContain('/X/indices holds 9223372036854775809 at position 4');
  });
});
