/**
 * The webgpu engine's correctness checks, for a machine that has a GPU but no node_modules (the GPU kit bundles this
 * file with TF.js inside): the same comparisons as test/src-main/engine/webgpu/ — loss terms and every gradient
 * component against the TF.js reference (cpu backend) within 1e-3 relative, on the test shapes and on workload S itself;
 * 20 Adam steps; a short training run on the paper data whose held-out MSE must be within 5% of the wasm engine's.
 * Prints one JSON line per check with `pass`; exits 1 when any fails.
 *
 * Usage: parity-check --data FOLDER (the pathreg-hematopoiesis/trajectories folder)
 */
import { readTrajectoryFolder } from '../../src-main/data/paper-tables/read-trajectory-folder.ts';
import type { PreparedTrajectory } from '../../src-main/data/dataset.ts';
import { prepareTrajectories } from '../../src-main/data/prepare/prepare-trajectory.ts';
import type { EngineFactory, TrainingProblem } from '../../src-main/engine/engine-interface.ts';
import { evaluateDonor } from '../../src-main/engine/evaluation/per-cell-mse.ts';
import { initializeParameters } from '../../src-main/engine/model/initialize.ts';
import { parameterLayout } from '../../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../../src-main/engine/model/random.ts';
import { tfjsEngineFactory } from '../../src-main/engine/reference/tfjs-engine.ts';
import { createAdamState } from '../../src-main/engine/training/adam.ts';
import { buildTrainingProblem } from '../../src-main/engine/training/training-problem.ts';
import { wasmEngineFactory } from '../../src-main/engine/wasm/wasm-engine.ts';
import { describeGpuAdapter, webGpuEngineFactory } from '../../src-main/engine/webgpu/webgpu-engine.ts';
import { RECOMMENDED_DEFAULTS, type TrainingConfig } from '../../src-shared/run-config.ts';
import { fusedProblem, worstRelative, type FusedProblemShape } from '../../test/src-main/engine/wasm/fused-problems.ts';

const TOLERANCE = 1e-3;

const SHAPES: FusedProblemShape[] = [
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'pathreg', solver: 'rk4', seed: 1 },
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'l1', solver: 'rk4', seed: 2 },
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'l0', solver: 'rk4', seed: 3 },
  { genes: 11, batch: 3, hidden: [9, 5], regularizer: 'group-lasso', solver: 'rk4', seed: 4 },
  { genes: 1, batch: 1, hidden: [1], regularizer: 'pathreg', solver: 'rk4', bins: 3, seed: 6 },
  { genes: 13, batch: 2, hidden: [1, 7], activation: 'all', regularizer: 'pathreg', solver: 'rk4', substeps: 2, seed: 7 },
  { genes: 9, batch: 1, hidden: [], regularizer: 'l1', solver: 'rk4', bins: 4, seed: 8 },
  { genes: 21, batch: 5, hidden: [17, 16, 3], activation: 'all', regularizer: 'pathreg', solver: 'rk4', bins: 5, seed: 9 },
  { genes: 12, batch: 3, hidden: [20, 10], regularizer: 'pathreg', solver: 'rk4', closedHiddenShare: 0.8, seed: 10 },
  { genes: 300, batch: 2, hidden: [260, 3], regularizer: 'group-lasso', solver: 'rk4', bins: 2, seed: 12 },
  // Workload S: the paper's single-cell shape.
  { genes: 529, batch: 3, hidden: [100, 100], regularizer: 'pathreg', lambda: 0.01, solver: 'rk4', bins: 50, seed: 13 },
];

let failures = 0;
function report(line: Record<string, unknown> & { pass: boolean }): void {
  if (!line.pass) failures++;
  console.log(JSON.stringify(line));
}

const relative = (a: number, b: number): number => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));

async function gradientParity(shape: FusedProblemShape): Promise<void> {
  const { problem, params, gateNoise } = fusedProblem(shape);
  const gpu = await webGpuEngineFactory.create(problem);
  const reference = await tfjsEngineFactory.create(problem);
  try {
    const mine = await gpu.lossAndGradient(params, gateNoise);
    const theirs = await reference.lossAndGradient(params, gateNoise);
    let largest = 0;
    for (const g of theirs.gradient) largest = Math.max(largest, Math.abs(g));
    const worst = worstRelative(mine.gradient, theirs.gradient, 1e-3 * largest);
    const data = relative(mine.terms.data, theirs.terms.data);
    const penalty = relative(mine.terms.penalty, theirs.terms.penalty);
    report({
      check: 'gradient parity', shape: `${shape.genes} genes, batch ${shape.batch}, hidden [${shape.hidden}], ${shape.regularizer}`,
      data_relative: data, penalty_relative: penalty, worst_gradient_relative: worst.error,
      pass: data < TOLERANCE && (penalty < TOLERANCE || theirs.terms.penalty === mine.terms.penalty) && worst.error < TOLERANCE,
    });
  } finally {
    gpu.dispose();
    reference.dispose();
  }
}

async function adamParity(): Promise<void> {
  const { problem, params, gateNoise } = fusedProblem(SHAPES[0]);
  const gpu = await webGpuEngineFactory.create(problem);
  const reference = await tfjsEngineFactory.create(problem);
  try {
    const mine = Float32Array.from(params);
    const theirs = Float32Array.from(params);
    const mineState = createAdamState(params.length);
    const theirState = createAdamState(params.length);
    const random = new SeededRandom(99);
    const noise = new Float32Array(gateNoise.length);
    for (let s = 0; s < 20; s++) {
      random.fillGateNoise(noise);
      await gpu.trainStep(mine, mineState, noise, 0.01);
      await reference.trainStep(theirs, theirState, noise, 0.01);
    }
    await gpu.synchronize?.(mine, mineState);
    const worst = worstRelative(mine, theirs, 1);
    report({ check: '20 Adam steps', worst_parameter_relative: worst.error, pass: worst.error < TOLERANCE && mineState.step === 20 });
  } finally {
    gpu.dispose();
    reference.dispose();
  }
}

function firstGenes(t: PreparedTrajectory, genes: number): PreparedTrajectory {
  const all = t.genes.length;
  const cells = t.values.length / all;
  const values = new Float32Array(cells * genes);
  for (let c = 0; c < cells; c++) values.set(t.values.subarray(c * all, c * all + genes), c * genes);
  return { ...t, genes: t.genes.slice(0, genes), values, initialState: t.initialState.slice(0, genes) };
}

async function trained(factory: EngineFactory, problem: TrainingProblem, config: TrainingConfig, iterations: number): Promise<Float32Array> {
  const layout = parameterLayout(problem.genes, problem.model);
  const params = initializeParameters(layout, new SeededRandom(config.seed));
  const optimizer = createAdamState(layout.parameterCount);
  const noise = new Float32Array(layout.gateCount);
  const random = new SeededRandom(config.seed + 1);
  const engine = await factory.create(problem);
  try {
    for (let i = 0; i < iterations; i++) {
      random.fillGateNoise(noise);
      await engine.trainStep(params, optimizer, noise, config.optimizer.learningRate);
    }
    await engine.synchronize?.(params, optimizer);
    return params;
  } finally {
    engine.dispose();
  }
}

async function trainingRun(data: string, genes: number, iterations: number): Promise<void> {
  const prepared = prepareTrajectories(await readTrajectoryFolder(data)).map((t) => firstGenes(t, genes));
  const config: TrainingConfig = { ...RECOMMENDED_DEFAULTS, model: { hidden: [16, 16], activation: 'all' }, solver: { kind: 'rk4', bins: 20, substeps: 1 }, seed: 3 };
  const problem = buildTrainingProblem(prepared.filter((t) => t.donor === '12'), config);
  const settings = { model: config.model, regularizer: config.regularizer, rtol: 1e-3, atol: 1e-3, maxSteps: 10_000 };
  const heldOut = prepared.filter((t) => t.donor === '21');
  const mse = async (params: Float32Array) => (await evaluateDonor('21', heldOut, params, settings, (p) => wasmEngineFactory.create(p))).mse;
  const viaWasm = await mse(await trained(wasmEngineFactory, problem, config, iterations));
  const viaGpu = await mse(await trained(webGpuEngineFactory, problem, config, iterations));
  const difference = relative(viaGpu, viaWasm);
  report({ check: 'training run held-out MSE', genes, iterations, webgpu: viaGpu, wasm: viaWasm, relative: difference, pass: difference < 0.05 });
}

const at = process.argv.indexOf('--data');
const data = at >= 0 ? process.argv[at + 1] : undefined;
if (!data) throw new Error('parity-check needs --data FOLDER (the pathreg-hematopoiesis/trajectories folder)');
const adapter = await describeGpuAdapter();
console.log(JSON.stringify({ check: 'adapter', ...adapter }));
if (!adapter.present) process.exit(1);
for (const shape of SHAPES) await gradientParity(shape);
await adamParity();
await trainingRun(data, 30, 150);
process.exit(failures > 0 ? 1 : 0);
