// Small seeded problems shared by the reference engine's tests (no data files: everything comes from a seed).
import type { TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { initializeParameters } from '../../../../src-main/engine/model/initialize.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import type { ActivationPlacement, RegularizerKind, SolverKind } from '../../../../src-shared/run-config.ts';

export interface SmallProblemOptions {
  genes?: number;
  batch?: number;
  hidden?: number[];
  activation?: ActivationPlacement;
  regularizer?: RegularizerKind;
  lambda?: number;
  solver?: SolverKind;
  bins?: number;
  substeps?: number;
  cellsPerTrajectory?: number;
  /** Dormand–Prince tolerances (default 1e-6 and 1e-8: several steps even on these gentle fields). */
  rtol?: number;
  atol?: number;
  seed?: number;
}

export interface SmallProblem {
  problem: TrainingProblem;
  params: Float32Array;
  gateNoise: Float32Array;
}

/**
 * A random problem: targets drift away from x0 so the data term is not trivial, one empty bin per trajectory
 * (weight 0), and per-cell times that include t = 0, repeated times and t = 1.
 */
export function smallProblem(options: SmallProblemOptions = {}): SmallProblem {
  const D = options.genes ?? 4;
  const B = options.batch ?? 2;
  const model = { hidden: options.hidden ?? [5, 3], activation: options.activation ?? 'first' };
  const random = new SeededRandom(options.seed ?? 7);
  const initialStates = Float32Array.from({ length: B * D }, () => random.uniform());
  const solverKind = options.solver ?? 'rk4';
  let problem: TrainingProblem;
  const regularizer = { kind: options.regularizer ?? 'pathreg', lambda: options.lambda ?? 0.05 };
  if (solverKind === 'rk4') {
    const K = options.bins ?? 5;
    const times = Float64Array.from({ length: K }, (_, k) => (k + 0.5) / K);
    const values = Float32Array.from(
      { length: K * B * D },
      (_, i) => initialStates[i % (B * D)] + 0.5 * (random.uniform() - 0.5) * times[Math.floor(i / (B * D))],
    );
    const weights = new Float32Array(K * B);
    for (let b = 0; b < B; b++) {
      const empty = K > 1 ? b % K : -1;
      const filled = K - (empty >= 0 ? 1 : 0);
      for (let k = 0; k < K; k++) weights[k * B + b] = k === empty ? 0 : 1 / (filled * D);
    }
    problem = {
      genes: D,
      batch: B,
      model,
      regularizer,
      solver: { kind: 'rk4', bins: K, substeps: options.substeps ?? 1 },
      initialStates,
      targets: { kind: 'binned', times, values, weights },
    };
  } else {
    const cells = options.cellsPerTrajectory ?? 6;
    const trajectories = Array.from({ length: B }, (_, b) => {
      const times = Float64Array.from({ length: cells }, (_, c) => (cells === 1 ? 0.5 : c / (cells - 1)));
      if (cells > 3) times[2] = times[1];
      const values = Float32Array.from(
        { length: cells * D },
        (_, i) => initialStates[b * D + (i % D)] + 0.5 * (random.uniform() - 0.5) * times[Math.floor(i / D)],
      );
      return { times, values };
    });
    problem = {
      genes: D,
      batch: B,
      model,
      regularizer,
      solver: { kind: 'dopri5', rtol: options.rtol ?? 1e-6, atol: options.atol ?? 1e-8, maxSteps: 1000 },
      initialStates,
      targets: { kind: 'cells', trajectories },
    };
  }
  const layout = parameterLayout(D, model);
  const params = initializeParameters(layout, random);
  const gateNoise = random.fillGateNoise(new Float32Array(layout.gateCount));
  return { problem, params, gateNoise };
}
