import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { fitVelocityField } from '../../../../src-main/engine/velocity/fit-velocity-field.ts';
import type { VelocityCells } from '../../../../src-main/engine/velocity/velocity-targets.ts';

// Cells of a known 4-gene system, dx/dt = production(regulators) − x, simulated by Euler from seeded random starts
// (so states vary from cell to cell, as real cells do): a activates b, b represses c, a relaxes on its own and d is noise.
function simulate(seed: number): VelocityCells {
  const random = new SeededRandom(seed);
  const genes = ['a', 'b', 'c', 'd'];
  const values: number[] = [];
  const lineages = [];
  for (let run = 0; run < 6; run++) {
    let x = [random.uniform() * 2, random.uniform(), random.uniform(), random.uniform()];
    const cells: number[] = [];
    const times: number[] = [];
    for (let step = 0; step < 60; step++) {
      const t = step * 0.05;
      cells.push(values.length / 4);
      times.push(t);
      values.push(...x.map((v) => v + 0.01 * random.normal()));
      const dx = [0.5 - 0.5 * x[0], (2 * x[0]) / (1 + x[0]) - x[1], 1 / (1 + 2 * x[1]) - x[2], 0];
      x = x.map((v, g) => v + 0.05 * dx[g]);
      x[3] = random.uniform(); // a gene of pure noise: it regulates nothing and nothing regulates it
    }
    lineages.push({ name: `run${run}`, cells: Int32Array.from(cells), times: Float64Array.from(times) });
  }
  return { genes, values: Float32Array.from(values), lineages };
}

describe('fitVelocityField', () => {
  it('names the true regulator of each regulated gene first, with its sign (node and linear)', async () => {
    const cells = simulate(1);
    const variants = [
      { method: 'node' }, // the defaults: linear term, no hidden units, group-lasso entry
      { method: 'node', linear: false, readout: 'survival', penalty: 'l0', hidden: 4, pathStages: 10 },
      { method: 'node', linear: true, readout: 'survival', penalty: 'l0', hidden: 4, pathStages: 10 },
      { method: 'node', linear: true, readout: 'entry', hidden: 4 },
      { method: 'linear' },
    ] as const;
    for (const variant of variants) {
      const method = JSON.stringify(variant);
      const fit = await fitVelocityField(cells, {
        ...variant,
        iterations: 400,
        lambda: 0.02,
        window: 10,
        neighbours: 3,
        perTarget: false,
      });
      const strongestInto = (target: string) => {
        const e = fit.network.find((edge) => edge.target === target)!;
        return `${e.source}→${e.target}${e.sign > 0 ? '+' : '−'}`;
      };
      expect(strongestInto('b'), method).toBe('a→b+');
      expect(strongestInto('c'), method).toBe('b→c−');
      expect(fit.network).toHaveLength(12);
      expect(fit.cells).toBe(6 * 59);
    }
  });

  it('with allowed sources, only they regulate (node and linear), the field is smaller, and it still finds a→b and b→c', async () => {
    const cells = simulate(1);
    const all = await fitVelocityField(cells, { iterations: 20, pathStages: 1, hidden: 4 });
    for (const method of ['node', 'linear'] as const) {
      // Genes a and b are the "transcription factors"; c and d are targets only. Given in any order.
      const fit = await fitVelocityField(cells, {
        method,
        sources: [1, 0],
        iterations: 400,
        hidden: 4,
        lambda: 0.02,
        window: 10,
        neighbours: 3,
        perTarget: false,
      });
      expect(fit.network).toHaveLength(2 * 3);
      expect(new Set(fit.network.map((e) => e.source))).toEqual(new Set(['a', 'b']));
      const strongestInto = (target: string) => {
        const e = fit.network.find((edge) => edge.target === target)!;
        return `${e.source}→${e.target}${e.sign > 0 ? '+' : '−'}`;
      };
      expect(strongestInto('b'), method).toBe('a→b+');
      expect(strongestInto('c'), method).toBe('b→c−');
      if (method === 'node') {
        // 2 of 4 sources: W1 (64 values), the gates (16) and the linear term (16) shrink by half: 48 values fewer.
        expect(all.parameters!.values.length - fit.parameters!.values.length).toBe(48);
      }
    }
  });

  it('says which allowed source is wrong', async () => {
    const cells = simulate(2);
    await expect(fitVelocityField(cells, { sources: [0, 4] })).rejects.toThrow(/gene index 4, outside the 4 genes/);
    await expect(fitVelocityField(cells, { sources: [2, 2] })).rejects.toThrow(/Gene index 2 is listed twice/);
    await expect(fitVelocityField(cells, { sources: [] })).rejects.toThrow(/allowed source genes is empty/);
  });

  it('is reproducible for a seed and stops when aborted', async () => {
    const cells = simulate(2);
    const one = await fitVelocityField(cells, { iterations: 50, seed: 3 });
    const two = await fitVelocityField(cells, { iterations: 50, seed: 3 });
    expect(Array.from(two.parameters!.values)).toEqual(Array.from(one.parameters!.values));
    const controller = new AbortController();
    controller.abort(new Error('cancelled by the user'));
    await expect(fitVelocityField(cells, { iterations: 50 }, { signal: controller.signal })).rejects.toThrow(/cancelled by the user/);
  });

  it('says so when too few cells have a target', async () => {
    const cells: VelocityCells = {
      genes: ['a'],
      values: Float32Array.from([1]),
      lineages: [{ name: 'L', cells: Int32Array.from([0]), times: Float64Array.from([0]) }],
    };
    await expect(fitVelocityField(cells)).rejects.toThrow(/Only 0 cell/);
  });
});
