/**
 * Finds the matrix stored at an h5ad element (X, raw/X, layers/NAME): dense dataset, or a CSR/CSC group in the
 * current encoding (`encoding-type` csr_matrix/csc_matrix + `shape`) or the h5sparse one older anndata wrote
 * (`h5sparse_format` + `h5sparse_shape`). The shape must agree with the obs/var lengths.
 */
import { formatCount } from '../reader-error.ts';
import type { MatrixSource } from '../matrix-source.ts';
import type { H5File } from '../hdf5/h5-file.ts';
import { H5CompressedMatrix } from '../hdf5/compressed-matrix.ts';
import { H5DenseMatrix } from '../hdf5/dense-matrix.ts';

export type MatrixStorage = 'dense' | 'csr' | 'csc';

/** The storage of a matrix element and its declared shape, without reading values. */
export function describeMatrixElement(file: H5File, element: string): { storage: MatrixStorage; shape: [number, number] } {
  const kind = file.kind(element);
  if (kind === null) throw file.error(`/${element}`, `is missing (the expression matrix): the file is incomplete; ${file.advice}`);
  if (kind === 'dataset') {
    const { shape } = file.info(element, 'the expression matrix');
    if (shape.length !== 2) throw file.corrupt(`/${element}`, `should be a 2-dimensional matrix but has shape [${shape.join(', ')}]`);
    return { storage: 'dense', shape: [shape[0], shape[1]] };
  }
  if (kind !== 'group') throw file.corrupt(`/${element}`, 'is neither a matrix nor a sparse-matrix group');
  const encoding = file.attrString(element, 'encoding-type') ?? file.attrString(element, 'h5sparse_format');
  let storage: MatrixStorage;
  if (encoding === 'csr_matrix' || encoding === 'csr') storage = 'csr';
  else if (encoding === 'csc_matrix' || encoding === 'csc') storage = 'csc';
  else
    throw file.error(
      `/${element}`,
      `is a group with encoding "${encoding ?? 'none'}", not a CSR or CSC sparse matrix: the file may be corrupted or written by an unsupported tool; ${file.advice}`,
    );
  const shape = file.attrNumbers(element, 'shape') ?? file.attrNumbers(element, 'h5sparse_shape');
  if (!shape || shape.length !== 2 || !shape.every((n) => Number.isInteger(n) && n >= 0)) {
    throw file.corrupt(`/${element}`, `has no valid "shape" attribute (found ${shape ? `[${shape.join(', ')}]` : 'none'})`);
  }
  return { storage, shape: [shape[0], shape[1]] };
}

/** Opens the matrix at `element`, checking it is cells × genes as obs and var say. */
export function openMatrixElement(file: H5File, element: string, cells: number, genes: number, genesFrom: string): MatrixSource {
  const { storage, shape } = describeMatrixElement(file, element);
  if (shape[0] !== cells || shape[1] !== genes) {
    const problem =
      shape[0] !== cells
        ? `has ${formatCount(shape[0])} rows but /obs has ${formatCount(cells)} cells`
        : `has ${formatCount(shape[1])} columns but ${genesFrom} has ${formatCount(genes)} genes`;
    throw file.error(
      `/${element}`,
      `${problem}: is the file truncated or were obs/var edited separately? ${file.advice.charAt(0).toUpperCase()}${file.advice.slice(1)}`,
    );
  }
  if (storage === 'dense') return new H5DenseMatrix(file, element, 'cells-by-genes', cells, genes);
  return new H5CompressedMatrix(file, { group: element, major: storage === 'csr' ? 'cells' : 'genes', cells, genes });
}
