/**
 * The paper's run timed end to end on one engine: donor 12's three lineages, the paper preset (hidden [100, 100], ELU
 * after the first layer, PathReg λ = 0.01, RK4 on 50 bins, Adam lr 0.01), 5000 iterations through the app's own
 * training loop (runTraining, as `pathreg fit` uses it), then the paper's per-cell evaluation (Dormand–Prince,
 * rtol = atol = 1e-3) of the held-out donors 21, 36, 11, 24 on the wasm engine, so every engine's parameters are
 * judged by the same evaluator. Prints one JSON line.
 *
 * Usage: paper-run --data FOLDER [--engine webgpu|native|wasm] [--iterations 5000]
 * The GPU kit bundles this file (scripts/gpu-kit/build-kit.sh); it also runs from the checkout with tsx.
 */
import { readTrajectoryFolder } from '../../src-main/data/paper-tables/read-trajectory-folder.ts';
import { PAPER_PREPARATION, prepareTrajectories } from '../../src-main/data/prepare/prepare-trajectory.ts';
import type { EngineFactory } from '../../src-main/engine/engine-interface.ts';
import { evaluateDonor, type EvaluationSettings } from '../../src-main/fit/per-cell-mse.ts';
import { runTraining } from '../../src-main/engine/training/run-training.ts';
import { buildTrainingProblem } from '../../src-main/fit/training-problem.ts';
import { createNativeEngineFactory } from '../../src-main/engine/native/native-engine.ts';
import { createWasmEngineFactory } from '../../src-main/engine/wasm/wasm-engine.ts';
import { createWebGpuEngineFactory, describeGpuAdapter } from '../../src-main/engine/webgpu/webgpu-engine.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../src-shared/run-config.ts';
import { optionText } from '../command-line-options.ts';

const data = optionText('data');
if (!data) throw new Error('paper-run needs --data FOLDER (the pathreg-hematopoiesis/trajectories folder)');
const engineName = optionText('engine') ?? 'webgpu';
const iterations = Number(optionText('iterations') ?? 5000);
const TRAIN_DONOR = '12';
const TEST_DONORS = ['21', '36', '11', '24'];

const factories: Record<string, () => EngineFactory> = {
  webgpu: () => createWebGpuEngineFactory(),
  native: () => createNativeEngineFactory({ threads: 2 }),
  wasm: () => createWasmEngineFactory(),
};
const makeFactory = factories[engineName];
if (!makeFactory) throw new Error(`--engine takes ${Object.keys(factories).join(', ')}, got ${engineName}`);
const factory = makeFactory();
const availability = await factory.availability();
if (!availability.available) {
  console.log(JSON.stringify({ engine: engineName, workload: 'paper', skipped: availability.reason }));
  process.exit(0);
}

const prepared = prepareTrajectories(await readTrajectoryFolder(data), PAPER_PREPARATION);
const training = prepared.filter((t) => t.donor === TRAIN_DONOR);
const config: TrainingConfig = { ...PAPER_DEFAULTS, iterations, engine: engineName as TrainingConfig['engine'] };
const problem = buildTrainingProblem(training, config);
const start = performance.now();
const engine = await factory.create(problem);
const setupSeconds = (performance.now() - start) / 1000;
let outcome;
try {
  outcome = await runTraining({ problem, config, engine, genes: training[0].genes, dataSha256: '', checkpointPath: null });
} finally {
  engine.dispose();
}
const totalSeconds = (performance.now() - start) / 1000;
if (outcome.status !== 'completed') {
  console.log(
    JSON.stringify({
      engine: engineName,
      workload: 'paper',
      status: outcome.status,
      iteration: outcome.iteration,
      ...('message' in outcome ? { message: outcome.message } : {}),
    }),
  );
  process.exit(1);
}
const evaluation: EvaluationSettings = { model: config.model, regularizer: config.regularizer, rtol: 1e-3, atol: 1e-3, maxSteps: 10_000 };
const evaluator = createWasmEngineFactory();
const testMse: Record<string, number> = {};
for (const donor of TEST_DONORS) {
  const result = await evaluateDonor(
    donor,
    prepared.filter((t) => t.donor === donor),
    outcome.parameters,
    evaluation,
    (p) => evaluator.create(p),
  );
  testMse[donor] = Number(result.mse.toFixed(6));
}
const mean = Object.values(testMse).reduce((a, b) => a + b, 0) / TEST_DONORS.length;
const adapter = engineName === 'webgpu' ? await describeGpuAdapter() : null;
console.log(
  JSON.stringify({
    engine: engineName,
    workload: 'paper',
    iterations,
    train_seconds: Number(outcome.seconds.toFixed(2)),
    setup_seconds: Number(setupSeconds.toFixed(2)),
    total_seconds: Number(totalSeconds.toFixed(2)),
    ms_per_iter: Number(((outcome.seconds * 1000) / iterations).toFixed(3)),
    genes: problem.genes,
    batch: problem.batch,
    test_mse: testMse,
    test_mse_mean: Number(mean.toFixed(6)),
    ...(adapter ? { adapter: adapter.description, software: adapter.software } : {}),
  }),
);
process.exit(0);
