/**
 * The binned RK4 trajectory loss (docs/model.md, "Binned data term") of an affine field x' = c + K·x with K sparse
 * (affine-field-matrix.ts), and its exact gradient with respect to K's entries and c by the adjoint of the discrete RK4
 * solve (Hairer, Lubich & Wanner, "Geometric Numerical Integration", VI.6), the same stages and steps as
 * rk4-field-adjoint.ts takes for the general per-edge field. Each stage is one sparse mat-vec per trajectory forward
 * and one with Kᵀ backward; the parameter gradient of a stage with cotangent g at state x is g ⊗ x on the pattern and
 * g on c, so the cost per stage is the pattern's entries, not every source–target pair.
 */
import type { AffineField } from './affine-field-matrix.ts';
import type { TrajectoryProblem } from './rk4-field-adjoint.ts';

/** ∂loss/∂K per pattern entry and ∂loss/∂c per gene, overwritten by affineBinnedTrajectoryLoss. */
export interface AffineFieldGradient {
  matrix: Float64Array;
  offset: Float64Array;
}

/** out = c + K·x for `rows` states (rows × D). */
function affineForward(field: AffineField, x: Float64Array, rows: number, out: Float64Array): void {
  const { rowStart, column, genes: d } = field.pattern;
  const { values, offset } = field;
  for (let r = 0; r < rows; r++) {
    const base = r * d;
    for (let j = 0; j < d; j++) {
      let sum = offset[j];
      for (let e = rowStart[j]; e < rowStart[j + 1]; e++) sum += values[e] * x[base + column[e]];
      out[base + j] = sum;
    }
  }
}

/**
 * The vector–Jacobian product of one stage: adds Kᵀ·g to `dx`, g ⊗ x (on the pattern) to the matrix gradient and
 * Σ_rows g to the offset gradient.
 */
function affineVjp(
  field: AffineField,
  x: Float64Array,
  g: Float64Array,
  rows: number,
  dx: Float64Array,
  gradient: AffineFieldGradient,
): void {
  const { rowStart, column, genes: d } = field.pattern;
  const { values } = field;
  const { matrix, offset } = gradient;
  for (let r = 0; r < rows; r++) {
    const base = r * d;
    for (let j = 0; j < d; j++) {
      const gj = g[base + j];
      if (gj === 0) continue;
      offset[j] += gj;
      for (let e = rowStart[j]; e < rowStart[j + 1]; e++) {
        const i = base + column[e];
        dx[i] += values[e] * gj;
        matrix[e] += gj * x[i];
      }
    }
  }
}

/**
 * data = Σ_{k,b} w[k][b]·Σ_d (x̂[k][b][d] − Y[k][b][d])², `substeps` classic RK4 steps per interval of
 * [0, τ_0, …, τ_{K−1}]. When `gradient` is given it receives ∂data/∂K and ∂data/∂c (overwritten). A non-finite state
 * makes the loss non-finite and the gradient NaN.
 */
export function affineBinnedTrajectoryLoss(
  field: AffineField,
  problem: TrajectoryProblem,
  substeps: number,
  gradient?: AffineFieldGradient,
): number {
  const d = field.pattern.genes;
  const { batch } = problem;
  const { times, values, weights } = problem.targets;
  const n = batch * d;
  const keep = gradient !== undefined;
  const steps = times.length * substeps;
  // Every step's four stage inputs (x, x + h/2·k1, x + h/2·k2, x + h·k3), kept for the reverse pass: one buffer,
  // steps × 4 × n, rather than an array per stage.
  const stages = new Float64Array(keep ? steps * 4 * n : 4 * n);
  const stepSize = new Float64Array(steps);
  // dL/dx̂ at each τ_k (2·w·(x̂ − Y), zero for empty bins), added to λ when the reverse pass reaches it.
  const residuals = new Float64Array(keep ? times.length * n : 0);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const x = Float64Array.from(problem.initialStates);
  let loss = 0;
  let previous = 0;
  let step = 0;
  for (let k = 0; k < times.length; k++) {
    const h = (times[k] - previous) / substeps;
    previous = times[k];
    for (let s = 0; s < substeps; s++, step++) {
      const at = keep ? step * 4 * n : 0;
      const x1 = stages.subarray(at, at + n);
      const x2 = stages.subarray(at + n, at + 2 * n);
      const x3 = stages.subarray(at + 2 * n, at + 3 * n);
      const x4 = stages.subarray(at + 3 * n, at + 4 * n);
      x1.set(x);
      affineForward(field, x1, batch, k1);
      for (let i = 0; i < n; i++) x2[i] = x1[i] + (h / 2) * k1[i];
      affineForward(field, x2, batch, k2);
      for (let i = 0; i < n; i++) x3[i] = x1[i] + (h / 2) * k2[i];
      affineForward(field, x3, batch, k3);
      for (let i = 0; i < n; i++) x4[i] = x1[i] + h * k3[i];
      affineForward(field, x4, batch, k4);
      for (let i = 0; i < n; i++) x[i] = x1[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      stepSize[step] = h;
    }
    for (let b = 0; b < batch; b++) {
      const w = weights[k * batch + b];
      if (w === 0) continue;
      for (let g = 0; g < d; g++) {
        const r = x[b * d + g] - values[(k * batch + b) * d + g];
        loss += w * r * r;
        if (keep) residuals[k * n + b * d + g] = 2 * w * r;
      }
    }
  }
  if (!keep) return loss;
  gradient.matrix.fill(0);
  gradient.offset.fill(0);
  if (!Number.isFinite(loss)) {
    gradient.matrix.fill(Number.NaN);
    gradient.offset.fill(Number.NaN);
    return loss;
  }
  // λ = ∂L/∂x after the current step, walked back from the end; bin k's residual joins after its last step.
  const lambda = new Float64Array(n);
  const dk1 = k1;
  const dk2 = k2;
  const dk3 = k3;
  const dk4 = k4;
  const dx = new Float64Array(n);
  for (let k = times.length - 1; k >= 0; k--) {
    for (let i = 0; i < n; i++) lambda[i] += residuals[k * n + i];
    for (let s = substeps - 1; s >= 0; s--) {
      const at = (k * substeps + s) * 4 * n;
      const h = stepSize[k * substeps + s];
      // next = x + h/6·(k1 + 2k2 + 2k3 + k4), k4 = f(x + h·k3), k3 = f(x + h/2·k2), k2 = f(x + h/2·k1), k1 = f(x).
      for (let i = 0; i < n; i++) {
        dk1[i] = (h / 6) * lambda[i];
        dk2[i] = (h / 3) * lambda[i];
        dk3[i] = (h / 3) * lambda[i];
        dk4[i] = (h / 6) * lambda[i];
      }
      dx.fill(0);
      affineVjp(field, stages.subarray(at + 3 * n, at + 4 * n), dk4, batch, dx, gradient);
      for (let i = 0; i < n; i++) {
        lambda[i] += dx[i];
        dk3[i] += h * dx[i];
      }
      dx.fill(0);
      affineVjp(field, stages.subarray(at + 2 * n, at + 3 * n), dk3, batch, dx, gradient);
      for (let i = 0; i < n; i++) {
        lambda[i] += dx[i];
        dk2[i] += (h / 2) * dx[i];
      }
      dx.fill(0);
      affineVjp(field, stages.subarray(at + n, at + 2 * n), dk2, batch, dx, gradient);
      for (let i = 0; i < n; i++) {
        lambda[i] += dx[i];
        dk1[i] += (h / 2) * dx[i];
      }
      dx.fill(0);
      affineVjp(field, stages.subarray(at, at + n), dk1, batch, dx, gradient);
      for (let i = 0; i < n; i++) lambda[i] += dx[i];
    }
  }
  return loss;
}
