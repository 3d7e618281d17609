/**
 * Principal component scores of a cells × genes matrix, as scanpy's pp.pca with its defaults (zero-centred, no
 * scaling, exact top components as arpack gives them): scores = U·S of the centred matrix. Signs are arbitrary, as
 * in scanpy; distances between cells do not depend on them.
 */
import { lanczosEigen } from './lanczos-eigen.ts';

export interface PrincipalComponents {
  /** cells × components, row-major. */
  scores: Float64Array;
  components: number;
  /** Variance of each component (eigenvalue of the covariance, divided by cells − 1 as scanpy reports it). */
  variance: Float64Array;
}

/** scanpy's default: 50 components, or min(cells, genes) − 1 when that is smaller. */
export function defaultComponentCount(cells: number, genes: number, wanted = 50): number {
  return Math.max(1, Math.min(wanted, Math.min(cells, genes) - 1));
}

/** `values` is cells × genes row-major (float32 as read, or float64). */
export function principalComponents(
  values: ArrayLike<number>,
  cells: number,
  genes: number,
  components = defaultComponentCount(cells, genes),
): PrincipalComponents {
  if (values.length !== cells * genes) throw new RangeError(`PCA: ${values.length} values for ${cells} cells × ${genes} genes`);
  if (cells < 2 || genes < 1) throw new RangeError(`PCA needs at least 2 cells and 1 gene; got ${cells} cells and ${genes} genes`);
  if (!Number.isInteger(components) || components < 1 || components > Math.min(cells, genes)) {
    throw new RangeError(`PCA: ${components} components asked for ${cells} cells × ${genes} genes`);
  }
  const mean = new Float64Array(genes);
  for (let c = 0; c < cells; c++) for (let g = 0; g < genes; g++) mean[g] += values[c * genes + g];
  for (let g = 0; g < genes; g++) mean[g] /= cells;
  const centred = new Float64Array(cells * genes);
  for (let c = 0; c < cells; c++) for (let g = 0; g < genes; g++) centred[c * genes + g] = values[c * genes + g] - mean[g];

  const scores = new Float64Array(cells * components);
  const variance = new Float64Array(components);
  // Work in the smaller of the two Gram spaces: genes × genes (XᵀX) or cells × cells (XXᵀ).
  if (genes <= cells) {
    const inner = new Float64Array(cells);
    const eig = lanczosEigen(genes, components, (x, out) => {
      for (let c = 0; c < cells; c++) {
        let s = 0;
        const row = c * genes;
        for (let g = 0; g < genes; g++) s += centred[row + g] * x[g];
        inner[c] = s;
      }
      out.fill(0);
      for (let c = 0; c < cells; c++) {
        const s = inner[c];
        const row = c * genes;
        for (let g = 0; g < genes; g++) out[g] += centred[row + g] * s;
      }
    });
    for (let c = 0; c < cells; c++) {
      for (let j = 0; j < components; j++) {
        let s = 0;
        for (let g = 0; g < genes; g++) s += centred[c * genes + g] * eig.vectors[g * components + j];
        scores[c * components + j] = s;
      }
    }
    for (let j = 0; j < components; j++) variance[j] = Math.max(0, eig.values[j]) / (cells - 1);
  } else {
    const inner = new Float64Array(genes);
    const eig = lanczosEigen(cells, components, (x, out) => {
      inner.fill(0);
      for (let c = 0; c < cells; c++) {
        const s = x[c];
        const row = c * genes;
        for (let g = 0; g < genes; g++) inner[g] += centred[row + g] * s;
      }
      for (let c = 0; c < cells; c++) {
        let s = 0;
        const row = c * genes;
        for (let g = 0; g < genes; g++) s += centred[row + g] * inner[g];
        out[c] = s;
      }
    });
    // XXᵀu = s²u, so the scores U·S are u·s.
    for (let j = 0; j < components; j++) {
      const singular = Math.sqrt(Math.max(0, eig.values[j]));
      for (let c = 0; c < cells; c++) scores[c * components + j] = eig.vectors[c * components + j] * singular;
      variance[j] = Math.max(0, eig.values[j]) / (cells - 1);
    }
  }
  return { scores, components, variance };
}
