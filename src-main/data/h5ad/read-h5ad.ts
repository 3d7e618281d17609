/**
 * AnnData (.h5ad) reader: summary without touching the matrix values (beyond a small sample), and a Dataset whose
 * readGenes reads only the requested genes from X, raw/X or a layer.
 */
import type { Dataset, DatasetSummary } from '../dataset.ts';
import { assembleDataset, makeNamesUnique, sparsityFromStored, summarizeColumns } from '../assemble-dataset.ts';
import { detectValueKind } from '../value-kind.ts';
import { H5File } from '../hdf5/h5-file.ts';
import type { MatrixSource } from '../matrix-source.ts';
import { DataFileError } from '../reader-error.ts';
import { readDataframe, readDataframeSchema } from './dataframe.ts';
import { describeMatrixElement, openMatrixElement } from './matrix-element.ts';

const ADVICE = 're-export it from scanpy/anndata (adata.write_h5ad)';
/** Values sampled for the value-kind verdict: enough to be sure, small enough to be instant on any file. */
const VALUE_SAMPLE = 20_000;

/** The summary: shape from obs/var, sparsity from the stored-entry count, value kind from a sample. */
export async function inspectH5ad(path: string): Promise<DatasetSummary> {
  const file = await H5File.open(path, ADVICE);
  try {
    const obs = readDataframeSchema(file, 'obs', null, 'cell');
    const vars = readDataframeSchema(file, 'var', null, 'gene');
    const matrix = openMatrixElement(file, 'X', obs.length, vars.length, '/var');
    return summarize(file, matrix, obs.length, vars.length, obs.columns, vars.columns, []);
  } finally {
    file.close();
  }
}

/** Opens an h5ad for reading genes; the file stays open until close(). */
export async function openH5ad(path: string): Promise<Dataset> {
  const file = await H5File.open(path, ADVICE);
  try {
    const obs = readDataframe(file, 'obs', 'cell');
    const vars = readDataframe(file, 'var', 'gene');
    const notes: string[] = [];
    const unique = makeNamesUnique(vars.index);
    if (unique.renamed > 0)
      notes.push(
        `${unique.renamed} duplicated gene names were made unique by adding -1, -2, … (e.g. ${unique.examples.join(', ')}), as scanpy's var_names_make_unique does`,
      );
    const matrix = openMatrixElement(file, 'X', obs.index.length, vars.index.length, '/var');
    const summary = summarize(
      file,
      matrix,
      obs.index.length,
      vars.index.length,
      summarizeColumns(obs.columns),
      summarizeColumns(vars.columns),
      notes,
    );
    const cache = new Map<string, { source: MatrixSource; geneIndices(requested: number[]): number[] }>();
    const identity = (requested: number[]) => requested;
    return await assembleDataset({
      summary,
      sourcePaths: [path],
      cellNames: obs.index,
      geneNames: unique.names,
      obs: obs.columns,
      var: vars.columns,
      matrixFor(layer) {
        const key = layer ?? '';
        let entry = cache.get(key);
        if (!entry) {
          if (layer === undefined) entry = { source: matrix, geneIndices: identity };
          else if (layer === 'raw') entry = openRaw(file, obs.index.length, vars.index);
          else
            entry = {
              source: openMatrixElement(file, `layers/${layer}`, obs.index.length, vars.index.length, '/var'),
              geneIndices: identity,
            };
          cache.set(key, entry);
        }
        return entry;
      },
      close: () => file.close(),
    });
  } catch (error) {
    file.close();
    throw error;
  }
}

/** raw/X may hold more genes than X (all genes before selection): requested genes are found there by name. */
function openRaw(file: H5File, cells: number, geneNames: string[]): { source: MatrixSource; geneIndices(requested: number[]): number[] } {
  const rawVar = readDataframe(file, 'raw/var', 'raw gene');
  const source = openMatrixElement(file, 'raw/X', cells, rawVar.index.length, '/raw/var');
  const position = new Map<string, number>();
  rawVar.index.forEach((name, i) => {
    if (!position.has(name)) position.set(name, i);
  });
  return {
    source,
    geneIndices(requested) {
      return requested.map((g) => {
        const at = position.get(geneNames[g]);
        if (at === undefined)
          throw new DataFileError(
            file.path,
            '/raw/var',
            `has no gene "${geneNames[g]}", which is in /var: pick the genes from X or use a layer instead of raw`,
          );
        return at;
      });
    },
  };
}

function summarize(
  file: H5File,
  matrix: MatrixSource,
  cells: number,
  genes: number,
  obs: DatasetSummary['obs'],
  vars: DatasetSummary['var'],
  notes: string[],
): DatasetSummary {
  const { valueKind, reason } = detectValueKind(matrix.sampleValues(VALUE_SAMPLE), '/X');
  const layers = file.kind('layers') === 'group' ? file.keys('layers').filter((name) => isMatrix(file, `layers/${name}`)) : [];
  if (file.kind('raw/X') !== null) layers.push('raw');
  const obsm = file.kind('obsm') === 'group' ? file.keys('obsm') : [];
  return {
    format: 'h5ad',
    path: file.path,
    cells,
    genes,
    sparsity: sparsityFromStored(matrix.storedEntries, cells, genes),
    valueKind,
    valueKindReason: reason,
    obs,
    var: vars,
    layers,
    obsm,
    notes,
  };
}

function isMatrix(file: H5File, element: string): boolean {
  try {
    describeMatrixElement(file, element);
    return true;
  } catch {
    // A layer that is not a matrix (an odd writer's extra data) is left out of the list rather than failing the summary.
    return false;
  }
}
