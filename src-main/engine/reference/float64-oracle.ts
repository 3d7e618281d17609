/**
 * A second, independent implementation of the PathReg loss (docs/model.md) in plain TypeScript and float64:
 * no TF.js, no autodiff, loops only. Tests compare the TF.js engine's loss with it and its gradient with central
 * differences of it; fused engines can use it the same way. Not used for training.
 */
import type { TrainingProblem } from '../engine-interface.ts';
import { GATE_L0_SHIFT, GATE_STRETCH_HIGH, GATE_STRETCH_LOW, GATE_TEMPERATURE } from '../model/hard-concrete.ts';
import { parameterLayout, type ParameterLayout } from '../model/parameter-layout.ts';

/** Accepted Dormand–Prince steps (the same shape as the TF.js engine's plan). */
export interface OracleStepPlan {
  steps: Array<{ t: number; h: number }>;
}

export interface OracleLoss {
  data: number;
  penalty: number;
  total: number;
  /** The accepted steps used (dopri5 only): the given plan, or the one this oracle chose. */
  plan: OracleStepPlan | null;
}

interface Layer {
  inputs: number;
  outputs: number;
  weights: Float64Array;
  gated: Float64Array;
  bias: Float64Array;
  logAlpha: Float64Array;
  gates: Float64Array;
  elu: boolean;
}

type Field = (x: Float64Array, rows: number) => Float64Array;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Hard-concrete gate for one logit: sampled from u, or the deterministic mode when u is undefined. */
export function oracleGate(logAlpha: number, u: number | undefined): number {
  const logit = u === undefined ? logAlpha : (Math.log(u) - Math.log(1 - u) + logAlpha) / GATE_TEMPERATURE;
  const stretched = sigmoid(logit) * (GATE_STRETCH_HIGH - GATE_STRETCH_LOW) + GATE_STRETCH_LOW;
  return Math.min(1, Math.max(0, stretched));
}

function layersOf(layout: ParameterLayout, params: ArrayLike<number>, noise: ArrayLike<number> | null): Layer[] {
  return layout.layers.map((slot) => {
    const { inputs, outputs } = slot;
    const weights = Float64Array.from({ length: inputs * outputs }, (_, i) => params[slot.weights + i]);
    const bias = Float64Array.from({ length: outputs }, (_, i) => params[slot.bias + i]);
    const logAlpha = Float64Array.from({ length: inputs }, (_, i) => params[slot.gateLogits + i]);
    const gates = logAlpha.map((a, i) => oracleGate(a, noise === null ? undefined : noise[slot.noise + i]));
    const gated = weights.map((w, i) => w * gates[Math.floor(i / outputs)]);
    return { inputs, outputs, weights, gated, bias, logAlpha, gates, elu: slot.elu };
  });
}

function fieldOf(layers: Layer[]): Field {
  return (x, rows) => {
    let a = x;
    for (const layer of layers) {
      const next = new Float64Array(rows * layer.outputs);
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < layer.outputs; j++) {
          let p = layer.bias[j];
          for (let i = 0; i < layer.inputs; i++) p += a[r * layer.inputs + i] * layer.gated[i * layer.outputs + j];
          next[r * layer.outputs + j] = layer.elu && p <= 0 ? Math.exp(p) - 1 : p;
        }
      }
      a = next;
    }
    return a;
  };
}

/** The gated MLP's field with deterministic gates, in float64: what a trained model is integrated with outside training. */
export function oracleDeterministicField(genes: number, model: TrainingProblem['model'], params: ArrayLike<number>): Field {
  return fieldOf(layersOf(parameterLayout(genes, model), params, null));
}

/** y + h·Σ c_i k_i. */
function combine(y: Float64Array, h: number, terms: Array<[number, Float64Array]>): Float64Array {
  const out = Float64Array.from(y);
  for (const [c, k] of terms) for (let i = 0; i < out.length; i++) out[i] += h * c * k[i];
  return out;
}

/** Classic RK4 through the output times from t = 0, `substeps` steps per interval; states at each time. */
export function oracleRk4(f: Field, x0: Float64Array, rows: number, times: ArrayLike<number>, substeps: number): Float64Array[] {
  const states: Float64Array[] = [];
  let x = x0;
  let t = 0;
  for (let k = 0; k < times.length; k++) {
    const h = (times[k] - t) / substeps;
    for (let s = 0; s < substeps; s++) {
      const k1 = f(x, rows);
      const k2 = f(combine(x, h / 2, [[1, k1]]), rows);
      const k3 = f(combine(x, h / 2, [[1, k2]]), rows);
      const k4 = f(combine(x, h, [[1, k3]]), rows);
      x = combine(x, h / 6, [
        [1, k1],
        [2, k2],
        [2, k3],
        [1, k4],
      ]);
    }
    states.push(x);
    t = times[k];
  }
  return states;
}

// Dormand–Prince 5(4) with Hairer's dense output, written out again (not imported) so the oracle stays independent.
const C = {
  a: [
    [],
    [1 / 5],
    [3 / 40, 9 / 40],
    [44 / 45, -56 / 15, 32 / 9],
    [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
    [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
    [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
  ],
  e: [71 / 57600, 0, -71 / 16695, 71 / 1920, -17253 / 339200, 22 / 525, -1 / 40],
  d: [
    -12715105075 / 11282082432,
    0,
    87487479700 / 32700410799,
    -10690763975 / 1880347072,
    701980252875 / 199316789632,
    -1453857185 / 822651844,
    69997945 / 29380423,
  ],
};

interface OracleStep {
  y1: Float64Array;
  k: Float64Array[];
  error: Float64Array;
}

function dopriStep(f: Field, y: Float64Array, k1: Float64Array, h: number, rows: number): OracleStep {
  const k = [k1];
  // Stages 2…7; the 7th stage point is the fifth-order solution itself (FSAL).
  let y1 = y;
  for (let s = 1; s < 7; s++) {
    const stage = combine(
      y,
      h,
      C.a[s].map((c, j) => [c, k[j]] as [number, Float64Array]),
    );
    if (s === 6) y1 = stage;
    k.push(f(stage, rows));
  }
  const error = combine(
    new Float64Array(y.length),
    h,
    C.e.map((c, j) => [c, k[j]] as [number, Float64Array]),
  );
  return { y1, k, error };
}

function dense(y0: Float64Array, step: OracleStep, h: number, theta: number): Float64Array {
  const r5 = combine(
    new Float64Array(y0.length),
    h,
    C.d.map((c, j) => [c, step.k[j]] as [number, Float64Array]),
  );
  const out = new Float64Array(y0.length);
  for (let i = 0; i < out.length; i++) {
    const r2 = step.y1[i] - y0[i];
    const r3 = h * step.k[0][i] - r2;
    const r4 = r2 - h * step.k[6][i] - r3;
    out[i] = y0[i] + theta * (r2 + (1 - theta) * (r3 + theta * (r4 + (1 - theta) * r5[i])));
  }
  return out;
}

function rmsRatio(v: Float64Array, a: Float64Array, b: Float64Array, rtol: number, atol: number): number {
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    const q = v[i] / (atol + rtol * Math.max(Math.abs(a[i]), Math.abs(b[i])));
    sum += q * q;
  }
  return Math.sqrt(sum / v.length);
}

/** Hairer's starting step (docs/model.md), shared by the oracle's plan and its one-pass grid: the field at x0 and h. */
function oracleFirstStep(f: Field, x0: Float64Array, rows: number, rtol: number, atol: number): { f0: Float64Array; h: number } {
  const f0 = f(x0, rows);
  const d0 = rmsRatio(x0, x0, x0, rtol, atol);
  const d1 = rmsRatio(f0, x0, x0, rtol, atol);
  const h0 = Math.min(1, d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1);
  const f1 = f(combine(x0, h0, [[1, f0]]), rows);
  const d2 =
    rmsRatio(
      f1.map((v, i) => v - f0[i]),
      x0,
      x0,
      rtol,
      atol,
    ) / h0;
  const top = Math.max(d1, d2);
  return { f0, h: Math.min(100 * h0, top <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : Math.pow(0.01 / top, 1 / 5), 1) };
}

/** The oracle's own adaptive step choice (Hairer's starting step, the controller of docs/model.md). */
export function oracleDopri5Plan(f: Field, x0: Float64Array, rows: number, rtol: number, atol: number, maxSteps: number): OracleStepPlan {
  const { f0, h: firstStep } = oracleFirstStep(f, x0, rows, rtol, atol);
  let h = firstStep;
  const steps: Array<{ t: number; h: number }> = [];
  let t = 0;
  let y = x0;
  let k1 = f0;
  for (let attempt = 0; t < 1; attempt++) {
    if (attempt >= maxSteps) throw new Error(`oracle: more than ${maxSteps} steps`);
    const last = t + h >= 1;
    if (last) h = 1 - t;
    const step = dopriStep(f, y, k1, h, rows);
    const e = rmsRatio(step.error, y, step.y1, rtol, atol);
    if (e <= 1) {
      steps.push({ t, h });
      t = last ? 1 : t + h;
      y = step.y1;
      k1 = step.k[6];
    }
    h *= e === 0 ? 10 : Math.min(10, Math.max(0.2, 0.9 * Math.pow(e, -1 / 5)));
  }
  return { steps };
}

/**
 * The accepted steps of oracleDopri5Plan and the dense output of oracleDopri5Read in one pass (each accepted
 * step's stages are used for the times inside it at once): the same numbers with half the field evaluations.
 * `times` ascending within [0, 1].
 */
export function oracleDopri5Grid(
  f: Field,
  x0: Float64Array,
  rows: number,
  rtol: number,
  atol: number,
  maxSteps: number,
  times: ArrayLike<number>,
): { states: Float64Array[]; steps: number } {
  const out: Float64Array[] = new Array(times.length);
  let next = 0;
  while (next < times.length && times[next] <= 0) out[next++] = Float64Array.from(x0);
  const { f0, h: firstStep } = oracleFirstStep(f, x0, rows, rtol, atol);
  let h = firstStep;
  let t = 0;
  let y = x0;
  let k1 = f0;
  let accepted = 0;
  for (let attempt = 0; t < 1; attempt++) {
    if (attempt >= maxSteps) throw new Error(`more than ${maxSteps} steps: the vector field became stiff`);
    const last = t + h >= 1;
    if (last) h = 1 - t;
    const step = dopriStep(f, y, k1, h, rows);
    const e = rmsRatio(step.error, y, step.y1, rtol, atol);
    if (e <= 1) {
      accepted++;
      while (next < times.length && (times[next] <= t + h || last)) {
        out[next] = dense(y, step, h, Math.min(1, (times[next] - t) / h));
        next++;
      }
      t = last ? 1 : t + h;
      y = step.y1;
      k1 = step.k[6];
    }
    h *= e === 0 ? 10 : Math.min(10, Math.max(0.2, 0.9 * Math.pow(e, -1 / 5)));
  }
  return { states: out, steps: accepted };
}

/** States at ascending times in [0, 1], read from the dense output of the given accepted steps. */
export function oracleDopri5Read(f: Field, x0: Float64Array, rows: number, plan: OracleStepPlan, times: ArrayLike<number>): Float64Array[] {
  const out: Float64Array[] = new Array(times.length);
  let next = 0;
  while (next < times.length && times[next] <= 0) out[next++] = Float64Array.from(x0);
  let y = x0;
  let k1 = f(x0, rows);
  plan.steps.forEach(({ t, h }, index) => {
    const step = dopriStep(f, y, k1, h, rows);
    const isLast = index === plan.steps.length - 1;
    while (next < times.length && (times[next] <= t + h || isLast)) {
      out[next] = dense(y, step, h, Math.min(1, (times[next] - t) / h));
      next++;
    }
    y = step.y1;
    k1 = step.k[6];
  });
  return out;
}

function penaltyOf(layers: Layer[], problem: TrainingProblem): number {
  const { kind, lambda } = problem.regularizer;
  const mean = (values: ArrayLike<number>, map: (v: number) => number) => {
    let s = 0;
    for (let i = 0; i < values.length; i++) s += map(values[i]);
    return s / values.length;
  };
  switch (kind) {
    case 'none':
      return 0;
    case 'l1':
      return lambda * layers.reduce((s, layer) => s + mean(layer.weights, Math.abs), 0);
    case 'l0': {
      let open = 0;
      let count = 0;
      for (const layer of layers)
        for (const a of layer.logAlpha) {
          open += sigmoid(a - GATE_L0_SHIFT);
          count++;
        }
      return (lambda * open) / count;
    }
    case 'group-lasso': {
      const first = layers[0];
      let s = 0;
      for (let i = 0; i < first.inputs; i++) {
        let sq = 0;
        for (let j = 0; j < first.outputs; j++) sq += first.weights[i * first.outputs + j] ** 2;
        s += Math.sqrt(sq);
      }
      return (lambda * s) / first.inputs;
    }
    case 'pathreg': {
      // Full product of |W̃_l| (no rank-one shortcut) and the explicit gate matrices Z_l = z_l·1ᵀ.
      let path = layers[0].gated.map(Math.abs);
      let gatePath = Float64Array.from(
        { length: layers[0].inputs * layers[0].outputs },
        (_, i) => layers[0].gates[Math.floor(i / layers[0].outputs)],
      );
      let cols = layers[0].outputs;
      for (let l = 1; l < layers.length; l++) {
        const layer = layers[l];
        const rows = path.length / cols;
        const nextPath = new Float64Array(rows * layer.outputs);
        const nextGate = new Float64Array(rows * layer.outputs);
        for (let r = 0; r < rows; r++) {
          for (let j = 0; j < layer.outputs; j++) {
            let p = 0;
            let g = 0;
            for (let i = 0; i < cols; i++) {
              p += path[r * cols + i] * Math.abs(layer.gated[i * layer.outputs + j]);
              g += gatePath[r * cols + i] * layer.gates[i];
            }
            nextPath[r * layer.outputs + j] = p;
            nextGate[r * layer.outputs + j] = g;
          }
        }
        path = nextPath;
        gatePath = nextGate;
        cols = layer.outputs;
      }
      return lambda * mean(path, (v) => v) + 0.1 * lambda * mean(gatePath, (v) => v);
    }
  }
}

/**
 * The loss of docs/model.md at `params` in float64, gates sampled from `gateNoise` (deterministic when null).
 * For Dormand–Prince, `plan` fixes the accepted steps (to differentiate with the step sizes held constant, as the
 * engines do); without it the oracle chooses its own.
 */
export function float64Loss(
  problem: TrainingProblem,
  params: ArrayLike<number>,
  gateNoise: ArrayLike<number> | null,
  plan?: OracleStepPlan,
): OracleLoss {
  const layout = parameterLayout(problem.genes, problem.model);
  const layers = layersOf(layout, params, gateNoise);
  const f = fieldOf(layers);
  const { genes: D, batch: B, targets, solver } = problem;
  const x0 = Float64Array.from(problem.initialStates);
  let data = 0;
  let usedPlan: OracleStepPlan | null = null;
  if (targets.kind === 'binned') {
    const substeps = solver.kind === 'rk4' ? solver.substeps : 1;
    const states = oracleRk4(f, x0, B, targets.times, substeps);
    states.forEach((state, k) => {
      for (let b = 0; b < B; b++) {
        let sq = 0;
        for (let d = 0; d < D; d++) sq += (state[b * D + d] - targets.values[(k * B + b) * D + d]) ** 2;
        data += targets.weights[k * B + b] * sq;
      }
    });
  } else {
    if (solver.kind !== 'dopri5') throw new Error('per-cell targets need dopri5');
    usedPlan = plan ?? oracleDopri5Plan(f, x0, B, solver.rtol, solver.atol, solver.maxSteps);
    const chosen = usedPlan;
    targets.trajectories.forEach((trajectory, b) => {
      const states = oracleDopri5Read(f, x0, B, chosen, trajectory.times);
      let sq = 0;
      states.forEach((state, c) => {
        for (let d = 0; d < D; d++) sq += (state[b * D + d] - trajectory.values[c * D + d]) ** 2;
      });
      data += sq / (trajectory.times.length * D);
    });
  }
  const penalty = penaltyOf(layers, problem);
  return { data, penalty, total: data + penalty, plan: usedPlan };
}
