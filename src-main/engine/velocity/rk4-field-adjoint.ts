/**
 * The trajectory method's binned data term (docs/model.md, "Binned data term") for the per-edge field, and its exact
 * gradient by the adjoint of the discrete RK4 solve (discretise-then-differentiate: the reverse pass runs through the
 * same stages the forward pass took; Hairer, Lubich & Wanner, "Geometric Numerical Integration", VI.6). All
 * trajectories of the batch are integrated together from their initial states, `substeps` classic RK4 steps per
 * interval of [0, τ_0, …, τ_{K−1}].
 */
import type { BinnedTargets } from '../engine-interface.ts';
import { scaledFieldForward, scaledFieldVjp, type ScaledPerEdgeField } from './per-edge-field-vjp.ts';

/** The trajectories a field is refined on: B initial states (B × D) and their binned targets. */
export interface TrajectoryProblem {
  initialStates: Float32Array;
  batch: number;
  targets: BinnedTargets;
}

/** The longest interval of [0, τ_0, …, τ_{K−1}], which the substep rule sizes its step for. */
export function longestInterval(times: Float64Array): number {
  let longest = 0;
  let previous = 0;
  for (const t of times) {
    longest = Math.max(longest, t - previous);
    previous = t;
  }
  return longest;
}

/**
 * data = Σ_{k,b} w[k][b]·Σ_d (x̂[k][b][d] − Y[k][b][d])². When `gradient` is given it receives ∂data/∂θ (overwritten,
 * the flat layout; the substep count is a constant). A non-finite state makes the result non-finite (NaN propagates).
 */
export function binnedTrajectoryLoss(
  field: ScaledPerEdgeField,
  params: Float64Array,
  problem: TrajectoryProblem,
  substeps: number,
  gradient?: Float64Array,
): number {
  const d = field.config.genes;
  const { batch } = problem;
  const { times, values, weights } = problem.targets;
  const n = batch * d;
  const keep = gradient !== undefined;
  // Stage inputs of every step (x, x + h/2·k1, x + h/2·k2, x + h·k3) and each step's h, for the reverse pass.
  const stages: Float64Array[][] = [];
  const steps: number[] = [];
  const readAfter: number[] = [];
  let x = Float64Array.from(problem.initialStates);
  let loss = 0;
  let previous = 0;
  const residuals: Float64Array[] = [];
  for (let k = 0; k < times.length; k++) {
    const h = (times[k] - previous) / substeps;
    previous = times[k];
    for (let s = 0; s < substeps; s++) {
      const k1 = scaledFieldForward(field, params, x, batch);
      const x2 = new Float64Array(n);
      for (let i = 0; i < n; i++) x2[i] = x[i] + (h / 2) * k1[i];
      const k2 = scaledFieldForward(field, params, x2, batch);
      const x3 = new Float64Array(n);
      for (let i = 0; i < n; i++) x3[i] = x[i] + (h / 2) * k2[i];
      const k3 = scaledFieldForward(field, params, x3, batch);
      const x4 = new Float64Array(n);
      for (let i = 0; i < n; i++) x4[i] = x[i] + h * k3[i];
      const k4 = scaledFieldForward(field, params, x4, batch);
      const next = new Float64Array(n);
      for (let i = 0; i < n; i++) next[i] = x[i] + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
      if (keep) {
        stages.push([x, x2, x3, x4]);
        steps.push(h);
      }
      x = next;
    }
    // dL/dx̂ at τ_k: 2·w·(x̂ − Y), zero for empty bins.
    const residual = new Float64Array(n);
    for (let b = 0; b < batch; b++) {
      const w = weights[k * batch + b];
      if (w === 0) continue;
      for (let g = 0; g < d; g++) {
        const r = x[b * d + g] - values[(k * batch + b) * d + g];
        loss += w * r * r;
        residual[b * d + g] = 2 * w * r;
      }
    }
    if (keep) {
      residuals.push(residual);
      readAfter.push(stages.length);
    }
  }
  if (!keep) return loss;
  gradient.fill(0);
  if (!Number.isFinite(loss)) {
    gradient.fill(Number.NaN);
    return loss;
  }
  // λ = ∂L/∂x after the current step, walked back from the end.
  const lambda = new Float64Array(n);
  let reading = residuals.length - 1;
  for (let step = stages.length - 1; step >= 0; step--) {
    while (reading >= 0 && readAfter[reading] === step + 1) {
      const residual = residuals[reading];
      for (let i = 0; i < n; i++) lambda[i] += residual[i];
      reading--;
    }
    const h = steps[step];
    const [x1, x2, x3, x4] = stages[step];
    // next = x + h/6·(k1 + 2k2 + 2k3 + k4), k4 = f(x + h·k3), k3 = f(x + h/2·k2), k2 = f(x + h/2·k1), k1 = f(x).
    const dk4 = new Float64Array(n);
    const dk3 = new Float64Array(n);
    const dk2 = new Float64Array(n);
    const dk1 = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      dk1[i] = (h / 6) * lambda[i];
      dk2[i] = (h / 3) * lambda[i];
      dk3[i] = (h / 3) * lambda[i];
      dk4[i] = (h / 6) * lambda[i];
    }
    const dx4 = scaledFieldVjp(field, params, x4, batch, dk4, gradient);
    for (let i = 0; i < n; i++) {
      lambda[i] += dx4[i];
      dk3[i] += h * dx4[i];
    }
    const dx3 = scaledFieldVjp(field, params, x3, batch, dk3, gradient);
    for (let i = 0; i < n; i++) {
      lambda[i] += dx3[i];
      dk2[i] += (h / 2) * dx3[i];
    }
    const dx2 = scaledFieldVjp(field, params, x2, batch, dk2, gradient);
    for (let i = 0; i < n; i++) {
      lambda[i] += dx2[i];
      dk1[i] += (h / 2) * dx2[i];
    }
    const dx1 = scaledFieldVjp(field, params, x1, batch, dk1, gradient);
    for (let i = 0; i < n; i++) lambda[i] += dx1[i];
  }
  return loss;
}
