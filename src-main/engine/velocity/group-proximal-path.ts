/**
 * The group-lasso path of the per-edge field, the nonlinear analogue of the lasso path (issue 13): one group per
 * source–target pair, g_ij = (A_ij, W1_ij·) (the linear term and the pair's first-layer weights), penalty
 * λ/D·Σ_ij ‖g_ij‖₂ applied by a proximal step after each optimiser step, so a group is exactly zero until the data
 * pull on it beats λ (block soft-thresholding, Yuan & Lin 2006; proximal gradient, Parikh & Boyd 2014 §6.5.4).
 * Running λ from strong to weak with warm starts, the λ at which a pair's group enters orders the edges as the
 * lasso's entry order does.
 */
import { fieldSources, type PerEdgeFieldOffsets, type PerEdgeFieldShape } from './per-edge-field-layout.ts';

/** ‖g_ij‖₂ for every pair (S·D, source-major as the gates). */
export function pairGroupNorms(params: Float32Array | Float64Array, shape: PerEdgeFieldShape, o: PerEdgeFieldOffsets): Float64Array {
  const pairs = fieldSources(shape).length * shape.genes;
  const h = shape.hidden;
  const norms = new Float64Array(pairs);
  for (let pair = 0; pair < pairs; pair++) {
    let squares = 0;
    for (let k = 0; k < h; k++) squares += params[o.w1 + pair * h + k] ** 2;
    if (shape.linear) squares += params[o.linear + pair] ** 2;
    norms[pair] = Math.sqrt(squares);
  }
  return norms;
}

/**
 * The largest ‖∂L/∂g_ij‖₂ over pairs, times D: the λ above which every group stays at zero (the group lasso's λ_max,
 * from its optimality condition ‖∇_g L‖ ≤ λ/D at g = 0).
 */
export function largestGroupPull(gradient: Float64Array, shape: PerEdgeFieldShape, o: PerEdgeFieldOffsets): number {
  // A loop, not Math.max(...norms): the paper's 529 genes give 280k pairs, more arguments than the stack holds.
  let largest = 0;
  for (const norm of pairGroupNorms(gradient, shape, o)) largest = Math.max(largest, norm);
  return largest * shape.genes;
}

/**
 * Block soft-thresholding of every pair group in place: g ← g·max(0, 1 − τ/‖g‖) with τ = λ/D times the group's
 * step size. `stepSizes` are per parameter (Adam: lr/√v̂); the group's is 1/√(mean 1/step²) = lr/√(mean v̂), so an
 * Adam step from zero (about lr per element) leaves the group non-zero exactly when ‖∂L/∂g‖ > λ/D, the group lasso's
 * condition. (The plain mean of the steps let one element with a tiny gradient, e.g. a hidden unit whose W2 is near
 * 0, raise the whole group's threshold, and entry became noise.) Returns the penalty λ/D·Σ‖g‖ after the step.
 */
export function proximalGroupStep(
  params: Float32Array,
  shape: PerEdgeFieldShape,
  o: PerEdgeFieldOffsets,
  lambda: number,
  stepSizes: Float64Array,
): number {
  const pairs = fieldSources(shape).length * shape.genes;
  const h = shape.hidden;
  const scale = lambda / shape.genes;
  const size = h + (shape.linear ? 1 : 0);
  let penalty = 0;
  for (let pair = 0; pair < pairs; pair++) {
    let squares = 0;
    let inverseSquares = 0;
    for (let k = 0; k < h; k++) {
      squares += params[o.w1 + pair * h + k] ** 2;
      inverseSquares += 1 / stepSizes[o.w1 + pair * h + k] ** 2;
    }
    if (shape.linear) {
      squares += params[o.linear + pair] ** 2;
      inverseSquares += 1 / stepSizes[o.linear + pair] ** 2;
    }
    const norm = Math.sqrt(squares);
    const threshold = scale / Math.sqrt(inverseSquares / size);
    const keep = norm > threshold ? 1 - threshold / norm : 0;
    for (let k = 0; k < h; k++) params[o.w1 + pair * h + k] *= keep;
    if (shape.linear) params[o.linear + pair] *= keep;
    penalty += scale * norm * keep;
  }
  return penalty;
}
