// The wasm engine against the TF.js reference (docs/model.md is the contract), plus its refusals and load failures.
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createWasmEngineFactory, wasmEngineFactory } from '../../../../src-main/engine/wasm/wasm-engine.ts';
import { WASM_KERNELS_URL } from '../../../../src-main/engine/wasm/wasm-kernels.ts';
import { fusedProblem } from './fused-problems.ts';
import { DOPRI5_SHAPES, RK4_SHAPES, describeShape, expectAdamBitExact, expectAdamParity, expectGradientParity } from './fused-parity.ts';

describe('wasm engine parity with the TF.js reference', () => {
  for (const shape of [...RK4_SHAPES, ...DOPRI5_SHAPES]) {
    it(`loss and gradient agree: ${describeShape(shape)}`, async () => {
      await expectGradientParity(wasmEngineFactory, shape);
    });
  }

  it('20 Adam steps (one call each) agree with the reference within 1e-3: rk4', async () => {
    await expectAdamParity(wasmEngineFactory, RK4_SHAPES[0]);
  });

  it('20 Adam steps agree with the reference within 1e-3: dopri5', async () => {
    await expectAdamParity(wasmEngineFactory, DOPRI5_SHAPES[0]);
  });
});

describe('wasm engine behaviour', () => {
  it('trainStep takes bit-for-bit the Adam step of adam.ts from its own gradient', async () => {
    await expectAdamBitExact(wasmEngineFactory, RK4_SHAPES[0]);
  });

  it('predicts the reference states at the bin times and at every cell', async () => {
    const { tfjsEngineFactory } = await import('../../../../src-main/engine/reference/tfjs-engine.ts');
    for (const shape of [RK4_SHAPES[6], DOPRI5_SHAPES[0]]) {
      const { problem, params } = fusedProblem(shape);
      const mine = await (await wasmEngineFactory.create(problem)).predict(params);
      const theirs = await (await tfjsEngineFactory.create(problem)).predict(params);
      expect(mine.trajectories.length).toBe(problem.batch);
      mine.trajectories.forEach((trajectory, b) => {
        expect(Array.from(trajectory.times)).toEqual(Array.from(theirs.trajectories[b].times));
        trajectory.values.forEach((v, i) =>
          expect(Math.abs(v - theirs.trajectories[b].values[i])).toBeLessThan(1e-4 * Math.max(1, Math.abs(v))),
        );
      });
    }
  });

  it('refuses a problem over the memory limit before allocating, with the estimate and the limit', async () => {
    const { problem } = fusedProblem(RK4_SHAPES[0]);
    const factory = createWasmEngineFactory({ memoryLimitBytes: 100_000 });
    const estimate = factory.estimateMemoryBytes(problem);
    expect(estimate).toBeGreaterThan(100_000);
    await expect(factory.create(problem)).rejects.toThrow(/needs about .* MiB .* memory limit of 0\.1 MiB/);
  });

  it('estimates memory that grows with the stored stage rows', () => {
    const small = fusedProblem({ ...RK4_SHAPES[0], bins: 4 }).problem;
    const large = fusedProblem({ ...RK4_SHAPES[0], bins: 40 }).problem;
    // 36 more bins × 4 stages × 3 rows, each storing layer inputs (16 + 16 + 8 padded floats) and deltas (16 + 8 + 16).
    const storedRowBytes = 36 * 4 * 3 * 80 * 4;
    expect(wasmEngineFactory.estimateMemoryBytes(large) - wasmEngineFactory.estimateMemoryBytes(small)).toBeGreaterThanOrEqual(
      storedRowBytes,
    );
  });

  it('rejects NaN in the targets with the place it was found', async () => {
    const { problem } = fusedProblem(RK4_SHAPES[0]);
    if (problem.targets.kind !== 'binned') throw new Error('expected binned targets');
    problem.targets.values[2 * problem.genes + 4] = NaN;
    await expect(wasmEngineFactory.create(problem)).rejects.toThrow(/binned targets: NaN at bin×trajectory row 2, gene column 4/);
  });

  it('reports a missing or corrupt .wasm as unavailable with the file named, without throwing', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'pathreg-wasm-'));
    const missing = createWasmEngineFactory({ wasmUrl: pathToFileURL(join(folder, 'absent.wasm')) });
    const a = await missing.availability();
    expect(a.available).toBe(false);
    expect(a.reason).toMatch(/absent\.wasm cannot be read \(ENOENT\)/);
    const corruptPath = join(folder, 'corrupt.wasm');
    await copyFile(WASM_KERNELS_URL, corruptPath);
    await writeFile(corruptPath, Buffer.from('not a wasm module at all'));
    const b = await createWasmEngineFactory({ wasmUrl: pathToFileURL(corruptPath) }).availability();
    expect(b.available).toBe(false);
    expect(b.reason).toMatch(/corrupt\.wasm are corrupt/);
    expect((await wasmEngineFactory.availability()).available).toBe(true);
  });

  it('a disposed engine says so', async () => {
    const { problem, params, gateNoise } = fusedProblem(RK4_SHAPES[5]);
    const engine = await wasmEngineFactory.create(problem);
    engine.dispose();
    await expect(engine.lossAndGradient(params, gateNoise)).rejects.toThrow(/disposed/);
  });
});
