// The short training run on the paper's data that the webgpu engine must match the wasm engine on, shared by
// webgpu-training.test.ts and scripts/gpu-kit/parity-check.ts (bundled for a machine without node_modules, so no
// vitest here): donor 12's trajectories on a few genes, evaluated on held-out donor 21.
import type { PreparedTrajectory } from '../../../../src-main/data/dataset.ts';
import type { EngineFactory, OptimizerState, TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import type { EvaluationSettings } from '../../../../src-main/fit/per-cell-mse.ts';
import { initializeParameters } from '../../../../src-main/engine/model/initialize.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { createAdamState } from '../../../../src-main/engine/training/adam.ts';
import { RECOMMENDED_DEFAULTS, type LossTerms, type TrainingConfig } from '../../../../src-shared/run-config.ts';

export const TRAINING_RUN_CONFIG: TrainingConfig = {
  ...RECOMMENDED_DEFAULTS,
  model: { hidden: [16, 16], activation: 'all' },
  solver: { kind: 'rk4', bins: 20, substeps: 1 },
  seed: 3,
};

export const TRAINING_RUN_EVALUATION: EvaluationSettings = {
  model: TRAINING_RUN_CONFIG.model,
  regularizer: TRAINING_RUN_CONFIG.regularizer,
  rtol: 1e-3,
  atol: 1e-3,
  maxSteps: 10_000,
};

/** The first `genes` genes of a prepared trajectory (a few dozen keep the run to seconds on a CPU-emulated GPU). */
export function firstGenes(t: PreparedTrajectory, genes: number): PreparedTrajectory {
  const all = t.genes.length;
  const cells = t.values.length / all;
  const values = new Float32Array(cells * genes);
  for (let c = 0; c < cells; c++) values.set(t.values.subarray(c * all, c * all + genes), c * genes);
  return { ...t, genes: t.genes.slice(0, genes), values, initialState: t.initialState.slice(0, genes) };
}

/**
 * `iterations` Adam steps from the config's seeded initial parameters with seeded gate noise (the same for every
 * engine), read back at the end; `onIteration` sees each step's loss terms.
 */
export async function trainFromSeed(
  factory: EngineFactory,
  problem: TrainingProblem,
  config: TrainingConfig,
  iterations: number,
  onIteration: (iteration: number, terms: LossTerms) => void = () => {},
): Promise<{ params: Float32Array; optimizer: OptimizerState }> {
  const layout = parameterLayout(problem.genes, problem.model);
  const params = initializeParameters(layout, new SeededRandom(config.seed));
  const optimizer = createAdamState(layout.parameterCount);
  const noise = new Float32Array(layout.gateCount);
  const random = new SeededRandom(config.seed + 1);
  const engine = await factory.create(problem);
  try {
    for (let i = 0; i < iterations; i++) {
      random.fillGateNoise(noise);
      onIteration(i, await engine.trainStep(params, optimizer, noise, config.optimizer.learningRate));
    }
    await engine.synchronize?.(params, optimizer);
    return { params, optimizer };
  } finally {
    engine.dispose();
  }
}
