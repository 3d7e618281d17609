// The perturbation core on hand-made fields whose responses are known in closed form: a regulator held constant
// drives a target with decay, so knocking the regulator out, down or up changes the target by a known area; the
// clamped gene keeps its level; several genes at once; NaN and unknown genes refused with clear messages.
import { describe, expect, it } from 'vitest';
import { perturbModel } from '../../../src-main/perturb/perturb-model.ts';
import { closeGeneNames } from '../../../src-main/perturb/perturbed-genes.ts';
import { PerturbationInputError } from '../../../src-main/perturb/perturbation.ts';
import type { PerturbableModel } from '../../../src-main/perturb/simulate-perturbation.ts';
import type { StateField } from '../../../src-main/perturb/joint-perturbed-field.ts';

const A = 2; // target's activation by the regulator
const K = 3; // target's decay

/** R is constant (rate 0); T' = A·R − K·T; U' = −A·(T − U)… a second target repressed through T: U' = 1 − T − U. */
const cascade: StateField = (x, rows) => {
  const out = new Float64Array(rows * 3);
  for (let r = 0; r < rows; r++) {
    const [reg, t, u] = [x[r * 3], x[r * 3 + 1], x[r * 3 + 2]];
    out[r * 3] = 0;
    out[r * 3 + 1] = A * reg - K * t;
    out[r * 3 + 2] = 1 - t - u;
  }
  return out;
};

function model(field: StateField, starts: Array<{ lineage: string; state: number[]; end?: number[] }>): PerturbableModel {
  return {
    runName: 'run "hand-made"',
    method: 'velocity',
    genes: ['R', 'T', 'U'],
    field,
    trajectories: starts.map(({ lineage, state, end }) => ({
      name: `${lineage}_1`,
      lineage,
      donor: '1',
      times: [0, 0.25, 0.5, 0.75, 1],
      observed: [...state, ...state, ...state, ...state, ...state],
      initialState: Float64Array.from(state),
      endState: Float64Array.from(end ?? state),
    })),
  };
}

/** ∫₀¹ T(t) dt for T(0) = 0 and a constant regulator r: (A·r/K)·(1 − (1 − e^(−K))/K). */
const targetArea = (r: number) => ((A * r) / K) * (1 - (1 - Math.exp(-K)) / K);

describe('perturbModel on a linear cascade', () => {
  const m = model(cascade, [{ lineage: 'a', state: [1, 0, 0] }]);

  it('a knockout removes the target exactly as the closed form says, and the knocked-out gene stays at 0', () => {
    const { result, simulation } = perturbModel(m, [{ gene: 'R', kind: 'knockout', value: 0 }]);
    const t = result.responses.find((r) => r.gene === 'T')!;
    expect(t.effects[0]).toBeCloseTo(-targetArea(1), 4);
    const s = simulation.starts[0];
    // Wild type T(1) = (A/K)(1 − e^(−K)); knocked out it never leaves 0.
    expect(s.wildType[100 * 3 + 1]).toBeCloseTo((A / K) * (1 - Math.exp(-K)), 5);
    for (let k = 0; k <= 100; k++) {
      expect(s.perturbed[k * 3]).toBe(0);
      expect(s.perturbed[k * 3 + 1]).toBeCloseTo(0, 12);
    }
    // T is the strongest responder; U responds with the opposite sign (it is repressed by T).
    expect(result.responses[0].gene).toBe('T');
    expect(result.responses.find((r) => r.gene === 'U')!.effects[0]).toBeGreaterThan(0);
    expect(result.responses.at(-1)!).toMatchObject({ gene: 'R', perturbed: true });
  });

  it('a knockdown scales the response and keeps the gene at its factor × the wild type all along', () => {
    const { result, simulation } = perturbModel(m, [{ gene: 'R', kind: 'knockdown', value: 0.25 }]);
    expect(result.responses.find((r) => r.gene === 'T')!.effects[0]).toBeCloseTo(-0.75 * targetArea(1), 4);
    const s = simulation.starts[0];
    for (let k = 0; k <= 100; k++) expect(s.perturbed[k * 3]).toBeCloseTo(0.25 * s.wildType[k * 3], 12);
  });

  it('overexpression holds the gene at its level and raises the target by the closed-form area', () => {
    const { result, simulation } = perturbModel(m, [{ gene: 'R', kind: 'overexpression', value: 3 }]);
    expect(result.responses.find((r) => r.gene === 'T')!.effects[0]).toBeCloseTo(targetArea(3) - targetArea(1), 4);
    expect(simulation.starts[0].perturbed.filter((_, i) => i % 3 === 0).every((v) => v === 3)).toBe(true);
  });

  it('several genes at once: R up and T clamped leaves only U responding, as T is held', () => {
    const { result, simulation } = perturbModel(m, [
      { gene: 'R', kind: 'overexpression', value: 3 },
      { gene: 'T', kind: 'knockout', value: 0 },
    ]);
    expect(result.responses.map((r) => r.gene)).toEqual(['U', 'R', 'T']);
    // U' = 1 − U with T held at 0: U = 1 − e^(−t); the wild type's U sees T's rise.
    const s = simulation.starts[0];
    expect(s.perturbed[100 * 3 + 2]).toBeCloseTo(1 - Math.exp(-1), 5);
    expect(result.description).toBe('R held at 3, T knocked out');
  });

  it('starts from chosen cells run the remaining pseudotime', () => {
    const withCells: PerturbableModel = {
      ...m,
      trajectories: [{ ...m.trajectories[0], times: [0, 0.5, 1], observed: [1, 0, 0, 1, 0, 0, 1, 0, 0] }],
    };
    const { result } = perturbModel(withCells, [{ gene: 'R', kind: 'knockout', value: 0 }], {
      kind: 'cells',
      cells: [{ trajectory: 'a_1', cell: 1 }],
    });
    expect(result.starts[0]).toMatchObject({ name: 'a_1 @cell 1', startTime: 0.5 });
    // From T = 0 over the remaining half: ∫₀^½ (A/K)(1 − e^(−Kt)) dt.
    const expected = (A / K) * (0.5 - (1 - Math.exp(-K * 0.5)) / K);
    expect(result.responses.find((r) => r.gene === 'T')!.effects[0]).toBeCloseTo(-expected, 4);
    expect(() =>
      perturbModel(withCells, [{ gene: 'R', kind: 'knockout', value: 0 }], { kind: 'cells', cells: [{ trajectory: 'a_1', cell: 7 }] }),
    ).toThrow(/cells 0 to 2; cell 7/);
  });
});

describe('lineage shifts', () => {
  it('a knockout that makes one lineage end like another says it moves towards that lineage', () => {
    // Two lineages differ only in R; knocking R out in lineage a makes it end where lineage b ends (in the data:
    // T = 0, U = 1 − e^(−1), which the model reproduces).
    const m = model(cascade, [
      { lineage: 'a', state: [1, 0, 0], end: [1, 0.5, 0.2] },
      { lineage: 'b', state: [0, 0, 0], end: [0, 0, 1 - Math.exp(-1)] },
    ]);
    const { result } = perturbModel(m, [{ gene: 'R', kind: 'knockout', value: 0 }]);
    const a = result.shifts.find((s) => s.start === 'a_1')!;
    expect(a.towards).toBe('b');
    expect(a.byLineage[0].perturbedDistance).toBeCloseTo(0, 5);
    expect(a.relativeDistance).toBeCloseTo(1, 4);
    expect(a.summary).toMatch(/towards b/);
    // Lineage b has R = 0 already: nothing moves. Its landmark is a's end in the data, not where a's model ends.
    const b = result.shifts.find((s) => s.start === 'b_1')!;
    expect(b.distance).toBeCloseTo(0, 10);
    expect(b.byLineage[0].wildTypeDistance).toBeCloseTo(Math.hypot(0.5, 0.2 - (1 - Math.exp(-1))), 5);
  });
});

describe('refusals', () => {
  const m = model(cascade, [{ lineage: 'a', state: [1, 0, 0] }]);
  it('refuses NaN levels and a field that turns NaN, naming the gene and the run', () => {
    expect(() => perturbModel(m, [{ gene: 'R', kind: 'overexpression', value: Number.NaN }])).toThrow(
      /overexpression of R has the value NaN/,
    );
    const broken: StateField = (x, rows) => cascade(x, rows).map((v, i) => (i % 3 === 2 && x[i - 1] !== 0 ? Number.NaN : v));
    expect(() => perturbModel(model(broken, [{ lineage: 'a', state: [1, 0, 0] }]), [{ gene: 'R', kind: 'knockout', value: 0 }])).toThrow(
      PerturbationInputError,
    );
    const nanStart = model(cascade, [{ lineage: 'a', state: [1, Number.NaN, 0] }]);
    expect(() => perturbModel(nanStart, [{ gene: 'R', kind: 'knockout', value: 0 }])).toThrow(/no finite level for T/);
  });

  it('refuses an unknown gene naming the run and suggesting close names', () => {
    expect(() => perturbModel(m, [{ gene: 'r', kind: 'knockout', value: 0 }])).toThrow(
      'r is not among the 3 genes of run "hand-made"; did you mean R?',
    );
    expect(closeGeneNames('GATA', ['GATA1', 'GATA2', 'KLF1', 'SPI1'])).toEqual(['GATA1', 'GATA2']);
    expect(closeGeneNames('Gata1', ['GATA1', 'GATA2', 'KLF1'])).toEqual(['GATA1']);
    expect(closeGeneNames('GATA3', ['GATA1', 'GATA2', 'KLF1'])).toEqual(['GATA1', 'GATA2']);
    expect(closeGeneNames('XYZ', ['GATA1', 'KLF1'])).toEqual([]);
  });

  it('refuses a knockdown factor outside [0, 1) and a gene perturbed twice', () => {
    expect(() => perturbModel(m, [{ gene: 'R', kind: 'knockdown', value: 1.5 }])).toThrow(/from 0 .* up to but not including 1/);
    expect(() =>
      perturbModel(m, [
        { gene: 'R', kind: 'knockout', value: 0 },
        { gene: 'R', kind: 'overexpression', value: 2 },
      ]),
    ).toThrow(/perturbed twice/);
  });
});
