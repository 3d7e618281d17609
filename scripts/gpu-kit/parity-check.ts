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
import { prepareTrajectories } from '../../src-main/data/prepare/prepare-trajectory.ts';
import { evaluateDonor } from '../../src-main/fit/per-cell-mse.ts';
import { tfjsEngineFactory } from '../../src-main/engine/reference/tfjs-engine.ts';
import { buildTrainingProblem } from '../../src-main/fit/training-problem.ts';
import { wasmEngineFactory } from '../../src-main/engine/wasm/wasm-engine.ts';
import { describeGpuAdapter, webGpuEngineFactory } from '../../src-main/engine/webgpu/webgpu-engine.ts';
import { fusedProblem, worstRelative, type FusedProblemShape } from '../../test/src-main/engine/wasm/fused-problems.ts';
import { RK4_SHAPES } from '../../test/src-main/engine/wasm/fused-shapes.ts';
import { adamSideBySide } from '../../test/src-main/engine/webgpu/adam-side-by-side.ts';
import {
  TRAINING_RUN_CONFIG,
  TRAINING_RUN_EVALUATION,
  firstGenes,
  trainFromSeed,
} from '../../test/src-main/engine/webgpu/paper-training-run.ts';
import { WEBGPU_SHAPES } from '../../test/src-main/engine/webgpu/webgpu-shapes.ts';

const TOLERANCE = 1e-3;

const SHAPES: FusedProblemShape[] = [
  ...WEBGPU_SHAPES,
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
      check: 'gradient parity',
      shape: `${shape.genes} genes, batch ${shape.batch}, hidden [${shape.hidden}], ${shape.regularizer}`,
      data_relative: data,
      penalty_relative: penalty,
      worst_gradient_relative: worst.error,
      pass: data < TOLERANCE && (penalty < TOLERANCE || theirs.terms.penalty === mine.terms.penalty) && worst.error < TOLERANCE,
    });
  } finally {
    gpu.dispose();
    reference.dispose();
  }
}

async function adamParity(): Promise<void> {
  const { problem, params, gateNoise } = fusedProblem(RK4_SHAPES[0]);
  const gpu = await webGpuEngineFactory.create(problem);
  const reference = await tfjsEngineFactory.create(problem);
  try {
    const { mine, theirs, mineState } = await adamSideBySide(gpu, reference, params, gateNoise.length, 20);
    await gpu.synchronize?.(mine, mineState);
    const worst = worstRelative(mine, theirs, 1);
    report({ check: '20 Adam steps', worst_parameter_relative: worst.error, pass: worst.error < TOLERANCE && mineState.step === 20 });
  } finally {
    gpu.dispose();
    reference.dispose();
  }
}

async function trainingRun(data: string, genes: number, iterations: number): Promise<void> {
  const prepared = prepareTrajectories(await readTrajectoryFolder(data)).map((t) => firstGenes(t, genes));
  const problem = buildTrainingProblem(
    prepared.filter((t) => t.donor === '12'),
    TRAINING_RUN_CONFIG,
  );
  const heldOut = prepared.filter((t) => t.donor === '21');
  const mse = async (params: Float32Array) =>
    (await evaluateDonor('21', heldOut, params, TRAINING_RUN_EVALUATION, (p) => wasmEngineFactory.create(p))).mse;
  const viaWasm = await mse((await trainFromSeed(wasmEngineFactory, problem, TRAINING_RUN_CONFIG, iterations)).params);
  const viaGpu = await mse((await trainFromSeed(webGpuEngineFactory, problem, TRAINING_RUN_CONFIG, iterations)).params);
  const difference = relative(viaGpu, viaWasm);
  report({
    check: 'training run held-out MSE',
    genes,
    iterations,
    webgpu: viaGpu,
    wasm: viaWasm,
    relative: difference,
    pass: difference < 0.05,
  });
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
