"""Writes the HDF5 fixtures that h5wasm cannot write itself, with h5py and anndata as real users' files are written.

    /usr/bin/python3 scripts/generate-hdf5-filter-fixtures.py [FOLDER]   (default: test/src-main/data/hdf5/fixtures)

Debian 12: apt-get install python3-h5py python3-anndata. The files are committed (a few KB each), so tests need
neither; expected.json holds the matrix every readable fixture must read back as, computed here by numpy (run
`npx prettier --write` on it after regenerating).
Cases: LZF (anndata's compression='lzf', CSR and dense; loom), float16 matrices, filters h5wasm cannot decode
(Blosc, Zstandard, bitshuffle), a Fletcher32 checksum mismatch, a 1 GiB chunk, shapes a small file cannot hold
(an h5ad declaring 100 million cells, a loom declaring 1e6 x 1e6), and unsigned 64-bit indices >= 2^63.
"""
import json
import os
import sys

import anndata
import h5py
import numpy as np
import pandas as pd
import scipy.sparse as sp

out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..', 'test', 'src-main', 'data', 'hdf5', 'fixtures')
os.makedirs(out, exist_ok=True)

CELLS, GENES = 24, 8
rng = np.random.default_rng(15)
counts = rng.poisson(1.5, size=(CELLS, GENES)).astype(np.float32)
counts[3, :] = 0  # an empty cell and an empty gene: sparse layouts with gaps
counts[:, 5] = 0
gene_names = ['Gata1', 'Spi1', 'Klf1', 'Cebpa', 'Fli1', 'Gfi1', 'Irf8', 'Meis1']
cell_names = [f'cell{i}' for i in range(CELLS)]
time = np.linspace(0, 1, CELLS)


def adata(X):
    obs = pd.DataFrame({'time': time, 'lineage': pd.Categorical(['eryth', 'mono'] * (CELLS // 2))}, index=cell_names)
    return anndata.AnnData(X=X, obs=obs, var=pd.DataFrame(index=gene_names), dtype=X.dtype)


def path(name):
    return os.path.join(out, name)


# --- readable: must read back exactly as `counts` ---
adata(sp.csr_matrix(counts)).write_h5ad(path('anndata-lzf-csr.h5ad'), compression='lzf')
adata(counts.copy()).write_h5ad(path('anndata-lzf-dense.h5ad'), compression='lzf')
adata(sp.csc_matrix(counts)).write_h5ad(path('anndata-lzf-csc.h5ad'), compression='lzf')
adata(counts.astype(np.float16)).write_h5ad(path('anndata-float16-dense.h5ad'))
adata(sp.csr_matrix(counts)).write_h5ad(path('anndata-float16-csr.h5ad'), compression='gzip')
with h5py.File(path('anndata-float16-csr.h5ad'), 'r+') as f:  # scipy has no float16 sparse matrices; h5py writes one
    data = f['X/data'][:].astype(np.float16)
    del f['X/data']
    f['X'].create_dataset('data', data=data, compression='gzip')

with h5py.File(path('loom-lzf.loom'), 'w') as f:
    f.create_dataset('matrix', data=counts.T, chunks=(4, 8), compression='lzf', shuffle=True)
    f.create_dataset('row_attrs/Gene', data=np.array(gene_names, dtype=h5py.string_dtype()))
    f.create_dataset('col_attrs/CellID', data=np.array(cell_names, dtype=h5py.string_dtype()))
    f.create_dataset('col_attrs/time', data=time)
    f.create_group('layers')
with h5py.File(path('loom-float16.loom'), 'w') as f:
    f.create_dataset('matrix', data=counts.T.astype(np.float16), chunks=(4, 8), compression='gzip')
    f.create_dataset('row_attrs/Gene', data=np.array(gene_names, dtype=h5py.string_dtype()))
    f.create_dataset('col_attrs/CellID', data=np.array(cell_names, dtype=h5py.string_dtype()))
    f.create_group('layers')

# --- must be refused, naming the dataset ---
def replace_x(name, make_x):
    """An anndata file whose dense /X is replaced by `make_x(file)` (dense X is what these cases need)."""
    adata(counts.copy()).write_h5ad(path(name))
    with h5py.File(path(name), 'r+') as f:
        attrs = dict(f['X'].attrs)
        del f['X']
        make_x(f)
        for k, v in attrs.items():
            f['X'].attrs[k] = v


def unknown_filter(filter_id, options):
    def make(f):
        # Optional, so HDF5 accepts a filter it does not have; the chunks are then written as that filter's output.
        dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
        dcpl.set_chunk((CELLS, GENES))
        dcpl.set_filter(filter_id, h5py.h5z.FLAG_OPTIONAL, options)
        space = h5py.h5s.create_simple((CELLS, GENES))
        dset = h5py.h5d.create(f.id, b'X', h5py.h5t.NATIVE_FLOAT, space, dcpl=dcpl)
        # Bytes that are not raw floats: read without the filter they would be garbage, as in the probe's files.
        dset.write_direct_chunk((0, 0), bytes(rng.integers(0, 256, size=200, dtype=np.uint8)), filter_mask=0)
    return make


replace_x('h5py-blosc.h5ad', unknown_filter(32001, (2, 2, 4, CELLS * GENES * 4, 5, 1, 0)))
replace_x('h5py-zstd.h5ad', unknown_filter(32015, (3,)))
replace_x('h5py-bitshuffle.h5ad', unknown_filter(32008, (0, 2, 4, 0, 2)))


def fletcher_damaged(f):
    f.create_dataset('X', data=counts, chunks=(12, GENES), fletcher32=True)


replace_x('h5py-fletcher32-mismatch.h5ad', fletcher_damaged)
# One bit flipped inside the second chunk's stored values, after the checksum was written.
with h5py.File(path('h5py-fletcher32-mismatch.h5ad'), 'r') as f:
    offset = f['X'].id.get_chunk_info(1).byte_offset
with open(path('h5py-fletcher32-mismatch.h5ad'), 'r+b') as raw:
    raw.seek(offset + 5)
    byte = raw.read(1)
    raw.seek(offset + 5)
    raw.write(bytes([byte[0] ^ 0x40]))

# The same for text: fixed-length cell names with a checksum, one bit flipped in their stored bytes.
adata(sp.csr_matrix(counts)).write_h5ad(path('h5py-fletcher32-mismatch-names.h5ad'))
with h5py.File(path('h5py-fletcher32-mismatch-names.h5ad'), 'r+') as f:
    index_name = f['obs'].attrs['_index']
    del f['obs'][index_name]
    f['obs'].create_dataset(index_name, data=np.array(cell_names, dtype='S8'), chunks=(12,), fletcher32=True)
with h5py.File(path('h5py-fletcher32-mismatch-names.h5ad'), 'r') as f:
    offset = f['obs'][f['obs'].attrs['_index']].id.get_chunk_info(0).byte_offset
with open(path('h5py-fletcher32-mismatch-names.h5ad'), 'r+b') as raw:
    raw.seek(offset + 2)
    byte = raw.read(1)
    raw.seek(offset + 2)
    raw.write(bytes([byte[0] ^ 0x01]))

# A 1 GiB chunk (16384 x 16384 float32): HDF5 would inflate it whole. Declared only; no chunk is written.
replace_x('h5py-1gib-chunk.h5ad', lambda f: f.create_dataset('X', shape=(CELLS, GENES), dtype=np.float32, chunks=(16384, 16384), compression='gzip', maxshape=(None, None)))

# 100 million cells declared by a ~20 KB file: the datasets are chunked and never written.
adata(sp.csr_matrix(counts)).write_h5ad(path('h5ad-declares-1e8-cells.h5ad'))
with h5py.File(path('h5ad-declares-1e8-cells.h5ad'), 'r+') as f:
    n = 100_000_000
    f['X'].attrs['shape'] = np.array([n, GENES], dtype=np.int64)
    del f['X/indptr']
    f['X'].create_dataset('indptr', shape=(n + 1,), dtype=np.int64, chunks=(65536,), compression='gzip')
    index_name = f['obs'].attrs['_index']
    del f['obs'][index_name]
    f['obs'].create_dataset(index_name, shape=(n,), dtype=h5py.string_dtype(), chunks=(65536,))
    del f['obs/time']
    f['obs'].create_dataset('time', shape=(n,), dtype=np.float64, chunks=(65536,), compression='gzip')
    del f['obs/lineage']
    f['obs'].attrs['column-order'] = np.array(['time'], dtype=object)

with h5py.File(path('loom-declares-1e6-by-1e6.loom'), 'w') as f:
    f.create_dataset('matrix', shape=(1_000_000, 1_000_000), dtype=np.float32, chunks=(64, 64), compression='gzip')
    f.create_dataset('row_attrs/Gene', data=np.array([f'g{i}' for i in range(8)], dtype=h5py.string_dtype()))
    f.create_dataset('col_attrs/CellID', data=np.array(cell_names, dtype=h5py.string_dtype()))
    f.create_group('layers')

# Unsigned 64-bit indices with one value >= 2^63 (a -1 written as unsigned): must be refused, never rounded.
adata(sp.csr_matrix(counts)).write_h5ad(path('h5ad-uint64-index-2pow63.h5ad'))
with h5py.File(path('h5ad-uint64-index-2pow63.h5ad'), 'r+') as f:
    indices = f['X/indices'][:].astype(np.uint64)
    indices[4] = np.uint64(2**63 + 1)
    del f['X/indices']
    f['X'].create_dataset('indices', data=indices)

def lzf_chunks(name):
    """Where the LZF-compressed chunks of a file's X lie, so the corpus can damage exactly those bytes."""
    chunks = []
    with h5py.File(path(name), 'r') as f:
        for member in ('X/data', 'X/indices', 'X/indptr'):
            dset = f[member]
            for i in range(dset.id.get_num_chunks()):
                info = dset.id.get_chunk_info(i)
                chunks.append({'dataset': member, 'offset': int(info.byte_offset), 'size': int(info.size)})
    return chunks


with open(path('expected.json'), 'w') as f:
    json.dump(
        {
            'cells': cell_names,
            'genes': gene_names,
            'counts': counts.tolist(),
            'time': time.tolist(),
            'lzfChunks': {'anndata-lzf-csr.h5ad': lzf_chunks('anndata-lzf-csr.h5ad')},
        },
        f,
    )
for name in sorted(os.listdir(out)):
    print(f'{name}\t{os.path.getsize(os.path.join(out, name))}')
