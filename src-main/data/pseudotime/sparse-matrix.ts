/** A square sparse matrix in compressed sparse row form (float64 values), as the neighbour graph is stored. */
export interface CsrMatrix {
  size: number;
  /** size + 1 offsets into columns/values. */
  rowStart: Int32Array;
  columns: Int32Array;
  values: Float64Array;
}

/** Builds a CSR matrix from (row, column, value) triplets, summing duplicates and dropping exact zeros. */
export function csrFromTriplets(size: number, rows: ArrayLike<number>, columns: ArrayLike<number>, values: ArrayLike<number>): CsrMatrix {
  const byRow: Array<Map<number, number>> = Array.from({ length: size }, () => new Map());
  for (let t = 0; t < rows.length; t++) {
    const row = byRow[rows[t]];
    row.set(columns[t], (row.get(columns[t]) ?? 0) + values[t]);
  }
  const rowStart = new Int32Array(size + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  for (let i = 0; i < size; i++) {
    const entries = [...byRow[i].entries()].filter(([, v]) => v !== 0).sort((a, b) => a[0] - b[0]);
    for (const [c, v] of entries) {
      cols.push(c);
      vals.push(v);
    }
    rowStart[i + 1] = cols.length;
  }
  return { size, rowStart, columns: Int32Array.from(cols), values: Float64Array.from(vals) };
}

/** y = M·x. */
export function csrMultiply(matrix: CsrMatrix, x: Float64Array, out: Float64Array): void {
  for (let i = 0; i < matrix.size; i++) {
    let s = 0;
    for (let p = matrix.rowStart[i]; p < matrix.rowStart[i + 1]; p++) s += matrix.values[p] * x[matrix.columns[p]];
    out[i] = s;
  }
}
