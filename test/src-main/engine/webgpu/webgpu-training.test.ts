// A short real training run on the paper's data through the webgpu engine and the wasm engine, from the same
// parameters with the same gate noise: the held-out donor's per-cell MSE (the paper's evaluation) must agree within 5%.
import { describe, expect, it } from 'vitest';
import type { PreparedTrajectory } from '../../../../src-main/data/dataset.ts';
import { readTrajectoryFolder } from '../../../../src-main/data/paper-tables/read-trajectory-folder.ts';
import { prepareTrajectories } from '../../../../src-main/data/prepare/prepare-trajectory.ts';
import type { EngineFactory, TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { evaluateDonor, type EvaluationSettings } from '../../../../src-main/engine/evaluation/per-cell-mse.ts';
import { initializeParameters } from '../../../../src-main/engine/model/initialize.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { createAdamState } from '../../../../src-main/engine/training/adam.ts';
import { buildTrainingProblem } from '../../../../src-main/engine/training/training-problem.ts';
import { wasmEngineFactory } from '../../../../src-main/engine/wasm/wasm-engine.ts';
import { webGpuEngineFactory } from '../../../../src-main/engine/webgpu/webgpu-engine.ts';
import { RECOMMENDED_DEFAULTS, type TrainingConfig } from '../../../../src-shared/run-config.ts';
import { SHARED_DATA } from '../../../shared-data.ts';
import { noAdapter } from './webgpu-test-adapter.ts';

const GENES = 30;
const ITERATIONS = 150;

/** The first `genes` genes of a prepared trajectory (a few dozen keep the run to seconds on a CPU-emulated GPU). */
function firstGenes(t: PreparedTrajectory, genes: number): PreparedTrajectory {
  const all = t.genes.length;
  const cells = t.values.length / all;
  const values = new Float32Array(cells * genes);
  for (let c = 0; c < cells; c++) values.set(t.values.subarray(c * all, c * all + genes), c * genes);
  return { ...t, genes: t.genes.slice(0, genes), values, initialState: t.initialState.slice(0, genes) };
}

async function train(factory: EngineFactory, problem: TrainingProblem, config: TrainingConfig): Promise<Float32Array> {
  const layout = parameterLayout(problem.genes, problem.model);
  const params = initializeParameters(layout, new SeededRandom(config.seed));
  const optimizer = createAdamState(layout.parameterCount);
  const noise = new Float32Array(layout.gateCount);
  const random = new SeededRandom(config.seed + 1);
  const engine = await factory.create(problem);
  try {
    for (let i = 0; i < ITERATIONS; i++) {
      random.fillGateNoise(noise);
      const terms = await engine.trainStep(params, optimizer, noise, config.optimizer.learningRate);
      expect(Number.isFinite(terms.total), `${factory.name} iteration ${i}`).toBe(true);
    }
    await engine.synchronize?.(params, optimizer);
    expect(optimizer.step).toBe(ITERATIONS);
    return params;
  } finally {
    engine.dispose();
  }
}

describe.skipIf(noAdapter)('webgpu engine: a short training run on the paper data', () => {
  it(`donor 12 → held-out donor 21, ${GENES} genes, ${ITERATIONS} iterations: per-cell MSE within 5% of the wasm engine's`, async () => {
    const prepared = prepareTrajectories(await readTrajectoryFolder(`${SHARED_DATA}/pathreg-hematopoiesis/trajectories`)).map((t) => firstGenes(t, GENES));
    const trainOn = prepared.filter((t) => t.donor === '12');
    const heldOut = prepared.filter((t) => t.donor === '21');
    expect(trainOn.length).toBe(3);
    const config: TrainingConfig = { ...RECOMMENDED_DEFAULTS, model: { hidden: [16, 16], activation: 'all' }, solver: { kind: 'rk4', bins: 20, substeps: 1 }, seed: 3 };
    const problem = buildTrainingProblem(trainOn, config);
    const settings: EvaluationSettings = { model: config.model, regularizer: config.regularizer, rtol: 1e-3, atol: 1e-3, maxSteps: 10_000 };
    const evaluate = async (params: Float32Array): Promise<number> => (await evaluateDonor('21', heldOut, params, settings, (p) => wasmEngineFactory.create(p))).mse;
    const layout = parameterLayout(problem.genes, problem.model);
    const untrained = await evaluate(initializeParameters(layout, new SeededRandom(config.seed)));
    const viaWasm = await evaluate(await train(wasmEngineFactory, problem, config));
    const viaGpu = await evaluate(await train(webGpuEngineFactory, problem, config));
    // Training has to have moved the model for the comparison to mean anything.
    // (Measured: untrained 0.0270, wasm 0.02540, webgpu 0.02540 — equal to 6e-8 relative on SwiftShader.)
    expect(viaWasm).toBeLessThan(0.97 * untrained);
    expect(Math.abs(viaGpu - viaWasm) / viaWasm, `held-out MSE: webgpu ${viaGpu}, wasm ${viaWasm} (untrained ${untrained})`).toBeLessThan(0.05);
  }, 120_000);
});
