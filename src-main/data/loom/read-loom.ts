/**
 * Loom (loompy) reader: /matrix is genes × cells; /row_attrs are per-gene columns, /col_attrs per-cell columns;
 * /layers holds extra matrices of the same shape. Loom has no categorical type, so text attributes with few
 * distinct values (≤ 100 and fewer than half the rows, e.g. "Media", "ClusterName") become categorical.
 */
import type { Dataset, DatasetSummary, MetadataColumn } from '../dataset.ts';
import { assembleDataset, makeNamesUnique, summarizeColumns } from '../assemble-dataset.ts';
import { H5File } from '../hdf5/h5-file.ts';
import { H5DenseMatrix } from '../hdf5/dense-matrix.ts';
import type { MatrixSource } from '../matrix-source.ts';
import { formatCount } from '../reader-error.ts';
import { detectValueKind } from '../value-kind.ts';

const ADVICE = 'write it again with loompy (loompy.create) or export it again from the tool that made it';
const GENE_NAME_ATTRS = ['Gene', 'gene', 'Genes', 'var_names', 'gene_names', 'Accession'];
const CELL_NAME_ATTRS = ['CellID', 'cell', 'Cell', 'obs_names', 'cell_names', 'CellId'];
const MAX_LEVELS = 100;

interface LoomShape {
  genes: number;
  cells: number;
}

function loomShape(file: H5File): LoomShape {
  if (file.kind('matrix') !== 'dataset')
    throw file.error('/matrix', `is missing (the genes × cells expression matrix): this is not a loom file or it is incomplete; ${ADVICE}`);
  const { shape } = file.info('matrix', 'the expression matrix');
  if (shape.length !== 2)
    throw file.corrupt('/matrix', `should be a 2-dimensional genes × cells matrix but has shape [${shape.join(', ')}]`);
  return { genes: shape[0], cells: shape[1] };
}

/** Attribute columns of /row_attrs or /col_attrs; 1-D only (2-D ones are embeddings, returned separately). */
function readAttributes(
  file: H5File,
  group: string,
  rows: number,
  withValues: boolean,
): { columns: MetadataColumn[]; summaries: DatasetSummary['obs']; matrices: string[] } {
  const columns: MetadataColumn[] = [];
  const summaries: DatasetSummary['obs'] = [];
  const matrices: string[] = [];
  if (file.kind(group) !== 'group') return { columns, summaries, matrices };
  const what = group === 'row_attrs' ? 'gene' : 'cell';
  for (const name of file.keys(group)) {
    const path = `${group}/${name}`;
    if (file.kind(path) !== 'dataset') continue;
    const info = file.info(path, `${what} attribute ${name}`);
    if (info.shape.length > 1) {
      matrices.push(name);
      continue;
    }
    const length = info.shape.length === 0 ? 1 : info.shape[0];
    if (length !== rows) {
      throw file.error(
        `/${path}`,
        `has ${formatCount(length)} entries but /matrix has ${formatCount(rows)} ${what}s: is the file truncated or were attributes added by hand? ${ADVICE}`,
      );
    }
    if (info.kind === 'string') {
      const values = file.readStrings(path, `${what} attribute ${name}`);
      const column = asCategoricalIfFewLevels(name, values);
      summaries.push(column.type === 'categorical' ? { name, type: 'categorical', levels: column.levels } : { name, type: 'string' });
      if (withValues) columns.push(column);
    } else if (info.kind === 'float' || info.kind === 'integer' || info.kind === 'boolean') {
      summaries.push({ name, type: info.kind === 'boolean' ? 'boolean' : 'numeric' });
      if (withValues) {
        const values = file.readNumbers(path, `${what} attribute ${name}`);
        columns.push(
          info.kind === 'boolean'
            ? { name, type: 'boolean', values: Uint8Array.from(values, (v) => (v ? 1 : 0)) }
            : { name, type: 'numeric', values: Float64Array.from(values) },
        );
      }
    }
  }
  return { columns, summaries, matrices };
}

function asCategoricalIfFewLevels(name: string, values: string[]): MetadataColumn {
  const levels: string[] = [];
  const codeOf = new Map<string, number>();
  for (const v of values) {
    if (!codeOf.has(v)) {
      codeOf.set(v, levels.length);
      levels.push(v);
      if (levels.length > MAX_LEVELS) return { name, type: 'string', values };
    }
  }
  if (levels.length * 2 > values.length) return { name, type: 'string', values };
  return { name, type: 'categorical', levels, codes: Int32Array.from(values, (v) => codeOf.get(v) ?? -1) };
}

function namesFrom(
  columns: MetadataColumn[],
  candidates: string[],
  count: number,
  prefix: string,
): { names: string[]; from: string | null } {
  for (const candidate of candidates) {
    const column = columns.find((c) => c.name === candidate);
    if (column?.type === 'string') return { names: column.values, from: candidate };
    if (column?.type === 'categorical') return { names: Array.from(column.codes, (c) => column.levels[c]), from: candidate };
  }
  return { names: Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`), from: null };
}

function layerNames(file: H5File, shape: LoomShape): string[] {
  if (file.kind('layers') !== 'group') return [];
  return file.keys('layers').filter((name) => {
    if (file.kind(`layers/${name}`) !== 'dataset') return false;
    const { shape: s } = file.info(`layers/${name}`, `layer ${name}`);
    if (s.length !== 2 || s[0] !== shape.genes || s[1] !== shape.cells) {
      throw file.error(
        `/layers/${name}`,
        `has shape [${s.join(', ')}] but /matrix is ${formatCount(shape.genes)} × ${formatCount(shape.cells)}: every loom layer must match /matrix; ${ADVICE}`,
      );
    }
    return true;
  });
}

function buildSummary(
  file: H5File,
  matrix: MatrixSource,
  shape: LoomShape,
  obs: DatasetSummary['obs'],
  vars: DatasetSummary['var'],
  obsm: string[],
  notes: string[],
): DatasetSummary {
  const verdict = detectValueKind(matrix.sampleValues(20_000), '/matrix');
  return {
    format: 'loom',
    path: file.path,
    cells: shape.cells,
    genes: shape.genes,
    sparsity: null,
    valueKind: verdict.valueKind,
    valueKindReason: verdict.reason,
    obs,
    var: vars,
    layers: layerNames(file, shape),
    obsm,
    notes,
  };
}

export async function inspectLoom(path: string): Promise<DatasetSummary> {
  const file = await H5File.open(path, ADVICE);
  try {
    const shape = loomShape(file);
    const matrix = new H5DenseMatrix(file, 'matrix', 'genes-by-cells', shape.cells, shape.genes);
    const cols = readAttributes(file, 'col_attrs', shape.cells, false);
    const rows = readAttributes(file, 'row_attrs', shape.genes, false);
    // The name attributes (CellID, Gene) become the cell and gene names, not metadata columns, as in openLoom.
    const cellNameAttr = CELL_NAME_ATTRS.find((n) =>
      cols.summaries.some((c) => c.name === n && c.type !== 'numeric' && c.type !== 'boolean'),
    );
    const geneNameAttr = GENE_NAME_ATTRS.find((n) =>
      rows.summaries.some((c) => c.name === n && c.type !== 'numeric' && c.type !== 'boolean'),
    );
    return buildSummary(
      file,
      matrix,
      shape,
      cols.summaries.filter((c) => c.name !== cellNameAttr),
      rows.summaries.filter((c) => c.name !== geneNameAttr),
      cols.matrices,
      [],
    );
  } finally {
    file.close();
  }
}

export async function openLoom(path: string): Promise<Dataset> {
  const file = await H5File.open(path, ADVICE);
  try {
    const shape = loomShape(file);
    const matrix = new H5DenseMatrix(file, 'matrix', 'genes-by-cells', shape.cells, shape.genes);
    const cols = readAttributes(file, 'col_attrs', shape.cells, true);
    const rows = readAttributes(file, 'row_attrs', shape.genes, true);
    const notes: string[] = [];
    const cellNames = namesFrom(cols.columns, CELL_NAME_ATTRS, shape.cells, 'cell_');
    const geneNames = namesFrom(rows.columns, GENE_NAME_ATTRS, shape.genes, 'gene_');
    if (!cellNames.from) notes.push('no cell name attribute (CellID) in /col_attrs: cells are named cell_1, cell_2, …');
    if (!geneNames.from) notes.push('no gene name attribute (Gene) in /row_attrs: genes are named gene_1, gene_2, …');
    const unique = makeNamesUnique(geneNames.names);
    if (unique.renamed > 0)
      notes.push(`${unique.renamed} duplicated gene names were made unique by adding -1, -2, … (e.g. ${unique.examples.join(', ')})`);
    const obs = cols.columns.filter((c) => c.name !== cellNames.from);
    const vars = rows.columns.filter((c) => c.name !== geneNames.from);
    const layers = new Map<string, MatrixSource>();
    const identity = (requested: number[]) => requested;
    return await assembleDataset({
      summary: buildSummary(file, matrix, shape, summarizeColumns(obs), summarizeColumns(vars), cols.matrices, notes),
      sourcePaths: [path],
      cellNames: cellNames.names,
      geneNames: unique.names,
      obs,
      var: vars,
      matrixFor(layer) {
        if (layer === undefined) return { source: matrix, geneIndices: identity };
        let source = layers.get(layer);
        if (!source) {
          source = new H5DenseMatrix(file, `layers/${layer}`, 'genes-by-cells', shape.cells, shape.genes);
          layers.set(layer, source);
        }
        return { source, geneIndices: identity };
      },
      close: () => file.close(),
    });
  } catch (error) {
    file.close();
    throw error;
  }
}
