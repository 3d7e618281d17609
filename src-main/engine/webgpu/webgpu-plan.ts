/**
 * Where everything of one problem lives on the GPU: three storage buffers and one small uniform, laid out once per
 * problem (offsets in floats). The kernels get these offsets baked in as WGSL constants, so the shader code of a
 * problem has no tables to look up and every loop bound is a constant.
 *
 *  - `model`:  parameters | Adam m | Adam v (contiguous, so synchronize() is one copy) | gradient | gate noise | z |
 *              dz/dlogα | W̃ and W̃ᵀ per layer | dW̃ per layer | folded M, Q | path vectors | per-unit penalty partials |
 *              regularizer scalars | field bound per layer | x0 | binned targets and weights | row losses | loss ‖
 *              RK4 step coefficients | states. Everything before ‖ (the prefix) sits at the same offsets whatever the
 *              substeps, so plans of one problem at different substeps share one buffer: the engine picks the substeps
 *              per solve (the stability rule of rk4-stability.ts) and only the tail grows with them.
 *  - `acts`:   the stored input of every layer at every stage evaluation (E·B rows per layer; layer 0 = stage inputs)
 *  - `deltas`: d loss / d pre-activation of every layer at every stage evaluation
 */
import type { TrainingProblem } from '../engine-interface.ts';
import { parameterLayout, type ParameterLayout } from '../model/parameter-layout.ts';

/** Threads of one workgroup in the sweep, regularizer and loss kernels (the WebGPU default limit is 256). */
export const SWEEP_WORKGROUP = 256;
/** Threads of one workgroup in the elementwise kernels (gates, gated weights, split, Adam). */
export const ELEMENTWISE_WORKGROUP = 64;
/** Threads along each side of the weight-gradient product's 16 × 16 workgroup. */
export const PRODUCT_THREADS = 16;
/** Outputs each product thread computes along each side (a 4 × 4 register block). */
export const PRODUCT_BLOCK = 4;
/** Side of the product's square output tile: 64 × 64 outputs per workgroup. */
export const PRODUCT_TILE = PRODUCT_THREADS * PRODUCT_BLOCK;
/** Stored rows per shared slab of the product. */
export const PRODUCT_SLAB = 16;
/** Workgroup memory of the product: one slab of each operand. */
export const PRODUCT_WORKGROUP_BYTES = 4 * 2 * PRODUCT_SLAB * PRODUCT_TILE;
/** The most workgroups WebGPU guarantees in one dimension of a dispatch. */
export const MAX_WORKGROUPS_PER_DIMENSION = 65535;

/** Loss slots at `model[loss]`: data, penalty, total, 1 when the total is finite (else 0). */
export const LOSS_SLOTS = 4;

export interface WebGpuPlan {
  layout: ParameterLayout;
  genes: number;
  batch: number;
  bins: number;
  substeps: number;
  /** RK4 steps of the whole solve (bins × substeps). */
  steps: number;
  /** Stored stage evaluations (4 per step). */
  evaluations: number;
  layers: number;
  sizes: number[];
  elu: boolean[];
  regularizer: TrainingProblem['regularizer'];
  /** Float offsets inside `model`. */
  model: {
    params: number;
    adamM: number;
    adamV: number;
    grad: number;
    noise: number;
    z: number;
    dzDlogit: number;
    gated: number[];
    gatedT: number[];
    dGated: number[];
    /** u_l = 1ᵀ|W̃_0|···|W̃_{l−1}|, l = 0 … L (PathReg). */
    pathU: number[];
    /** v_l = |W̃_l|···|W̃_{L−1}|1, l = 0 … L (PathReg). */
    pathV: number[];
    /** One penalty partial per gate unit (L1, group lasso, L0 values), summed by the loss kernel. */
    unitPartials: number;
    /** PathReg value, then the gate-path gradient of each layer's gates. */
    regularizerScalars: number;
    /** Per layer: Σ_i z_i²·‖W_l[i, :]‖², the squared Frobenius norm of diag(z)·W_l (the stability rule's bound). */
    fieldBound: number;
    /** Per RK4 step: h/2, h, h/6, 2h/6 as float32 (h rounded to float32 first, as the C kernels do). */
    stepCoefficients: number;
    x0: number;
    binValues: number;
    binWeights: number;
    /** (steps + 1) × B × D states. */
    states: number;
    rowLoss: number;
    loss: number;
    /** Floats before the substep-dependent tail (step coefficients, states): equal for every substep count. */
    prefixFloats: number;
    floats: number;
  };
  /** Float offsets of each layer's stored inputs inside `acts` (E·B rows of n_l). */
  acts: number[];
  actsFloats: number;
  /** Float offsets of each layer's stored pre-activation gradients inside `deltas` (E·B rows of n_{l+1}). */
  deltas: number[];
  deltasFloats: number;
  /** Widest layer (inputs and outputs). */
  maxWidth: number;
  /**
   * Whether the sweeps keep the current layer vector in workgroup memory (fast broadcast reads) or, for layers wider
   * than the adapter's workgroup memory allows, read it from its stored copy in `acts`/`deltas`.
   */
  vectorsInWorkgroup: boolean;
  /** Uniform buffer bytes (step size, bias correction, sampled-gates flag). */
  uniformBytes: number;
  /**
   * The folded sweep (the GPU twin of rk4-projected-step.c), or null where it does not save multiply-adds: stages
   * read M = W̃_last·W̃_0 (hidden × hidden) instead of the gene-wide W̃_0 and W̃_last, which each step then reads
   * once forward and once backward.
   */
  folded: FoldedPlan | null;
}

/** Float offsets of the folded sweep's data: M, Q and their bias twins in `model`; the per-step rows with the stored rows. */
export interface FoldedPlan {
  /** M = W̃_last·W̃_0 (n_last × n_1, row-major). */
  m: number;
  /** b_last·W̃_0 (n_1). */
  biasW0: number;
  /** Q = Σ c_s·a_last,s−1ᵀ·δ0_s (n_last × n_1), the stage pairs' share of dW̃_0 and dW̃_last. */
  q: number;
  /** q = Σ c_s·δ0_s (n_1), its bias twin. */
  qBias: number;
  /** In `acts`, per step and trajectory: Σ_s b_s·a_last,s (N × B × n_last). */
  stageSums: number;
  /** In `deltas`, per step and trajectory: d loss / d x_{n+1} as the step is undone (N × B × D). */
  stepGradients: number;
  /** In `deltas`, per step and trajectory: Σ_s δ0_s (N × B × n_1). */
  deltaSums: number;
  /** Whether the sweeps copy M into workgroup memory (where the adapter's maxComputeWorkgroupStorageSize allows). */
  mInWorkgroup: boolean;
}

function allocator(): { take(floats: number): number; readonly used: number } {
  let used = 0;
  return {
    // Regions start on 16-byte boundaries (copies need only 4, but vector-friendly starts cost nothing).
    take(floats: number): number {
      const at = used;
      used += Math.ceil(floats / 4) * 4;
      return at;
    },
    get used() {
      return used;
    },
  };
}

/** Why a Dormand–Prince (per-cell) problem is refused, and what to do instead. */
export const DOPRI5_REFUSAL =
  'The webgpu engine integrates with RK4 on binned pseudotime; use --solver rk4, or --engine wasm/native for Dormand–Prince.';

/** Workgroup memory every WebGPU adapter offers (the spec's default maxComputeWorkgroupStorageSize). */
export const DEFAULT_WORKGROUP_STORAGE_BYTES = 16384;

/** Workgroup memory of the sweeps: the sum scratch, plus the widest layer's vector and M when they are kept there. */
export function sweepWorkgroupBytes(maxWidth: number, vectorsInWorkgroup: boolean, foldedMatrixFloats = 0): number {
  return 4 * (SWEEP_WORKGROUP + (vectorsInWorkgroup ? maxWidth : 0) + foldedMatrixFloats);
}

/** Workgroup memory the sweeps of `plan` use. */
export function planSweepWorkgroupBytes(plan: WebGpuPlan): number {
  const m = plan.folded?.mInWorkgroup ? plan.sizes[plan.layers - 1] * plan.sizes[1] : 0;
  return sweepWorkgroupBytes(plan.maxWidth, plan.vectorsInWorkgroup, m);
}

/**
 * Whether folding the gene-wide layers through the state saves multiply-adds: projection_pays in
 * rk4-projected-step.c, on the same counts (forward, backward and weight gradients of one iteration), so the GPU and
 * the CPU engines take the same path. Needs a hidden layer; loses when hidden layers are wider than the genes.
 */
export function foldingPays(sizes: readonly number[], batch: number, steps: number): boolean {
  const layers = sizes.length - 1;
  if (layers < 2) return false;
  const rows = batch * steps;
  const genes = sizes[0];
  const first = sizes[1];
  const last = sizes[layers - 1];
  let middle = 0;
  for (let l = 1; l < layers - 1; l++) middle += sizes[l] * sizes[l + 1];
  const wide = genes * first + last * genes;
  const perStage = 3 * 4 * rows * (wide + middle);
  const folded = 3 * rows * (wide + 4 * (last * first + middle)) + 4 * rows * last * first + 3 * genes * last * first;
  return folded < perStage;
}

export function planWebGpu(problem: TrainingProblem, workgroupStorageBytes = DEFAULT_WORKGROUP_STORAGE_BYTES): WebGpuPlan {
  if (problem.solver.kind !== 'rk4' || problem.targets.kind !== 'binned') throw new RangeError(DOPRI5_REFUSAL);
  const layout = parameterLayout(problem.genes, problem.model);
  const D = problem.genes;
  const B = problem.batch;
  const K = problem.targets.times.length;
  const S = problem.solver.substeps;
  const N = K * S;
  const E = 4 * N;
  const L = layout.layers.length;
  const sizes = layout.sizes;
  const P = layout.parameterCount;
  const G = layout.gateCount;
  const m = allocator();
  // Parameters and Adam's moments back to back, so synchronize() reads all three with one copy.
  const params = m.take(3 * P);
  const adamM = params + P;
  const adamV = params + 2 * P;
  const grad = m.take(P);
  const noise = m.take(G);
  const z = m.take(G);
  const dzDlogit = m.take(G);
  const gated = layout.layers.map((layer) => m.take(layer.inputs * layer.outputs));
  const gatedT = layout.layers.map((layer) => m.take(layer.inputs * layer.outputs));
  const dGated = layout.layers.map((layer) => m.take(layer.inputs * layer.outputs));
  const fold = foldingPays(sizes, B, N);
  const first = sizes[1];
  const hidden = sizes[L - 1];
  // Reserved whenever a hidden layer exists, folded or not: whether folding pays depends on the substeps, and the
  // prefix must not.
  const foldedModel = L >= 2 ? { m: m.take(hidden * first), biasW0: m.take(first), q: m.take(hidden * first), qBias: m.take(first) } : null;
  const folded: FoldedPlan | null =
    fold && foldedModel ? { ...foldedModel, stageSums: 0, stepGradients: 0, deltaSums: 0, mInWorkgroup: false } : null;
  const pathU = sizes.map((n) => m.take(n));
  const pathV = sizes.map((n) => m.take(n));
  const unitPartials = m.take(G);
  const regularizerScalars = m.take(1 + L);
  const fieldBound = m.take(L);
  const x0 = m.take(B * D);
  const binValues = m.take(K * B * D);
  const binWeights = m.take(K * B);
  const rowLoss = m.take(B);
  const loss = m.take(LOSS_SLOTS);
  const prefixFloats = m.used;
  const stepCoefficients = m.take(4 * N);
  const states = m.take((N + 1) * B * D);
  // The folded sweep never forms the stage inputs (layer 0's inputs) nor the output layer's gradients.
  const a = allocator();
  const acts = layout.layers.map((layer, l) => a.take(fold && l === 0 ? 0 : E * B * layer.inputs));
  const d = allocator();
  const deltas = layout.layers.map((layer, l) => d.take(fold && l === L - 1 ? 0 : E * B * layer.outputs));
  if (folded) {
    folded.stageSums = a.take(N * B * hidden);
    folded.stepGradients = d.take(N * B * D);
    folded.deltaSums = d.take(N * B * first);
  }
  const maxWidth = Math.max(...sizes);
  const vectorsInWorkgroup = sweepWorkgroupBytes(maxWidth, true) <= workgroupStorageBytes;
  if (folded) folded.mInWorkgroup = sweepWorkgroupBytes(maxWidth, vectorsInWorkgroup, hidden * first) <= workgroupStorageBytes;
  return {
    layout,
    genes: D,
    batch: B,
    bins: K,
    substeps: S,
    steps: N,
    evaluations: E,
    layers: L,
    sizes,
    elu: layout.layers.map((layer) => layer.elu),
    regularizer: problem.regularizer,
    model: {
      params,
      adamM,
      adamV,
      grad,
      noise,
      z,
      dzDlogit,
      gated,
      gatedT,
      dGated,
      pathU,
      pathV,
      unitPartials,
      regularizerScalars,
      fieldBound,
      stepCoefficients,
      x0,
      binValues,
      binWeights,
      states,
      rowLoss,
      loss,
      prefixFloats,
      floats: m.used,
    },
    acts,
    actsFloats: a.used,
    deltas,
    deltasFloats: d.used,
    maxWidth,
    vectorsInWorkgroup,
    uniformBytes: 16,
    folded,
  };
}

/** Bytes of every GPU buffer the engine creates for this plan, readback buffers included. */
export function planBufferBytes(plan: WebGpuPlan): { name: string; bytes: number }[] {
  const P = plan.layout.parameterCount;
  return [
    { name: 'model', bytes: plan.model.floats * 4 },
    { name: 'stored layer inputs', bytes: Math.max(16, plan.actsFloats * 4) },
    { name: 'stored layer gradients', bytes: Math.max(16, plan.deltasFloats * 4) },
    { name: 'iteration uniform', bytes: plan.uniformBytes },
    { name: 'loss readback', bytes: LOSS_SLOTS * 4 },
    { name: 'gradient readback', bytes: alignedBytes(P) },
    { name: 'parameter readback', bytes: alignedBytes(3 * P) },
    { name: 'state readback', bytes: alignedBytes((plan.steps + 1) * plan.batch * plan.genes) },
    { name: 'field bound readback', bytes: alignedBytes(plan.layers) },
  ];
}

export function alignedBytes(floats: number): number {
  return Math.ceil(floats / 4) * 16;
}

/**
 * RK4 step coefficients as the C kernels form them: h in float64 from the bin times, rounded to float32, then
 * h/2, h, h/6 and 2h/6 from that float32 h, each rounded to float32.
 */
export function stepCoefficients(plan: WebGpuPlan, times: Float64Array): Float32Array {
  const out = new Float32Array(4 * plan.steps);
  let t = 0;
  let step = 0;
  for (let bin = 0; bin < plan.bins; bin++) {
    const h = Math.fround((times[bin] - t) / plan.substeps);
    for (let s = 0; s < plan.substeps; s++, step++) {
      out.set([h / 2, h, h / 6, (2 * h) / 6], 4 * step);
    }
    t = times[bin];
  }
  return out;
}
