/**
 * Measures the reference engine on the paper's shape (529 genes, hidden [100, 100], 3 trajectories, 50 bins, RK4,
 * PathReg): milliseconds per lossAndGradient on each TF.js backend, median after warm-up, and the peak bytes
 * tf.profile sees next to estimateMemoryBytes. Synthetic seeded data: speed does not depend on the values.
 * Usage: npx tsx src-main/engine/reference/bench/measure-paper-shape.ts [--repeats N] [--backends cpu,wasm]
 */
import * as tf from '@tensorflow/tfjs';
import { parseArgs } from 'node:util';
import type { TrainingProblem } from '../../engine-interface.ts';
import { initializeParameters } from '../../model/initialize.ts';
import { parameterLayout } from '../../model/parameter-layout.ts';
import { SeededRandom } from '../../model/random.ts';
import type { TfjsBackendName } from '../tfjs-backend.ts';
import { createTfjsEngineFactory } from '../tfjs-engine.ts';

const { values } = parseArgs({
  options: { repeats: { type: 'string', default: '10' }, backends: { type: 'string', default: 'cpu,wasm' } },
});
const repeats = Number(values.repeats);
const backends = (values.backends ?? 'cpu,wasm').split(',') as TfjsBackendName[];

const D = 529;
const B = 3;
const K = 50;
const random = new SeededRandom(0);
const model = { hidden: [100, 100], activation: 'first' as const };
const problem: TrainingProblem = {
  genes: D,
  batch: B,
  model,
  regularizer: { kind: 'pathreg', lambda: 0.01 },
  solver: { kind: 'rk4', bins: K, substeps: 1 },
  initialStates: Float32Array.from({ length: B * D }, () => random.uniform()),
  targets: {
    kind: 'binned',
    times: Float64Array.from({ length: K }, (_, k) => (k + 0.5) / K),
    values: Float32Array.from({ length: K * B * D }, () => random.uniform()),
    weights: new Float32Array(K * B).fill(1 / (K * D)),
  },
};
const layout = parameterLayout(D, model);
const params = initializeParameters(layout, random);
const noise = random.fillGateNoise(new Float32Array(layout.gateCount));

for (const backend of backends) {
  const factory = createTfjsEngineFactory({ backend });
  const availability = await factory.availability();
  if (!availability.available) {
    console.log(JSON.stringify({ engine: `tfjs-${backend}`, available: false, reason: availability.reason }));
    continue;
  }
  const engine = await factory.create(problem);
  for (let i = 0; i < 2; i++) await engine.lossAndGradient(params, noise);
  const profile = await tf.profile(async () => {
    await engine.lossAndGradient(params, noise);
  });
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await engine.lossAndGradient(params, noise);
    times.push(performance.now() - start);
  }
  engine.dispose();
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      engine: `tfjs-${backend}`,
      workload: 'paper: 529 genes, hidden [100,100], batch 3, 50 bins, rk4, pathreg',
      ms_per_loss_and_gradient_median: Number(times[Math.floor(times.length / 2)].toFixed(1)),
      ms_min: Number(times[0].toFixed(1)),
      repeats,
      peak_bytes_measured: profile.peakBytes,
      bytes_estimated: factory.estimateMemoryBytes(problem),
    }),
  );
}
