import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { loadNativeKernels } from '../../../../src-main/engine/native/native-addon.ts';
import { perEdgeLossAndGradientTfjs } from '../../../../src-main/engine/reference/per-edge-field.ts';
import { perEdgeLossAndGradient, type PerEdgeFieldConfig } from '../../../../src-main/engine/velocity/per-edge-field-cpu.ts';
import {
  choosePerEdgeKernel,
  nativePerEdgeKernel,
  wasmPerEdgeKernel,
  type PerEdgeKernel,
} from '../../../../src-main/engine/velocity/per-edge-field-kernel.ts';
import { initialPerEdgeField, perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';
import type { PerEdgePenaltyKind } from '../../../../src-main/engine/velocity/per-edge-penalty.ts';
import { loadWasmKernels } from '../../../../src-main/engine/wasm/wasm-kernels.ts';

// The native build is optional (npm run build:native); its tests run wherever it is built, as in this repository's
// development setup and CI, and say so when skipped.
let nativeReason = '';
const native = (() => {
  try {
    return loadNativeKernels();
  } catch (error) {
    nativeReason = (error as Error).message;
    return null;
  }
})();

let kernels: PerEdgeKernel[] = [];

beforeAll(async () => {
  await tf.setBackend('cpu');
  kernels = [wasmPerEdgeKernel(await loadWasmKernels(), 'test')];
  if (native) kernels.push(nativePerEdgeKernel(native.addon, 'test'));
});

// Seeded parameters spread so that some gates sit inside (0, 1) and some are clamped, weights away from 0.
function problem(seed: number, config: PerEdgeFieldConfig, rows: number) {
  const random = new SeededRandom(seed);
  const params = initialPerEdgeField(config, random);
  const o = perEdgeFieldOffsets(config);
  for (let i = o.b1; i < o.logAlpha; i++) params[i] = 0.3 * random.normal();
  for (let i = o.logAlpha; i < o.decay; i++) params[i] = 2 * random.normal();
  for (let i = o.decay; i < o.total; i++) params[i] = random.normal();
  const states = Float32Array.from({ length: rows * config.genes }, () => random.normal());
  const velocities = Float32Array.from({ length: rows * config.genes }, () => random.normal());
  const noise = random.fillGateNoise(new Float32Array((config.sources?.length ?? config.genes) * config.genes));
  return { params, states, velocities, noise, rows };
}

/** Every gradient element within 1e-4 of the reference, relative to it (floored at 1e-3 of the largest). */
function expectGradientClose(got: ArrayLike<number>, ref: ArrayLike<number>) {
  expect(got.length).toBe(ref.length);
  let largest = 0;
  for (let i = 0; i < ref.length; i++) largest = Math.max(largest, Math.abs(ref[i]));
  expect(largest).toBeGreaterThan(0);
  for (let i = 0; i < ref.length; i++) {
    const allowed = 1e-4 * Math.max(Math.abs(ref[i]), 1e-3 * largest);
    if (!(Math.abs(got[i] - ref[i]) <= allowed)) expect.fail(`gradient[${i}] = ${got[i]}, reference ${ref[i]} (allowed ±${allowed})`);
  }
}

const SHAPES: { name: string; config: PerEdgeFieldConfig; rows: number; noise: boolean }[] = [
  {
    name: '4 genes, no hidden units, linear term and decay (the default field)',
    config: { genes: 4, hidden: 0, decay: true, penalty: 'none', lambda: 0, linear: true },
    rows: 7,
    noise: false,
  },
  {
    name: '6 genes, sources 1, 3 and 4 only, no hidden units',
    config: { genes: 6, hidden: 0, decay: true, penalty: 'none', lambda: 0, linear: true, sources: [1, 3, 4] },
    rows: 9,
    noise: false,
  },
  {
    name: '5 genes, 3 hidden units, no linear term, sampled gates',
    config: { genes: 5, hidden: 3, decay: true, penalty: 'none', lambda: 0, linear: false },
    rows: 6,
    noise: true,
  },
  {
    name: '7 genes, sources 0, 2, 5, 2 hidden units, linear term, no decay, sampled gates',
    config: { genes: 7, hidden: 2, decay: false, penalty: 'none', lambda: 0, linear: true, sources: [0, 2, 5] },
    rows: 13,
    noise: true,
  },
  {
    name: '9 genes, 1 hidden unit, one cell',
    config: { genes: 9, hidden: 1, decay: true, penalty: 'none', lambda: 0, linear: true },
    rows: 1,
    noise: false,
  },
];

describe('the per-edge field kernel (wasm and native) against the TF.js reference', () => {
  it(`runs the native build too${native ? '' : ` (skipped: ${nativeReason})`}`, () => {
    expect(kernels.map((k) => k.name)).toEqual(native ? ['wasm', 'native'] : ['wasm']);
  });

  for (const shape of SHAPES) {
    it(`${shape.name}: loss and every gradient within 1e-4 relative`, () => {
      const p = problem(21, shape.config, shape.rows);
      const noise = shape.noise ? p.noise : null;
      const ref = perEdgeLossAndGradientTfjs(p.params, shape.config, p.states, p.velocities, p.rows, noise);
      for (const kernel of kernels) {
        const got = kernel.lossAndGradient(p.params, shape.config, p.states, p.velocities, p.rows, noise);
        expect(Math.abs(got.data - ref.data)).toBeLessThanOrEqual(1e-4 * Math.abs(ref.data));
        expectGradientClose(got.gradient, ref.gradient);
      }
    });
  }

  it('a batch that is the first rows of the cells: the kernel reads only those rows', () => {
    const config: PerEdgeFieldConfig = { genes: 5, hidden: 2, decay: true, penalty: 'none', lambda: 0, linear: true, sources: [0, 4] };
    const p = problem(8, config, 20);
    const batch = 6;
    const ref = perEdgeLossAndGradientTfjs(p.params, config, p.states.slice(0, batch * 5), p.velocities.slice(0, batch * 5), batch, null);
    for (const kernel of kernels) {
      // A larger call first, so the arena holds stale rows beyond the batch.
      kernel.lossAndGradient(p.params, config, p.states, p.velocities, 20, null);
      const got = kernel.lossAndGradient(p.params, config, p.states, p.velocities, batch, null);
      expect(Math.abs(got.data - ref.data)).toBeLessThanOrEqual(1e-4 * ref.data);
      expectGradientClose(got.gradient, ref.gradient);
    }
  });

  for (const penalty of ['pathreg', 'l1', 'l0', 'group-lasso'] as PerEdgePenaltyKind[]) {
    it(`${penalty}: the penalty and its gradient are added as in the TypeScript loops`, () => {
      const config: PerEdgeFieldConfig = { genes: 4, hidden: 2, decay: true, penalty, lambda: 0.3, linear: true, sources: [0, 1, 3] };
      const p = problem(5, config, 8);
      const ref = perEdgeLossAndGradientTfjs(p.params, config, p.states, p.velocities, p.rows, p.noise);
      for (const kernel of kernels) {
        const got = kernel.lossAndGradient(p.params, config, p.states, p.velocities, p.rows, p.noise);
        expect(Math.abs(got.penalty - ref.penalty)).toBeLessThanOrEqual(1e-4 * Math.abs(ref.penalty));
        expectGradientClose(got.gradient, ref.gradient);
      }
    });
  }

  it('matches the TypeScript loops to rounding on a larger problem (40 genes, 12 sources, 101 rows)', () => {
    const sources = Array.from({ length: 12 }, (_, i) => i * 3);
    const config: PerEdgeFieldConfig = { genes: 40, hidden: 2, decay: true, penalty: 'group-lasso', lambda: 0.05, linear: true, sources };
    const p = problem(3, config, 101);
    const ts = perEdgeLossAndGradient(p.params, config, p.states, p.velocities, p.rows, null);
    for (const kernel of kernels) {
      const got = kernel.lossAndGradient(p.params, config, p.states, p.velocities, p.rows, null);
      expect(Math.abs(got.data - ts.data)).toBeLessThanOrEqual(1e-12 * ts.data);
      for (let i = 0; i < ts.gradient.length; i++)
        expect(Math.abs(got.gradient[i] - ts.gradient[i])).toBeLessThanOrEqual(1e-10 * (Math.abs(ts.gradient[i]) + 1e-6));
    }
  });

  it('a NaN state: the loss is reported non-finite and the gradient stays finite (zero), the parameters untouched', () => {
    const config: PerEdgeFieldConfig = { genes: 4, hidden: 2, decay: true, penalty: 'pathreg', lambda: 0.1, linear: true };
    const p = problem(4, config, 5);
    p.states[6] = Number.NaN;
    const before = Float32Array.from(p.params);
    for (const kernel of kernels) {
      const got = kernel.lossAndGradient(p.params, config, p.states, p.velocities, p.rows, p.noise);
      expect(Number.isFinite(got.data + got.penalty)).toBe(false);
      expect(got.gradient.every((g) => g === 0)).toBe(true);
      expect(p.params).toEqual(before);
      // The next call with clean data is unaffected by the failed one.
      const clean = problem(4, config, 5);
      const ok = kernel.lossAndGradient(clean.params, config, clean.states, clean.velocities, clean.rows, clean.noise);
      const ref = perEdgeLossAndGradient(clean.params, config, clean.states, clean.velocities, clean.rows, clean.noise);
      expect(ok.data).toBeCloseTo(ref.data, 10);
    }
  });

  it.skipIf(!native)('a native build from before the per-edge kernel is refused with what to do', () => {
    const stale = { ...native!.addon, perEdgeField: undefined, perEdgeFieldScratchDoubles: undefined };
    expect(() => nativePerEdgeKernel(stale, 'test')).toThrow(/predates the per-edge field kernel; rebuild it with npm run build:native/);
  });

  it('the engine choice: auto takes native when built, else wasm; named engines are honoured; webgpu trains on the CPU', async () => {
    const auto = await choosePerEdgeKernel('auto');
    expect(auto.name).toBe(native ? 'native' : 'wasm');
    expect((await choosePerEdgeKernel('wasm')).name).toBe('wasm');
    expect((await choosePerEdgeKernel('typescript')).name).toBe('typescript');
    expect((await choosePerEdgeKernel('tfjs')).name).toBe('tfjs');
    const gpu = await choosePerEdgeKernel('webgpu');
    expect(gpu.name).toBe(auto.name);
    expect(gpu.reason).toMatch(/no GPU kernel/);
  });
});
