/**
 * How many RK4 substeps keep a fixed-step solve of the gated field inside RK4's stability region (docs/model.md,
 * "Solvers"). Every engine calls this one function with the iteration's parameters and gate noise, so every engine
 * takes the same steps.
 *
 * Why: once the weights have grown, a gate sample that fully opens a unit can make the field so steep that RK4 at the
 * configured step explodes (a finite loss of 1e14 in every engine), and Adam's step along that gradient ruins the
 * model (docs/benchmarks.md, "A run that goes wrong late"). Classic RK4 is stable for h·|λ| up to about 2.8 on the
 * real and imaginary axes; |λ| of the field's Jacobian is at most its Lipschitz constant, which is at most the
 * product of the gated weight matrices' spectral norms (ELU is 1-Lipschitz), each at most its Frobenius norm. The
 * Frobenius bound costs one pass over the weights, against hundreds of passes for one iteration's solve.
 */
import type { TrainingProblem } from '../engine-interface.ts';
import type { ParameterLayout } from './parameter-layout.ts';

/** Hard-concrete constants (docs/model.md): temperature β and the stretch interval (γ, ζ). */
const GATE_TEMPERATURE = 2 / 3;
const STRETCH_LOW = -0.1;
const STRETCH_HIGH = 1.1;

/**
 * The largest h·bound a step may take. The Frobenius product overestimates the Jacobian's spectral radius many times
 * over on trained models, so the limit is set from measurement, not from RK4's 2.8: on the bundled example the bound
 * times the configured step stays below it through ordinary training and exceeds it on the gate samples that made the
 * solve explode (docs/benchmarks.md, "Training robustness (issue 12)").
 */
export const RK4_STEP_BOUND_LIMIT = 96;

/** Substeps per interval are never raised above this: a field that needs more is not RK4's to solve. */
export const MAX_STABLE_SUBSTEPS = 16;

/**
 * Upper bound on the Lipschitz constant of the gated field x ↦ f(x): Π_l ‖diag(z_l)·W_l‖_F, with the gates sampled
 * from `gateNoise` (training) or deterministic when it is null (prediction). Float64 throughout, so every engine
 * gets the same number from the same float32 inputs.
 */
export function gatedFieldLipschitzBound(layout: ParameterLayout, params: Float32Array, gateNoise: Float32Array | null): number {
  let bound = 1;
  for (const layer of layout.layers) {
    let squared = 0;
    for (let i = 0; i < layer.inputs; i++) {
      const z = gate(params[layer.gateLogits + i], gateNoise === null ? null : gateNoise[layer.noise + i]);
      if (z === 0) continue;
      let row = 0;
      const start = layer.weights + i * layer.outputs;
      for (let j = 0; j < layer.outputs; j++) row += params[start + j] * params[start + j];
      squared += z * z * row;
    }
    bound *= Math.sqrt(squared);
  }
  return bound;
}

/**
 * Substeps per interval for this solve: the configured `substeps`, raised (up to MAX_STABLE_SUBSTEPS) until the
 * longest step times the field's Lipschitz bound is within RK4_STEP_BOUND_LIMIT. `times` are the ascending output
 * times (bin centres); the solve starts at t = 0. A non-finite bound (parameters already overflowed) leaves the
 * configured count: the engines report that solve as non-finite and the training loop handles it.
 */
export function stableRk4Substeps(
  layout: ParameterLayout,
  params: Float32Array,
  gateNoise: Float32Array | null,
  substeps: number,
  times: ArrayLike<number>,
): number {
  return substepsForBound(gatedFieldLipschitzBound(layout, params, gateNoise), substeps, times);
}

/**
 * The substeps stableRk4Substeps picks for a given Lipschitz bound: the one place the rule is written, so an engine
 * that computes the bound elsewhere (the webgpu engine, on the device) applies the same rule to it.
 */
export function substepsForBound(bound: number, substeps: number, times: ArrayLike<number>): number {
  if (!Number.isFinite(bound)) return substeps;
  let longest = 0;
  let t = 0;
  for (let k = 0; k < times.length; k++) {
    longest = Math.max(longest, times[k] - t);
    t = times[k];
  }
  const needed = Math.ceil((longest * bound) / RK4_STEP_BOUND_LIMIT);
  return Math.min(Math.max(substeps, MAX_STABLE_SUBSTEPS), Math.max(substeps, needed));
}

/** One hard-concrete gate: sampled from the uniform `u`, or deterministic when `u` is null. */
function gate(logAlpha: number, u: number | null): number {
  const logit = u === null ? logAlpha : (Math.log(u) - Math.log(1 - u) + logAlpha) / GATE_TEMPERATURE;
  const s = 1 / (1 + Math.exp(-logit));
  return Math.min(1, Math.max(0, s * (STRETCH_HIGH - STRETCH_LOW) + STRETCH_LOW));
}

/**
 * The substeps an engine uses for one solve of `problem`: stableRk4Substeps over its bin centres for an RK4 problem,
 * null for Dormand–Prince (whose error control already keeps the step stable).
 */
export function problemRk4Substeps(
  problem: Pick<TrainingProblem, 'solver' | 'targets'>,
  layout: ParameterLayout,
  params: Float32Array,
  gateNoise: Float32Array | null,
): number | null {
  if (problem.solver.kind !== 'rk4' || problem.targets.kind !== 'binned') return null;
  return stableRk4Substeps(layout, params, gateNoise, problem.solver.substeps, problem.targets.times);
}
