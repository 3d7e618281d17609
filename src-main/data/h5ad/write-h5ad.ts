/**
 * A small AnnData (.h5ad) writer on h5wasm, used to build test fixtures, the malformed-input corpus and the large
 * benchmark file. It writes the layouts anndata itself writes: the current encoding (0.8+: encoding-type attributes,
 * categoricals as {codes, categories} groups) and the 0.7 one (categorical codes with categories in
 * `<df>/__categories`), or the older one with categories in `uns/<column>_categories`.
 */
import type { MetadataColumn } from '../dataset.ts';
import { loadH5wasm, type H5wasm } from '../hdf5/h5wasm-loader.ts';

type H5Group = InstanceType<H5wasm['Group']>;
type NumericData = Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | BigInt64Array | Uint32Array;

export type MatrixSpec =
  | { kind: 'dense'; values: NumericData; shape: [number, number] }
  | { kind: 'csr' | 'csc'; data: NumericData; indices: NumericData; indptr: NumericData; shape: [number, number] };

export type CategoricalEncoding = 'anndata-0.8' | 'anndata-0.7' | 'uns-categories';

export interface WriteH5adSpec {
  obsNames: string[];
  varNames: string[];
  obs?: MetadataColumn[];
  var?: MetadataColumn[];
  X: MatrixSpec;
  layers?: Record<string, MatrixSpec>;
  raw?: { X: MatrixSpec; varNames: string[] };
  obsm?: Record<string, { values: Float32Array; width: number }>;
  /** How categoricals (and the dataframe attributes) are written; default anndata-0.8. */
  encoding?: CategoricalEncoding;
  /** Sparse groups marked the pre-0.7 way (h5sparse_format/h5sparse_shape) instead of encoding-type/shape. */
  h5sparseAttributes?: boolean;
  /** gzip-compress the matrix datasets (chunked), as `adata.write_h5ad(compression="gzip")` does. */
  gzip?: boolean;
}

/** Writes `spec` to `path` (overwriting). */
export async function writeH5ad(path: string, spec: WriteH5adSpec): Promise<void> {
  const h5 = await loadH5wasm();
  const file = new h5.File(path, 'w');
  try {
    const encoding = spec.encoding ?? 'anndata-0.8';
    file.create_attribute('encoding-type', 'anndata');
    file.create_attribute('encoding-version', '0.1.0');
    const uns = file.create_group('uns');
    writeDataframe(file.create_group('obs'), spec.obsNames, spec.obs ?? [], encoding, uns);
    writeDataframe(file.create_group('var'), spec.varNames, spec.var ?? [], encoding, uns);
    writeMatrix(file, 'X', spec.X, spec);
    const layers = file.create_group('layers');
    for (const [name, matrix] of Object.entries(spec.layers ?? {})) writeMatrix(layers, name, matrix, spec);
    if (spec.raw) {
      const raw = file.create_group('raw');
      writeMatrix(raw, 'X', spec.raw.X, spec);
      writeDataframe(raw.create_group('var'), spec.raw.varNames, [], encoding, uns);
    }
    const obsm = file.create_group('obsm');
    for (const [name, { values, width }] of Object.entries(spec.obsm ?? {})) {
      obsm.create_dataset({ name, data: values, shape: [values.length / width, width] });
    }
  } finally {
    file.close();
  }
}

function writeDataframe(group: H5Group, index: string[], columns: MetadataColumn[], encoding: CategoricalEncoding, uns: H5Group): void {
  group.create_attribute('encoding-type', 'dataframe');
  group.create_attribute('encoding-version', encoding === 'anndata-0.8' ? '0.2.0' : '0.1.0');
  group.create_attribute('_index', '_index');
  // h5wasm cannot write an empty string-array attribute; anndata's readers accept a missing column-order.
  if (columns.length > 0)
    group.create_attribute(
      'column-order',
      columns.map((c) => c.name),
    );
  writeStrings(group, '_index', index, encoding);
  for (const column of columns) {
    if (column.type === 'numeric') group.create_dataset({ name: column.name, data: column.values });
    else if (column.type === 'string') writeStrings(group, column.name, column.values, encoding);
    else if (column.type === 'boolean') group.create_dataset({ name: column.name, data: column.values });
    else if (encoding === 'anndata-0.8') {
      const cat = group.create_group(column.name);
      cat.create_attribute('encoding-type', 'categorical');
      cat.create_attribute('encoding-version', '0.2.0');
      cat.create_attribute('ordered', 0);
      cat.create_dataset({ name: 'codes', data: Int8Array.from(column.codes) });
      writeStrings(cat, 'categories', column.levels, encoding);
    } else {
      group.create_dataset({ name: column.name, data: Int8Array.from(column.codes) });
      if (encoding === 'anndata-0.7') {
        const holder = group.keys().includes('__categories') ? (group.get('__categories') as H5Group) : group.create_group('__categories');
        holder.create_dataset({ name: column.name, data: column.levels });
      } else {
        uns.create_dataset({ name: `${column.name}_categories`, data: column.levels });
      }
    }
  }
}

function writeStrings(group: H5Group, name: string, values: string[], encoding: CategoricalEncoding): void {
  const dataset = group.create_dataset({ name, data: values });
  if (encoding === 'anndata-0.8') {
    dataset.create_attribute('encoding-type', 'string-array');
    dataset.create_attribute('encoding-version', '0.2.0');
  }
}

function writeMatrix(parent: H5Group, name: string, matrix: MatrixSpec, spec: WriteH5adSpec): void {
  const compression = spec.gzip ? { compression: 'gzip' as const, compression_opts: 4 } : {};
  const chunked = (n: number) => (spec.gzip ? { chunks: [Math.max(1, Math.min(n, 4096))] } : {});
  if (matrix.kind === 'dense') {
    parent.create_dataset({
      name,
      data: matrix.values,
      shape: matrix.shape,
      ...(spec.gzip
        ? { chunks: [Math.max(1, Math.min(matrix.shape[0], 64)), Math.max(1, Math.min(matrix.shape[1], 64))], ...compression }
        : {}),
    });
    return;
  }
  const group = parent.create_group(name);
  if (spec.h5sparseAttributes) {
    group.create_attribute('h5sparse_format', matrix.kind);
    group.create_attribute('h5sparse_shape', BigInt64Array.from(matrix.shape.map(BigInt)));
  } else {
    group.create_attribute('encoding-type', `${matrix.kind}_matrix`);
    group.create_attribute('encoding-version', '0.1.0');
    group.create_attribute('shape', BigInt64Array.from(matrix.shape.map(BigInt)));
  }
  for (const [member, data] of [
    ['data', matrix.data],
    ['indices', matrix.indices],
    ['indptr', matrix.indptr],
  ] as const) {
    // HDF5 cannot chunk a zero-length dataset; an empty matrix is stored uncompressed.
    const options = spec.gzip && data.length > 0 ? { ...chunked(data.length), ...compression } : {};
    group.create_dataset({ name: member, data, ...options });
  }
}

/** CSR parts of a dense row-major matrix (test helper for small data). */
export function denseToCsr(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
): { data: Float32Array; indices: Int32Array; indptr: Int32Array } {
  const data: number[] = [];
  const indices: number[] = [];
  const indptr = new Int32Array(rows + 1);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = values[r * cols + c];
      if (v !== 0) {
        data.push(v);
        indices.push(c);
      }
    }
    indptr[r + 1] = data.length;
  }
  return { data: Float32Array.from(data), indices: Int32Array.from(indices), indptr };
}

/** CSC parts of a dense row-major matrix. */
export function denseToCsc(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
): { data: Float32Array; indices: Int32Array; indptr: Int32Array } {
  const data: number[] = [];
  const indices: number[] = [];
  const indptr = new Int32Array(cols + 1);
  for (let c = 0; c < cols; c++) {
    for (let r = 0; r < rows; r++) {
      const v = values[r * cols + c];
      if (v !== 0) {
        data.push(v);
        indices.push(r);
      }
    }
    indptr[c + 1] = data.length;
  }
  return { data: Float32Array.from(data), indices: Int32Array.from(indices), indptr };
}
