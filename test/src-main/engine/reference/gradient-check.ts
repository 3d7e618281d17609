// Shared by the gradient tests: the TF.js engine's gradient against central differences of the float64 oracle.
import * as tf from '@tensorflow/tfjs';
import type { TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { float64Loss, type OracleStepPlan } from '../../../../src-main/engine/reference/float64-oracle.ts';
import { planIteration } from '../../../../src-main/engine/reference/loss/pathreg-loss.ts';
import { disposePreparedProblem, prepareProblem } from '../../../../src-main/engine/reference/prepared-problem.ts';
import { tfjsEngineFactory } from '../../../../src-main/engine/reference/tfjs-engine.ts';

export interface GradientComparison {
  tfjs: { data: number; penalty: number; gradient: Float32Array };
  oracle: { data: number; penalty: number; gradient: Float64Array };
  /** ‖g_tfjs − g_fd‖₂ / ‖g_fd‖₂. */
  relativeError: number;
  /** Largest |g_tfjs − g_fd| / max(|g_fd|, 1e-2·‖g_fd‖∞) over the components. */
  worstComponent: number;
  plan: OracleStepPlan | null;
}

/** The accepted steps the TF.js engine chooses for these parameters and noise (dopri5 problems only). */
export function tfjsPlan(problem: TrainingProblem, params: Float32Array, gateNoise: Float32Array | null): OracleStepPlan | null {
  const prepared = prepareProblem(problem);
  const p = tf.tensor1d(params);
  const u = gateNoise ? tf.tensor1d(gateNoise) : null;
  try {
    return planIteration(p, u, prepared);
  } finally {
    tf.dispose([p, ...(u ? [u] : [])]);
    disposePreparedProblem(prepared);
  }
}

/** Central differences (step 1e-6) of the float64 loss with the TF.js engine's accepted steps held fixed. */
export async function compareGradient(
  problem: TrainingProblem,
  params: Float32Array,
  gateNoise: Float32Array,
): Promise<GradientComparison> {
  await tf.setBackend('cpu');
  const engine = await tfjsEngineFactory.create(problem);
  const { terms, gradient } = await engine.lossAndGradient(params, gateNoise);
  engine.dispose();
  const plan = tfjsPlan(problem, params, gateNoise);
  const x = Float64Array.from(params);
  const u = Float64Array.from(gateNoise);
  const at = float64Loss(problem, x, u, plan ?? undefined);
  const fd = new Float64Array(x.length);
  const step = 1e-6;
  for (let i = 0; i < x.length; i++) {
    const keep = x[i];
    x[i] = keep + step;
    const up = float64Loss(problem, x, u, plan ?? undefined).total;
    x[i] = keep - step;
    const down = float64Loss(problem, x, u, plan ?? undefined).total;
    x[i] = keep;
    fd[i] = (up - down) / (2 * step);
  }
  let diff = 0;
  let norm = 0;
  let largest = 0;
  for (let i = 0; i < fd.length; i++) {
    diff += (gradient[i] - fd[i]) ** 2;
    norm += fd[i] ** 2;
    largest = Math.max(largest, Math.abs(fd[i]));
  }
  let worst = 0;
  for (let i = 0; i < fd.length; i++) worst = Math.max(worst, Math.abs(gradient[i] - fd[i]) / Math.max(Math.abs(fd[i]), 1e-2 * largest));
  return {
    tfjs: { data: terms.data, penalty: terms.penalty, gradient },
    oracle: { data: at.data, penalty: at.penalty, gradient: fd },
    relativeError: Math.sqrt(diff / norm),
    worstComponent: worst,
    plan,
  };
}
