import { describe, expect, it } from 'vitest';
import { maxCompressionRatio, undecodableFilter } from '../../../../src-main/data/hdf5/hdf5-filters.ts';

describe('HDF5 filter table', () => {
  it('accepts the filters anndata, loompy and Cell Ranger write, LZF only when its plugin is loaded', () => {
    const pipeline = [
      { id: 2, name: 'shuffle' },
      { id: 1, name: 'deflate' },
      { id: 3, name: 'fletcher32' },
    ];
    expect(undecodableFilter(pipeline, false)).toBeNull();
    expect(undecodableFilter([{ id: 32000, name: 'lzf' }], true)).toBeNull();
    expect(undecodableFilter([{ id: 32000, name: 'lzf' }], false)).toEqual({ id: 32000, name: 'LZF' });
  });

  it('names known plugins and falls back to the name stored in the file', () => {
    expect(
      undecodableFilter(
        [
          { id: 1, name: 'deflate' },
          { id: 32015, name: '' },
        ],
        true,
      ),
    ).toEqual({ id: 32015, name: 'Zstandard (zstd)' });
    expect(undecodableFilter([{ id: 40000, name: 'acme' }], true)).toEqual({ id: 40000, name: 'acme' });
    expect(undecodableFilter([{ id: 40001, name: ' ' }], true)).toEqual({ id: 40001, name: 'unnamed' });
  });

  it('bounds the compression ratio by the compressors in the pipeline', () => {
    expect(maxCompressionRatio([])).toBe(1);
    expect(
      maxCompressionRatio([
        { id: 2, name: 'shuffle' },
        { id: 1, name: 'deflate' },
      ]),
    ).toBe(1032);
    expect(maxCompressionRatio([{ id: 32000, name: 'lzf' }])).toBe(88);
  });
});
