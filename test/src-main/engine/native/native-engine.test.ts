// The native engine against the TF.js reference, when it has been built (npm run build:native); otherwise every
// parity test is skipped and the skip says why. The absent-build behaviour itself is always tested.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNativeEngineFactory, nativeEngineFactory } from '../../../../src-main/engine/native/native-engine.ts';
import { wasmEngineFactory } from '../../../../src-main/engine/wasm/wasm-engine.ts';
import { fusedProblem } from '../wasm/fused-problems.ts';
import {
  DOPRI5_SHAPES,
  RK4_SHAPES,
  describeShape,
  expectAdamBitExact,
  expectAdamParity,
  expectGradientParity,
} from '../wasm/fused-parity.ts';

const availability = await nativeEngineFactory.availability();
const skipReason = availability.available ? '' : ` (skipped: ${availability.reason})`;

describe.skipIf(!availability.available)(`native engine parity with the TF.js reference${skipReason}`, () => {
  for (const shape of [...RK4_SHAPES, ...DOPRI5_SHAPES]) {
    it(`loss and gradient agree: ${describeShape(shape)}`, async () => {
      await expectGradientParity(nativeEngineFactory, shape);
    });
  }

  it('with two threads the gradient agrees too (a model large enough to split its products)', async () => {
    await expectGradientParity(createNativeEngineFactory({ threads: 2 }), {
      genes: 150,
      batch: 4,
      hidden: [64, 48],
      regularizer: 'pathreg',
      solver: 'rk4',
      bins: 4,
      seed: 11,
    });
  });

  it('two threads (each half of the batch through the RK4 sweeps) give bit-for-bit the one-thread gradient', async () => {
    const { problem, params, gateNoise } = fusedProblem({
      genes: 70,
      batch: 5,
      hidden: [40, 24],
      regularizer: 'pathreg',
      solver: 'rk4',
      bins: 4,
      closedHiddenShare: 0.3,
      seed: 12,
    });
    const one = await (await createNativeEngineFactory({ threads: 1 }).create(problem)).lossAndGradient(params, gateNoise);
    const two = await (await createNativeEngineFactory({ threads: 2 }).create(problem)).lossAndGradient(params, gateNoise);
    expect(two.terms).toEqual(one.terms);
    expect(two.gradient).toEqual(one.gradient);
  });

  it('two threads give bit-for-bit the one-thread gradient when halves of the batch run the projected RK4 sweep', async () => {
    // 10 rows split 5 + 5 (rk4-projected-step.c per half, the per-step hidden-wide scratch indexed by each half's rows).
    const { problem, params, gateNoise } = fusedProblem({
      genes: 60,
      batch: 10,
      hidden: [16, 12],
      regularizer: 'pathreg',
      solver: 'rk4',
      bins: 4,
      seed: 15,
    });
    const one = await (await createNativeEngineFactory({ threads: 1 }).create(problem)).lossAndGradient(params, gateNoise);
    const two = await (await createNativeEngineFactory({ threads: 2 }).create(problem)).lossAndGradient(params, gateNoise);
    expect(two.terms).toEqual(one.terms);
    expect(two.gradient).toEqual(one.gradient);
    await expectGradientParity(createNativeEngineFactory({ threads: 2 }), {
      genes: 60,
      batch: 10,
      hidden: [16, 12],
      regularizer: 'pathreg',
      solver: 'rk4',
      bins: 4,
      seed: 15,
    });
  });

  it('20 Adam steps agree with the reference within 1e-3: rk4 and dopri5', async () => {
    await expectAdamParity(nativeEngineFactory, RK4_SHAPES[0]);
    await expectAdamParity(nativeEngineFactory, DOPRI5_SHAPES[0]);
  });

  it('trainStep takes bit-for-bit the Adam step of adam.ts from its own gradient', async () => {
    await expectAdamBitExact(nativeEngineFactory, RK4_SHAPES[0]);
  });

  it('agrees with the wasm engine to float32 rounding on the same iteration', async () => {
    const { problem, params, gateNoise } = fusedProblem(RK4_SHAPES[8]);
    const a = await (await nativeEngineFactory.create(problem)).lossAndGradient(params, gateNoise);
    const b = await (await wasmEngineFactory.create(problem)).lossAndGradient(params, gateNoise);
    expect(Math.abs(a.terms.total - b.terms.total) / b.terms.total).toBeLessThan(1e-5);
  });
});

describe('native engine when the build is missing or broken', () => {
  it('reports an absent build as unavailable with the reason, without throwing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pathreg-native-'));
    const factory = createNativeEngineFactory({ buildUrl: pathToFileURL(`${folder}/`) });
    const result = await factory.availability();
    expect(result.available).toBe(false);
    expect(result.reason).toMatch(/native build is absent .*npm run build:native/);
  });

  it('reports a corrupt .node as unavailable with the file named', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pathreg-native-'));
    await writeFile(join(folder, 'pathreg_native.node'), 'not a shared library');
    await writeFile(join(folder, 'pathreg_native_baseline.node'), 'not a shared library');
    const result = await createNativeEngineFactory({ buildUrl: pathToFileURL(`${folder}/`) }).availability();
    expect(result.available).toBe(false);
    expect(result.reason).toMatch(/pathreg_native(_baseline)?\.node cannot be loaded/);
  });

  it('refuses a problem over the memory limit with the estimate and the limit', async () => {
    const { problem } = fusedProblem(RK4_SHAPES[0]);
    await expect(createNativeEngineFactory({ memoryLimitBytes: 10_000 }).create(problem)).rejects.toThrow(
      /native engine needs about .* memory limit of 0\.0 MiB/,
    );
  });
});

describe('native build definition', () => {
  it('binding.gyp compiles every C kernel the WebAssembly build compiles', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const kernels = (await readdir(new URL('../../../../src-main/engine/kernels/', import.meta.url))).filter((f) => f.endsWith('.c'));
    const gyp = await readFile(new URL('../../../../src-main/engine/native/binding.gyp', import.meta.url), 'utf8');
    expect(kernels.length).toBeGreaterThan(10);
    for (const file of kernels) expect(gyp, `binding.gyp is missing ${file}`).toContain(`<(kernels_dir)/${file}`);
  });
});
