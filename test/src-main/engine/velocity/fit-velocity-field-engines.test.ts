import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { loadNativeKernels } from '../../../../src-main/engine/native/native-addon.ts';
import { fitVelocityField, type VelocityFieldSettings } from '../../../../src-main/engine/velocity/fit-velocity-field.ts';
import type { VelocityEngineChoice } from '../../../../src-main/engine/velocity/per-edge-field-kernel.ts';
import type { VelocityCells } from '../../../../src-main/engine/velocity/velocity-targets.ts';

const nativeBuilt = (() => {
  try {
    loadNativeKernels();
    return true;
  } catch {
    return false;
  }
})();
const C_ENGINES: VelocityEngineChoice[] = nativeBuilt ? ['wasm', 'native'] : ['wasm'];

// Cells of a known 6-gene cascade, dx/dt = production(regulators) − x, simulated by Euler from seeded random starts:
// a activates b, b represses c, c and a activate d, e is noise, f relaxes on its own.
function simulate(seed: number): VelocityCells {
  const random = new SeededRandom(seed);
  const genes = ['a', 'b', 'c', 'd', 'e', 'f'];
  const values: number[] = [];
  const lineages = [];
  for (let run = 0; run < 5; run++) {
    let x = genes.map(() => random.uniform() * 1.5);
    const cells: number[] = [];
    const times: number[] = [];
    for (let step = 0; step < 50; step++) {
      cells.push(values.length / genes.length);
      times.push(step * 0.05);
      values.push(...x.map((v) => v + 0.01 * random.normal()));
      const dx = [0.5 - 0.5 * x[0], (2 * x[0]) / (1 + x[0]) - x[1], 1 / (1 + 2 * x[1]) - x[2], x[2] * x[0] - 0.8 * x[3], 0, -0.3 * x[5]];
      x = x.map((v, g) => v + 0.05 * dx[g]);
      x[4] = random.uniform();
    }
    lineages.push({ name: `run${run}`, cells: Int32Array.from(cells), times: Float64Array.from(times) });
  }
  return { genes, values: Float32Array.from(values), lineages };
}

const VARIANTS: { name: string; settings: Partial<VelocityFieldSettings> }[] = [
  {
    name: 'the defaults (group-lasso entry path, batch 64 of 245 cells)',
    settings: { batch: 64, pathStages: 8, stageIterations: 40, window: 10, neighbours: 3 },
  },
  {
    name: 'two hidden units per target, sources a, b, c only',
    settings: { hidden: 2, sources: [0, 1, 2], batch: 64, pathStages: 6, stageIterations: 30, window: 10, neighbours: 3 },
  },
  {
    name: 'the survival read-out: sampled gates, l0, hidden units',
    settings: {
      readout: 'survival',
      penalty: 'l0',
      lambda: 0.02,
      hidden: 3,
      iterations: 150,
      pathStages: 4,
      stageIterations: 25,
      batch: 50,
      window: 10,
      neighbours: 3,
    },
  },
];

describe('fitVelocityField on the C kernel gives the TypeScript loops’ result', () => {
  for (const variant of VARIANTS) {
    it(`${variant.name}: the same network ranking and parameters within tolerance`, async () => {
      const cells = simulate(4);
      const ts = await fitVelocityField(cells, { ...variant.settings, seed: 2 }, { engine: 'typescript' });
      expect(ts.engine.name).toBe('typescript');
      const tsValues = Array.from(ts.parameters!.values);
      const largest = Math.max(...tsValues.map(Math.abs));
      for (const engine of C_ENGINES) {
        const fit = await fitVelocityField(cells, { ...variant.settings, seed: 2 }, { engine });
        expect(fit.engine.name).toBe(engine);
        const order = (f: typeof fit) => f.network.map((e) => `${e.source}→${e.target}${e.sign}`);
        expect(order(fit), engine).toEqual(order(ts));
        for (let i = 0; i < fit.network.length; i++) expect(Math.abs(fit.network[i].weight - ts.network[i].weight)).toBeLessThan(1e-4);
        const values = Array.from(fit.parameters!.values);
        for (let i = 0; i < values.length; i++)
          if (!(Math.abs(values[i] - tsValues[i]) <= 1e-4 * largest))
            expect.fail(`${engine}: parameter ${i} is ${values[i]}, TypeScript ${tsValues[i]}`);
        expect(fit.loss!.data).toBeCloseTo(ts.loss!.data, 6);
      }
    }, 60_000);
  }

  it('a NaN in the data stops the fit with the loss named, whatever the engine', async () => {
    const cells = simulate(5);
    cells.values[7] = Number.NaN;
    for (const engine of [...C_ENGINES, 'typescript'] as VelocityEngineChoice[])
      await expect(fitVelocityField(cells, { pathStages: 2, stageIterations: 10 }, { engine }), engine).rejects.toThrow(
        /loss became NaN at iteration 1/,
      );
  });
});
