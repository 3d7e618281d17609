// The webgpu engine against the TF.js reference (docs/model.md is the contract) on a real WebGPU adapter — SwiftShader
// on machines without a GPU — plus its refusals and its device failures. Skips with the reason when no adapter exists.
import { describe, expect, it } from 'vitest';
import { isEngineDeviceError, type EngineDeviceError } from '../../../../src-main/engine/engine-failure.ts';
import type { TrainingEngine, TrainingProblem } from '../../../../src-main/engine/engine-interface.ts';
import { parameterLayout } from '../../../../src-main/engine/model/parameter-layout.ts';
import { tfjsEngineFactory } from '../../../../src-main/engine/reference/tfjs-engine.ts';
import { createAdamState } from '../../../../src-main/engine/training/adam.ts';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import type { GpuDeviceHandle } from '../../../../src-main/engine/webgpu/gpu-device.ts';
import { adapterFacts } from '../../../../src-main/engine/webgpu/gpu-device.ts';
import { acquireNodeGpuDevice, nodeGpu } from '../../../../src-main/engine/webgpu/node-gpu-device.ts';
import {
  createWebGpuEngineFactory,
  profileWebGpuIteration,
  webGpuEngineFactory,
} from '../../../../src-main/engine/webgpu/webgpu-engine.ts';
import { fusedProblem, worstRelative, type FusedProblemShape } from '../wasm/fused-problems.ts';
import { RK4_SHAPES, describeShape } from '../wasm/fused-shapes.ts';
import { adamSideBySide } from './adam-side-by-side.ts';
import { noAdapter, testAdapter } from './webgpu-test-adapter.ts';
import { WEBGPU_SHAPES } from './webgpu-shapes.ts';
import { DEFAULT_WORKGROUP_STORAGE_BYTES, planWebGpu } from '../../../../src-main/engine/webgpu/webgpu-plan.ts';

/** The issue's contract for the GPU engine: loss terms and every gradient component within 1e-3 relative. */
const TOLERANCE = 1e-3;
/** As the wasm parity tests: a component is compared relative to 1e-3 of the largest one when it is smaller. */
const NEAR_ZERO_SHARE = 1e-3;

const SHAPES = WEBGPU_SHAPES;

/**
 * Shapes chosen for the sweep they take (foldingPays, the C engines' rule): a memory allowance leaves room for the
 * layer vectors but not for M, so the stages read M from GPU memory.
 */
const FOLDING_SHAPES: { shape: FusedProblemShape; folds: boolean; memory?: number }[] = [
  // Three hidden layers, ELU after each, half the hidden gates shut, two substeps: the middle layers between the folds.
  {
    shape: {
      genes: 48,
      batch: 3,
      hidden: [10, 8, 6],
      activation: 'all',
      regularizer: 'pathreg',
      solver: 'rk4',
      bins: 3,
      substeps: 2,
      closedHiddenShare: 0.5,
      seed: 21,
    },
    folds: true,
  },
  // 4·(256 + 64) B of vectors fit in 2 KiB, M (16 × 24 floats) does not.
  { shape: { genes: 64, batch: 2, hidden: [24, 16], regularizer: 'l0', solver: 'rk4', bins: 3, seed: 22 }, folds: true, memory: 2048 },
  // Hidden layers wider than the genes: folding would cost more.
  { shape: { genes: 6, batch: 2, hidden: [16, 12], activation: 'all', regularizer: 'l1', solver: 'rk4', bins: 3, seed: 23 }, folds: false },
];

function relative(a: number, b: number): number {
  return Math.abs(a - b) / Math.abs(b);
}

/** Biases start at 0; nonzero ones reach the folded terms b_last·W̃_0 and b_lastᵀ·q that zeros would hide. */
function withBiases(problem: TrainingProblem, params: Float32Array, seed: number): Float32Array {
  const random = new SeededRandom(seed);
  const out = Float32Array.from(params);
  for (const layer of parameterLayout(problem.genes, problem.model).layers) {
    for (let j = 0; j < layer.outputs; j++) out[layer.bias + j] = 0.4 * (random.uniform() - 0.5);
  }
  return out;
}

async function expectParity(shape: FusedProblemShape, factory = webGpuEngineFactory, biases = false): Promise<void> {
  const { problem, params: initial, gateNoise } = fusedProblem(shape);
  const params = biases ? withBiases(problem, initial, shape.seed) : initial;
  const gpu = await factory.create(problem);
  const reference = await tfjsEngineFactory.create(problem);
  try {
    const mine = await gpu.lossAndGradient(params, gateNoise);
    const theirs = await reference.lossAndGradient(params, gateNoise);
    expect(relative(mine.terms.data, theirs.terms.data)).toBeLessThan(TOLERANCE);
    if (theirs.terms.penalty !== 0) expect(relative(mine.terms.penalty, theirs.terms.penalty)).toBeLessThan(TOLERANCE);
    else expect(mine.terms.penalty).toBe(0);
    expect(relative(mine.terms.total, theirs.terms.total)).toBeLessThan(TOLERANCE);
    let largest = 0;
    for (const g of theirs.gradient) largest = Math.max(largest, Math.abs(g));
    expect(largest).toBeGreaterThan(0);
    const worst = worstRelative(mine.gradient, theirs.gradient, NEAR_ZERO_SHARE * largest);
    expect(worst.error, `gradient component ${worst.at}: ${mine.gradient[worst.at]} vs ${theirs.gradient[worst.at]}`).toBeLessThan(
      TOLERANCE,
    );
  } finally {
    gpu.dispose();
    reference.dispose();
  }
}

describe.skipIf(noAdapter)(`webgpu engine parity with the TF.js reference (${testAdapter.description || 'no adapter'})`, () => {
  for (const shape of SHAPES) {
    it(`loss and gradient agree: ${describeShape(shape)}`, async () => {
      await expectParity(shape);
    });
  }

  // Layers too wide for workgroup memory read their vector from GPU memory: forced here with a 1 KiB allowance.
  const fromGpuMemory = createWebGpuEngineFactory({ workgroupMemoryBytes: 1024 });
  for (const shape of [RK4_SHAPES[6], RK4_SHAPES[8], SHAPES[SHAPES.length - 1]]) {
    it(`layer vectors in GPU memory instead of workgroup memory agree too: ${describeShape(shape)}`, async () => {
      await expectParity(shape, fromGpuMemory);
    });
  }

  // The folded sweep (M = W̃_last·W̃_0 instead of the gene-wide layers at every stage) against the plain one's shapes.
  for (const { shape, folds, memory } of FOLDING_SHAPES) {
    it(`${folds ? 'folded' : 'plain'} sweep agrees, nonzero biases${memory ? `, ${memory} B of workgroup memory` : ''}: ${describeShape(shape)}`, async () => {
      const factory = memory ? createWebGpuEngineFactory({ workgroupMemoryBytes: memory }) : webGpuEngineFactory;
      const plan = planWebGpu(fusedProblem(shape).problem, memory ?? DEFAULT_WORKGROUP_STORAGE_BYTES);
      expect(plan.folded !== null).toBe(folds);
      if (memory) expect(plan.folded?.mInWorkgroup).toBe(false);
      await expectParity(shape, factory, true);
    });
  }

  it('a layer wider than any workgroup memory (9000 genes) trains from GPU memory and agrees', async () => {
    await expectParity({ genes: 9000, batch: 1, hidden: [2], regularizer: 'l1', solver: 'rk4', bins: 1, seed: 14 });
  });

  it('20 Adam steps on the GPU land within 1e-3 of the reference, read back by synchronize', async () => {
    const { problem, params, gateNoise } = fusedProblem(RK4_SHAPES[0]);
    const gpu = await webGpuEngineFactory.create(problem);
    const reference = await tfjsEngineFactory.create(problem);
    try {
      const { mine, theirs, mineState, theirState } = await adamSideBySide(gpu, reference, params, gateNoise.length, 20, (a, b) => {
        expect(relative(a.total, b.total)).toBeLessThan(TOLERANCE);
      });
      // The parameters live on the GPU: the caller's arrays are untouched until synchronize.
      expect(mine).toEqual(params);
      await gpu.synchronize?.(mine, mineState);
      expect(mineState.step).toBe(20);
      const worst = worstRelative(mine, theirs, 1);
      expect(worst.error, `parameter ${worst.at}: ${mine[worst.at]} vs ${theirs[worst.at]}`).toBeLessThan(TOLERANCE);
      expect(worstRelative(mineState.m, theirState.m, 1e-3).error).toBeLessThan(1e-2);
    } finally {
      gpu.dispose();
      reference.dispose();
    }
  });

  it('predicts the reference states at the bin times within 1e-3', async () => {
    const { problem, params } = fusedProblem(RK4_SHAPES[6]);
    const gpu = await webGpuEngineFactory.create(problem);
    try {
      const mine = await gpu.predict(params);
      const theirs = await (await tfjsEngineFactory.create(problem)).predict(params);
      expect(mine.trajectories.length).toBe(problem.batch);
      mine.trajectories.forEach((trajectory, b) => {
        expect(Array.from(trajectory.times)).toEqual(Array.from(theirs.trajectories[b].times));
        trajectory.values.forEach((v, i) =>
          expect(Math.abs(v - theirs.trajectories[b].values[i])).toBeLessThan(1e-3 * Math.max(1, Math.abs(v))),
        );
      });
    } finally {
      gpu.dispose();
    }
  });
});

describe.skipIf(noAdapter)('webgpu engine behaviour', () => {
  it('keeps training on the device across calls: lossAndGradient in between keeps the trained parameters', async () => {
    const { problem, params, gateNoise } = fusedProblem(RK4_SHAPES[1]);
    const gpu = await webGpuEngineFactory.create(problem);
    try {
      const trained = Float32Array.from(params);
      const state = createAdamState(params.length);
      for (let s = 0; s < 3; s++) await gpu.trainStep(trained, state, gateNoise, 0.01);
      // A gradient at other parameters overwrites the device copy; the three trained steps come home first.
      await gpu.lossAndGradient(params, gateNoise);
      expect(state.step).toBe(3);
      expect(trained).not.toEqual(params);
      const after = Float32Array.from(trained);
      await gpu.trainStep(trained, state, gateNoise, 0.01);
      await gpu.synchronize?.(trained, state);
      expect(state.step).toBe(4);
      expect(trained).not.toEqual(after);
    } finally {
      gpu.dispose();
    }
  });

  it('NaN parameters give a non-finite loss and a NaN gradient; Adam leaves the parameters as they were', async () => {
    const { problem, params, gateNoise } = fusedProblem(RK4_SHAPES[0]);
    const gpu = await webGpuEngineFactory.create(problem);
    try {
      const broken = Float32Array.from(params);
      broken[3] = NaN;
      const { terms, gradient } = await gpu.lossAndGradient(broken, gateNoise);
      expect(Number.isFinite(terms.total)).toBe(false);
      expect(gradient.every((g) => Number.isNaN(g))).toBe(true);
      const state = createAdamState(params.length);
      const step = await gpu.trainStep(broken, state, gateNoise, 0.01);
      expect(Number.isFinite(step.total)).toBe(false);
      expect(state.step).toBe(0);
      await gpu.synchronize?.(broken, state);
      expect(Number.isNaN(broken[3])).toBe(true);
      expect(Array.from(broken.subarray(4))).toEqual(Array.from(params.subarray(4)));
    } finally {
      gpu.dispose();
    }
  });

  it('a device destroyed mid-run gives an EngineDeviceError (device-lost) from the waiting call, not a hang', async () => {
    const { problem, params, gateNoise } = fusedProblem(RK4_SHAPES[0]);
    let handle: GpuDeviceHandle | null = null;
    const factory = createWebGpuEngineFactory({
      acquireDevice: async () => {
        handle = await acquireNodeGpuDevice();
        return handle;
      },
    });
    const gpu: TrainingEngine = await factory.create(problem);
    try {
      const state = createAdamState(params.length);
      await gpu.trainStep(params, state, gateNoise, 0.01);
      const pending = gpu.trainStep(params, state, gateNoise, 0.01);
      (handle as GpuDeviceHandle | null)?.device.destroy();
      const error = await pending.then(
        () => null,
        (e: unknown) => e,
      );
      expect(isEngineDeviceError(error), String(error)).toBe(true);
      expect((error as EngineDeviceError).kind).toBe('device-lost');
      expect((error as EngineDeviceError).message).toMatch(/The webgpu engine lost its GPU/);
      // Every later call says the same, at once.
      await expect(gpu.predict(params)).rejects.toThrow(/lost its GPU/);
    } finally {
      gpu.dispose();
    }
  });

  it('times each kernel of an iteration on the GPU, and the profiled iteration is a real training step', async () => {
    const { problem, params, gateNoise } = fusedProblem(RK4_SHAPES[0]);
    const profiled = await webGpuEngineFactory.create(problem);
    const plain = await webGpuEngineFactory.create(problem);
    try {
      const a = Float32Array.from(params);
      const b = Float32Array.from(params);
      const stateA = createAdamState(params.length);
      const stateB = createAdamState(params.length);
      const times = await profileWebGpuIteration(profiled, a, stateA, gateNoise, 0.01);
      await plain.trainStep(b, stateB, gateNoise, 0.01);
      await profiled.synchronize?.(a, stateA);
      await plain.synchronize?.(b, stateB);
      expect(a).toEqual(b);
      expect(stateA.step).toBe(1);
      if (times === null) return; // an adapter without timestamp queries
      // This shape folds the sweep: M before the forward sweep, the gene-wide gradients' stage-pair terms after the product.
      expect(Object.keys(times.kernels)).toEqual([
        'gates',
        'gated-weights',
        'folded-projection',
        'forward-sweep',
        'reverse-sweep',
        'weight-gradient-product',
        'folded-gradient-corrections',
        'pathreg-paths',
        'regularizer-gradient',
        'loss-total',
        'adam',
      ]);
      expect(times.totalMicroseconds).toBeGreaterThan(0);
      expect(times.kernels['forward-sweep']).toBeGreaterThan(0);
    } finally {
      profiled.dispose();
      plain.dispose();
    }
  });

  it('an error the device reports outside any call becomes an EngineDeviceError (device-error) from the next call', async () => {
    const { problem, params, gateNoise } = fusedProblem(RK4_SHAPES[5]);
    let handle: GpuDeviceHandle | null = null;
    const factory = createWebGpuEngineFactory({
      acquireDevice: async () => {
        handle = await acquireNodeGpuDevice();
        return handle;
      },
    });
    const gpu = await factory.create(problem);
    try {
      await gpu.lossAndGradient(params, gateNoise);
      // An invalid buffer (no usage flags) is a validation error nobody captures: the driver's complaint reaches us.
      (handle as GpuDeviceHandle | null)?.device.createBuffer({ size: 16, usage: 0 });
      const error = await gpu.lossAndGradient(params, gateNoise).then(
        () => null,
        (e: unknown) => e,
      );
      expect(isEngineDeviceError(error), String(error)).toBe(true);
      expect((error as EngineDeviceError).kind).toBe('device-error');
      expect((error as EngineDeviceError).message).toMatch(/The webgpu engine hit an error on the GPU: .*usage/i);
    } finally {
      gpu.dispose();
    }
  });

  it('refuses a problem over the memory limit before touching the GPU, with the estimate and the limit', async () => {
    const { problem } = fusedProblem(RK4_SHAPES[0]);
    let acquired = 0;
    const factory = createWebGpuEngineFactory({
      memoryLimitBytes: 20_000,
      acquireDevice: async () => {
        acquired++;
        return acquireNodeGpuDevice();
      },
    });
    expect(factory.estimateMemoryBytes(problem)).toBeGreaterThan(20_000);
    await expect(factory.create(problem)).rejects.toThrow(/needs about .* MiB of GPU memory .* memory limit of 0\.0 MiB/);
    expect(acquired).toBe(0);
  });

  it("refuses a problem whose stored rows exceed the device's buffer limit, before allocating, with the numbers", async () => {
    // A device with WebGPU's default limits: 128 MiB per storage buffer. Hidden layers twice as wide as the genes do
    // not fold, so 200 stage evaluations × 64 trajectories × (1000 + 2000) stored layer inputs need 146 MiB.
    const { problem } = fusedProblem({ genes: 1000, batch: 64, hidden: [2000], regularizer: 'none', solver: 'rk4', bins: 50, seed: 1 });
    const factory = createWebGpuEngineFactory({
      acquireDevice: async () => {
        const adapter = await (await nodeGpu()).requestAdapter();
        if (!adapter) throw new Error('no adapter');
        const device = await adapter.requestDevice();
        return { device, adapter: adapterFacts(adapter), release: () => device.destroy() };
      },
    });
    await expect(factory.create(problem)).rejects.toThrow(
      /stored layer inputs need 146\.5 MiB in one buffer, over the adapter's 128\.0 MiB per buffer \(maxStorageBufferBindingSize\)/,
    );
  });

  it('estimates memory as the sum of its buffers, growing with the stored stage rows', () => {
    const small = fusedProblem({ ...RK4_SHAPES[0], bins: 4 }).problem;
    const large = fusedProblem({ ...RK4_SHAPES[0], bins: 40 }).problem;
    // The sweep folds: 36 more bins × 3 rows, each step storing 4 stages' hidden inputs (9 + 5 floats) and gradients
    // (9 + 5), and its sums Σ b_s·a_last (5), ḡ (11) and Σ δ0 (9).
    const storedRowBytes = 36 * 3 * (4 * 28 + 25) * 4;
    expect(webGpuEngineFactory.estimateMemoryBytes(large) - webGpuEngineFactory.estimateMemoryBytes(small)).toBeGreaterThanOrEqual(
      storedRowBytes,
    );
  });

  it('refuses Dormand–Prince with what to use instead', async () => {
    const { problem } = fusedProblem({ genes: 5, batch: 1, hidden: [4], regularizer: 'none', solver: 'dopri5', seed: 1 });
    await expect(webGpuEngineFactory.create(problem)).rejects.toThrow(
      /^The webgpu engine integrates with RK4 on binned pseudotime; use --solver rk4, or --engine wasm\/native for Dormand–Prince\.$/,
    );
    expect(() => webGpuEngineFactory.estimateMemoryBytes(problem)).toThrow(/integrates with RK4 on binned pseudotime/);
  });

  it('says what the adapter is, and that a software adapter is a CPU emulation', async () => {
    const availability = await webGpuEngineFactory.availability();
    expect(availability.available).toBe(true);
    expect(availability.reason).toContain(testAdapter.description);
    if (testAdapter.software) expect(availability.reason).toMatch(/CPU emulation/);
  });

  it('a disposed engine says so', async () => {
    const { problem, params, gateNoise } = fusedProblem(RK4_SHAPES[5]);
    const gpu = await webGpuEngineFactory.create(problem);
    gpu.dispose();
    await expect(gpu.lossAndGradient(params, gateNoise)).rejects.toThrow(/disposed/);
  });
});
