/**
 * 10x Genomics HDF5 (.h5) from Cell Ranger: v3 layout (/matrix with features/{id,name,feature_type}) and v2 layout
 * (one group per genome with genes, gene_names). Both store genes × cells CSC, i.e. one indptr entry per cell, which
 * is read like a cells × genes CSR. Only Gene Expression features are kept when several feature types exist.
 */
import type { Dataset, DatasetSummary, MetadataColumn } from '../dataset.ts';
import { assembleDataset, makeNamesUnique, sparsityFromStored, summarizeColumns } from '../assemble-dataset.ts';
import { H5File } from '../hdf5/h5-file.ts';
import { H5CompressedMatrix } from '../hdf5/compressed-matrix.ts';
import { formatCount } from '../reader-error.ts';
import { detectValueKind } from '../value-kind.ts';

const ADVICE = 'copy filtered_feature_bc_matrix.h5 again from the Cell Ranger output';

interface TenxH5Layout {
  group: string;
  version: 2 | 3;
  ids: string[];
  names: string[];
  types: string[] | null;
  barcodes: string[];
  matrix: H5CompressedMatrix;
  notes: string[];
}

/** True when an HDF5 file looks like a 10x matrix (used by format detection). */
export function looksLikeTenxH5(file: H5File): boolean {
  if (file.kind('matrix') === 'group' && file.kind('matrix/indptr') === 'dataset') return true;
  return file
    .keys('/')
    .some((g) => file.kind(g) === 'group' && file.kind(`${g}/indptr`) === 'dataset' && file.kind(`${g}/genes`) === 'dataset');
}

function readLayout(file: H5File, withNames: boolean): TenxH5Layout {
  let genomeNote: string | null = null;
  let group: string;
  let version: 2 | 3;
  if (file.kind('matrix') === 'group') {
    group = 'matrix';
    version = 3;
  } else {
    const genomes = file.keys('/').filter((g) => file.kind(g) === 'group' && file.kind(`${g}/genes`) === 'dataset');
    if (genomes.length === 0)
      throw file.error(
        '/matrix',
        `is missing, and no genome group (the v2 layout) was found either: this is not a 10x matrix file; ${ADVICE}`,
      );
    // Multi-genome v2 files (e.g. hg19 and mm10 mixes) hold one matrix per genome; the first one is read.
    group = genomes[0];
    version = 2;
    if (genomes.length > 1) genomeNote = `read genome "${group}" of ${genomes.length} (${genomes.join(', ')})`;
  }
  const shape = file.readNumbers(`${group}/shape`, 'the matrix shape (genes, cells)');
  if (shape.length !== 2) throw file.corrupt(`/${group}/shape`, `should hold two numbers (genes, cells) but holds ${shape.length}`);
  const [genes, cells] = [Number(shape[0]), Number(shape[1])];
  const featureIds = version === 3 ? `${group}/features/id` : `${group}/genes`;
  const featureNames = version === 3 ? `${group}/features/name` : `${group}/gene_names`;
  const idCount = file.length(featureIds, 'feature ids');
  if (idCount !== genes)
    throw file.error(
      `/${featureIds}`,
      `lists ${formatCount(idCount)} features but /${group}/shape says ${formatCount(genes)} genes: the file is damaged; ${ADVICE}`,
    );
  const barcodeCount = file.length(`${group}/barcodes`, 'cell barcodes');
  if (barcodeCount !== cells)
    throw file.error(
      `/${group}/barcodes`,
      `lists ${formatCount(barcodeCount)} barcodes but /${group}/shape says ${formatCount(cells)} cells: the file is damaged; ${ADVICE}`,
    );
  const matrix = new H5CompressedMatrix(file, { group, major: 'cells', cells, genes });
  const hasTypes = version === 3 && file.kind(`${group}/features/feature_type`) === 'dataset';
  return {
    group,
    version,
    ids: withNames || hasTypes ? file.readStrings(featureIds, 'feature ids') : [],
    names: withNames ? file.readStrings(featureNames, 'gene names') : [],
    types: hasTypes ? file.readStrings(`${group}/features/feature_type`, 'feature types') : null,
    barcodes: withNames ? file.readStrings(`${group}/barcodes`, 'cell barcodes') : [],
    matrix,
    notes: genomeNote ? [genomeNote] : [],
  };
}

function geneExpressionRows(file: H5File, layout: TenxH5Layout, notes: string[]): number[] {
  let keep = Array.from({ length: layout.matrix.genes }, (_, i) => i);
  if (layout.types) {
    const distinct = [...new Set(layout.types)];
    // Filter whenever anything but Gene Expression is present: a file of antibody counts alone must not be trained
    // on as if the antibodies were genes.
    if (distinct.some((t) => t !== 'Gene Expression')) {
      keep = keep.filter((i) => layout.types?.[i] === 'Gene Expression');
      if (keep.length === 0)
        throw file.error(
          `/${layout.group}/features/feature_type`,
          `has no "Gene Expression" features (types: ${distinct.join(', ')}): this app needs gene expression; use the Gene Expression matrix Cell Ranger wrote (filtered_feature_bc_matrix.h5)`,
        );
      notes.push(
        `kept the ${formatCount(keep.length)} Gene Expression features of ${formatCount(layout.matrix.genes)} (also present: ${distinct.filter((t) => t !== 'Gene Expression').join(', ')})`,
      );
    }
  }
  return keep;
}

function summarize(file: H5File, layout: TenxH5Layout, keep: number[], vars: DatasetSummary['var'], notes: string[]): DatasetSummary {
  const verdict = detectValueKind(layout.matrix.sampleValues(20_000), `/${layout.group}/data`);
  return {
    format: '10x-h5',
    path: file.path,
    cells: layout.matrix.cells,
    genes: keep.length,
    sparsity:
      keep.length === layout.matrix.genes
        ? sparsityFromStored(layout.matrix.storedEntries, layout.matrix.cells, layout.matrix.genes)
        : null,
    valueKind: verdict.valueKind,
    valueKindReason: verdict.reason,
    obs: [],
    var: vars,
    layers: [],
    notes: [`10x HDF5 layout v${layout.version}`, ...layout.notes, ...notes],
  };
}

export async function inspectTenxH5(path: string): Promise<DatasetSummary> {
  const file = await H5File.open(path, ADVICE);
  try {
    const layout = readLayout(file, false);
    const notes: string[] = [];
    const keep = geneExpressionRows(file, layout, notes);
    const vars: DatasetSummary['var'] = [{ name: 'gene_ids', type: 'string' }];
    if (layout.types) vars.push({ name: 'feature_types', type: 'string' });
    return summarize(file, layout, keep, vars, notes);
  } finally {
    file.close();
  }
}

export async function openTenxH5(path: string): Promise<Dataset> {
  const file = await H5File.open(path, ADVICE);
  try {
    const layout = readLayout(file, true);
    const notes: string[] = [];
    const keep = geneExpressionRows(file, layout, notes);
    const unique = makeNamesUnique(keep.map((i) => layout.names[i]));
    if (unique.renamed > 0)
      notes.push(
        `${unique.renamed} duplicated gene symbols were made unique by adding -1, -2, … (e.g. ${unique.examples.join(', ')}), as scanpy does`,
      );
    const varColumns: MetadataColumn[] = [{ name: 'gene_ids', type: 'string', values: keep.map((i) => layout.ids[i]) }];
    if (layout.types) varColumns.push({ name: 'feature_types', type: 'string', values: keep.map((i) => layout.types?.[i] ?? '') });
    return await assembleDataset({
      summary: summarize(file, layout, keep, summarizeColumns(varColumns), notes),
      sourcePaths: [path],
      cellNames: layout.barcodes,
      geneNames: unique.names,
      obs: [],
      var: varColumns,
      matrixFor: () => ({ source: layout.matrix, geneIndices: (requested) => requested.map((g) => keep[g]) }),
      close: () => file.close(),
    });
  } catch (error) {
    file.close();
    throw error;
  }
}
