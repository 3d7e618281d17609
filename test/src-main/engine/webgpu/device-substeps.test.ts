// The webgpu engine's side of the stability rule without a GPU: the plan keeps everything but the substep-dependent
// tail at the same offsets for every substep count (so one buffer serves them all), and the device's float32 bound
// decides the substeps only where it cannot differ from the CPU engines' float64 one.
import { describe, expect, it } from 'vitest';
import { MAX_STABLE_SUBSTEPS, substepsForBound } from '../../../../src-main/engine/model/rk4-stability.ts';
import { DEVICE_BOUND_TOLERANCE, substepsFromDeviceSquares } from '../../../../src-main/engine/webgpu/device-substeps.ts';
import { planWebGpu, type WebGpuPlan } from '../../../../src-main/engine/webgpu/webgpu-plan.ts';
import { fusedProblem } from '../wasm/fused-problems.ts';
import { WEBGPU_SHAPES } from './webgpu-shapes.ts';

/** Every model offset of the shared prefix, by name (arrays flattened). */
function prefixOffsets(plan: WebGpuPlan): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(plan.model)) {
    if (key === 'stepCoefficients' || key === 'states' || key === 'floats') continue;
    if (Array.isArray(value)) value.forEach((v, i) => (out[`${key}[${i}]`] = v));
    else out[key] = value;
  }
  if (plan.folded) for (const key of ['m', 'biasW0', 'q', 'qBias'] as const) out[`folded.${key}`] = plan.folded[key];
  return out;
}

describe('webgpu plan at different substeps', () => {
  for (const shape of WEBGPU_SHAPES) {
    if (shape.solver !== 'rk4') continue;
    it(`shares the prefix and grows only the tail: ${shape.genes} genes, hidden [${shape.hidden}], substeps ${shape.substeps ?? 1}`, () => {
      const { problem } = fusedProblem(shape);
      const base = planWebGpu(problem);
      const solver = problem.solver.kind === 'rk4' ? problem.solver : null;
      for (const substeps of [1, 2, 3, 7, MAX_STABLE_SUBSTEPS]) {
        const plan = planWebGpu({ ...problem, solver: { ...solver!, substeps } });
        expect(plan.model.prefixFloats).toBe(base.model.prefixFloats);
        const offsets = prefixOffsets(plan);
        for (const [key, value] of Object.entries(prefixOffsets(base))) {
          // A plan that folds at one count and not at another still puts M and Q at the same place.
          if (key in offsets) expect(offsets[key], key).toBe(value);
        }
        expect(plan.model.stepCoefficients).toBe(plan.model.prefixFloats);
        expect(plan.model.states).toBeGreaterThanOrEqual(plan.model.stepCoefficients + 4 * plan.steps);
        expect(plan.model.floats).toBeGreaterThanOrEqual(plan.model.states + (plan.steps + 1) * plan.batch * plan.genes);
        expect(plan.steps).toBe(plan.bins * substeps);
      }
    });
  }
});

describe('substepsFromDeviceSquares', () => {
  const times = Float64Array.from({ length: 50 }, (_, k) => (k + 0.5) / 50); // longest step 0.02
  const squaresFor = (bound: number): Float32Array => Float32Array.from([bound * bound, 1]);

  it('equals the float64 rule wherever the float32 bound cannot be on the other side of a boundary', () => {
    for (let x = 0.01; x < 20; x *= 1.07) {
      const bound = (x * 96) / 0.02;
      const decided = substepsFromDeviceSquares(squaresFor(bound), 1, times);
      const exact = substepsForBound(bound, 1, times);
      if (decided !== null) expect(decided, `h·Λ/96 = ${x}`).toBe(exact);
      // Far from a boundary it always decides.
      const fraction = x - Math.floor(x);
      if (fraction > 0.01 && fraction < 0.99) expect(decided).not.toBeNull();
    }
    expect(substepsFromDeviceSquares(squaresFor((2.5 * 96) / 0.02), 1, times)).toBe(3);
    expect(substepsFromDeviceSquares(squaresFor((40 * 96) / 0.02), 1, times)).toBe(MAX_STABLE_SUBSTEPS);
    expect(substepsFromDeviceSquares(squaresFor((40 * 96) / 0.02), 20, times)).toBe(20);
    expect(substepsFromDeviceSquares(squaresFor((0.5 * 96) / 0.02), 2, times)).toBe(2);
  });

  it('leaves a bound within the tolerance of a boundary, or not finite, or near float32 overflow, to the host', () => {
    const atThree = (3 * 96) / 0.02;
    expect(substepsFromDeviceSquares(squaresFor(atThree * (1 + DEVICE_BOUND_TOLERANCE / 2)), 1, times)).toBeNull();
    expect(substepsFromDeviceSquares(squaresFor(atThree * (1 - DEVICE_BOUND_TOLERANCE / 2)), 1, times)).toBeNull();
    // Above the cap both sides give the cap: nothing to decide.
    expect(substepsFromDeviceSquares(squaresFor(((MAX_STABLE_SUBSTEPS + 3) * 96) / 0.02), 1, times)).toBe(MAX_STABLE_SUBSTEPS);
    // Below the configured count likewise.
    expect(substepsFromDeviceSquares(squaresFor(atThree), 4, times)).toBe(4);
    for (const bad of [NaN, Infinity, -1, 1e38]) expect(substepsFromDeviceSquares([bad, 1], 1, times), String(bad)).toBeNull();
  });
});
