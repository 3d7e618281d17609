/**
 * Adam (Kingma & Ba 2015) over the flat parameter vector, written as PyTorch's torch.optim.Adam computes it
 * (β1 = 0.9, β2 = 0.999, ε = 1e-8, bias-corrected, ε added after the bias-corrected square root).
 * Plain TypeScript shared by every engine, so all of them take bit-for-bit the same step from the same gradient.
 */
import type { OptimizerState } from '../engine-interface.ts';

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

/** Fresh Adam state (zero moments, no steps) for a parameter vector of this length. */
export function createAdamState(parameterCount: number): OptimizerState {
  return { m: new Float32Array(parameterCount), v: new Float32Array(parameterCount), step: 0 };
}

/**
 * One Adam step: updates `params` and `state` in place. The arithmetic is float64 per element, stored back as
 * float32, so every engine reproduces it exactly.
 */
export function adamStep(params: Float32Array, gradient: Float32Array, state: OptimizerState, learningRate: number): void {
  const n = params.length;
  if (gradient.length !== n || state.m.length !== n || state.v.length !== n) {
    throw new RangeError(
      `Adam: parameters (${n}), gradient (${gradient.length}) and moments (${state.m.length}, ${state.v.length}) must have the same length`,
    );
  }
  state.step += 1;
  const biasCorrection1 = 1 - Math.pow(ADAM_BETA1, state.step);
  const biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(ADAM_BETA2, state.step));
  const stepSize = learningRate / biasCorrection1;
  for (let i = 0; i < n; i++) {
    const g = gradient[i];
    const m = ADAM_BETA1 * state.m[i] + (1 - ADAM_BETA1) * g;
    const v = ADAM_BETA2 * state.v[i] + (1 - ADAM_BETA2) * g * g;
    state.m[i] = m;
    state.v[i] = v;
    params[i] -= (stepSize * m) / (Math.sqrt(v) / biasCorrection2Sqrt + ADAM_EPSILON);
  }
}
