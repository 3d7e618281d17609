// The prepared per-edge field used for perturbations gives predictVelocity's numbers (the trained field as the fit
// evaluates it), with hidden units, a linear term, decay, restricted sources and closed gates; NaN propagates.
import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../../src-main/engine/model/random.ts';
import { perEdgeFieldOffsets } from '../../../src-main/engine/velocity/per-edge-field-layout.ts';
import { predictVelocity, type VelocityFieldModel } from '../../../src-main/engine/velocity/velocity-field-model.ts';
import { velocityFieldEvaluator } from '../../../src-main/perturb/velocity-field-evaluator.ts';

function randomModel(hidden: number, linear: boolean, decay: boolean, sources?: number[]): VelocityFieldModel {
  const d = 7;
  const config = { genes: d, hidden, linear, decay, sources, penalty: 'group-lasso' as const, lambda: 0.1 };
  const o = perEdgeFieldOffsets(config);
  const random = new SeededRandom(11);
  const values = Float32Array.from({ length: o.total }, () => random.normal());
  // Close a third of the gates (logα far below 0 gives z = 0 exactly).
  for (let p = o.logAlpha; p < o.logAlpha + (sources?.length ?? d) * d; p++)
    values[p] = random.uniform() < 0.33 ? -50 : 2 + random.normal();
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

  it('propagates NaN from a state to itself and to every target its open gates reach, and nowhere else', () => {
    const model = randomModel(2, true, true);
    const states = new Float64Array(7).fill(0.5);
    states[3] = Number.NaN;
    const got = velocityFieldEvaluator(model)(states, 1);
    const o = perEdgeFieldOffsets(model.config);
    for (let j = 0; j < 7; j++) {
      const reached = j === 3 || model.values[o.logAlpha + 3 * 7 + j] > -50;
      expect(Number.isNaN(got[j]), `gene ${j}`).toBe(reached);
    }
  });
});
