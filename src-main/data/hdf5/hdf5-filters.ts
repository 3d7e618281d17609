/**
 * Which HDF5 filters (compression, checksums) the readers can decode, and how far each can shrink data.
 *
 * A dataset whose pipeline holds a filter we cannot run is refused before any read, naming the filter and what to do:
 * HDF5 would otherwise fail inside H5Dread, and h5wasm hands back the untouched buffer as if it were data. The
 * compression bound lets a reader refuse a shape that no file of this size could hold, before allocating for it.
 */

/** One filter of a dataset's pipeline, as h5wasm's `Dataset.filters` lists it. */
export interface Hdf5Filter {
  id: number;
  name: string;
}

interface FilterFacts {
  name: string;
  /** Largest ratio of decoded to stored bytes the filter can reach (1: it does not compress). */
  maxRatio: number;
}

/** HDF5's registered filter ids (https://github.com/HDFGroup/hdf5_plugins/blob/master/docs/RegisteredFilterPlugins.md). */
const FILTER_ID = { deflate: 1, shuffle: 2, fletcher32: 3, szip: 4, nbit: 5, scaleoffset: 6, lzf: 32000 } as const;

/**
 * Filters h5wasm decodes: HDF5's built-in ones, plus LZF through the plugin in ./hdf5-plugins (h5wasm-loader.ts).
 * Deflate's format caps its ratio at 1032:1 (258-byte matches coded in 2 bits); LZF's at 88:1 (264-byte back
 * references coded in 3 bytes); n-bit and scale-offset pack values into fewer bits, at most 64:1 (64-bit → 1 bit).
 */
const DECODABLE: ReadonlyMap<number, FilterFacts> = new Map([
  [FILTER_ID.deflate, { name: 'gzip (deflate)', maxRatio: 1032 }],
  [FILTER_ID.shuffle, { name: 'shuffle', maxRatio: 1 }],
  [FILTER_ID.fletcher32, { name: 'Fletcher32 checksum', maxRatio: 1 }],
  [FILTER_ID.nbit, { name: 'n-bit', maxRatio: 64 }],
  [FILTER_ID.scaleoffset, { name: 'scale-offset', maxRatio: 64 }],
  [FILTER_ID.lzf, { name: 'LZF', maxRatio: 88 }],
]);

/** Filters seen in single-cell files that h5wasm cannot decode, named the way their users know them. */
const KNOWN_UNDECODABLE: ReadonlyMap<number, string> = new Map([
  [FILTER_ID.szip, 'SZIP'],
  [307, 'bzip2'],
  [32001, 'Blosc'],
  [32004, 'LZ4'],
  [32008, 'bitshuffle'],
  [32013, 'ZFP'],
  [32015, 'Zstandard (zstd)'],
  [32017, 'SZ'],
  [32026, 'Blosc2'],
]);

/** The first filter of `filters` that cannot be decoded, with a readable name, or null when all can. */
export function undecodableFilter(filters: Hdf5Filter[], lzfAvailable: boolean): { id: number; name: string } | null {
  for (const filter of filters) {
    if (filter.id === FILTER_ID.lzf && !lzfAvailable) return { id: filter.id, name: 'LZF' };
    if (DECODABLE.has(filter.id)) continue;
    return { id: filter.id, name: KNOWN_UNDECODABLE.get(filter.id) ?? (filter.name.trim() || 'unnamed') };
  }
  return null;
}

/**
 * The largest ratio of decoded to stored bytes the pipeline can reach (the product of its compressors' bounds).
 * Only meaningful once undecodableFilter returned null.
 */
export function maxCompressionRatio(filters: Hdf5Filter[]): number {
  return filters.reduce((ratio, filter) => ratio * (DECODABLE.get(filter.id)?.maxRatio ?? 1), 1);
}
