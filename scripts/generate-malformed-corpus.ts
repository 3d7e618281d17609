/**
 * Writes the malformed-input corpus: ≥ 300 damaged or unusual inputs (h5ad, 10x folder and .h5, loom, CSV) into a
 * folder, each with what a reader must do — fail with a message naming the file and the element, or read it.
 *
 *   npx tsx scripts/generate-malformed-corpus.ts [FOLDER]     (default: a new folder under the system temp dir)
 *
 * test/src-main/data/malformed-corpus.test.ts opens every case in the reader worker with a 10 s limit each.
 * Everything is derived from fixed data and fixed positions, so the corpus is the same on every run.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { loadH5wasm, type H5wasm } from '../src-main/data/hdf5/h5wasm-loader.ts';

export interface CorpusCase {
  /** File or folder name inside the corpus folder; also what every error message must start with (quoted). */
  name: string;
  path: string;
  /** 'error': must fail; 'ok': must read; 'either': must read or fail cleanly (flipped bytes may hit plain values). */
  expect: 'error' | 'ok' | 'either';
  /** Text the error message must contain (the element: "/X/indptr", "line 4", "barcodes.tsv.gz", …). */
  mentions?: string;
  /** Which name the message starts with when it is not the case's own (a file inside a 10x folder). */
  reportedFile?: string;
  /**
   * For cases that must read: the values the first (up to 5) genes must read as, cells × genes row-major, so a file
   * read as the wrong numbers (garbage from an undecoded filter, a scrambled index) counts as a failure.
   */
  values?: number[];
}

type H5Group = InstanceType<H5wasm['Group']>;
type Numeric = Float32Array | Float64Array | Int32Array | Int8Array | BigInt64Array | BigUint64Array | Int16Array;

// Base data: 6 cells × 5 genes of counts, with empty rows/columns so sparse layouts have gaps.
const CELLS = 6;
const GENES = 5;
const DENSE = [1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 3, 4, 0, 0, 1, 0, 0, 0, 5, 0, 7, 0, 0, 0, 2, 0, 1, 0, 1, 1];

function compressed(major: 'rows' | 'cols'): { data: Float32Array; indices: Int32Array; indptr: Int32Array } {
  const data: number[] = [];
  const indices: number[] = [];
  const outer = major === 'rows' ? CELLS : GENES;
  const inner = major === 'rows' ? GENES : CELLS;
  const indptr = [0];
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const v = major === 'rows' ? DENSE[o * GENES + i] : DENSE[i * GENES + o];
      if (v !== 0) {
        data.push(v);
        indices.push(i);
      }
    }
    indptr.push(data.length);
  }
  return { data: Float32Array.from(data), indices: Int32Array.from(indices), indptr: Int32Array.from(indptr) };
}

interface H5adVariant {
  storage?: 'csr' | 'csc' | 'dense';
  gzip?: boolean;
  omit?: string[];
  shape?: number[];
  data?: Numeric | string[];
  indices?: Numeric;
  indptr?: Numeric;
  denseShape?: [number, number];
  encodingType?: string;
  obsNames?: string[];
  varNames?: string[];
  codes?: Numeric;
  categories?: string[];
  time?: Float64Array;
  /** Stored shapes of indptr / indices when not 1-D (a broken exporter writing a column vector). */
  indptrShape?: number[];
  indicesShape?: number[];
}

async function writeH5adVariant(path: string, v: H5adVariant): Promise<void> {
  const h5 = await loadH5wasm();
  const omit = new Set(v.omit ?? []);
  const file = new h5.File(path, 'w');
  try {
    file.create_attribute('encoding-type', 'anndata');
    file.create_attribute('encoding-version', '0.1.0');
    const dataframe = (name: 'obs' | 'var', index: string[]) => {
      if (omit.has(name)) return;
      const group = file.create_group(name);
      group.create_attribute('encoding-type', 'dataframe');
      group.create_attribute('encoding-version', '0.2.0');
      group.create_attribute('_index', '_index');
      if (name === 'obs') {
        const present = ['time', 'lineage'].filter((c) => !omit.has(`obs/${c}`));
        if (present.length > 0) group.create_attribute('column-order', present);
      }
      if (!omit.has(`${name}/_index`)) group.create_dataset({ name: '_index', data: index });
      if (name === 'obs') {
        if (!omit.has('obs/time'))
          group.create_dataset({ name: 'time', data: v.time ?? Float64Array.from({ length: CELLS }, (_, i) => i / 2) });
        if (!omit.has('obs/lineage')) {
          const cat = group.create_group('lineage');
          cat.create_attribute('encoding-type', 'categorical');
          cat.create_attribute('encoding-version', '0.2.0');
          cat.create_attribute('ordered', 0);
          if (!omit.has('obs/lineage/codes')) cat.create_dataset({ name: 'codes', data: v.codes ?? Int8Array.of(0, 0, 1, 1, -1, 0) });
          if (!omit.has('obs/lineage/categories')) cat.create_dataset({ name: 'categories', data: v.categories ?? ['eryth', 'mono'] });
        }
      }
    };
    dataframe('obs', v.obsNames ?? Array.from({ length: CELLS }, (_, i) => `cell${i}`));
    dataframe('var', v.varNames ?? ['Gata1', 'Spi1', 'Klf1', 'Cebpa', 'Fli1']);
    if (!omit.has('X')) {
      const storage = v.storage ?? 'csr';
      const options = (d: Numeric | string[]) =>
        v.gzip && d.length > 0 && !Array.isArray(d) ? { chunks: [Math.max(1, Math.min(d.length, 8))], compression: 'gzip' as const } : {};
      if (storage === 'dense') {
        const shape = v.denseShape ?? [CELLS, GENES];
        const values = (v.data as Float32Array | string[] | undefined) ?? Float32Array.from(DENSE);
        file.create_dataset({
          name: 'X',
          data: values,
          shape,
          ...(v.gzip && !Array.isArray(values) && values.length > 0
            ? { chunks: [Math.min(2, shape[0]), Math.min(2, shape[1])], compression: 'gzip' as const }
            : {}),
        });
      } else {
        const parts = compressed(storage === 'csr' ? 'rows' : 'cols');
        const group: H5Group = file.create_group('X');
        group.create_attribute('encoding-type', v.encodingType ?? `${storage}_matrix`);
        group.create_attribute('encoding-version', '0.1.0');
        if (!omit.has('X@shape')) group.create_attribute('shape', BigInt64Array.from((v.shape ?? [CELLS, GENES]).map(BigInt)));
        const data = v.data ?? parts.data;
        const indices = v.indices ?? parts.indices;
        const indptr = v.indptr ?? parts.indptr;
        if (!omit.has('X/data')) group.create_dataset({ name: 'data', data, ...options(data) });
        if (!omit.has('X/indices'))
          group.create_dataset({ name: 'indices', data: indices, ...(v.indicesShape ? { shape: v.indicesShape } : options(indices)) });
        if (!omit.has('X/indptr'))
          group.create_dataset({ name: 'indptr', data: indptr, ...(v.indptrShape ? { shape: v.indptrShape } : options(indptr)) });
      }
    }
  } finally {
    file.close();
  }
}

async function writeTenxH5(
  path: string,
  v: { omit?: string[]; shape?: Int32Array; barcodes?: string[]; indices?: Numeric; indptr?: Numeric; data?: Numeric; types?: string[] },
): Promise<void> {
  const h5 = await loadH5wasm();
  const omit = new Set(v.omit ?? []);
  const file = new h5.File(path, 'w');
  try {
    if (omit.has('matrix')) {
      file.create_group('other');
      return;
    }
    const parts = compressed('rows'); // 10x: genes × cells CSC = one indptr entry per cell
    const group = file.create_group('matrix');
    const put = (name: string, data: Numeric | string[]) => {
      if (!omit.has(name)) group.create_dataset({ name, data });
    };
    put('data', v.data ?? Int32Array.from(parts.data));
    put('indices', v.indices ?? BigInt64Array.from(Array.from(parts.indices, BigInt)));
    put('indptr', v.indptr ?? BigInt64Array.from(Array.from(parts.indptr, BigInt)));
    put('shape', v.shape ?? Int32Array.of(GENES, CELLS));
    put('barcodes', v.barcodes ?? Array.from({ length: CELLS }, (_, i) => `AAAC${i}-1`));
    if (!omit.has('features')) {
      const features = group.create_group('features');
      features.create_dataset({ name: 'id', data: Array.from({ length: GENES }, (_, i) => `ENSG${i}`) });
      features.create_dataset({ name: 'name', data: ['Gata1', 'Spi1', 'Klf1', 'Cebpa', 'Fli1'] });
      features.create_dataset({ name: 'feature_type', data: v.types ?? Array.from({ length: GENES }, () => 'Gene Expression') });
    }
  } finally {
    file.close();
  }
}

async function writeLoomVariant(
  path: string,
  v: { omit?: string[]; matrix?: Float32Array; shape?: number[]; geneNames?: string[]; cellNames?: string[]; layerShape?: number[] },
): Promise<void> {
  const h5 = await loadH5wasm();
  const omit = new Set(v.omit ?? []);
  const file = new h5.File(path, 'w');
  try {
    const genesByCells = new Float32Array(GENES * CELLS);
    for (let c = 0; c < CELLS; c++) for (let g = 0; g < GENES; g++) genesByCells[g * CELLS + c] = DENSE[c * GENES + g];
    if (!omit.has('matrix'))
      file.create_dataset({
        name: 'matrix',
        data: v.matrix ?? genesByCells,
        shape: v.shape ?? [GENES, CELLS],
        chunks: [2, 2],
        compression: 'gzip',
      });
    const rows = file.create_group('row_attrs');
    rows.create_dataset({ name: 'Gene', data: v.geneNames ?? ['Gata1', 'Spi1', 'Klf1', 'Cebpa', 'Fli1'] });
    const cols = file.create_group('col_attrs');
    cols.create_dataset({ name: 'CellID', data: v.cellNames ?? Array.from({ length: CELLS }, (_, i) => `cell${i}`) });
    cols.create_dataset({ name: 'time', data: Float64Array.from({ length: CELLS }, (_, i) => i) });
    const layers = file.create_group('layers');
    if (v.layerShape) {
      const n = v.layerShape[0] * v.layerShape[1];
      layers.create_dataset({ name: 'spliced', data: new Float32Array(n), shape: v.layerShape });
    }
  } finally {
    file.close();
  }
}

function tenxFolder(
  dir: string,
  name: string,
  v: {
    matrix?: string;
    barcodes?: string;
    features?: string;
    gzip?: ('matrix' | 'barcodes' | 'features')[];
    omit?: string[];
    brokenGzip?: 'matrix' | 'barcodes' | 'features';
  },
): string {
  const folder = join(dir, name);
  mkdirSync(folder, { recursive: true });
  const entries: string[] = [];
  for (let c = 0; c < CELLS; c++)
    for (let g = 0; g < GENES; g++) if (DENSE[c * GENES + g] !== 0) entries.push(`${g + 1} ${c + 1} ${DENSE[c * GENES + g]}`);
  const texts = {
    matrix:
      v.matrix ??
      `%%MatrixMarket matrix coordinate integer general\n%metadata_json: {}\n${GENES} ${CELLS} ${entries.length}\n${entries.join('\n')}\n`,
    barcodes: v.barcodes ?? `${Array.from({ length: CELLS }, (_, i) => `AAAC${i}-1`).join('\n')}\n`,
    features: v.features ?? `${['Gata1', 'Spi1', 'Klf1', 'Cebpa', 'Fli1'].map((s, i) => `ENSG${i}\t${s}\tGene Expression`).join('\n')}\n`,
  };
  const files = { matrix: 'matrix.mtx', barcodes: 'barcodes.tsv', features: 'features.tsv' } as const;
  for (const key of ['matrix', 'barcodes', 'features'] as const) {
    if (v.omit?.includes(key)) continue;
    const gz = (v.gzip ?? ['matrix', 'barcodes', 'features']).includes(key);
    let bytes: Buffer = gz ? gzipSync(texts[key]) : Buffer.from(texts[key]);
    if (v.brokenGzip === key) bytes = bytes.subarray(0, Math.max(12, Math.floor(bytes.length * 0.6)));
    writeFileSync(join(folder, gz ? `${files[key]}.gz` : files[key]), bytes);
  }
  return folder;
}

function flipByte(bytes: Buffer, position: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[position] ^= 0xff;
  return copy;
}

/** Evenly spread positions in [0, length), deterministic. */
function spread(length: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.min(length - 1, Math.floor(((i + 0.5) * length) / count)));
}

/** Writes every case into `dir` and returns the list. */
export async function generateMalformedCorpus(dir: string): Promise<CorpusCase[]> {
  mkdirSync(dir, { recursive: true });
  const cases: CorpusCase[] = [];
  const add = (c: Omit<CorpusCase, 'path'> & { path?: string }) => {
    cases.push({ ...c, path: c.path ?? join(dir, c.name) });
  };

  // --- h5ad: structural problems, in every storage (CSR, CSC, dense) and with/without gzip ---
  for (const storage of ['csr', 'csc', 'dense'] as const) {
    for (const gzip of [false, true]) {
      const tag = `${storage}${gzip ? '-gzip' : ''}`;
      const h5ad = async (name: string, variant: H5adVariant, expect: CorpusCase['expect'], mentions?: string, values?: number[]) => {
        const fileName = `h5ad-${tag}-${name}.h5ad`;
        await writeH5adVariant(join(dir, fileName), { storage, gzip, ...variant });
        add({ name: fileName, expect, mentions, values });
      };
      await h5ad('valid', {}, 'ok', undefined, DENSE);
      await h5ad(
        'obs-one-cell-short',
        { obsNames: Array.from({ length: CELLS - 1 }, (_, i) => `cell${i}`), omit: ['obs/time', 'obs/lineage'] },
        'error',
        '/X has 6 rows but /obs has 5 cells',
      );
      await h5ad('var-one-gene-more', { varNames: ['a', 'b', 'c', 'd', 'e', 'f'] }, 'error', '/X has 5 columns but /var has 6 genes');
      await h5ad('duplicate-genes', { varNames: ['Gata1', 'Gata1', 'Klf1', 'Klf1', 'Klf1'] }, 'ok');
      await h5ad('duplicate-cells', { obsNames: ['a', 'a', 'b', 'b', 'c', 'c'] }, 'ok', undefined, DENSE);
      await h5ad('missing-X', { omit: ['X'] }, 'error', '/X is missing');
      await h5ad('missing-obs', { omit: ['obs'] }, 'error', '/obs is missing');
      await h5ad('missing-var', { omit: ['var'] }, 'error', '/var is missing');
      await h5ad('missing-obs-index', { omit: ['obs/_index'] }, 'error', '/obs/_index is missing');
      await h5ad('missing-categories', { omit: ['obs/lineage/categories'] }, 'error', '/obs/lineage/categories is missing');
      await h5ad('missing-codes', { omit: ['obs/lineage/codes'] }, 'error', '/obs/lineage/codes is missing');
      await h5ad('code-out-of-range', { codes: Int8Array.of(0, 0, 1, 5, -1, 0) }, 'error', '/obs/lineage/codes holds code 5 at row 4');
      await h5ad('code-below-minus-one', { codes: Int8Array.of(0, -3, 1, 1, -1, 0) }, 'error', '/obs/lineage/codes holds code -3 at row 2');
      await h5ad('codes-short', { codes: Int8Array.of(0, 0, 1) }, 'error', '/obs/lineage/codes has 3 entries but there are 6 cells');
      await h5ad(
        'codes-float',
        { codes: Float32Array.of(0, 0, 1, 1, 0, 0) },
        'error',
        '/obs/lineage/codes should hold integer category codes',
      );
      await h5ad('time-long', { time: new Float64Array(9) }, 'error', '/obs/time has 9 entries but there are 6 cells');
      await h5ad('time-nan', { time: Float64Array.of(0, NaN, 1, 2, 3, 4) }, 'ok');
      await h5ad(
        'nan-value',
        storage === 'dense'
          ? { data: Float32Array.from(DENSE, (x, i) => (i === 7 ? NaN : x)) }
          : { data: Float32Array.from(compressed(storage === 'csr' ? 'rows' : 'cols').data, (x, i) => (i === 2 ? NaN : x)) },
        'error',
        'holds NaN for cell',
      );
      await h5ad(
        'inf-value',
        storage === 'dense'
          ? { data: Float32Array.from(DENSE, (x, i) => (i === 0 ? Infinity : x)) }
          : { data: Float32Array.from(compressed(storage === 'csr' ? 'rows' : 'cols').data, (x, i) => (i === 0 ? -Infinity : x)) },
        'error',
        'holds an infinite value for cell',
      );
      await h5ad(
        'empty-cells',
        {
          obsNames: [],
          omit: ['obs/time', 'obs/lineage'],
          shape: [0, GENES],
          denseShape: [0, GENES],
          data: new Float32Array(0),
          indices: new Int32Array(0),
          indptr: new Int32Array(storage === 'csr' ? 1 : GENES + 1),
        },
        'ok',
      );
      await h5ad(
        'all-zero',
        storage === 'dense'
          ? { data: new Float32Array(CELLS * GENES) }
          : { data: new Float32Array(0), indices: new Int32Array(0), indptr: new Int32Array(storage === 'csr' ? CELLS + 1 : GENES + 1) },
        'ok',
      );
      if (storage === 'dense') {
        await h5ad('dense-transposed', { denseShape: [GENES, CELLS] }, 'error', '/X has 5 rows but /obs has 6 cells');
        await h5ad('dense-1d', { denseShape: [CELLS * GENES, 1] }, 'error', '/X has 30 rows but /obs has 6 cells');
        await h5ad('dense-text', { data: Array.from({ length: CELLS * GENES }, () => 'x') }, 'error', '/X should hold numbers');
        continue;
      }
      const base = compressed(storage === 'csr' ? 'rows' : 'cols');
      const major = storage === 'csr' ? CELLS : GENES;
      const minor = storage === 'csr' ? GENES : CELLS;
      // indptr problems at every position.
      for (let k = 1; k < major; k++) {
        const indptr = Int32Array.from(base.indptr);
        indptr[k] = indptr[k + 1] + 1;
        if (indptr[k] > indptr[k + 1])
          await h5ad(`indptr-not-monotone-${k}`, { indptr }, 'error', `/X/indptr is not monotone at position ${k + 1}`);
      }
      await h5ad(
        'indptr-start-nonzero',
        { indptr: Int32Array.from(base.indptr, (x, i) => (i === 0 ? 1 : x)) },
        'error',
        '/X/indptr starts at 1 instead of 0',
      );
      await h5ad(
        'indptr-end-past-data',
        { indptr: Int32Array.from(base.indptr, (x, i) => (i === major ? x + 3 : x)) },
        'error',
        '/X/indptr ends at',
      );
      await h5ad(
        'indptr-end-short',
        { indptr: Int32Array.from(base.indptr, (x, i) => (i === major ? x - 1 : x)) },
        'error',
        '/X/indptr ends at',
      );
      await h5ad(
        'indptr-huge',
        { indptr: Int32Array.from(base.indptr, (x, i) => (i === major ? 2_000_000_000 : x)) },
        'error',
        '/X/indptr ends at',
      );
      await h5ad(
        'indptr-negative',
        { indptr: Int32Array.from(base.indptr, (x, i) => (i === 2 ? -4 : x)) },
        'error',
        '/X/indptr is not monotone at position 2',
      );
      await h5ad('indptr-too-short', { indptr: base.indptr.subarray(0, major) }, 'error', `/X/indptr has ${major} entries`);
      await h5ad(
        'indptr-too-long',
        { indptr: Int32Array.of(...base.indptr, base.indptr[major]) },
        'error',
        `/X/indptr has ${major + 2} entries`,
      );
      await h5ad('indptr-int64', { indptr: BigInt64Array.from(Array.from(base.indptr, BigInt)) }, 'ok', undefined, DENSE);
      await h5ad('indptr-float', { indptr: Float64Array.from(base.indptr) }, 'ok', undefined, DENSE);
      await h5ad(
        'indptr-2d',
        { indptr: base.indptr, indptrShape: [base.indptr.length, 1] },
        'error',
        `/X/indptr should be 1-dimensional but has shape [${base.indptr.length}, 1]`,
      );
      await h5ad(
        'indices-2d',
        { indices: base.indices, indicesShape: [1, base.indices.length] },
        'error',
        `/X/indices should be 1-dimensional but has shape [1, ${base.indices.length}]`,
      );
      await h5ad(
        'indices-uint64-2pow63',
        { indices: BigUint64Array.from(Array.from(base.indices, (x, i) => (i === 1 ? 2n ** 63n + 1n : BigInt(x)))) },
        'error',
        '/X/indices holds 9223372036854775809 at position 1',
      );
      for (const [label, value] of [
        ['negative', -1],
        ['equal-to-size', minor],
        ['huge', 2_147_483_647],
        ['minus-huge', -2_147_483_648],
      ] as const) {
        for (const at of [0, base.indices.length - 1]) {
          await h5ad(
            `index-${label}-at-${at}`,
            { indices: Int32Array.from(base.indices, (x, i) => (i === at ? value : x)) },
            'error',
            `/X/indices holds ${value} at position ${at}`,
          );
        }
      }
      await h5ad('indices-int64', { indices: BigInt64Array.from(Array.from(base.indices, BigInt)) }, 'ok', undefined, DENSE);
      await h5ad('indices-short', { indices: base.indices.subarray(0, base.indices.length - 1) }, 'error', '/X/indices has');
      await h5ad('data-short', { data: base.data.subarray(0, base.data.length - 2) }, 'error', '/X/indices has');
      await h5ad('data-integer', { data: Int32Array.from(base.data) }, 'ok', undefined, DENSE);
      await h5ad('data-float64', { data: Float64Array.from(base.data) }, 'ok', undefined, DENSE);
      await h5ad('data-text', { data: Array.from(base.data, String) }, 'error', '/X/data should hold numbers');
      await h5ad('indices-float', { indices: Float32Array.from(base.indices) }, 'error', '/X/indices should hold integers');
      await h5ad('missing-indptr', { omit: ['X/indptr'] }, 'error', '/X/indptr is missing');
      await h5ad('missing-indices', { omit: ['X/indices'] }, 'error', '/X/indices is missing');
      await h5ad('missing-data', { omit: ['X/data'] }, 'error', '/X/data is missing');
      await h5ad('missing-shape', { omit: ['X@shape'] }, 'error', '/X has no valid "shape" attribute');
      await h5ad('shape-swapped', { shape: [GENES, CELLS] }, 'error', '/X has 5 rows but /obs has 6 cells');
      await h5ad('shape-three-dims', { shape: [CELLS, GENES, 1] }, 'error', '/X has no valid "shape" attribute');
      await h5ad('shape-huge', { shape: [CELLS, 2_000_000_000] }, 'error', '/X has 2,000,000,000 columns but /var has 5 genes');
      await h5ad('unknown-encoding', { encodingType: 'coo_matrix' }, 'error', '/X is a group with encoding "coo_matrix"');
      await h5ad(
        'too-many-values',
        {
          data: new Float32Array(40).fill(1),
          indices: new Int32Array(40),
          indptr: Int32Array.from({ length: major + 1 }, (_, i) => (i === major ? 40 : 0)),
        },
        'error',
        '/X/data holds 40 values, more than',
      );
    }
  }

  // --- h5ad: truncated and byte-flipped copies of a valid file ---
  const validPath = join(dir, 'h5ad-csr-valid.h5ad');
  const valid = readFileSync(validPath);
  for (const cut of [0, 1, 7, 8, 100, ...spread(valid.length, 25)]) {
    const name = `h5ad-truncated-at-${cut}.h5ad`;
    writeFileSync(join(dir, name), valid.subarray(0, cut));
    add({ name, expect: 'error', mentions: cut === 0 ? 'is empty' : undefined });
  }
  for (const position of spread(valid.length, 80)) {
    const name = `h5ad-flipped-byte-${position}.h5ad`;
    writeFileSync(join(dir, name), flipByte(valid, position));
    add({ name, expect: 'either' });
  }
  const gzipValidPath = join(dir, 'h5ad-csr-gzip-valid.h5ad');
  const gzipValid = readFileSync(gzipValidPath);
  for (const position of spread(gzipValid.length, 20)) {
    const name = `h5ad-gzip-flipped-byte-${position}.h5ad`;
    writeFileSync(join(dir, name), flipByte(gzipValid, position));
    add({ name, expect: 'either' });
  }

  // --- 10x .h5 ---
  const tenxH5 = async (
    name: string,
    v: Parameters<typeof writeTenxH5>[1],
    expect: CorpusCase['expect'],
    mentions?: string,
    values?: number[],
  ) => {
    const fileName = `tenx-${name}.h5`;
    await writeTenxH5(join(dir, fileName), v);
    add({ name: fileName, expect, mentions, values });
  };
  await tenxH5('valid', {}, 'ok', undefined, DENSE);
  await tenxH5(
    'only-antibodies',
    { types: Array.from({ length: GENES }, () => 'Antibody Capture') },
    'error',
    '/matrix/features/feature_type has no "Gene Expression" features (types: Antibody Capture)',
  );
  // Genes 1 and 3 are antibodies: the three Gene Expression features (0, 2, 4) are kept, in order.
  await tenxH5(
    'mixed-feature-types',
    { types: ['Gene Expression', 'Antibody Capture', 'Gene Expression', 'Antibody Capture', 'Gene Expression'] },
    'ok',
    undefined,
    Array.from({ length: CELLS }, (_, c) => [0, 2, 4].map((g) => DENSE[c * GENES + g])).flat(),
  );
  await tenxH5('no-matrix-group', { omit: ['matrix'] }, 'error', 'not an AnnData (.h5ad), loom or 10x .h5 file');
  await tenxH5('missing-barcodes', { omit: ['barcodes'] }, 'error', '/matrix/barcodes is missing');
  await tenxH5('missing-shape', { omit: ['shape'] }, 'error', '/matrix/shape is missing');
  await tenxH5('missing-data', { omit: ['data'] }, 'error', '/matrix/data is missing');
  await tenxH5('missing-features', { omit: ['features'] }, 'error', '/matrix/features/id is missing');
  await tenxH5(
    'shape-disagrees',
    { shape: Int32Array.of(GENES, CELLS + 1) },
    'error',
    '/matrix/barcodes lists 6 barcodes but /matrix/shape says 7 cells',
  );
  await tenxH5('barcodes-short', { barcodes: ['a', 'b'] }, 'error', '/matrix/barcodes lists 2 barcodes');
  await tenxH5(
    'index-out-of-range',
    { indices: BigInt64Array.from(Array.from(compressed('rows').indices, (x, i) => BigInt(i === 3 ? 99 : x))) },
    'error',
    '/matrix/indices holds 99 at position 3',
  );
  await tenxH5(
    'indptr-not-monotone',
    { indptr: BigInt64Array.of(0n, 2n, 1n, 5n, 6n, 8n, 11n) },
    'error',
    '/matrix/indptr is not monotone at position 2',
  );
  const tenxValid = readFileSync(join(dir, 'tenx-valid.h5'));
  for (const cut of spread(tenxValid.length, 10)) {
    const name = `tenx-truncated-at-${cut}.h5`;
    writeFileSync(join(dir, name), tenxValid.subarray(0, cut));
    add({ name, expect: 'error' });
  }
  for (const position of spread(tenxValid.length, 20)) {
    const name = `tenx-flipped-byte-${position}.h5`;
    writeFileSync(join(dir, name), flipByte(tenxValid, position));
    add({ name, expect: 'either' });
  }

  // --- loom ---
  const loom = async (
    name: string,
    v: Parameters<typeof writeLoomVariant>[1],
    expect: CorpusCase['expect'],
    mentions?: string,
    values?: number[],
  ) => {
    const fileName = `loom-${name}.loom`;
    await writeLoomVariant(join(dir, fileName), v);
    add({ name: fileName, expect, mentions, values });
  };
  await loom('valid', {}, 'ok', undefined, DENSE);
  await loom('missing-matrix', { omit: ['matrix'] }, 'error', '/matrix is missing');
  await loom('gene-names-short', { geneNames: ['a', 'b'] }, 'error', '/row_attrs/Gene has 2 entries but /matrix has 5 genes');
  await loom(
    'cell-names-long',
    { cellNames: Array.from({ length: 9 }, (_, i) => `c${i}`) },
    'error',
    '/col_attrs/CellID has 9 entries but /matrix has 6 cells',
  );
  await loom('layer-wrong-shape', { layerShape: [GENES, CELLS + 2] }, 'error', '/layers/spliced has shape [5, 8]');
  await loom(
    'matrix-nan',
    { matrix: Float32Array.from({ length: GENES * CELLS }, (_, i) => (i === 4 ? NaN : 1)) },
    'error',
    'holds NaN for cell',
  );
  await loom('duplicate-genes', { geneNames: ['a', 'a', 'a', 'b', 'b'] }, 'ok');
  const loomValid = readFileSync(join(dir, 'loom-valid.loom'));
  for (const cut of spread(loomValid.length, 8)) {
    const name = `loom-truncated-at-${cut}.loom`;
    writeFileSync(join(dir, name), loomValid.subarray(0, cut));
    add({ name, expect: 'error' });
  }
  for (const position of spread(loomValid.length, 20)) {
    const name = `loom-flipped-byte-${position}.loom`;
    writeFileSync(join(dir, name), flipByte(loomValid, position));
    add({ name, expect: 'either' });
  }

  // --- 10x folders ---
  const folder = (
    name: string,
    v: Parameters<typeof tenxFolder>[2],
    expect: CorpusCase['expect'],
    mentions?: string,
    reportedFile?: string,
    values?: number[],
  ) => {
    const folderName = `tenx-folder-${name}`;
    tenxFolder(dir, folderName, v);
    add({ name: folderName, expect, mentions, reportedFile, values });
  };
  const header = `%%MatrixMarket matrix coordinate integer general\n`;
  folder('valid', {}, 'ok', undefined, undefined, DENSE);
  folder('valid-uncompressed', { gzip: [] }, 'ok', undefined, undefined, DENSE);
  folder('genes-tsv-v2', { features: 'ENSG0\tGata1\nENSG1\tSpi1\nENSG2\tKlf1\nENSG3\tCebpa\nENSG4\tFli1\n' }, 'ok');
  folder(
    'duplicate-symbols',
    {
      features:
        'ENSG0\tGata1\tGene Expression\nENSG1\tGata1\tGene Expression\nENSG2\tKlf1\tGene Expression\nENSG3\tKlf1\tGene Expression\nENSG4\tFli1\tGene Expression\n',
    },
    'ok',
  );
  folder(
    'antibody-features',
    {
      features:
        'ENSG0\tGata1\tGene Expression\nENSG1\tSpi1\tGene Expression\nAB1\tCD4\tAntibody Capture\nENSG3\tCebpa\tGene Expression\nAB2\tCD8\tAntibody Capture\n',
    },
    'ok',
  );
  folder(
    'only-antibodies',
    {
      features:
        'A0\ta\tAntibody Capture\nA1\tb\tAntibody Capture\nA2\tc\tAntibody Capture\nA3\td\tAntibody Capture\nA4\te\tCRISPR Guide Capture\n',
    },
    'error',
    'has no "Gene Expression" features',
    'features.tsv.gz',
  );
  folder('missing-matrix', { omit: ['matrix'] }, 'error', 'is missing the matrix');
  folder('missing-barcodes', { omit: ['barcodes'] }, 'error', 'is missing the cell barcodes');
  folder('missing-features', { omit: ['features'] }, 'error', 'is missing the gene list');
  folder('barcodes-short', { barcodes: 'a\nb\n' }, 'error', 'lists 2 barcodes but matrix.mtx.gz has 6 columns', 'barcodes.tsv.gz');
  folder(
    'barcodes-long',
    { barcodes: `${Array.from({ length: 9 }, (_, i) => `b${i}`).join('\n')}\n` },
    'error',
    'lists 9 barcodes',
    'barcodes.tsv.gz',
  );
  folder(
    'features-short',
    { features: 'ENSG0\tGata1\tGene Expression\n' },
    'error',
    'lists 1 features but matrix.mtx.gz has 5 rows',
    'features.tsv.gz',
  );
  folder(
    'features-ragged',
    {
      features:
        'ENSG0\tGata1\tGene Expression\nENSG1\tSpi1\nENSG2\tKlf1\tGene Expression\nENSG3\tCebpa\tGene Expression\nENSG4\tFli1\tGene Expression\n',
    },
    'error',
    'line 2 has 2 tab-separated columns',
    'features.tsv.gz',
  );
  folder(
    'bad-header',
    { matrix: `%%MatrixMarket matrix array real general\n5 6\n` },
    'error',
    'line 1 should be "%%MatrixMarket matrix coordinate',
    'matrix.mtx.gz',
  );
  folder('not-matrix-market', { matrix: 'hello\n' }, 'error', 'line 1 should be', 'matrix.mtx.gz');
  folder('empty-matrix-file', { matrix: '' }, 'error', 'is empty', 'matrix.mtx.gz');
  folder('no-size-line', { matrix: header }, 'error', 'ends before the size line', 'matrix.mtx.gz');
  folder('bad-size-line', { matrix: `${header}5 six 3\n` }, 'error', 'line 2 should give "genes cells entries"', 'matrix.mtx.gz');
  folder(
    'size-too-many-entries',
    { matrix: `${header}5 6 31\n1 1 1\n` },
    'error',
    'declares 31 entries, more than a 5 × 6 matrix',
    'matrix.mtx.gz',
  );
  folder('zero-entries', { matrix: `${header}5 6 0\n` }, 'ok');
  folder(
    'fewer-entries',
    { matrix: `${header}5 6 3\n1 1 1\n2 2 2\n` },
    'error',
    'ends after 2 entries but the header declares 3',
    'matrix.mtx.gz',
  );
  folder(
    'more-entries',
    { matrix: `${header}5 6 1\n1 1 1\n2 2 2\n` },
    'error',
    'line 4 is entry 2, but the header (size line) declares only 1',
    'matrix.mtx.gz',
  );
  folder('pattern-matrix', { matrix: `%%MatrixMarket matrix coordinate pattern general\n5 6 2\n1 1\n5 6\n` }, 'ok');
  folder('real-values', { matrix: `%%MatrixMarket matrix coordinate real general\n5 6 2\n1 1 0.5\n5 6 2.25e1\n` }, 'ok');
  for (const [label, line] of [
    ['gene-zero', '0 1 1'],
    ['gene-negative', '-2 1 1'],
    ['gene-too-big', '6 1 1'],
    ['gene-huge', '99999999999 1 1'],
    ['gene-fraction', '1.5 1 1'],
  ] as const) {
    folder(label, { matrix: `${header}5 6 2\n1 1 1\n${line}\n` }, 'error', 'line 4 has gene index', 'matrix.mtx.gz');
  }
  for (const [label, line] of [
    ['cell-zero', '1 0 1'],
    ['cell-negative', '1 -1 1'],
    ['cell-too-big', '1 7 1'],
    ['cell-huge', '1 4294967296 1'],
  ] as const) {
    folder(label, { matrix: `${header}5 6 2\n1 1 1\n${line}\n` }, 'error', 'line 4 has cell index', 'matrix.mtx.gz');
  }
  folder('value-hex', { matrix: `${header}5 6 2\n1 1 1\n2 2 0x1F\n` }, 'error', 'line 4, column 3 has the value "0x1F"', 'matrix.mtx.gz');
  folder('gene-hex', { matrix: `${header}5 6 2\n1 1 1\n0x2 2 1\n` }, 'error', 'line 4 has gene index 0x2', 'matrix.mtx.gz');
  folder('size-hex', { matrix: `${header}0x5 6 1\n1 1 1\n` }, 'error', 'line 2 should give "genes cells entries"', 'matrix.mtx.gz');
  folder('value-text', { matrix: `${header}5 6 2\n1 1 1\n2 2 many\n` }, 'error', 'line 4, column 3 has the value "many"', 'matrix.mtx.gz');
  folder('value-missing', { matrix: `${header}5 6 2\n1 1 1\n2 2\n` }, 'error', 'line 4 should have 3 numbers', 'matrix.mtx.gz');
  // Values are checked when genes are read: the message names the folder, then the matrix file, cell and gene.
  folder('value-nan', { matrix: `${header}5 6 2\n1 1 1\n2 2 nan\n` }, 'error', 'matrix.mtx.gz holds NaN for cell');
  folder('value-inf', { matrix: `${header}5 6 2\n1 1 Infinity\n2 2 1\n` }, 'error', 'matrix.mtx.gz holds an infinite value for cell');
  for (const which of ['matrix', 'barcodes', 'features'] as const) {
    const reported = { matrix: 'matrix.mtx.gz', barcodes: 'barcodes.tsv.gz', features: 'features.tsv.gz' }[which];
    folder(`broken-gzip-${which}`, { brokenGzip: which }, 'error', 'could not be decompressed', reported);
  }

  // --- CSV / TSV ---
  const csv = (name: string, text: string | Buffer, expect: CorpusCase['expect'], mentions?: string, values?: number[]) => {
    writeFileSync(join(dir, name), text);
    add({ name, expect, mentions, values });
  };
  const tableValues = Array.from({ length: CELLS }, (_, c) => [0, 1, 2].map((g) => DENSE[c * GENES + g])).flat();
  const table = `cell,time,Gata1,Spi1,Klf1\n${Array.from({ length: CELLS }, (_, c) => `c${c},${c / 2},${DENSE[c * GENES]},${DENSE[c * GENES + 1]},${DENSE[c * GENES + 2]}`).join('\n')}\n`;
  csv('csv-valid.csv', table, 'ok', undefined, tableValues);
  csv('csv-valid.tsv', table.replace(/,/g, '\t'), 'ok', undefined, tableValues);
  csv('csv-valid-gzip.csv.gz', gzipSync(table), 'ok', undefined, tableValues);
  csv('csv-crlf.csv', table.replace(/\n/g, '\r\n'), 'ok', undefined, tableValues);
  csv('csv-hex-value.csv', 'cell,Gata1,Spi1\nc1,1,2\nc2,1,2\nc3,0x1F,2\nc4,1,2\n', 'error', 'line 4, column 2 ("Gata1") holds "0x1F"');
  csv('csv-binary-literal.csv', 'cell,Gata1,Spi1\nc1,1,2\nc2,1,0b11\nc3,1,2\nc4,1,2\n', 'error', 'line 3, column 3 ("Spi1") holds "0b11"');
  csv('csv-blank-value.csv', 'cell,Gata1,Spi1\nc1,1,2\nc2, ,2\nc3,1,2\nc4,1,2\n', 'error', 'line 3, column 2 ("Gata1") holds " "');
  // Gene names a spreadsheet would take for formulas are names like any other: read verbatim.
  csv(
    'csv-formula-gene-names.csv',
    'cell,=SUM(A1),+Gata1,-Spi1,@Klf1\nc1,1,2,0,1\nc2,0,1,3,0\n',
    'ok',
    undefined,
    [1, 2, 0, 1, 0, 1, 3, 0],
  );
  // One endless line: 20 MB of digits in a 20 KB gzip (1 GB in 1 MB works the same). Readline would hold it all.
  csv(
    'csv-gzip-bomb-one-line.csv.gz',
    gzipSync(Buffer.concat([Buffer.from('cell,Gata1\nc1,'), Buffer.alloc(20 * 1024 ** 2, 0x31)]), { level: 9 }),
    'error',
    'line 2 is longer than 16 MB',
  );
  csv('csv-duplicate-genes.csv', table.replace('Spi1,Klf1', 'Gata1,Gata1'), 'ok');
  csv('csv-genes-by-cells.csv', 'gene,c1,c2\nGata1,1,2\nSpi1,0,3\n', 'ok');
  csv('csv-empty.csv', '', 'error', 'is empty');
  csv('csv-blank-header.csv', '\n1,2\n', 'error', 'line 1 is empty');
  csv('csv-one-column.csv', 'cell\nc1\nc2\n', 'error', 'line 1 has only one column');
  csv('csv-header-only.csv', 'cell,Gata1,Spi1\n', 'error', 'line 2 is missing');
  csv('csv-ragged-short.csv', 'cell,Gata1,Spi1\nc1,1,2\nc2,1\n', 'error', 'line 3 has 2 fields but the header has 3');
  csv('csv-ragged-long.csv', 'cell,Gata1,Spi1\nc1,1,2\nc2,1,2,3,4\n', 'error', 'line 3 has 5 fields');
  csv('csv-text-in-gene.csv', 'cell,Gata1,Spi1\nc1,1,2\nc2,1,2\nc3,one,2\nc4,1,2\n', 'error', 'line 4, column 2 ("Gata1") holds "one"');
  csv('csv-empty-value.csv', 'cell,Gata1,Spi1\nc1,1,2\nc2,,2\nc3,1,2\nc4,1,2\n', 'error', 'line 3, column 2 ("Gata1") holds ""');
  csv('csv-nan-value.csv', 'cell,Gata1,Spi1\nc1,1,2\nc2,NaN,2\nc3,1,2\n', 'error', 'holds NaN for cell "c2"');
  csv('csv-inf-value.csv', 'cell,Gata1,Spi1\nc1,1,2\nc2,1,Infinity\nc3,1,2\n', 'error', 'holds an infinite value for cell "c2"');
  csv('csv-genes-by-cells-text.csv', 'gene,c1,c2\nGata1,1,x\nSpi1,0,3\n', 'error', 'line 2, column 3 ("c2") holds "x"');
  csv('csv-only-metadata.csv', 'cell,time,lineage\nc1,1,a\nc2,2,b\n', 'error', 'has no gene columns');
  csv('csv-unbalanced-quote.csv', 'cell,"Gata1,Spi1\nc1,1,2\n', 'error', 'line 1 has an unmatched double quote');
  csv('csv-binary.csv', Buffer.from([0, 1, 2, 3, 0, 255, 254, 0]), 'error', 'is not a format this app reads');
  const gz = gzipSync(`cell,Gata1\n${Array.from({ length: 3000 }, (_, i) => `c${i},${i % 5}`).join('\n')}\n`);
  for (const fraction of [0.1, 0.3, 0.5, 0.7, 0.9, 0.99]) {
    csv(
      `csv-gzip-truncated-${Math.round(fraction * 100)}.csv.gz`,
      gz.subarray(0, Math.floor(gz.length * fraction)),
      'error',
      'could not be decompressed',
    );
  }
  for (const position of spread(gz.length, 12)) {
    // Any flipped byte in deflate data or the trailer breaks the stream or its CRC; the header bytes may not.
    csv(`csv-gzip-flipped-byte-${position}.csv.gz`, flipByte(gz, position), 'either');
  }
  csv('named-like-h5ad.h5ad', 'this is text, not HDF5\n', 'error', 'does not start with the HDF5 signature');
  csv('empty.h5ad', '', 'error', 'is empty');

  // --- files written by h5py / anndata (committed: h5wasm cannot write LZF, float16 or foreign filters) ---
  const fixtures = join(import.meta.dirname, '..', 'test', 'src-main', 'data', 'hdf5', 'fixtures');
  const expected = JSON.parse(readFileSync(join(fixtures, 'expected.json'), 'utf8')) as {
    counts: number[][];
    lzfChunks: Record<string, Array<{ dataset: string; offset: number; size: number }>>;
  };
  const counts = expected.counts;
  const firstGenes = counts.flatMap((row) => row.slice(0, 5));
  const fixture = (name: string, expect: CorpusCase['expect'], mentions?: string) => {
    copyFileSync(join(fixtures, name), join(dir, name));
    add({ name, expect, mentions, values: expect === 'ok' ? firstGenes : undefined });
  };
  for (const name of [
    'anndata-lzf-csr.h5ad',
    'anndata-lzf-csc.h5ad',
    'anndata-lzf-dense.h5ad',
    'loom-lzf.loom',
    'anndata-float16-dense.h5ad',
    'anndata-float16-csr.h5ad',
    'loom-float16.loom',
  ])
    fixture(name, 'ok');
  // Damaged LZF streams exercise the plugin's bounds checks: it must fail the read or decode within the chunk, never
  // write outside it. (LZF has no checksum: a flipped literal byte reads as a different value, as in h5py.)
  const lzf = readFileSync(join(fixtures, 'anndata-lzf-csr.h5ad'));
  for (const chunk of expected.lzfChunks['anndata-lzf-csr.h5ad']) {
    for (const position of spread(chunk.size, 8).map((p) => chunk.offset + p)) {
      const name = `anndata-lzf-${chunk.dataset.replace('/', '-')}-flipped-byte-${position}.h5ad`;
      writeFileSync(join(dir, name), flipByte(lzf, position));
      add({ name, expect: 'either' });
    }
  }
  fixture('h5py-blosc.h5ad', 'error', '/X is compressed with the Blosc filter (HDF5 filter 32001)');
  fixture('h5py-zstd.h5ad', 'error', '/X is compressed with the Zstandard (zstd) filter (HDF5 filter 32015)');
  fixture('h5py-bitshuffle.h5ad', 'error', '/X is compressed with the bitshuffle filter (HDF5 filter 32008)');
  fixture('h5py-fletcher32-mismatch.h5ad', 'error', 'fail their Fletcher32 checksum');
  fixture(
    'h5py-fletcher32-mismatch-names.h5ad',
    'error',
    '/obs/_index could not be read: its stored values fail their Fletcher32 checksum',
  );
  fixture('h5py-1gib-chunk.h5ad', 'error', '/X is stored in chunks of 1.0 GB each');
  fixture('h5ad-declares-1e8-cells.h5ad', 'error', 'declares shape [100,000,00');
  fixture('loom-declares-1e6-by-1e6.loom', 'error', '/matrix declares shape [1,000,000, 1,000,000]');
  fixture('h5ad-uint64-index-2pow63.h5ad', 'error', '/X/indices holds 9223372036854775809 at position 4');

  // --- paths that are not files: opening a FIFO blocks until a writer comes, a device never ends ---
  if (process.platform !== 'win32') {
    const fifo = join(dir, 'fifo-named-like.h5ad');
    execFileSync('mkfifo', [fifo]);
    add({ name: 'fifo-named-like.h5ad', expect: 'error', mentions: 'is a named pipe (FIFO), not a data file' });
    add({ name: 'device-dev-zero', path: '/dev/zero', expect: 'error', mentions: 'is a device, not a data file', reportedFile: 'zero' });
  }
  return cases;
}

async function main(): Promise<void> {
  const dir = process.argv[2] ?? mkdtempSync(join(tmpdir(), 'pathreg-malformed-corpus-'));
  const cases = await generateMalformedCorpus(dir);
  const counts = { error: 0, ok: 0, either: 0 };
  for (const c of cases) counts[c.expect]++;
  writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases, null, 2));
  process.stdout.write(`${JSON.stringify({ folder: dir, cases: cases.length, ...counts })}\n`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
