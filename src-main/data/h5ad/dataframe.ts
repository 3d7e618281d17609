/**
 * Reads an anndata dataframe group (obs, var, raw/var) in every encoding anndata has written since 0.7:
 * - 0.8+: `encoding-type` attributes; categoricals are groups {codes, categories}; nullable-integer/boolean/string
 *   are groups {values, mask};
 * - 0.7: categoricals are integer code datasets whose categories live in `<df>/__categories/<column>`;
 * - older writers that kept categories in `uns/<column>_categories`.
 */
import type { MetadataColumn, MetadataColumnSummary } from '../dataset.ts';
import { formatCount } from '../reader-error.ts';
import type { H5File } from '../hdf5/h5-file.ts';

export interface DataframeContents {
  index: string[];
  /** Name of the index column as anndata stores it (`_index`, or e.g. `gene_ids`). */
  indexName: string;
  columns: MetadataColumn[];
}

/** What the columns are without reading their values (only category levels are read). */
export function readDataframeSchema(
  file: H5File,
  group: string,
  rows: number | null,
  what: string,
): { length: number; columns: MetadataColumnSummary[] } {
  const { indexPath } = locateIndex(file, group, what);
  const length = file.length(indexPath, `the ${what} names`);
  if (rows !== null && length !== rows) throw lengthMismatch(file, indexPath, length, rows, what);
  const columns = columnNames(file, group).map((name) => readColumn(file, group, name, length, false));
  return { length, columns: columns.map(({ name, type, levels }) => (levels ? { name, type, levels } : { name, type })) };
}

/** The index and every column, with values. */
export function readDataframe(file: H5File, group: string, what: string): DataframeContents {
  const { indexPath, indexName } = locateIndex(file, group, what);
  const index = readIndex(file, indexPath, what);
  const columns: MetadataColumn[] = [];
  for (const name of columnNames(file, group)) {
    const column = readColumn(file, group, name, index.length, true).column;
    if (column) columns.push(column);
  }
  return { index, indexName, columns };
}

function locateIndex(file: H5File, group: string, what: string): { indexPath: string; indexName: string } {
  const kind = file.kind(group);
  if (kind === null) throw file.error(`/${group}`, `is missing (the ${what} table): the file is incomplete; ${file.advice}`);
  if (kind === 'dataset') {
    throw file.error(
      `/${group}`,
      `is stored as a single table, the layout of anndata older than 0.7, which this app does not read: open it in Python with anndata and save it again with adata.write_h5ad(...)`,
    );
  }
  const indexName = file.attrString(group, '_index') ?? '_index';
  const indexPath = `${group}/${indexName}`;
  if (file.kind(indexPath) !== 'dataset') {
    throw file.error(
      `/${indexPath}`,
      `is missing (the ${what} names that attribute _index points to): the file is incomplete; ${file.advice}`,
    );
  }
  return { indexPath, indexName };
}

function readIndex(file: H5File, indexPath: string, what: string): string[] {
  const info = file.info(indexPath, `the ${what} names`);
  if (info.kind === 'string') return file.readStrings(indexPath, `the ${what} names`);
  // Some writers store an integer index (0, 1, 2, …); names are then those numbers as text, as pandas shows them.
  return Array.from(file.readNumbers(indexPath, `the ${what} names`), (v) => String(v));
}

/** Columns in anndata's `column-order`, else every member except the index and helper groups. */
function columnNames(file: H5File, group: string): string[] {
  const order = file.attrStrings(group, 'column-order');
  const indexName = file.attrString(group, '_index') ?? '_index';
  if (order) return order.filter((n) => n.length > 0);
  return file.keys(group).filter((n) => n !== indexName && n !== '__categories');
}

interface ColumnResult {
  name: string;
  type: MetadataColumn['type'];
  levels?: string[];
  column: MetadataColumn | null;
}

function readColumn(file: H5File, group: string, name: string, rows: number, withValues: boolean): ColumnResult {
  const path = `${group}/${name}`;
  const kind = file.kind(path);
  if (kind === null)
    throw file.error(`/${path}`, `is listed in /${group}'s column-order but missing: the file is incomplete; ${file.advice}`);
  const encoding = file.attrString(path, 'encoding-type');
  if (kind === 'group') {
    if (encoding === 'categorical') {
      const levels = readLevels(file, `${path}/categories`);
      return categorical(file, name, `${path}/codes`, levels, rows, withValues);
    }
    if (encoding === 'nullable-integer' || encoding === 'nullable-boolean' || encoding === 'nullable-string-array') {
      return nullable(file, name, path, encoding, rows, withValues);
    }
    throw file.error(
      `/${path}`,
      `uses the encoding "${encoding ?? 'none'}", which this app cannot read as a ${group} column: convert it to a plain, categorical or numeric column in anndata and save again`,
    );
  }
  if (kind !== 'dataset') throw file.corrupt(`/${path}`, 'is neither a dataset nor a group');
  // anndata 0.7 wrote categories next to the table and referenced them from the codes' "categories" attribute.
  const oldCategories = `${group}/__categories/${name}`;
  if (file.kind(oldCategories) === 'dataset') return categorical(file, name, path, readLevels(file, oldCategories), rows, withValues);
  const unsCategories = `uns/${name}_categories`;
  if (file.kind(unsCategories) === 'dataset' && file.info(path, `column ${name}`).kind === 'integer') {
    return categorical(file, name, path, readLevels(file, unsCategories), rows, withValues);
  }
  const info = file.info(path, `column ${name}`);
  if (info.shape.length > 1) throw file.corrupt(`/${path}`, `should be one value per row but has shape [${info.shape.join(', ')}]`);
  const length = info.shape.length === 0 ? 1 : info.shape[0];
  if (length !== rows) throw lengthMismatch(file, path, length, rows, group === 'var' || group === 'raw/var' ? 'gene' : 'cell');
  if (info.kind === 'string') {
    return { name, type: 'string', column: withValues ? { name, type: 'string', values: file.readStrings(path, `column ${name}`) } : null };
  }
  if (info.kind === 'boolean') {
    return {
      name,
      type: 'boolean',
      column: withValues
        ? { name, type: 'boolean', values: Uint8Array.from(file.readNumbers(path, `column ${name}`), (v) => (v ? 1 : 0)) }
        : null,
    };
  }
  if (info.kind === 'float' || info.kind === 'integer') {
    return {
      name,
      type: 'numeric',
      column: withValues ? { name, type: 'numeric', values: Float64Array.from(file.readNumbers(path, `column ${name}`)) } : null,
    };
  }
  throw file.error(
    `/${path}`,
    `holds a type this app cannot read (${info.kind}): convert the column to numbers, text or categories in anndata and save again`,
  );
}

function readLevels(file: H5File, path: string): string[] {
  const info = file.info(path, 'category names');
  if (info.kind === 'string') return file.readStrings(path, 'category names');
  // Numeric or boolean categories (e.g. State 1, 2, 3 stored as numbers) are named by their text form.
  return Array.from(file.readNumbers(path, 'category names'), (v) => (info.kind === 'boolean' ? (v ? 'True' : 'False') : String(v)));
}

function categorical(file: H5File, name: string, codesPath: string, levels: string[], rows: number, withValues: boolean): ColumnResult {
  const info = file.info(codesPath, `category codes of ${name}`);
  if (info.kind !== 'integer') throw file.corrupt(`/${codesPath}`, `should hold integer category codes but holds ${info.kind} values`);
  const length = info.shape.length === 0 ? 1 : info.shape[0];
  if (length !== rows)
    throw lengthMismatch(file, codesPath, length, rows, codesPath.startsWith('var') || codesPath.startsWith('raw/var') ? 'gene' : 'cell');
  if (!withValues) return { name, type: 'categorical', levels, column: null };
  const raw = file.readNumbers(codesPath, `category codes of ${name}`);
  const codes = new Int32Array(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const code = raw[i];
    if (code < -1 || code >= levels.length) {
      throw file.corrupt(
        `/${codesPath}`,
        `holds code ${code} at row ${formatCount(i + 1)}, but column "${name}" has ${levels.length} categories (valid codes 0 to ${levels.length - 1}, or −1 for missing)`,
      );
    }
    codes[i] = code;
  }
  return { name, type: 'categorical', levels, column: { name, type: 'categorical', codes, levels } };
}

function nullable(file: H5File, name: string, path: string, encoding: string, rows: number, withValues: boolean): ColumnResult {
  const valuesPath = `${path}/values`;
  const maskPath = `${path}/mask`;
  const length = file.length(valuesPath, `values of ${name}`);
  if (length !== rows) throw lengthMismatch(file, valuesPath, length, rows, path.startsWith('var') ? 'gene' : 'cell');
  if (file.length(maskPath, `missing-value mask of ${name}`) !== rows)
    throw lengthMismatch(file, maskPath, file.length(maskPath, 'mask'), rows, 'row');
  if (encoding === 'nullable-string-array') {
    if (!withValues) return { name, type: 'string', column: null };
    const values = file.readStrings(valuesPath, `values of ${name}`);
    const mask = file.readNumbers(maskPath, `missing-value mask of ${name}`);
    return { name, type: 'string', column: { name, type: 'string', values: values.map((v, i) => (mask[i] ? '' : v)) } };
  }
  if (encoding === 'nullable-boolean') {
    // A boolean with missing entries has three states, so it becomes a categorical with −1 for missing.
    const levels = ['False', 'True'];
    if (!withValues) return { name, type: 'categorical', levels, column: null };
    const values = file.readNumbers(valuesPath, `values of ${name}`);
    const mask = file.readNumbers(maskPath, `missing-value mask of ${name}`);
    const codes = Int32Array.from(values, (v, i) => (mask[i] ? -1 : v ? 1 : 0));
    return { name, type: 'categorical', levels, column: { name, type: 'categorical', codes, levels } };
  }
  if (!withValues) return { name, type: 'numeric', column: null };
  const values = file.readNumbers(valuesPath, `values of ${name}`);
  const mask = file.readNumbers(maskPath, `missing-value mask of ${name}`);
  return { name, type: 'numeric', column: { name, type: 'numeric', values: Float64Array.from(values, (v, i) => (mask[i] ? NaN : v)) } };
}

function lengthMismatch(file: H5File, path: string, length: number, rows: number, what: string) {
  return file.error(
    `/${path}`,
    `has ${formatCount(length)} entries but there are ${formatCount(rows)} ${what}s: is the file truncated or edited by hand? ${capitalize(file.advice)}`,
  );
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
