// Seeded random problems for the fused engines' parity tests (wasm and native share them; nothing is read from disk).
import type { TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { initializeParameters } from '../../../../src-main/engine/model/initialize.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import type { ActivationPlacement, RegularizerKind, SolverKind } from '../../../../src-shared/run-config.ts';

export interface FusedProblemShape {
  genes: number;
  batch: number;
  hidden: number[];
  activation?: ActivationPlacement;
  regularizer: RegularizerKind;
  lambda?: number;
  solver: SolverKind;
  bins?: number;
  substeps?: number;
  cellsPerTrajectory?: number;
  /**
   * Dormand–Prince tolerances. Parity needs the same accepted steps in both engines; at rtol ≲ 1e-5 the float32
   * error estimate is mostly rounding noise (≈1e-10 absolute), so the two engines' controllers pick different steps.
   */
  rtol?: number;
  atol?: number;
  /** Share of every hidden layer's gates shut exactly (logα = −12), as training leaves them; 1 shuts whole layers. */
  closedHiddenShare?: number;
  seed: number;
}

export interface FusedProblem {
  problem: TrainingProblem;
  params: Float32Array;
  gateNoise: Float32Array;
}

/** Targets drift from x0 so the data term has a real gradient; one bin per trajectory is empty (weight 0). */
export function fusedProblem(shape: FusedProblemShape): FusedProblem {
  const D = shape.genes;
  const B = shape.batch;
  const model = { hidden: shape.hidden, activation: shape.activation ?? 'first' };
  const random = new SeededRandom(shape.seed);
  const initialStates = Float32Array.from({ length: B * D }, () => random.uniform());
  const regularizer = { kind: shape.regularizer, lambda: shape.lambda ?? 0.05 };
  let problem: TrainingProblem;
  if (shape.solver === 'rk4') {
    const K = shape.bins ?? 6;
    const times = Float64Array.from({ length: K }, (_, k) => (k + 0.5) / K);
    const values = Float32Array.from(
      { length: K * B * D },
      (_, i) => initialStates[i % (B * D)] + (random.uniform() - 0.3) * times[Math.floor(i / (B * D))],
    );
    const weights = new Float32Array(K * B);
    for (let b = 0; b < B; b++) {
      const empty = K > 2 ? (b + 1) % K : -1;
      const filled = K - (empty >= 0 ? 1 : 0);
      for (let k = 0; k < K; k++) weights[k * B + b] = k === empty ? 0 : 1 / (filled * D);
    }
    problem = {
      genes: D,
      batch: B,
      model,
      regularizer,
      solver: { kind: 'rk4', bins: K, substeps: shape.substeps ?? 1 },
      initialStates,
      targets: { kind: 'binned', times, values, weights },
    };
  } else {
    const cells = shape.cellsPerTrajectory ?? 7;
    const trajectories = Array.from({ length: B }, (_, b) => {
      // t = 0 (read from x0), a repeated time, unevenly spaced times and t = 1.
      const times = Float64Array.from({ length: cells }, (_, c) => (cells === 1 ? 0.6 : Math.pow(c / (cells - 1), 1.3)));
      if (cells > 3) times[2] = times[1];
      const values = Float32Array.from(
        { length: cells * D },
        (_, i) => initialStates[b * D + (i % D)] + (random.uniform() - 0.3) * times[Math.floor(i / D)],
      );
      return { times, values };
    });
    problem = {
      genes: D,
      batch: B,
      model,
      regularizer,
      solver: { kind: 'dopri5', rtol: shape.rtol ?? 1e-3, atol: shape.atol ?? 1e-5, maxSteps: 2000 },
      initialStates,
      targets: { kind: 'cells', trajectories },
    };
  }
  const layout = parameterLayout(D, model);
  const params = initializeParameters(layout, random);
  // Push some gate logits far out so gates sit exactly at 0 or 1 (the clamp's zero-gradient branch is exercised).
  const first = layout.layers[0];
  if (first.inputs > 2) {
    params[first.gateLogits] = -8;
    params[first.gateLogits + 1] = 8;
  }
  const share = shape.closedHiddenShare ?? 0;
  layout.layers.forEach((layer, l) => {
    if (l === 0) return;
    const shut = Math.round(share * layer.inputs);
    for (let i = 0; i < shut; i++) params[layer.gateLogits + ((i * 7) % layer.inputs)] = -12;
  });
  const gateNoise = random.fillGateNoise(new Float32Array(layout.gateCount));
  return { problem, params, gateNoise };
}

/** Largest |a − b| / max(|b|, floor) over the arrays, and where it is (floor keeps near-zero entries meaningful). */
export function worstRelative(a: ArrayLike<number>, b: ArrayLike<number>, floor: number): { error: number; at: number } {
  let error = 0;
  let at = -1;
  for (let i = 0; i < b.length; i++) {
    const e = Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor);
    if (!(e <= error)) {
      error = e;
      at = i;
    }
  }
  return { error, at };
}
