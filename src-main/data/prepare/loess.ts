/**
 * One-predictor LOESS (Cleveland, Grosse & Shyu 1992) as the netlib `dloess` code computes it — the fit scanpy's
 * seurat_v3 flavour gets from scikit-misc `loess(x, y, span=0.3, degree=2)` with its defaults (family gaussian,
 * surface "interpolate", cell 0.2):
 * - local fit at a point q: the nf = ⌊n·span⌋ nearest x, tricube weights (1 − (|x − q|/h)³)³ with h the distance
 *   to the nf-th nearest, weighted least squares on 1, (x − q), (x − q)² (degree 2); value and slope at q;
 * - surface "interpolate": a k-d tree splits the x range at medians until a cell holds ≤ ⌊n·span·cell⌋ points
 *   (netlib ehg124/ehg129, ties pushed to one side), local fits at the cell vertices only, and cubic Hermite
 *   interpolation of value and slope between vertices (ehg128);
 * - surface "direct": the local fit at every x.
 */

export interface LoessOptions {
  span?: number;
  degree?: 1 | 2;
  surface?: 'interpolate' | 'direct';
  /** Cell size as a share of span (netlib default 0.2). */
  cell?: number;
}

/** Fitted values at each x. */
export function loessFit(x: ArrayLike<number>, y: ArrayLike<number>, options: LoessOptions = {}): Float64Array {
  const span = options.span ?? 0.75;
  const degree = options.degree ?? 2;
  const n = x.length;
  if (y.length !== n) throw new RangeError(`loess: ${n} x values but ${y.length} y values`);
  if (!(span > 0)) throw new RangeError(`loess: span must be > 0; got ${span}`);
  const nf = Math.min(n, Math.floor(n * span));
  if (nf <= degree + 1) {
    throw new RangeError(
      `loess: span ${span} gives ${nf} neighbours for ${n} points; a degree-${degree} fit needs more than ${degree + 1}`,
    );
  }
  const xs = Float64Array.from(x);
  const ys = Float64Array.from(y);
  if ((options.surface ?? 'interpolate') === 'direct') {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = localFit(xs, ys, xs[i], nf, span, degree)[0];
    return out;
  }
  const vertices = kdVertices(xs, Math.floor(n * (span * (options.cell ?? 0.2))));
  const values = new Float64Array(vertices.length);
  const slopes = new Float64Array(vertices.length);
  vertices.forEach((q, v) => {
    [values[v], slopes[v]] = localFit(xs, ys, q, nf, span, degree);
  });
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = hermite(vertices, values, slopes, xs[i]);
  return out;
}

/**
 * Value and slope at q of the local weighted polynomial fit (netlib ehg127): the nf nearest points, tricube
 * weights on distance / (distance of the nf-th nearest · max(1, span)).
 */
export function localFit(x: Float64Array, y: Float64Array, q: number, nf: number, span: number, degree: 1 | 2): [number, number] {
  const n = x.length;
  const distance = new Float64Array(n);
  for (let i = 0; i < n; i++) distance[i] = Math.abs(x[i] - q);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => distance[a] - distance[b]);
  const neighbours = order.slice(0, nf);
  const radius = distance[neighbours[nf - 1]] * Math.sqrt(Math.max(1, span));
  if (!(radius > 0)) throw new RangeError('loess: all neighbours of a point coincide; the span is too small for these data');
  const columns = degree + 1;
  // Rows of the weighted design sqrt(w)·[1, x − q, (x − q)²] and sqrt(w)·y, as netlib builds them.
  const design = neighbours.map((i) => {
    const r = distance[i] / radius;
    const w = Math.sqrt(r < 1 ? (1 - r ** 3) ** 3 : 0);
    const dx = x[i] - q;
    return degree === 2 ? [w, w * dx, w * dx * dx] : [w, w * dx];
  });
  const rhs = neighbours.map((i, k) => design[k][0] * y[i]);
  const coefficients = leastSquares(design, rhs, columns);
  return [coefficients[0], coefficients[1]];
}

/**
 * Least squares by Householder QR after scaling each column to unit norm (netlib equilibrates the same way);
 * a column whose pivot falls below 100·eps of the largest is dropped (its coefficient 0), like the pseudo-inverse.
 */
function leastSquares(rows: number[][], rhs: number[], columns: number): number[] {
  const m = rows.length;
  const a = rows.map((r) => r.slice());
  const b = rhs.slice();
  const scale = new Array<number>(columns).fill(1);
  for (let j = 0; j < columns; j++) {
    let norm = 0;
    for (let i = 0; i < m; i++) norm += a[i][j] ** 2;
    norm = Math.sqrt(norm);
    if (norm > 0) {
      scale[j] = norm;
      for (let i = 0; i < m; i++) a[i][j] /= norm;
    }
  }
  const diagonal = new Array<number>(columns).fill(0);
  for (let j = 0; j < columns; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm += a[i][j] ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = a[j][j] > 0 ? -norm : norm;
    const v = new Array<number>(m).fill(0);
    for (let i = j; i < m; i++) v[i] = a[i][j];
    v[j] -= alpha;
    let vv = 0;
    for (let i = j; i < m; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    for (let k = j; k < columns; k++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += v[i] * a[i][k];
      const f = (2 * dot) / vv;
      for (let i = j; i < m; i++) a[i][k] -= f * v[i];
    }
    let dot = 0;
    for (let i = j; i < m; i++) dot += v[i] * b[i];
    const f = (2 * dot) / vv;
    for (let i = j; i < m; i++) b[i] -= f * v[i];
    diagonal[j] = a[j][j];
  }
  const largest = Math.max(...diagonal.map(Math.abs));
  const tolerance = largest * 100 * Number.EPSILON;
  const solution = new Array<number>(columns).fill(0);
  for (let j = columns - 1; j >= 0; j--) {
    if (Math.abs(a[j][j]) <= tolerance) continue;
    let s = b[j];
    for (let k = j + 1; k < columns; k++) s -= a[j][k] * solution[k];
    solution[j] = s / a[j][j];
  }
  return solution.map((s, j) => s / scale[j]);
}

/**
 * The vertices of netlib's k-d tree in one dimension, ascending: the bounding box widened by 0.5 % on each side,
 * plus every split point. A cell of sorted points l…u (1-based) with more than `fc` points splits at
 * m = ⌊(l + u)/2⌋, moved outward (m, m+1, m−1, m+2, …) to the first place where x[m] ≠ x[m+1]; it stays a leaf
 * when the split value equals one of its bounds.
 */
export function kdVertices(x: Float64Array, fc: number): number[] {
  const sorted = Float64Array.from(x).sort();
  const n = sorted.length;
  const lo = sorted[0];
  const hi = sorted[n - 1];
  const margin = 0.005 * Math.max(hi - lo, 1e-10 * Math.max(Math.abs(lo), Math.abs(hi)) + 1e-30);
  const vertices = [lo - margin, hi + margin];
  // Breadth-first like netlib (cells are appended and processed in order); the vertex set does not depend on order.
  const cells: Array<{ l: number; u: number; lower: number; upper: number }> = [{ l: 1, u: n, lower: vertices[0], upper: vertices[1] }];
  const at = (i: number) => sorted[i - 1];
  const capacity = Math.max(200, n);
  for (let p = 0; p < cells.length; p++) {
    const { l, u, lower, upper } = cells[p];
    if (u - l + 1 <= fc || upper - lower <= 0) continue;
    // netlib's workspace limits (nvmax = ncmax = max(200, n)) also stop the splitting.
    if (capacity < cells.length + 2 || capacity < vertices.length + 1) continue;
    let m = Math.floor((l + u) / 2);
    let offset = 0;
    for (;;) {
      if (m + offset >= u || m + offset < l) break;
      if (at(m + offset) === at(m + offset + 1)) {
        offset = -offset;
        if (offset >= 0) offset++;
        continue;
      }
      m += offset;
      break;
    }
    const split = at(m);
    if (split === lower || split === upper) continue;
    vertices.push(split);
    cells.push({ l, u: m, lower, upper: split }, { l: m + 1, u, lower: split, upper });
  }
  return vertices.sort((a, b) => a - b);
}

/** Cubic Hermite interpolation of values and slopes between the vertices around z (netlib ehg128, d = 1). */
function hermite(vertices: number[], values: Float64Array, slopes: Float64Array, z: number): number {
  // The cell whose upper vertex is the first ≥ z (netlib descends with z ≤ split → lower son).
  let lo = 1;
  let hi = vertices.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (vertices[mid] >= z) hi = mid;
    else lo = mid + 1;
  }
  const left = lo - 1;
  const right = lo;
  const width = vertices[right] - vertices[left];
  const h = (z - vertices[left]) / width;
  const phi0 = (1 - h) ** 2 * (1 + 2 * h);
  const phi1 = h ** 2 * (3 - 2 * h);
  const psi0 = h * (1 - h) ** 2;
  const psi1 = h ** 2 * (h - 1);
  return phi0 * values[left] + phi1 * values[right] + (psi0 * slopes[left] + psi1 * slopes[right]) * width;
}
