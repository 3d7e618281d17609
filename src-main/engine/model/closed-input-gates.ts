/**
 * Input genes that may not regulate (not transcription factors, when regulators are TFs only): their gate on the first
 * layer is shut for the whole run, in every engine, without any engine knowing about it.
 *
 * Why this works in every engine's arithmetic (docs/model.md, "Hard-concrete gates"): with logα = CLOSED_GATE_LOG_ALPHA
 * the deterministic logit is −1e4 and the sampled one at most (13.8 − 1e4)/β (the noise is within [1e-6, 1 − 1e-6]),
 * so sigmoid is exactly 0 in float32 and float64, the stretched gate is −0.1 and clamps to exactly 0, and the clamp's
 * derivative there is 0: the gate's gradient is exactly 0. Its weight row is set to 0 as well, so the gated row is 0,
 * the path product has no entry from the gene, and no regularizer moves it (|w| and the group norm have derivative 0
 * at 0, the L0 term's sigmoid(−1e4 + 1.6) is exactly 0). Adam's moments of these entries are set to 0 and stay 0, so
 * Adam leaves them where they are.
 */
import type { OptimizerState } from '../engine-interface.ts';
import type { ParameterLayout } from './parameter-layout.ts';

/** Far enough below every sampled logit that exp overflows to a gate of exactly 0 in float32. */
export const CLOSED_GATE_LOG_ALPHA = -1e4;

/**
 * Shuts the first-layer gate and zeroes the weight row of every input gene flagged in `closed` (length D), in place;
 * with `optimizer`, zeroes their Adam moments too. Idempotent, so applying it to a resumed run's state changes nothing
 * when that run already had the same genes closed.
 */
export function closeInputGates(
  layout: ParameterLayout,
  params: Float32Array,
  closed: ArrayLike<boolean>,
  optimizer?: Pick<OptimizerState, 'm' | 'v'>,
): void {
  const first = layout.layers[0];
  if (closed.length !== first.inputs) {
    throw new Error(`closeInputGates: ${closed.length} flags for a model of ${first.inputs} input genes`);
  }
  const arrays = optimizer ? [params, optimizer.m, optimizer.v] : [params];
  for (let i = 0; i < first.inputs; i++) {
    if (!closed[i]) continue;
    const row = first.weights + i * first.outputs;
    for (const array of arrays) {
      array.fill(0, row, row + first.outputs);
      array[first.gateLogits + i] = 0;
    }
    params[first.gateLogits + i] = CLOSED_GATE_LOG_ALPHA;
  }
}

/** Input genes whose gate is shut by closeInputGates (for checks and read-outs). */
export function closedInputGates(layout: ParameterLayout, params: Float32Array): boolean[] {
  const first = layout.layers[0];
  return Array.from({ length: first.inputs }, (_, i) => params[first.gateLogits + i] === CLOSED_GATE_LOG_ALPHA);
}
