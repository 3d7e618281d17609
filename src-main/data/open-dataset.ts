/**
 * One entry point for every input the app reads: detects the format from the file's content (HDF5 signature and
 * layout, gzip/text) and its name, then dispatches to the reader. Run it in the reader worker (reader-worker.ts),
 * never on the UI or Electron main thread.
 */
import { closeSync, openSync, readSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { Dataset, DatasetFormat, DatasetSummary } from './dataset.ts';
import { DataFileError } from './reader-error.ts';
import { requireRegularFile } from './regular-file.ts';
import { openablePath } from './openable-path.ts';
import { isGzipFile } from './text-lines.ts';
import { H5File } from './hdf5/h5-file.ts';
import { inspectH5ad, openH5ad } from './h5ad/read-h5ad.ts';
import { inspectLoom, openLoom } from './loom/read-loom.ts';
import { inspectTenxH5, looksLikeTenxH5, openTenxH5 } from './tenx/read-tenx-h5.ts';
import { openTenxFolder } from './tenx/read-tenx-mtx.ts';
import { inspectTenxFolder } from './tenx/inspect-tenx-folder.ts';
import { openCsv, type TableOrientation } from './csv/read-csv.ts';
import { inspectCsv } from './csv/inspect-csv.ts';
import { readBeelineFolder } from './beeline/read-beeline.ts';
import { readTrajectoryTablesDataset } from './paper-tables/trajectory-tables-dataset.ts';

export interface OpenDatasetOptions {
  /** Skips detection (e.g. `--format csv`). */
  format?: DatasetFormat;
  /** CSV/TSV only: overrides the detected orientation. */
  orientation?: TableOrientation;
}

export const DATASET_FORMATS: DatasetFormat[] = ['h5ad', '10x-mtx', '10x-h5', 'loom', 'csv', 'pathreg-tables', 'beeline'];

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);
const PAPER_TABLE_NAME = /_norm\.(tsv|csv|txt)(\.gz)?$/i;

/** HDF5 files start with the signature at 0, or after a user block at 512, 1024, 2048, … bytes. */
function hasHdf5Signature(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const size = statSync(path).size;
    const buffer = Buffer.alloc(8);
    for (let offset = 0; offset + 8 <= size && offset <= 1 << 20; offset = offset === 0 ? 512 : offset * 2) {
      if (readSync(fd, buffer, 0, 8, offset) === 8 && buffer.equals(HDF5_SIGNATURE)) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}

/** Looks like text: no NUL bytes and mostly printable in the first 4 KB. */
function looksLikeText(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const n = readSync(fd, buffer, 0, buffer.length, 0);
    let odd = 0;
    for (let i = 0; i < n; i++) {
      const b = buffer[i];
      if (b === 0) return false;
      if (b < 9 || (b > 13 && b < 32)) odd++;
    }
    return odd * 20 < Math.max(1, n);
  } finally {
    closeSync(fd);
  }
}

/** Which reader a path needs, from its content first and its name second. */
export async function detectFormat(path: string): Promise<DatasetFormat> {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new DataFileError(
      path,
      '',
      `cannot be found or read at ${JSON.stringify(path)}: check the path and that you have permission to read it`,
    );
  }
  requireRegularFile(path, stats, true);
  if (stats.isDirectory()) {
    const names = readdirSync(path);
    // Any of the three 10x files marks a 10x folder, so a missing one is reported by name.
    if (names.some((n) => /^(matrix\.mtx|barcodes\.tsv|features\.tsv|genes\.tsv)(\.gz)?$/.test(n))) return '10x-mtx';
    if (names.includes('ExpressionData.csv')) return 'beeline';
    if (names.some((n) => PAPER_TABLE_NAME.test(n))) return 'pathreg-tables';
    throw new DataFileError(
      path,
      '',
      "is a folder without a recognised data set: expected a 10x folder (matrix.mtx, barcodes.tsv, features.tsv), a BEELINE folder (ExpressionData.csv, PseudoTime.csv) or the paper's trajectory tables (LINEAGE_DONOR_norm.tsv.gz); choose the file itself for h5ad, loom, 10x .h5 or CSV",
    );
  }
  if (stats.size === 0)
    throw new DataFileError(path, '', 'is empty (0 bytes): it was probably not written completely; save or copy it again');
  const name = basename(path);
  if (hasHdf5Signature(path)) {
    const file = await H5File.open(path, 'export it again');
    try {
      if (file.kind('matrix') === 'dataset') return 'loom';
      if (looksLikeTenxH5(file)) return '10x-h5';
      if (file.kind('X') !== null || file.kind('obs') !== null) return 'h5ad';
      // The layout was not recognised, maybe because the very element that marks it is damaged: trust the name, so
      // the reader reports which element is wrong.
      if (/\.h5ad$/i.test(name)) return 'h5ad';
      if (/\.loom$/i.test(name)) return 'loom';
      if (/\.h5$/i.test(name) && file.kind('matrix') !== null) return '10x-h5';
      const top = file.keys('/');
      throw file.error(
        '/',
        `is an HDF5 file but not an AnnData (.h5ad), loom or 10x .h5 file (top-level entries: ${top.slice(0, 8).join(', ') || 'none'}): export the data from scanpy, loompy or Cell Ranger`,
      );
    } finally {
      file.close();
    }
  }
  if (/\.(h5ad|loom|h5|hdf5)$/i.test(name)) {
    throw new DataFileError(
      path,
      '',
      `is named like an HDF5 file but does not start with the HDF5 signature: the file is damaged or incomplete; copy or export it again`,
    );
  }
  if (/^matrix\.mtx(\.gz)?$/i.test(name)) return '10x-mtx';
  if (name === 'ExpressionData.csv' || name === 'PseudoTime.csv') return 'beeline';
  if (PAPER_TABLE_NAME.test(name)) return 'pathreg-tables';
  if (isGzipFile(path) || looksLikeText(path)) return 'csv';
  throw new DataFileError(path, '', 'is not a format this app reads: use h5ad, loom, a 10x folder or .h5, or a CSV/TSV table');
}

/** Opens any supported input as a Dataset. */
export async function openDataset(path: string, options: OpenDatasetOptions = {}): Promise<Dataset> {
  path = openablePath(path);
  const format = options.format ?? (await detectFormat(path));
  switch (format) {
    case 'h5ad':
      return openH5ad(path);
    case 'loom':
      return openLoom(path);
    case '10x-h5':
      return openTenxH5(path);
    case '10x-mtx':
      return openTenxFolder(path);
    case 'csv':
      return openCsv(path, { orientation: options.orientation });
    case 'beeline':
      return (await readBeelineFolder(statSync(path).isDirectory() ? path : dirname(path))).dataset;
    case 'pathreg-tables':
      return readTrajectoryTablesDataset(path);
  }
}

/**
 * The summary. HDF5 formats answer without reading names or the matrix; a 10x folder from its size line, names and
 * first entries; a CSV/TSV table from one streaming pass that keeps per-column statistics only.
 */
export async function inspectDataset(path: string, options: OpenDatasetOptions = {}): Promise<DatasetSummary> {
  path = openablePath(path);
  const format = options.format ?? (await detectFormat(path));
  switch (format) {
    case 'h5ad':
      return inspectH5ad(path);
    case 'loom':
      return inspectLoom(path);
    case '10x-h5':
      return inspectTenxH5(path);
    case '10x-mtx':
      return inspectTenxFolder(path);
    case 'csv':
      return inspectCsv(path, { orientation: options.orientation });
    default: {
      const dataset = await openDataset(path, { ...options, format });
      dataset.close();
      return dataset.summary;
    }
  }
}
