// The prepared per-edge field used for perturbations gives predictVelocity's numbers (the trained field as the fit
// evaluates it), with hidden units, a linear term, decay, restricted sources and closed gates; NaN propagates. The
// linear field (no hidden units) skips closed pairs: its rates are the dense product's bit for bit, and a knockout
// integrated with it gives the trajectories the dense product gives.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src-main/engine/model/random.ts';
import { perEdgeFieldOffsets } from '../../../src-main/engine/velocity/per-edge-field-layout.ts';
import { predictVelocity, type VelocityFieldModel } from '../../../src-main/engine/velocity/velocity-field-model.ts';
import { velocityFieldEvaluator } from '../../../src-main/perturb/velocity-field-evaluator.ts';
import { perEdgeGates } from '../../../src-main/engine/velocity/per-edge-field-cpu.ts';
import { fieldSources } from '../../../src-main/engine/velocity/per-edge-field-layout.ts';
import type { StateField } from '../../../src-main/perturb/joint-perturbed-field.ts';
import { simulatePerturbation, type PerturbableModel } from '../../../src-main/perturb/simulate-perturbation.ts';

function randomModel(hidden: number, linear: boolean, decay: boolean, sources?: number[], d = 7, closed = 0.33): VelocityFieldModel {
  const config = { genes: d, hidden, linear, decay, sources, penalty: 'group-lasso' as const, lambda: 0.1 };
  const o = perEdgeFieldOffsets(config);
  const random = new SeededRandom(11);
  const values = Float32Array.from({ length: o.total }, () => random.normal());
  // Close a third of the gates (logα far below 0 gives z = 0 exactly).
  for (let p = o.logAlpha; p < o.logAlpha + (sources?.length ?? d) * d; p++)
    values[p] = random.uniform() < closed ? -50 : 2 + random.normal();
  const genes = Array.from({ length: d }, (_, i) => `G${i}`);
  const positive = () => Float32Array.from({ length: d }, () => 0.5 + random.uniform());
  return { kind: 'per-edge-field', genes, config, values, inputShift: positive(), inputScale: positive(), outputScale: positive() };
}

describe('velocityFieldEvaluator', () => {
  it.each([
    [0, true, true, undefined],
    [3, false, true, undefined],
    [2, true, false, [0, 2, 5]],
  ])('equals predictVelocity (hidden %i, linear %s, decay %s, sources %j)', (hidden, linear, decay, sources) => {
    const model = randomModel(hidden, linear, decay, sources);
    const random = new SeededRandom(5);
    const rows = 4;
    const states = Float64Array.from({ length: rows * 7 }, () => random.uniform() * 2);
    const expected = predictVelocity(model, states, rows);
    const got = velocityFieldEvaluator(model)(states, rows);
    for (let i = 0; i < expected.length; i++) expect(got[i]).toBeCloseTo(expected[i], 10);
  });

  it.each([2, 0])(
    'propagates NaN from a state to itself and to every target its open gates reach, and nowhere else (hidden %i)',
    (hidden) => {
      const model = randomModel(hidden, true, true);
      const states = new Float64Array(7).fill(0.5);
      states[3] = Number.NaN;
      const got = velocityFieldEvaluator(model)(states, 1);
      const o = perEdgeFieldOffsets(model.config);
      for (let j = 0; j < 7; j++) {
        const reached = j === 3 || model.values[o.logAlpha + 3 * 7 + j] > -50;
        expect(Number.isNaN(got[j]), `gene ${j}`).toBe(reached);
      }
    },
  );

  it('without hidden units skips the closed pairs and still gives the dense product, bit for bit, and the same knockout', () => {
    const d = 40;
    const sources = Array.from({ length: 12 }, (_, i) => i * 3);
    const model = randomModel(0, true, true, sources, d, 0.9);
    const sparse = velocityFieldEvaluator(model);
    const dense = denseLinearField(model);
    const random = new SeededRandom(8);
    const rows = 6;
    const states = Float64Array.from({ length: rows * d }, () => random.uniform() * 2);
    expect([...sparse(states, rows)]).toEqual([...dense(states, rows)]);

    // A knockout of a source gene integrated with each: the wild type and perturbed trajectories agree to 1e-9.
    const perturbable = (field: StateField): PerturbableModel => ({
      runName: 'run "random"',
      method: 'velocity',
      genes: model.genes,
      field,
      trajectories: [0, 1].map((lineage) => {
        const start = Float64Array.from({ length: d }, () => random.uniform());
        return {
          name: `L${lineage}_1`,
          lineage: `L${lineage}`,
          donor: '1',
          times: [0, 1],
          observed: [...start, ...start],
          initialState: start,
          endState: start,
        };
      }),
    });
    const withSparse = perturbable(sparse);
    const withDense = { ...perturbable(dense), trajectories: withSparse.trajectories };
    const knockout = [{ gene: model.genes[sources[1]], kind: 'knockout' as const, value: 0 }];
    const a = simulatePerturbation(withSparse, knockout);
    const b = simulatePerturbation(withDense, knockout);
    expect(a.steps).toBe(b.steps);
    let largestChange = 0;
    for (let s = 0; s < a.starts.length; s++)
      for (let i = 0; i < a.starts[s].perturbed.length; i++) {
        expect(Math.abs(a.starts[s].perturbed[i] - b.starts[s].perturbed[i])).toBeLessThanOrEqual(1e-9);
        expect(Math.abs(a.starts[s].wildType[i] - b.starts[s].wildType[i])).toBeLessThanOrEqual(1e-9);
        largestChange = Math.max(largestChange, Math.abs(a.starts[s].perturbed[i] - a.starts[s].wildType[i]));
      }
    // The knockout does change something: the comparison is not between two unperturbed solves.
    expect(largestChange).toBeGreaterThan(1e-3);
  });
});

/** The linear field as a dense S × D product over every pair, closed ones included (what the evaluator did before). */
function denseLinearField(model: VelocityFieldModel): StateField {
  const { config, values: p } = model;
  const d = config.genes;
  const o = perEdgeFieldOffsets(config);
  const sources = fieldSources(config);
  const gates = perEdgeGates(p, config, null);
  const softplus = (x: number) => (x > 20 ? x : Math.log1p(Math.exp(x)));
  return (states, rows) => {
    const out = new Float64Array(rows * d);
    for (let r = 0; r < rows; r++) {
      const x = Float64Array.from({ length: d }, (_, g) => (states[r * d + g] - model.inputShift[g]) / model.inputScale[g]);
      for (let j = 0; j < d; j++) {
        let sum = p[o.b2 + j] - (config.decay ? softplus(p[o.decay + j]) : 0) * x[j];
        for (let i = 0; i < sources.length; i++) sum += x[sources[i]] * (gates[i * d + j] * p[o.linear + i * d + j]);
        out[r * d + j] = sum * model.outputScale[j];
      }
    }
    return out;
  };
}
