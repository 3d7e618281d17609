/**
 * One entry for the velocity fit (issue 13): velocity targets from pseudotime neighbours, then either the sparse
 * linear baseline (`linear`) or the per-edge gated field trained by velocity matching (`node`: collocation, no ODE
 * solve per iteration), and the network read from what was trained.
 */
import { GATE_L0_SHIFT } from '../model/hard-concrete.ts';
import { SeededRandom } from '../model/random.ts';
import { linearVelocityNetwork, type LinearEdgeScore, type NetworkEdge } from './linear-velocity-network.ts';
import { perEdgeFieldForward, perEdgeGates, type PerEdgeFieldConfig } from './per-edge-field-cpu.ts';
import { choosePerEdgeKernel, type PerEdgeKernel, type VelocityEngineChoice } from './per-edge-field-kernel.ts';
import { largestGroupPull, pairGroupNorms, proximalGroupStep } from './group-proximal-path.ts';
import { checkFieldSources, fieldSources, initialPerEdgeField, perEdgeFieldOffsets } from './per-edge-field-layout.ts';
import type { PerEdgePenaltyKind } from './per-edge-penalty.ts';
import { fieldNetwork, type FieldReadout, type VelocityFieldModel } from './velocity-field-model.ts';
import { lassoPath } from './lasso-path.ts';
import { heldOutRows, oneStandardErrorStage, stageAtFraction, type PathCutoff } from './path-cutoff.ts';
import { assembleTargetStages, perTargetOneStandardErrorStages } from './per-target-cutoff.ts';
import { velocityTargets, type VelocityCells, type VelocityTargets } from './velocity-targets.ts';

export type VelocityMethod = 'node' | 'linear';

export interface VelocityFieldSettings {
  method: VelocityMethod;
  /** Velocity targets: nearest neighbours averaged and the window of following cells. */
  neighbours: number;
  window: number;
  /** Per-edge field: hidden units per target gene, decay term, linear term per edge, penalty and its strength. */
  hidden: number;
  decay: boolean;
  linear: boolean;
  /** Start the linear term at the lasso's coefficients at the end of its path (one lasso per target), or at 0. */
  warmStart: 'lasso' | 'none';
  penalty: PerEdgePenaltyKind;
  lambda: number;
  iterations: number;
  /** Cells per iteration (all when larger than the number of cells). */
  batch: number;
  learningRate: number;
  seed: number;
  readout: FieldReadout;
  /**
   * Penalty path after the `iterations` at `lambda`: `pathStages` stages of `stageIterations` each, λ multiplied by
   * `pathGrowth` per stage; each gate's open probability is averaged over the stage ends (the `survival` read-out).
   */
  pathStages: number;
  /** Divide each target's edge weights by its strongest (every target then names a regulator at weight 1). */
  perTarget: boolean;
  stageIterations: number;
  pathGrowth: number;
  /**
   * The `entry` read-out's path instead: gates held open, a group-lasso prox per pair, λ from the λ_max where every
   * pair group is zero down to `pathSmallest`·λ_max over `pathStages` log-spaced stages (`iterations` first at
   * λ_max); an edge weighs the λ/λ_max at which its group first is non-zero at a stage end.
   */
  pathSmallest: number;
  /**
   * The `entry` path's network (path-cutoff.ts): null = the stage chosen by held-out velocity error with the
   * one-standard-error rule; a number in [0, 1] = the last stage whose λ/λ_max is at least it (0: the whole path).
   * The kept stage's parameters are the trained field.
   */
  cutoff: number | null;
  /**
   * With the held-out rule (`cutoff` null): `target` keeps each target gene's row from the stage its own held-out
   * error chooses (per-target-cutoff.ts); `global` keeps one stage for every target, chosen on the error averaged
   * over genes.
   */
  cutoffScope: 'target' | 'global';
  /** How many paired standard errors above the best stage's error a kept stage may be (1: the one-SE rule; 0: the lowest error). */
  cutoffStandardErrors: number;
  /**
   * Neighbours averaged for the held-out cells' velocity targets that score each stage (null: `neighbours`, the
   * training targets' own). Noise in those targets inflates the paired standard error between stages (the difference
   * of two stages' squared errors carries 2·(f_s − f_b)·noise), so noisier targets make the rule keep sparser stages;
   * smoother ones measure the field against a less noisy velocity. The training targets are not changed.
   */
  validationNeighbours: number | null;
  /** Share of the cells with a target held out from training to choose that stage (only when `cutoff` is null). */
  validationShare: number;
  /** Linear baseline: how an edge is weighed. */
  linearScore: LinearEdgeScore;
  /**
   * Gene indices (into `cells.genes`, distinct, any order) allowed as regulators, e.g. the transcription factors;
   * null = every gene. Other genes get no first-layer weights or gates at all (a smaller, faster field) and never
   * appear as an edge's source; they are still targets.
   */
  sources: number[] | null;
}

/**
 * Measured on BEELINE's development set, seeds 0–2 (docs/benchmarks.md, "Networks that are right"): the per-edge
 * field with a linear term and decay, no hidden units, its edges by entry along a group-lasso path (20 stages of 100
 * iterations, λ from λ_max to λ_max/1000). Hidden units (1, 2 or 4 per target) and the L0 survival path ranked known
 * regulators worse there; `lambda`, `penalty` and `pathGrowth` serve the `survival` read-out only.
 */
export const DEFAULT_VELOCITY_FIELD_SETTINGS: VelocityFieldSettings = {
  method: 'node',
  neighbours: 5,
  window: 40,
  hidden: 0,
  decay: true,
  linear: true,
  warmStart: 'none',
  penalty: 'group-lasso',
  lambda: 0.1,
  iterations: 0,
  batch: 256,
  learningRate: 0.01,
  seed: 0,
  readout: 'entry',
  pathStages: 20,
  perTarget: true,
  stageIterations: 100,
  pathGrowth: 1.5,
  pathSmallest: 1e-3,
  cutoff: null,
  cutoffScope: 'target',
  cutoffStandardErrors: 1,
  validationShare: 0.2,
  validationNeighbours: null,
  linearScore: 'entry',
  sources: null,
};

export interface VelocityFitControl {
  /** Checked between iterations; an aborted fit throws the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (progress: { iteration: number; iterations: number; data: number; penalty: number }) => void;
  /** Which engine computes the field's loss and gradient (per-edge-field-kernel.ts), or one already chosen; default `auto`. */
  engine?: VelocityEngineChoice | PerEdgeKernel;
}

export interface VelocityFitResult {
  /** The trained field (null for the linear baseline, which has no integrable field). */
  parameters: VelocityFieldModel | null;
  /** Every ordered pair of distinct genes whose source is allowed, heaviest first. */
  network: NetworkEdge[];
  seconds: number;
  /** Cells that had a velocity target, and lineage cells that had none (lineage ends, tied pseudotimes). */
  cells: number;
  cellsWithoutTarget: number;
  /** Last iteration's loss terms (standardised units); null for the linear baseline. */
  loss: { data: number; penalty: number } | null;
  /** What trained the field and why (the linear baseline: `typescript`, its lasso paths). */
  engine: { name: PerEdgeKernel['name']; reason: string };
  /** Which stage of the `entry` path is the network and the kept parameters; null for other read-outs. */
  cutoff: PathCutoff | null;
}

/** Longest stretch of training without letting the event loop in (a cancel message, a signal). */
const YIELD_EVERY_MS = 200;

/** Fewer held-out cells than this give no usable standard error: the path's last stage is kept instead. */
const MIN_HELD_OUT_CELLS = 10;

/**
 * Adam (β1 0.9, β2 0.999, ε 1e-8, bias-corrected), as the training loop of the gated MLP (docs/model.md).
 * `stepSizes`, when given, receives each parameter's lr/(√v̂ + ε), the metric a proximal step after it uses.
 */
function adamStep(
  params: Float32Array,
  gradient: Float64Array,
  m: Float64Array,
  v: Float64Array,
  step: number,
  lr: number,
  stepSizes?: Float64Array,
): void {
  const c1 = 1 - Math.pow(0.9, step);
  const c2 = 1 - Math.pow(0.999, step);
  for (let i = 0; i < params.length; i++) {
    m[i] = 0.9 * m[i] + 0.1 * gradient[i];
    v[i] = 0.999 * v[i] + 0.001 * gradient[i] * gradient[i];
    const size = lr / (Math.sqrt(v[i] / c2) + 1e-8);
    if (stepSizes) stepSizes[i] = size;
    params[i] -= size * (m[i] / c1);
  }
}

/** A gate logit this large gives a deterministic gate of exactly 1 and no gradient (the clamp is active). */
const OPEN_GATE_LOGIT = 10;

function columnScales(values: Float32Array, rows: number, d: number, centre: boolean): { shift: Float32Array; scale: Float32Array } {
  const shift = new Float32Array(d);
  const scale = new Float32Array(d);
  for (let g = 0; g < d; g++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += values[r * d + g];
    mean /= rows;
    let variance = 0;
    for (let r = 0; r < rows; r++) variance += (values[r * d + g] - mean) ** 2;
    const sd = Math.sqrt(variance / rows);
    shift[g] = centre ? mean : 0;
    // A constant gene carries no information; scale 1 keeps it finite (it standardises to 0).
    scale[g] = sd > 1e-12 ? sd : 1;
  }
  return { shift, scale };
}

export async function fitVelocityField(
  cells: VelocityCells,
  settings: Partial<VelocityFieldSettings> = {},
  control: VelocityFitControl = {},
): Promise<VelocityFitResult> {
  const s = { ...DEFAULT_VELOCITY_FIELD_SETTINGS, ...settings };
  const started = performance.now();
  const d = cells.genes.length;
  const sources = s.sources === null ? null : [...s.sources].sort((a, b) => a - b);
  if (sources !== null) checkFieldSources(sources, d);
  const targets = velocityTargets(cells, { neighbours: s.neighbours, window: s.window });
  const rows = targets.cells.length;
  if (rows < 2)
    throw new RangeError(
      `Only ${rows} cell(s) have a velocity target (a later cell in pseudotime within their lineage); a velocity fit needs at least 2.`,
    );
  if (s.method === 'linear') {
    const network = linearVelocityNetwork(targets, { score: s.linearScore, sources });
    return {
      parameters: null,
      network,
      seconds: (performance.now() - started) / 1000,
      cells: rows,
      cellsWithoutTarget: targets.cellsWithoutTarget,
      loss: null,
      engine: { name: 'typescript', reason: 'the lasso paths of the linear baseline run in TypeScript' },
      cutoff: null,
    };
  }

  const kernel = typeof control.engine === 'object' ? control.engine : await choosePerEdgeKernel(control.engine ?? 'auto');
  const engine = { name: kernel.name, reason: kernel.reason };
  const input = columnScales(targets.states, rows, d, true);
  // Velocities are scaled, not centred: b2 carries the offset, and the zero of velocity keeps its meaning.
  const output = columnScales(targets.velocities, rows, d, false);
  const x = new Float32Array(rows * d);
  const v = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    for (let g = 0; g < d; g++) {
      x[r * d + g] = (targets.states[r * d + g] - input.shift[g]) / input.scale[g];
      v[r * d + g] = targets.velocities[r * d + g] / output.scale[g];
    }
  }
  const config: PerEdgeFieldConfig = {
    genes: d,
    hidden: s.hidden,
    decay: s.decay,
    penalty: s.penalty,
    lambda: s.lambda,
    ...(sources === null ? {} : { sources }),
    ...(s.linear ? { linear: true } : {}),
  };
  const pairs = fieldSources(config).length * d;
  const random = new SeededRandom(s.seed);
  const params = initialPerEdgeField(config, random);
  const offsets = perEdgeFieldOffsets(config);
  if (config.linear && s.warmStart === 'lasso') lassoWarmStart(params, config, offsets, targets, output.scale);
  const m = new Float64Array(offsets.total);
  const second = new Float64Array(offsets.total);
  const batch = Math.min(s.batch, rows);
  const bx = new Float32Array(batch * d);
  const bv = new Float32Array(batch * d);
  const noise = new Float32Array(pairs);
  let loss = { data: NaN, penalty: NaN };
  const survival = new Float64Array(pairs);
  if (s.readout === 'entry') {
    const held = s.cutoff === null ? heldOutRows(targets, cells, s.validationShare, s.seed) : new Uint8Array(rows);
    const checkV = s.cutoff === null ? validationVelocities(cells, targets, s, output.scale) : v;
    const path = await groupEntryPath(s, config, params, x, v, checkV, rows, held, random, survival, control, kernel);
    loss = path.loss;
    const model = trainedModel(cells.genes, config, params, input, output);
    return {
      parameters: model,
      network: fieldNetwork(model, targets.states, rows, 'entry', survival, s.perTarget),
      seconds: (performance.now() - started) / 1000,
      cells: rows,
      cellsWithoutTarget: targets.cellsWithoutTarget,
      loss,
      engine,
      cutoff: path.cutoff,
    };
  }
  const totalIterations = s.iterations + s.pathStages * s.stageIterations;
  for (let iteration = 1; iteration <= totalIterations; iteration++) {
    if (control.signal?.aborted) throw control.signal.reason ?? new Error('The velocity fit was cancelled.');
    const stage = iteration <= s.iterations ? 0 : Math.ceil((iteration - s.iterations) / s.stageIterations);
    config.lambda = s.lambda * Math.pow(s.pathGrowth, stage);
    for (let b = 0; b < batch; b++) {
      const r = batch === rows ? b : Math.min(rows - 1, Math.floor(random.uniform() * rows));
      bx.set(x.subarray(r * d, (r + 1) * d), b * d);
      bv.set(v.subarray(r * d, (r + 1) * d), b * d);
    }
    random.fillGateNoise(noise);
    const step = kernel.lossAndGradient(params, config, bx, bv, batch, noise);
    if (!Number.isFinite(step.data + step.penalty))
      throw new Error(
        `The velocity fit's loss became ${step.data + step.penalty} at iteration ${iteration}: lower --learning-rate and fit again.`,
      );
    adamStep(params, step.gradient, m, second, iteration, s.learningRate);
    loss = { data: step.data, penalty: step.penalty };
    if (stage > 0 && (iteration - s.iterations) % s.stageIterations === 0) {
      for (let pair = 0; pair < pairs; pair++)
        survival[pair] += 1 / (1 + Math.exp(-(params[offsets.logAlpha + pair] - GATE_L0_SHIFT))) / s.pathStages;
    }
    if (iteration % 100 === 0 || iteration === totalIterations) {
      control.onProgress?.({ iteration, iterations: totalIterations, ...loss });
      // Let a worker's cancel message in.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  const model = trainedModel(cells.genes, config, params, input, output);
  const network = fieldNetwork(model, targets.states, rows, s.readout, s.pathStages > 0 ? survival : null, s.perTarget);
  return {
    parameters: model,
    network,
    seconds: (performance.now() - started) / 1000,
    cells: rows,
    cellsWithoutTarget: targets.cellsWithoutTarget,
    loss,
    engine,
    cutoff: null,
  };
}

/**
 * The velocity targets that score the held-out cells, in the field's units (ṽ = v/s with the training targets'
 * scale s): from `validationNeighbours` neighbours, or the training targets themselves.
 */
function validationVelocities(cells: VelocityCells, targets: VelocityTargets, s: VelocityFieldSettings, scale: Float32Array): Float32Array {
  const d = cells.genes.length;
  const neighbours = s.validationNeighbours ?? s.neighbours;
  const smoother = neighbours === s.neighbours ? targets : velocityTargets(cells, { neighbours, window: Math.max(s.window, neighbours) });
  // The same cells get a target whatever the neighbours (a later cell in their lineage), in the same order.
  if (smoother.cells.length !== targets.cells.length || smoother.cells.some((cell, r) => cell !== targets.cells[r]))
    throw new Error('The held-out velocity targets do not cover the same cells as the training targets.');
  const out = new Float32Array(targets.cells.length * d);
  for (let i = 0; i < out.length; i++) out[i] = smoother.velocities[i] / scale[i % d];
  return out;
}

function trainedModel(
  genes: string[],
  config: PerEdgeFieldConfig,
  params: Float32Array,
  input: { shift: Float32Array; scale: Float32Array },
  output: { scale: Float32Array },
): VelocityFieldModel {
  return {
    kind: 'per-edge-field',
    genes: genes.slice(),
    config,
    values: params,
    inputShift: input.shift,
    inputScale: input.scale,
    outputScale: output.scale,
  };
}

/**
 * The `entry` read-out's training (group-proximal-path.ts): gates open, pair groups start at zero, λ from λ_max
 * down a log grid; `entry` receives per pair the λ/λ_max of the first stage whose end finds its group non-zero (0 for
 * a pair that never entered). The cells marked in `held` are left out of training and score each stage's field;
 * `params` end as the stage path-cutoff.ts keeps (or, per target, each target's row from its own stage:
 * per-target-cutoff.ts), `config.penalty` and `config.lambda` as the group lasso at that stage's λ (per target: at the
 * median target's).
 */
async function groupEntryPath(
  s: VelocityFieldSettings,
  config: PerEdgeFieldConfig,
  params: Float32Array,
  allX: Float32Array,
  allV: Float32Array,
  checkV: Float32Array,
  allRows: number,
  held: Uint8Array,
  random: SeededRandom,
  entry: Float64Array,
  control: VelocityFitControl,
  kernel: PerEdgeKernel,
): Promise<{ loss: { data: number; penalty: number }; cutoff: PathCutoff }> {
  const d = config.genes;
  const o = perEdgeFieldOffsets(config);
  const pairs = entry.length;
  let heldCount = 0;
  for (const flag of held) heldCount += flag;
  // Too few cells to hold out (or none asked): train on every cell, and keep the last stage or the named cut-off.
  const validating = heldCount >= MIN_HELD_OUT_CELLS && allRows - heldCount >= 2;
  const split = (flag: number, velocities: Float32Array) => {
    const chosen: number[] = [];
    for (let r = 0; r < allRows; r++) if (!validating || held[r] === flag) chosen.push(r);
    const xs = new Float32Array(chosen.length * d);
    const vs = new Float32Array(chosen.length * d);
    chosen.forEach((r, i) => {
      xs.set(allX.subarray(r * d, (r + 1) * d), i * d);
      vs.set(velocities.subarray(r * d, (r + 1) * d), i * d);
    });
    return { x: xs, v: vs, rows: chosen.length };
  };
  const { x, v, rows } = split(0, allV);
  const check = validating ? split(1, checkV) : null;
  params.fill(OPEN_GATE_LOGIT, o.logAlpha, o.logAlpha + pairs);
  params.fill(0, o.w1, o.w1 + pairs * config.hidden);
  if (config.linear) params.fill(0, o.linear, o.linear + pairs);
  // The intercept starts at each gene's mean velocity, so λ_max measures the pull of the regulators, not of the mean.
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let r = 0; r < rows; r++) mean += v[r * d + j];
    params[o.b2 + j] = mean / rows;
  }
  // The penalty is applied by the prox, not through the gradient.
  const smooth: PerEdgeFieldConfig = { ...config, penalty: 'none', lambda: 0 };
  const lambdaMax = largestGroupPull(kernel.lossAndGradient(params, smooth, x, v, rows, null).gradient, config, o);
  const stages = Math.max(1, s.pathStages);
  const lambdaAt = (stage: number) => lambdaMax * Math.pow(s.pathSmallest, stages > 1 ? stage / (stages - 1) : 0);
  const m = new Float64Array(o.total);
  const second = new Float64Array(o.total);
  const stepSizes = new Float64Array(o.total);
  const batch = Math.min(s.batch, rows);
  const bx = new Float32Array(batch * d);
  const bv = new Float32Array(batch * d);
  const enteredAt = new Int32Array(pairs).fill(-1);
  const totalIterations = s.iterations + stages * s.stageIterations;
  // Each stage's parameters, so the chosen one can be kept once every stage has been scored.
  const snapshots: Float32Array[] = [];
  let lastYield = performance.now();
  let loss = { data: NaN, penalty: NaN };
  for (let iteration = 1; iteration <= totalIterations; iteration++) {
    if (control.signal?.aborted) throw control.signal.reason ?? new Error('The velocity fit was cancelled.');
    const stage = iteration <= s.iterations ? 0 : Math.ceil((iteration - s.iterations) / s.stageIterations) - 1;
    const lambda = lambdaAt(stage);
    for (let b = 0; b < batch; b++) {
      const r = batch === rows ? b : Math.min(rows - 1, Math.floor(random.uniform() * rows));
      bx.set(x.subarray(r * d, (r + 1) * d), b * d);
      bv.set(v.subarray(r * d, (r + 1) * d), b * d);
    }
    const step = kernel.lossAndGradient(params, smooth, bx, bv, batch, null);
    if (!Number.isFinite(step.data))
      throw new Error(`The velocity fit's loss became ${step.data} at iteration ${iteration}: lower the learning rate and fit again.`);
    adamStep(params, step.gradient, m, second, iteration, s.learningRate, stepSizes);
    const penalty = proximalGroupStep(params, config, o, lambda, stepSizes);
    loss = { data: step.data, penalty };
    if (iteration > s.iterations && (iteration - s.iterations) % s.stageIterations === 0) {
      const norms = pairGroupNorms(params, config, o);
      for (let pair = 0; pair < pairs; pair++) {
        // The first stage whose end finds the group non-zero, as lasso-path.ts records entry (requiring it to stay
        // non-zero to the end measured worse: a group the noisy prox zeroed once lost its early entry).
        if (norms[pair] > 0 && enteredAt[pair] < 0) enteredAt[pair] = stage;
      }
      snapshots.push(params.slice());
    }
    if (iteration % 100 === 0 || iteration === totalIterations) {
      control.onProgress?.({ iteration, iterations: totalIterations, ...loss });
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    } else if (performance.now() - lastYield > YIELD_EVERY_MS) {
      // On 529 genes an iteration can take seconds on a loaded machine: a cancel or Ctrl-C (an event) must not wait
      // for the next hundredth iteration.
      await new Promise((resolve) => setTimeout(resolve, 0));
      lastYield = performance.now();
    }
  }
  for (let pair = 0; pair < pairs; pair++) entry[pair] = enteredAt[pair] < 0 ? 0 : lambdaAt(enteredAt[pair]) / lambdaMax;
  const fractions = Array.from({ length: stages }, (_, stage) => lambdaAt(stage) / lambdaMax);
  let cutoff: PathCutoff;
  // The held-out cells' squared velocity errors per gene (rows × genes) of the field whose row j is from stage
  // stages[j]: every stage is scored after the path, from its snapshot.
  const scratch = new Float32Array(params.length);
  const errorsOf = (targetStages: readonly number[]) => {
    assembleTargetStages(scratch, snapshots, targetStages, config, o);
    return geneErrors(scratch, smooth, check!.x, check!.v, check!.rows);
  };
  const scored = check
    ? oneStandardErrorStage(
        snapshots.map((snapshot) => meanOverGenes(geneErrors(snapshot, smooth, check.x, check.v, check.rows), d)),
        s.cutoffStandardErrors,
      )
    : null;
  const base = {
    stages,
    validationCells: check ? check.rows : 0,
    validationErrors: scored?.errors ?? [],
    standardErrors: scored?.standardErrors ?? [],
    standardErrorMultiple: s.cutoffStandardErrors,
    targetStages: null,
    targetBestStages: null,
    globalStage: scored?.stage ?? null,
  };
  if (s.cutoff !== null) {
    const stage = stageAtFraction(fractions, s.cutoff);
    cutoff = { ...base, rule: 'lambda', stage, lambdaFraction: fractions[stage], bestStage: null, reason: null };
  } else if (scored && check && s.cutoffScope === 'target') {
    const { stages: targetStages, bestStages: targetBestStages } = perTargetOneStandardErrorStages(
      stages,
      d,
      errorsOf,
      s.cutoffStandardErrors,
    );
    const stage = medianStage(targetStages);
    const { bestStage } = scored;
    cutoff = {
      ...base,
      rule: 'per-target-one-standard-error',
      stage,
      lambdaFraction: fractions[stage],
      bestStage,
      targetStages,
      targetBestStages,
      reason: null,
    };
  } else if (scored) {
    const { stage, bestStage } = scored;
    cutoff = { ...base, rule: 'one-standard-error', stage, lambdaFraction: fractions[stage], bestStage, reason: null };
  } else {
    const stage = stages - 1;
    cutoff = {
      ...base,
      rule: 'last-stage',
      stage,
      lambdaFraction: fractions[stage],
      bestStage: null,
      reason:
        heldCount === 0
          ? 'no cells were held out to choose a cut-off'
          : `only ${heldCount} cell(s) could be held out, too few to choose a cut-off (at least ${MIN_HELD_OUT_CELLS})`,
    };
  }
  if (cutoff.targetStages) assembleTargetStages(params, snapshots, cutoff.targetStages, config, o);
  else params.set(snapshots[cutoff.stage]);
  config.penalty = 'group-lasso';
  config.lambda = lambdaAt(cutoff.stage);
  return { loss, cutoff };
}

/** Per held-out cell and gene, the squared velocity error of the field (deterministic gates), rows × genes. */
function geneErrors(params: Float32Array, config: PerEdgeFieldConfig, x: Float32Array, v: Float32Array, rows: number): Float64Array {
  const predicted = perEdgeFieldForward(params, config, perEdgeGates(params, config, null), x, rows);
  const errors = new Float64Array(rows * config.genes);
  for (let i = 0; i < errors.length; i++) errors[i] = (predicted[i] - v[i]) ** 2;
  return errors;
}

/** Per cell, the mean over genes of its errors (rows × genes). */
function meanOverGenes(errors: Float64Array, d: number): Float64Array {
  const rows = errors.length / d;
  const means = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let g = 0; g < d; g++) sum += errors[r * d + g];
    means[r] = sum / d;
  }
  return means;
}

/** The lower median of the targets' stages: the one stage a record or a λ can name for the whole field. */
function medianStage(stages: readonly number[]): number {
  const sorted = [...stages].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * A_sj from the lasso of target j's velocity on the allowed sources at the end of its path: the lasso's
 * coefficients are per standardised source on the raw velocity, so in the field's units (ṽ = v/s_j) A = β/s_j.
 */
function lassoWarmStart(
  params: Float32Array,
  config: PerEdgeFieldConfig,
  o: ReturnType<typeof perEdgeFieldOffsets>,
  targets: VelocityTargets,
  velocityScale: Float32Array,
): void {
  const d = config.genes;
  const sources = fieldSources(config);
  const n = targets.cells.length;
  const predictors = new Float32Array(n * sources.length);
  for (let r = 0; r < n; r++)
    for (let c = 0; c < sources.length; c++) predictors[r * sources.length + c] = targets.states[r * d + sources[c]];
  const response = new Float64Array(n);
  for (let j = 0; j < d; j++) {
    for (let r = 0; r < n; r++) response[r] = targets.velocities[r * d + j];
    const path = lassoPath(predictors, response, n, sources.length);
    const last = path.lambdas.length - 1;
    for (let c = 0; c < sources.length; c++) params[o.linear + c * d + j] = path.coefficients[last * sources.length + c] / velocityScale[j];
  }
}
