// Parity checks shared by the wasm and native engine tests: every fused engine against the TF.js reference engine.
import { expect } from 'vitest';
import type { EngineFactory } from '../../../../src-main/engine/engine-interface.ts';
import { tfjsEngineFactory } from '../../../../src-main/engine/reference/tfjs-engine.ts';
import { adamStep, createAdamState } from '../../../../src-main/engine/training/adam.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { tfjsPlan } from '../reference/gradient-check.ts';
import { fusedProblem, worstRelative, type FusedProblemShape } from './fused-problems.ts';
import { DOPRI5_SHAPES, RK4_SHAPES, describeShape } from './fused-shapes.ts';

// The shape lists live in a vitest-free module (the GPU kit bundles them); the engine tests import them from here too.
export { DOPRI5_SHAPES, RK4_SHAPES, describeShape };

/** docs/model.md's contract: loss and every gradient within 1e-4 relative of the reference. */
export const GRADIENT_TOLERANCE = 1e-4;
/**
 * A gradient component that is a sum of cancelling terms can be tiny; it is compared relative to 1e-3 of the
 * largest component instead of to itself (float32 rounding of the terms is the limit there, not the engine).
 */
const NEAR_ZERO_SHARE = 1e-3;

/** Loss terms and gradient of `factory`'s engine equal the reference's; for dopri5 the accepted steps agree first. */
export async function expectGradientParity(factory: EngineFactory, shape: FusedProblemShape): Promise<void> {
  const { problem, params, gateNoise } = fusedProblem(shape);
  const fused = await factory.create(problem);
  const reference = await tfjsEngineFactory.create(problem);
  try {
    const mine = await fused.lossAndGradient(params, gateNoise);
    const theirs = await reference.lossAndGradient(params, gateNoise);
    if (shape.solver === 'dopri5') {
      const plan = tfjsPlan(problem, params, gateNoise);
      expect(plan, 'the reference chose a step plan').not.toBeNull();
    }
    expect(Math.abs(mine.terms.data - theirs.terms.data) / Math.abs(theirs.terms.data)).toBeLessThan(GRADIENT_TOLERANCE);
    if (theirs.terms.penalty !== 0) {
      expect(Math.abs(mine.terms.penalty - theirs.terms.penalty) / Math.abs(theirs.terms.penalty)).toBeLessThan(GRADIENT_TOLERANCE);
    } else {
      expect(mine.terms.penalty).toBe(0);
    }
    let largest = 0;
    for (const g of theirs.gradient) largest = Math.max(largest, Math.abs(g));
    expect(largest).toBeGreaterThan(0);
    const worst = worstRelative(mine.gradient, theirs.gradient, NEAR_ZERO_SHARE * largest);
    expect(worst.error, `gradient component ${worst.at}: ${mine.gradient[worst.at]} vs ${theirs.gradient[worst.at]}`).toBeLessThan(
      GRADIENT_TOLERANCE,
    );
  } finally {
    fused.dispose();
    reference.dispose();
  }
}

/** 20 whole training iterations (gradient + Adam in one call) land within 1e-3 of the reference's parameters. */
export async function expectAdamParity(factory: EngineFactory, shape: FusedProblemShape, steps = 20): Promise<void> {
  const { problem, params } = fusedProblem(shape);
  const fused = await factory.create(problem);
  const reference = await tfjsEngineFactory.create(problem);
  try {
    const mineParams = Float32Array.from(params);
    const theirParams = Float32Array.from(params);
    const mineState = createAdamState(params.length);
    const theirState = createAdamState(params.length);
    const random = new SeededRandom(99);
    const noise = new Float32Array(gateNoiseLength(params.length, fusedProblem(shape)));
    for (let s = 0; s < steps; s++) {
      random.fillGateNoise(noise);
      const a = await fused.trainStep(mineParams, mineState, noise, 0.01);
      const b = await reference.trainStep(theirParams, theirState, noise, 0.01);
      expect(Math.abs(a.total - b.total) / Math.abs(b.total)).toBeLessThan(1e-3);
    }
    expect(mineState.step).toBe(steps);
    const worst = worstRelative(mineParams, theirParams, 1);
    expect(worst.error, `parameter ${worst.at}: ${mineParams[worst.at]} vs ${theirParams[worst.at]}`).toBeLessThan(1e-3);
  } finally {
    fused.dispose();
    reference.dispose();
  }
}

function gateNoiseLength(_parameterCount: number, sample: { gateNoise: Float32Array }): number {
  return sample.gateNoise.length;
}

/** The fused Adam (inside trainStep) is bit-for-bit adam.ts applied to the engine's own gradient. */
export async function expectAdamBitExact(factory: EngineFactory, shape: FusedProblemShape): Promise<void> {
  const { problem, params, gateNoise } = fusedProblem(shape);
  const engine = await factory.create(problem);
  try {
    const viaTypeScript = Float32Array.from(params);
    const state = createAdamState(params.length);
    const fused = Float32Array.from(params);
    const fusedState = createAdamState(params.length);
    for (let step = 0; step < 3; step++) {
      const { gradient } = await engine.lossAndGradient(viaTypeScript, gateNoise);
      adamStep(viaTypeScript, gradient, state, 0.01);
      await engine.trainStep(fused, fusedState, gateNoise, 0.01);
      expect(fused).toEqual(viaTypeScript);
      expect(fusedState.m).toEqual(state.m);
      expect(fusedState.v).toEqual(state.v);
    }
  } finally {
    engine.dispose();
  }
}
