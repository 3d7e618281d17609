/** Entries below this magnitude count as zero in every sparsity (docs/model.md "Read-out"). */
export const NEAR_ZERO = 1e-5;

function nearZeroShare(values: ArrayLike<number>, include: (index: number) => boolean = () => true): number {
  let counted = 0;
  let zeros = 0;
  for (let i = 0; i < values.length; i++) {
    if (!include(i)) continue;
    counted++;
    if (Math.abs(values[i]) < NEAR_ZERO) zeros++;
  }
  return counted === 0 ? Number.NaN : zeros / counted;
}

/** Feature sparsity: share of near-zero entries of the D × D path matrix A. */
export function featureSparsity(path: Float64Array): number {
  return nearZeroShare(path);
}

/** Model sparsity: share of near-zero entries over all gated weight matrices W̃_l together. */
export function modelSparsity(gated: Float64Array[]): number {
  let zeros = 0;
  let total = 0;
  for (const w of gated) {
    total += w.length;
    for (let i = 0; i < w.length; i++) if (Math.abs(w[i]) < NEAR_ZERO) zeros++;
  }
  return total === 0 ? Number.NaN : zeros / total;
}

/**
 * Spurious-feature sparsity: share of near-zero entries of A in the rows of source genes that are not in the TF
 * list (a gene that is not a transcription factor should regulate nothing). NaN when every gene is a TF.
 */
export function spuriousFeatureSparsity(path: Float64Array, genes: number, isTf: boolean[]): number {
  return nearZeroShare(path, (index) => !isTf[Math.floor(index / genes)]);
}
