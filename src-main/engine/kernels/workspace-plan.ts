/**
 * The arena layout of the fused C kernels (kernel-abi.h), planned in TypeScript so the memory a problem needs is
 * known before anything is allocated: an int32 header of sizes and byte offsets, a float64 block of scalars, then
 * every buffer, rows padded to the SIMD width. The same plan serves the WebAssembly and the native build.
 */
import type { TrainingProblem } from '../engine-interface.ts';
import { parameterLayout, type ParameterLayout } from '../model/parameter-layout.ts';

export const ABI_VERSION = 5;
export const MAX_LAYERS = 15;
export const SIMD_WIDTH = 8;
export const HEADER_INTS = 512;
export const REALS_OFFSET = HEADER_INTS * 4;
const REALS = 64;
const BUFFER_ALIGN = 64;
/** Offsets are int32 in C: one arena must stay below 2 GiB. */
export const MAX_ARENA_BYTES = 2 ** 31 - 1;
/** Accepted Dormand–Prince steps the first allocation holds; the engine doubles it when a solve needs more. */
export const DOPRI5_INITIAL_STEP_CAPACITY = 64;

/** int32 header slots, the twins of kernel-abi.h's H_* enum. */
export const H = {
  abi: 0,
  genes: 1,
  batch: 2,
  layers: 3,
  solver: 4,
  regularizer: 5,
  bins: 6,
  substeps: 7,
  stepCapacity: 8,
  maxSteps: 9,
  cellCount: 10,
  parameterCount: 11,
  gateCount: 12,
  status: 13,
  stepsTaken: 14,
  stepsRejected: 15,
  threads: 16,
  maxPadded: 17,
  size: 32,
  padded: 48,
  elu: 64,
  pWeights: 80,
  pBias: 96,
  pLogAlpha: 112,
  noiseAt: 128,
  oZ: 144,
  oDzDlogit: 160,
  oDz: 176,
  oWt: 192,
  oWtt: 208,
  oBias: 224,
  oDwt: 240,
  oDbias: 256,
  oAct: 272,
  oDelta: 288,
  oPathU: 304,
  oPathV: 320,
  oCwt: 336,
  oCwtt: 352,
  oCbias: 368,
  oCdwt: 384,
  oCdbias: 400,
  oOpen: 416,
  oParams: 440,
  oNoise: 441,
  oGrad: 442,
  oAdamM: 443,
  oAdamV: 444,
  oX0: 445,
  oBinTimes: 446,
  oBinValues: 447,
  oBinWeights: 448,
  oCellTimes: 449,
  oCellValues: 450,
  oCellStart: 451,
  oCellStep: 452,
  oCellTheta: 453,
  oCellPred: 454,
  oStates: 455,
  oStepT: 456,
  oStepH: 457,
  oK: 458,
  oGk: 459,
  oG: 460,
  oGin: 461,
  oGacc: 462,
  oScratch: 463,
  oProbeHidden: 464,
  oProjM: 465,
  oProjMt: 466,
  oProjBiasW0: 467,
  oProjQ: 468,
  oProjStateW0: 469,
  oProjGLast: 470,
  oProjDLast: 471,
  oProjStageSum: 472,
  oProjGSteps: 473,
  oProjDeltaSum: 474,
  oProjShifted: 475,
} as const;

/** float64 scalar slots (kernel-abi.h R_*). */
export const R = {
  lambda: 0,
  rtol: 1,
  atol: 2,
  learningRate: 3,
  biasCorrection1: 4,
  biasCorrection2Sqrt: 5,
  lossData: 6,
  lossPenalty: 7,
  failTime: 8,
} as const;

export const STATUS = { ok: 0, stepCapacity: 1, tooManySteps: 2, stepUnderflow: 3, nonFinite: 4 } as const;
export const MODE = { gradient: 0, train: 1, predict: 2 } as const;
const SOLVER_CODE = { rk4: 0, dopri5: 1 } as const;
const REGULARIZER_CODE = { none: 0, pathreg: 1, l1: 2, l0: 3, 'group-lasso': 4 } as const;

export function padToSimd(n: number): number {
  return Math.ceil(n / SIMD_WIDTH) * SIMD_WIDTH;
}

export interface WorkspacePlan {
  layout: ParameterLayout;
  padded: number[];
  stepCapacity: number;
  evaluations: number;
  cellCount: number;
  /** Bytes of the whole arena. */
  totalBytes: number;
  header: Int32Array;
  reals: Float64Array;
}

/** Lays out every buffer for `problem` (a Dormand–Prince solve holds `stepCapacity` accepted steps). */
export function planWorkspace(problem: TrainingProblem, stepCapacity = DOPRI5_INITIAL_STEP_CAPACITY, threads = 1): WorkspacePlan {
  const layout = parameterLayout(problem.genes, problem.model);
  const L = layout.layers.length;
  if (L > MAX_LAYERS) throw new RangeError(`The fused engines support at most ${MAX_LAYERS - 1} hidden layers; the model has ${L - 1}.`);
  const B = problem.batch;
  const D = problem.genes;
  const padded = layout.sizes.map(padToSimd);
  const rowFloats = B * padded[0];
  const rk4 = problem.solver.kind === 'rk4';
  const bins = problem.targets.kind === 'binned' ? problem.targets.times.length : 0;
  const substeps = problem.solver.kind === 'rk4' ? problem.solver.substeps : 1;
  const steps = rk4 ? bins * substeps : stepCapacity;
  const evaluations = rk4 ? 4 * steps : 1 + 6 * steps;
  const cellCount = problem.targets.kind === 'cells' ? problem.targets.trajectories.reduce((sum, t) => sum + t.times.length, 0) : 0;
  const maxPadded = Math.max(...padded);

  const header = new Int32Array(HEADER_INTS);
  const reals = new Float64Array(REALS);
  let cursor = REALS_OFFSET + REALS * 8;
  const place = (slot: number, bytes: number): void => {
    cursor = Math.ceil(cursor / BUFFER_ALIGN) * BUFFER_ALIGN;
    header[slot] = cursor;
    cursor += bytes;
  };
  const F = 4;
  const D8 = 8;
  place(H.oParams, layout.parameterCount * F);
  place(H.oNoise, layout.gateCount * F);
  place(H.oGrad, layout.parameterCount * F);
  place(H.oAdamM, layout.parameterCount * F);
  place(H.oAdamV, layout.parameterCount * F);
  place(H.oX0, B * D * F);
  place(H.oBinTimes, bins * D8);
  place(H.oBinValues, bins * B * D * F);
  place(H.oBinWeights, bins * B * F);
  place(H.oCellTimes, cellCount * D8);
  place(H.oCellValues, cellCount * D * F);
  place(H.oCellStart, (B + 1) * 4);
  place(H.oCellStep, cellCount * 4);
  place(H.oCellTheta, cellCount * D8);
  place(H.oCellPred, cellCount * D * F);
  for (let l = 0; l < L; l++) {
    const inputs = layout.sizes[l];
    const outputs = layout.sizes[l + 1];
    place(H.oZ + l, padded[l] * F);
    place(H.oDzDlogit + l, padded[l] * F);
    place(H.oDz + l, padded[l] * F);
    place(H.oWt + l, inputs * padded[l + 1] * F);
    place(H.oWtt + l, outputs * padded[l] * F);
    place(H.oBias + l, padded[l + 1] * F);
    place(H.oDwt + l, inputs * padded[l + 1] * F);
    place(H.oDbias + l, padded[l + 1] * F);
    // The same layer without its closed hidden units (closed-unit-pruning.c): never larger than the full one.
    place(H.oCwt + l, inputs * padded[l + 1] * F);
    place(H.oCwtt + l, outputs * padded[l] * F);
    place(H.oCbias + l, padded[l + 1] * F);
    place(H.oCdwt + l, inputs * padded[l + 1] * F);
    place(H.oCdbias + l, padded[l + 1] * F);
    place(H.oOpen + l, inputs * 4);
    place(H.oAct + l, evaluations * B * padded[l] * F);
    place(H.oDelta + l, evaluations * B * padded[l + 1] * F);
  }
  for (let l = 0; l <= L; l++) {
    place(H.oPathU + l, padded[l] * D8);
    place(H.oPathV + l, padded[l] * D8);
  }
  place(H.oStates, (steps + 1) * rowFloats * F);
  place(H.oStepT, steps * D8);
  place(H.oStepH, steps * D8);
  place(H.oK, 7 * rowFloats * F);
  place(H.oGk, 7 * rowFloats * F);
  place(H.oG, rowFloats * F);
  place(H.oGin, rowFloats * F);
  place(H.oGacc, rowFloats * F);
  place(H.oScratch, (padToSimd(B) + padToSimd(D)) * F);
  place(H.oProbeHidden, 2 * B * maxPadded * F);
  // The projected RK4 sweep (rk4-projected-step.c): hidden-wide matrices and per-step sums; the kernels decide per
  // iteration whether to use it, so an RK4 model with a hidden layer always has room for it.
  const projected = rk4 && L >= 2;
  const first = projected ? padded[1] : 0;
  const last = projected ? padded[L - 1] : 0;
  const firstUnits = projected ? layout.sizes[1] : 0;
  const lastUnits = projected ? layout.sizes[L - 1] : 0;
  place(H.oProjM, lastUnits * first * F);
  place(H.oProjMt, firstUnits * last * F);
  place(H.oProjBiasW0, first * F);
  place(H.oProjQ, lastUnits * first * F);
  place(H.oProjStateW0, B * first * F);
  place(H.oProjGLast, B * last * F);
  place(H.oProjDLast, B * last * F);
  place(H.oProjStageSum, steps * B * last * F);
  place(H.oProjGSteps, projected ? steps * rowFloats * F : 0);
  place(H.oProjDeltaSum, steps * B * first * F);
  place(H.oProjShifted, evaluations * B * first * F);
  const totalBytes = Math.ceil(cursor / BUFFER_ALIGN) * BUFFER_ALIGN;

  header[H.abi] = ABI_VERSION;
  header[H.genes] = D;
  header[H.batch] = B;
  header[H.layers] = L;
  header[H.solver] = SOLVER_CODE[problem.solver.kind];
  header[H.regularizer] = REGULARIZER_CODE[problem.regularizer.kind];
  header[H.bins] = bins;
  header[H.substeps] = substeps;
  header[H.stepCapacity] = steps;
  header[H.maxSteps] = problem.solver.kind === 'dopri5' ? problem.solver.maxSteps : 0;
  header[H.cellCount] = cellCount;
  header[H.parameterCount] = layout.parameterCount;
  header[H.gateCount] = layout.gateCount;
  header[H.threads] = threads;
  header[H.maxPadded] = maxPadded;
  layout.sizes.forEach((n, l) => {
    header[H.size + l] = n;
    header[H.padded + l] = padded[l];
  });
  layout.layers.forEach((layer, l) => {
    header[H.elu + l] = layer.elu ? 1 : 0;
    header[H.pWeights + l] = layer.weights;
    header[H.pBias + l] = layer.bias;
    header[H.pLogAlpha + l] = layer.gateLogits;
    header[H.noiseAt + l] = layer.noise;
  });
  reals[R.lambda] = problem.regularizer.lambda;
  if (problem.solver.kind === 'dopri5') {
    reals[R.rtol] = problem.solver.rtol;
    reals[R.atol] = problem.solver.atol;
  }
  return { layout, padded, stepCapacity: steps, evaluations, cellCount, totalBytes, header, reals };
}

/** Copies the header and the problem's constant data (initial states, targets) into a zeroed arena. */
export function writeProblem(plan: WorkspacePlan, problem: TrainingProblem, buffer: ArrayBuffer, base: number): void {
  const { header } = plan;
  new Int32Array(buffer, base, header.length).set(header);
  new Float64Array(buffer, base + REALS_OFFSET, plan.reals.length).set(plan.reals);
  const f32 = (slot: number, length: number): Float32Array => new Float32Array(buffer, base + header[slot], length);
  const f64 = (slot: number, length: number): Float64Array => new Float64Array(buffer, base + header[slot], length);
  f32(H.oX0, problem.initialStates.length).set(problem.initialStates);
  const targets = problem.targets;
  if (targets.kind === 'binned') {
    f64(H.oBinTimes, targets.times.length).set(targets.times);
    f32(H.oBinValues, targets.values.length).set(targets.values);
    f32(H.oBinWeights, targets.weights.length).set(targets.weights);
  } else {
    const starts = new Int32Array(buffer, base + header[H.oCellStart], problem.batch + 1);
    const times = f64(H.oCellTimes, plan.cellCount);
    const values = f32(H.oCellValues, plan.cellCount * problem.genes);
    let at = 0;
    targets.trajectories.forEach((trajectory, b) => {
      starts[b] = at;
      times.set(trajectory.times, at);
      values.set(trajectory.values, at * problem.genes);
      at += trajectory.times.length;
    });
    starts[problem.batch] = at;
  }
}
