/**
 * Writes the large benchmark file: a 100,000-cell × 30,000-gene CSR h5ad of UMI-like counts, about 93 % zeros
 * (≈ 210 M stored values, ≈ 1.7 GB), from a fixed seed.
 *
 *   npx tsx scripts/generate-large-h5ad.ts [PATH] [--cells N] [--genes N] [--seed N]
 *   (default PATH: /tmp/pathreg-large-100000x30000.h5ad)
 *
 * Realism where it matters for reading: genes differ a lot in how often they are detected (log-normal detection
 * rates, as in droplet data), cells differ in depth (log-normal library size), counts are small integers stored as
 * float32 as scanpy writes them, and obs/var carry the usual columns. Written block by block so memory stays small.
 */
import { statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { SeededRandom } from '../src-main/engine/model/random.ts';
import { loadH5wasm } from '../src-main/data/hdf5/h5wasm-loader.ts';
import { optionNumber, positionalArguments } from './command-line-options.ts';

export interface LargeH5adOptions {
  path: string;
  cells: number;
  genes: number;
  seed: number;
  /** Target share of non-zero entries (0.07 ⇒ 93 % sparsity). */
  density: number;
}

/** Cells per block appended to the datasets. */
const BLOCK_CELLS = 2_000;

export async function generateLargeH5ad(options: LargeH5adOptions): Promise<{ nnz: number }> {
  const { cells, genes, seed, density } = options;
  const random = new SeededRandom(seed);
  // Gene detection weights: log-normal, so a few genes are in most cells and most genes in few.
  const weights = new Float64Array(genes);
  for (let g = 0; g < genes; g++) weights[g] = Math.exp(1.5 * random.normal());
  const cumulative = new Float64Array(genes);
  let total = 0;
  for (let g = 0; g < genes; g++) {
    total += weights[g];
    cumulative[g] = total;
  }
  const meanCount = new Float64Array(genes);
  for (let g = 0; g < genes; g++) meanCount[g] = 0.5 + (3 * weights[g]) / (total / genes);

  const h5 = await loadH5wasm();
  const file = new h5.File(options.path, 'w');
  try {
    file.create_attribute('encoding-type', 'anndata');
    file.create_attribute('encoding-version', '0.1.0');
    const X = file.create_group('X');
    X.create_attribute('encoding-type', 'csr_matrix');
    X.create_attribute('encoding-version', '0.1.0');
    X.create_attribute('shape', BigInt64Array.of(BigInt(cells), BigInt(genes)));
    const chunk = 1 << 18;
    const data = X.create_dataset({ name: 'data', data: new Float32Array(0), shape: [0], maxshape: [null], chunks: [chunk] });
    const indices = X.create_dataset({ name: 'indices', data: new Int32Array(0), shape: [0], maxshape: [null], chunks: [chunk] });
    const indptr = new BigInt64Array(cells + 1);
    const targetPerCell = density * genes;
    let nnz = 0;
    const picked = new Int32Array(genes);
    const mark = new Uint8Array(genes);
    for (let start = 0; start < cells; start += BLOCK_CELLS) {
      const end = Math.min(cells, start + BLOCK_CELLS);
      const blockIndices: number[] = [];
      const blockData: number[] = [];
      for (let c = start; c < end; c++) {
        // Library size: log-normal around the target. Weighted draws collide on frequent genes (about 1 in 5), so 25 %
        // more draws than the target give cells that are 93 % sparse on average.
        const depth = Math.exp(0.5 * random.normal() - 0.125);
        const draws = Math.min(genes, Math.round(targetPerCell * depth * 1.25));
        let k = 0;
        for (let d = 0; d < draws; d++) {
          const u = random.uniform() * total;
          let lo = 0;
          let hi = genes - 1;
          while (lo < hi) {
            const mid = (lo + hi) >> 1;
            if (cumulative[mid] < u) lo = mid + 1;
            else hi = mid;
          }
          if (!mark[lo]) {
            mark[lo] = 1;
            picked[k++] = lo;
          }
        }
        const row = picked.subarray(0, k).sort();
        for (let i = 0; i < k; i++) {
          const g = row[i];
          mark[g] = 0;
          blockIndices.push(g);
          // Counts: 1 + geometric with the gene's mean, as small integers.
          blockData.push(1 + Math.floor(-Math.log(1 - random.uniform()) * meanCount[g] * depth));
        }
        nnz += k;
        indptr[c + 1] = BigInt(nnz);
      }
      const from = nnz - blockData.length;
      data.resize([nnz]);
      indices.resize([nnz]);
      data.write_slice([[from, nnz]], Float32Array.from(blockData));
      indices.write_slice([[from, nnz]], Int32Array.from(blockIndices));
    }
    X.create_dataset({ name: 'indptr', data: indptr });

    const obs = file.create_group('obs');
    obs.create_attribute('encoding-type', 'dataframe');
    obs.create_attribute('encoding-version', '0.2.0');
    obs.create_attribute('_index', '_index');
    obs.create_attribute('column-order', ['n_counts', 'batch', 'dpt_pseudotime']);
    obs.create_dataset({ name: '_index', data: Array.from({ length: cells }, (_, i) => `cell_${i}`) });
    const counts = new Float64Array(cells);
    for (let c = 0; c < cells; c++) counts[c] = Number(indptr[c + 1] - indptr[c]);
    obs.create_dataset({ name: 'n_counts', data: counts });
    const batch = obs.create_group('batch');
    batch.create_attribute('encoding-type', 'categorical');
    batch.create_attribute('encoding-version', '0.2.0');
    batch.create_attribute('ordered', 0);
    batch.create_dataset({ name: 'codes', data: Int8Array.from({ length: cells }, (_, i) => i % 4) });
    batch.create_dataset({ name: 'categories', data: ['day0', 'day2', 'day4', 'day7'] });
    obs.create_dataset({ name: 'dpt_pseudotime', data: Float64Array.from({ length: cells }, (_, i) => i / cells) });
    const vars = file.create_group('var');
    vars.create_attribute('encoding-type', 'dataframe');
    vars.create_attribute('encoding-version', '0.2.0');
    vars.create_attribute('_index', '_index');
    vars.create_attribute('column-order', ['gene_ids']);
    vars.create_dataset({ name: '_index', data: Array.from({ length: genes }, (_, i) => `Gene${i}`) });
    vars.create_dataset({ name: 'gene_ids', data: Array.from({ length: genes }, (_, i) => `ENSG${String(i).padStart(11, '0')}`) });
    for (const group of ['uns', 'layers', 'obsm', 'varm', 'obsp', 'varp']) file.create_group(group);
    return { nnz };
  } finally {
    file.close();
  }
}

async function main(): Promise<void> {
  const cells = optionNumber('cells', 100_000);
  const genes = optionNumber('genes', 30_000);
  const path = positionalArguments()[0] ?? `/tmp/pathreg-large-${cells}x${genes}.h5ad`;
  const started = performance.now();
  const { nnz } = await generateLargeH5ad({ path, cells, genes, seed: optionNumber('seed', 20221128), density: 0.07 });
  const bytes = statSync(path).size;
  process.stdout.write(
    `${JSON.stringify({ path, cells, genes, nnz, sparsity: 1 - nnz / (cells * genes), bytes, seconds: Number(((performance.now() - started) / 1000).toFixed(1)) })}\n`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
