import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../../src-main/engine/model/random.ts';
import { fitVelocityField } from '../../../../src-main/engine/velocity/fit-velocity-field.ts';
import { oneStandardErrorStage } from '../../../../src-main/engine/velocity/path-cutoff.ts';

import { initialPerEdgeField, perEdgeFieldOffsets } from '../../../../src-main/engine/velocity/per-edge-field-layout.ts';
import { assembleTargetStages, perTargetOneStandardErrorStages } from '../../../../src-main/engine/velocity/per-target-cutoff.ts';
import type { VelocityCells } from '../../../../src-main/engine/velocity/velocity-targets.ts';

// Targets with different true in-degrees: g0, g1, g2 relax to their own levels from random starts (drivers); g3 and
// g7 have no regulator, g4 one (g0 +), g5 two (g0 +, g1 −), g6 three (g0 +, g1 −, g2 +). Euler steps of 16 lineages
// of 80 cells with measurement noise.
const TRUE_REGULATORS: Record<string, Record<string, 1 | -1>> = {
  g3: {},
  g4: { g0: 1 },
  g5: { g0: 1, g1: -1 },
  g6: { g0: 1, g1: -1, g2: 1 },
  g7: {},
};

/** `extra`: a ninth gene of tiny random values (a seeded stream of its own), so its own velocity is noise. */
function simulate(seed: number, extra: number | null = null): VelocityCells {
  const random = new SeededRandom(seed);
  const d = 8;
  const genes = Array.from({ length: extra === null ? d : d + 1 }, (_, g) => `g${g}`);
  const extraRandom = new SeededRandom(extra ?? 0);
  const values: number[] = [];
  const lineages = [];
  for (let run = 0; run < 16; run++) {
    let x = Array.from({ length: d }, () => random.uniform() * 1.5);
    const cells: number[] = [];
    const times: number[] = [];
    for (let step = 0; step < 80; step++) {
      cells.push(values.length / genes.length);
      times.push(step * 0.05);
      values.push(...x.map((v) => v + 0.01 * random.normal()));
      // Values this small move no cell's nearest neighbours, so the other genes' velocity targets stay the same.
      if (extra !== null) values.push(1e-6 * extraRandom.uniform());
      const dx = [
        0.6 - 0.5 * x[0],
        0.4 - 0.7 * x[1],
        0.9 - 0.6 * x[2],
        0.5 - 0.8 * x[3],
        (2 * x[0]) / (1 + x[0]) - x[4],
        x[0] / (1 + x[0]) + 1 / (1 + 2 * x[1]) - x[5],
        x[0] / (1 + x[0]) + 1 / (1 + 2 * x[1]) + x[2] / (1 + x[2]) - x[6],
        0.3 - 0.6 * x[7],
      ];
      x = x.map((v, g) => v + 0.05 * dx[g]);
    }
    lineages.push({ name: `run${run}`, cells: Int32Array.from(cells), times: Float64Array.from(times) });
  }
  return { genes, values: Float32Array.from(values), lineages };
}

const SETTINGS = { window: 10, neighbours: 3, perTarget: false } as const;

/** Every stage's held-out errors (stage → rows × genes); `errorsOf` reads column j from stage stages[j]. */
function stagedErrors(stageErrors: Float64Array[], genes: number) {
  return (stages: readonly number[]) => {
    const out = new Float64Array(stageErrors[0].length);
    for (let i = 0; i < out.length; i++) out[i] = stageErrors[stages[i % genes]][i];
    return out;
  };
}

describe('the per-target one-standard-error rule', () => {
  it("picks, for every target, the stage the paired rule picks on that target's own column", () => {
    const random = new SeededRandom(5);
    const rows = 40;
    const genes = 6;
    const stages = 7;
    // Each target's error falls to a minimum at a stage of its own, with cell noise shared by every stage (as a
    // cell's own velocity noise is) and a smaller noise per stage.
    const minimumAt = [0, 1, 3, 6, 2, 5];
    const cellNoise = Float64Array.from({ length: rows * genes }, () => random.uniform());
    const stageErrors = Array.from({ length: stages }, (_, s) =>
      Float64Array.from({ length: rows * genes }, (_, i) => {
        const j = i % genes;
        return cellNoise[i] + 0.05 * (s - minimumAt[j]) ** 2 + 0.05 * random.uniform();
      }),
    );
    const chosen = perTargetOneStandardErrorStages(stages, genes, stagedErrors(stageErrors, genes));
    for (let j = 0; j < genes; j++) {
      const column = stageErrors.map((errors) => Float64Array.from({ length: rows }, (_, r) => errors[r * genes + j]));
      const reference = oneStandardErrorStage(column);
      expect(chosen.stages[j], `target ${j}`).toBe(reference.stage);
      expect(chosen.bestStages[j], `target ${j}`).toBe(reference.bestStage);
    }
    // The targets' minima differ, and so do their stages.
    expect(new Set(chosen.stages).size).toBeGreaterThan(3);
    // Zero standard errors keep each target's stage of lowest error; more keep sparser (earlier) stages.
    const lowest = perTargetOneStandardErrorStages(stages, genes, stagedErrors(stageErrors, genes), 0);
    expect(lowest.stages).toEqual(chosen.bestStages);
    const wider = perTargetOneStandardErrorStages(stages, genes, stagedErrors(stageErrors, genes), 3);
    wider.stages.forEach((stage, j) => expect(stage).toBeLessThanOrEqual(chosen.stages[j]));
    for (let j = 0; j < genes; j++) {
      const column = stageErrors.map((errors) => Float64Array.from({ length: rows }, (_, r) => errors[r * genes + j]));
      expect(wider.stages[j]).toBe(oneStandardErrorStage(column, 3).stage);
    }
  });

  it("assembles a field whose row j is stage stages[j]'s row j, every parameter included", () => {
    const shape = { genes: 5, hidden: 2, sources: [0, 2, 3], linear: true };
    const o = perEdgeFieldOffsets(shape);
    const snapshots = [10, 20, 30].map((seed) => initialPerEdgeField(shape, new SeededRandom(seed)).map((v, i) => v + seed + i));
    for (let stage = 0; stage < snapshots.length; stage++) {
      const params = new Float32Array(o.total).fill(Number.NaN);
      assembleTargetStages(params, snapshots, new Array(5).fill(stage), shape, o);
      // No parameter is left unwritten: every one belongs to a target.
      expect(params).toEqual(snapshots[stage]);
    }
    const mixed = new Float32Array(o.total);
    const stages = [2, 0, 1, 1, 0];
    assembleTargetStages(mixed, snapshots, stages, shape, o);
    for (let s = 0; s < 3; s++)
      for (let j = 0; j < 5; j++) {
        const pair = s * 5 + j;
        expect(mixed[o.linear + pair]).toBe(snapshots[stages[j]][o.linear + pair]);
        expect(mixed[o.logAlpha + pair]).toBe(snapshots[stages[j]][o.logAlpha + pair]);
        expect(mixed[o.w1 + pair * 2 + 1]).toBe(snapshots[stages[j]][o.w1 + pair * 2 + 1]);
      }
    for (let j = 0; j < 5; j++) {
      expect(mixed[o.b2 + j]).toBe(snapshots[stages[j]][o.b2 + j]);
      expect(mixed[o.decay + j]).toBe(snapshots[stages[j]][o.decay + j]);
      expect(mixed[o.w2 + j * 2]).toBe(snapshots[stages[j]][o.w2 + j * 2]);
      expect(mixed[o.b1 + j * 2 + 1]).toBe(snapshots[stages[j]][o.b1 + j * 2 + 1]);
    }
  });
});

describe('per-target cut-off of the entry path', () => {
  it("trains each target on its own: another target's velocities change nothing of its row or its stage", async () => {
    // g8 is a target only (not a source); its values, and so its velocity targets, differ between the two fits.
    const sources = [0, 1, 2, 3, 4, 5, 6, 7];
    const a = await fitVelocityField(simulate(3, 1), { ...SETTINGS, sources });
    const b = await fitVelocityField(simulate(3, 2), { ...SETTINGS, sources });
    const model = a.parameters!;
    const o = perEdgeFieldOffsets(model.config);
    const d = 9;
    const rowOf = (values: Float32Array, j: number) => [
      ...sources.map((_, s) => values[o.linear + s * d + j]),
      values[o.b2 + j],
      values[o.decay + j],
    ];
    const g8 = (values: Float32Array) => rowOf(values, 8);
    expect(g8(a.parameters!.values)).not.toEqual(g8(b.parameters!.values));
    for (let j = 0; j < 8; j++) expect(rowOf(b.parameters!.values, j), `g${j}`).toEqual(rowOf(model.values, j));
    expect(b.cutoff!.targetStages!.slice(0, 8)).toEqual(a.cutoff!.targetStages!.slice(0, 8));
  });

  it('gives targets with different in-degrees their own stages: the true regulators, and none where there is none', async () => {
    const fit = await fitVelocityField(simulate(3), SETTINGS);
    const cutoff = fit.cutoff!;
    expect(cutoff.rule).toBe('per-target-one-standard-error');
    expect(cutoff.targetStages).toHaveLength(8);
    const inNetwork = fit.network.filter((e) => e.sign !== 0);
    for (const [target, regulators] of Object.entries(TRUE_REGULATORS)) {
      const kept = inNetwork.filter((e) => e.target === target);
      if (Object.keys(regulators).length === 0)
        expect(
          kept.map((e) => e.source),
          target,
        ).toEqual([]);
      for (const [source, sign] of Object.entries(regulators))
        expect(kept.find((e) => e.source === source)?.sign, `${source} → ${target}`).toBe(sign);
    }
    // The targets without a regulator stop earlier on the path than the one with three.
    const stage = (gene: string) => cutoff.targetStages![Number(gene.slice(1))];
    expect(Math.max(stage('g3'), stage('g7'))).toBeLessThan(stage('g6'));
    // One stage for every target (the rule on the error averaged over genes) is recorded beside it.
    expect(cutoff.globalStage).not.toBeNull();
    const whole = await fitVelocityField(simulate(3), { ...SETTINGS, cutoff: 0 });
    expect(inNetwork.length).toBeLessThan(whole.network.filter((e) => e.sign !== 0).length);
  });
});

describe('smoother held-out velocity targets', () => {
  it('score the same trained path against a less noisy velocity: lower held-out errors, the same training', async () => {
    const cells = simulate(3);
    const own = await fitVelocityField(cells, SETTINGS);
    const smoother = await fitVelocityField(cells, { ...SETTINGS, validationNeighbours: 8 });
    // Training is untouched (same targets, cells, batches): every pair enters the path at the same stage.
    const entry = (fit: typeof own) => new Map(fit.network.map((e) => [`${e.source}>${e.target}`, Math.round(e.weight * 1e4)]));
    expect(entry(smoother)).toEqual(entry(own));
    expect(smoother.cutoff!.validationCells).toBe(own.cutoff!.validationCells);
    // Averaging 8 neighbours instead of 3 removes velocity noise the field cannot predict, at every stage.
    smoother.cutoff!.validationErrors.forEach((error, stage) =>
      expect(error, `stage ${stage}`).toBeLessThan(own.cutoff!.validationErrors[stage]),
    );
  });
});
