// Adam steps on two engines from the same parameters with the same seeded gate noise, shared by webgpu-engine.test.ts
// and scripts/gpu-kit/parity-check.ts (bundled for a machine without node_modules, so no vitest here).
import type { OptimizerState, TrainingEngine } from '../../../../src-main/engine/engine-interface.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { createAdamState } from '../../../../src-main/engine/training/adam.ts';
import type { LossTerms } from '../../../../src-shared/run-config.ts';

export interface SideBySideAdam {
  mine: Float32Array;
  theirs: Float32Array;
  mineState: OptimizerState;
  theirState: OptimizerState;
}

/**
 * `steps` Adam steps (learning rate 0.01) of `engine` and `reference` on copies of `params`; `onStep` sees both steps'
 * loss terms. Nothing is synchronized: an engine that keeps its parameters on a device still holds them there.
 */
export async function adamSideBySide(
  engine: TrainingEngine,
  reference: TrainingEngine,
  params: Float32Array,
  gateCount: number,
  steps: number,
  onStep: (mine: LossTerms, theirs: LossTerms) => void = () => {},
): Promise<SideBySideAdam> {
  const mine = Float32Array.from(params);
  const theirs = Float32Array.from(params);
  const mineState = createAdamState(params.length);
  const theirState = createAdamState(params.length);
  const random = new SeededRandom(99);
  const noise = new Float32Array(gateCount);
  for (let s = 0; s < steps; s++) {
    random.fillGateNoise(noise);
    const a = await engine.trainStep(mine, mineState, noise, 0.01);
    const b = await reference.trainStep(theirs, theirState, noise, 0.01);
    onStep(a, b);
  }
  return { mine, theirs, mineState, theirState };
}
