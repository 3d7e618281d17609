/**
 * The lasso path by cyclic coordinate descent with warm starts (Friedman, Hastie & Tibshirani 2010, glmnet's
 * "naive" updates): minimises (1/2n)‖y − Xβ‖² + λ‖β‖₁ on standardised columns, for λ from λ_max (where every
 * coefficient is 0) down a log-spaced grid.
 */

export interface LassoPathOptions {
  /** Grid points from λ_max down (default 50). */
  steps?: number;
  /** Smallest λ as a fraction of λ_max (default 1e-3). */
  smallestRatio?: number;
  /** Stop a λ's sweeps when no coefficient moved by more than this (standardised units; default 1e-7). */
  tolerance?: number;
  /** Sweeps per λ at most (default 1000). */
  maxSweeps?: number;
}

export interface LassoPath {
  /** The λ grid, largest first. */
  lambdas: Float64Array;
  /** Standardised coefficients at each λ: steps × predictors, row-major. */
  coefficients: Float64Array;
  /** Per predictor, the largest λ ÷ λ_max at which it is non-zero; 0 when it never enters. */
  entry: Float64Array;
}

/**
 * `x`: n × p row-major predictors, `y`: n responses. Columns are centred and scaled to unit variance inside; a
 * constant column never enters. Deterministic: the same input gives the same path.
 */
export function lassoPath(
  x: Float32Array | Float64Array,
  y: Float32Array | Float64Array,
  n: number,
  p: number,
  options: LassoPathOptions = {},
): LassoPath {
  const steps = options.steps ?? 50;
  const smallestRatio = options.smallestRatio ?? 1e-3;
  const tolerance = options.tolerance ?? 1e-7;
  const maxSweeps = options.maxSweeps ?? 1000;
  if (x.length !== n * p || y.length !== n)
    throw new RangeError(`lassoPath: ${x.length} predictor values and ${y.length} responses for n = ${n}, p = ${p}.`);

  // Column-major standardised copy: coordinate descent walks one column at a time.
  const columns = new Float64Array(n * p);
  const usable = new Uint8Array(p);
  for (let j = 0; j < p; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += x[i * p + j];
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (x[i * p + j] - mean) ** 2;
    variance /= n;
    if (!(variance > 1e-24)) continue;
    usable[j] = 1;
    const scale = 1 / Math.sqrt(variance);
    for (let i = 0; i < n; i++) columns[j * n + i] = (x[i * p + j] - mean) * scale;
  }
  let yMean = 0;
  for (let i = 0; i < n; i++) yMean += y[i];
  yMean /= n;
  const residual = new Float64Array(n);
  for (let i = 0; i < n; i++) residual[i] = y[i] - yMean;

  let lambdaMax = 0;
  for (let j = 0; j < p; j++) {
    if (!usable[j]) continue;
    let dot = 0;
    for (let i = 0; i < n; i++) dot += columns[j * n + i] * residual[i];
    lambdaMax = Math.max(lambdaMax, Math.abs(dot) / n);
  }
  const lambdas = new Float64Array(steps);
  for (let s = 0; s < steps; s++) lambdas[s] = lambdaMax * Math.pow(smallestRatio, steps > 1 ? s / (steps - 1) : 0);
  const coefficients = new Float64Array(steps * p);
  const entry = new Float64Array(p);
  const beta = new Float64Array(p);
  if (lambdaMax === 0) return { lambdas, coefficients, entry };

  // Covariance updates (glmnet): with the Gram matrix G = XᵀX/n and c = Xᵀy/n each coordinate step costs O(p),
  // not O(n); p (genes) is small next to n (cells), and collinear chains need many sweeps.
  const gram = new Float64Array(p * p);
  const correlation = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    if (!usable[j]) continue;
    const a = columns.subarray(j * n, (j + 1) * n);
    let dot = 0;
    for (let i = 0; i < n; i++) dot += a[i] * residual[i];
    correlation[j] = dot / n;
    for (let k = j; k < p; k++) {
      if (!usable[k]) continue;
      const b = columns.subarray(k * n, (k + 1) * n);
      let g = 0;
      for (let i = 0; i < n; i++) g += a[i] * b[i];
      gram[j * p + k] = gram[k * p + j] = g / n;
    }
  }
  for (let s = 0; s < steps; s++) {
    const lambda = lambdas[s];
    for (let sweep = 0; sweep < maxSweeps; sweep++) {
      let largestMove = 0;
      for (let j = 0; j < p; j++) {
        if (!usable[j]) continue;
        // Unit-variance columns: the coordinate minimiser is soft-threshold(x_jᵀr/n + β_j, λ), x_jᵀr/n = c_j − (Gβ)_j.
        let fitted = 0;
        for (let k = 0; k < p; k++) fitted += gram[j * p + k] * beta[k];
        const rho = correlation[j] - fitted + beta[j];
        const updated = Math.sign(rho) * Math.max(0, Math.abs(rho) - lambda);
        const move = updated - beta[j];
        if (move !== 0) {
          beta[j] = updated;
          largestMove = Math.max(largestMove, Math.abs(move));
        }
      }
      if (largestMove < tolerance) break;
    }
    for (let j = 0; j < p; j++) {
      coefficients[s * p + j] = beta[j];
      if (beta[j] !== 0 && entry[j] === 0) entry[j] = lambda / lambdaMax;
    }
  }
  return { lambdas, coefficients, entry };
}
