import { describe, expect, it } from 'vitest';
import type { PreparedTrajectory } from '../../../src-main/data/dataset.ts';
import { modelChoiceHint } from '../../../src-main/cli/fit-refusals.ts';
import { degradedRunWarnings, resultSanityWarnings, straightLineBaselineMse } from '../../../src-main/fit/run-health.ts';

const healthy = {
  iteration: 5000,
  best: { iteration: 4950, validationLoss: 0.014 },
  finalValidationLoss: 0.0142,
  rejectedIterations: 0,
  restarts: 0,
};

describe('degradedRunWarnings', () => {
  it('says nothing about a run that went well (final within 1.25× of the best)', () => {
    expect(degradedRunWarnings(healthy)).toEqual([]);
    expect(degradedRunWarnings({ ...healthy, best: { iteration: 5000, validationLoss: 0.0142 } })).toEqual([]);
  });

  it('says a run went wrong late, how much worse the end is, and which model the results come from', () => {
    const late = { ...healthy, best: { iteration: 3000, validationLoss: 0.014 }, finalValidationLoss: 0.323 };
    const [warning] = degradedRunWarnings(late);
    expect(warning.kind).toBe('final-above-best');
    expect(warning.message).toBe(
      'Training went wrong late: the model at the end (iteration 5000) fits the training trajectories 23× worse than the best model ' +
        '(iteration 3000: 0.323 against 0.0140). The network, metrics and figures are from the best model (iteration 3000); the last one is kept in checkpoint.bin.',
    );
    // The app shows the run record as it is: it names a file, not a command-line option (pathreg fit adds --model last).
    expect(warning.message).not.toMatch(/--/);
    expect(modelChoiceHint([warning], 'best')).toBe(
      'The last model instead of the best: run again with --model last (the network and metrics are then read from it).',
    );
    expect(modelChoiceHint([warning], 'last')).toBeNull();
    expect(degradedRunWarnings(late, 'last')[0].message).toMatch(
      /from the last model, as asked; the best one \(iteration 3000\) is in checkpoint-best.bin/,
    );
    expect(degradedRunWarnings({ ...late, finalValidationLoss: Number.POSITIVE_INFINITY })[0].message).toMatch(
      /not at all: its solve overflowed/,
    );
  });

  it('counts rejected iterations and restarts', () => {
    const warnings = degradedRunWarnings({ ...healthy, rejectedIterations: 3, restarts: 1 });
    expect(warnings.map((w) => w.kind)).toEqual(['rejected-iterations', 'restarts']);
    expect(warnings[0].message).toMatch(
      /^3 iterations drew gates that made the solve or its gradient overflow; their updates were not applied/,
    );
    expect(warnings[1].message).toMatch(/^Training restarted 1 time from its last good checkpoint with the learning rate halved/);
  });
});

describe('resultSanityWarnings', () => {
  const fine = { edges: 5000, possibleEdges: 529 * 528, featureSparsity: 0.81, mse: 0.037, baselineMse: 0.09 };

  it('says nothing about a sparse network that beats the baseline', () => {
    expect(resultSanityWarnings(fine)).toEqual([]);
  });

  it('warns about an empty network', () => {
    expect(resultSanityWarnings({ ...fine, edges: 0, featureSparsity: 1 }).map((w) => w.kind)).toEqual(['empty-network']);
  });

  it('warns about a network that keeps nearly every pair, from either measure', () => {
    expect(resultSanityWarnings({ ...fine, edges: Math.round(0.85 * fine.possibleEdges) }).map((w) => w.kind)).toEqual(['dense-network']);
    const [low] = resultSanityWarnings({ ...fine, featureSparsity: 0.15 });
    expect(low.message).toMatch(/^The network keeps 2 % of all gene pairs \(feature sparsity 0\.15\): it is not sparse/);
  });

  it('warns about a fit no better than the straight line, showing both numbers', () => {
    const [warning] = resultSanityWarnings({ ...fine, mse: 0.1 });
    expect(warning.kind).toBe('no-better-than-straight-line');
    expect(warning.message).toMatch(
      /^The fit \(MSE 0\.100\) is no better than a straight line from each lineage's initial state \(MSE 0\.0900\)/,
    );
    expect(warning.message).toMatch(/should not be read as regulation/);
    // The velocity method's network is chosen from velocities on held-out cells: the warning is about its trajectories.
    const [velocity] = resultSanityWarnings({ ...fine, mse: 0.1, networkFrom: 'velocities' });
    expect(velocity.kind).toBe('no-better-than-straight-line');
    expect(velocity.message).toMatch(/^The integrated model \(MSE 0\.100\) is no better than a straight line .* \(MSE 0\.0900\)/);
    expect(velocity.message).toMatch(/chosen from the cells' velocities on held-out cells/);
    expect(velocity.message).not.toMatch(/should not be read as regulation/);
  });
});

function trajectory(times: number[], values: number[][], initialState: number[]): PreparedTrajectory {
  return {
    name: 't',
    lineage: 'l',
    donor: 'd',
    source: 's',
    genes: initialState.map((_, i) => `g${i}`),
    times: Float64Array.from(times),
    values: Float32Array.from(values.flat()),
    initialState: Float32Array.from(initialState),
    rawTimeRange: [0, 1],
  };
}

describe('straightLineBaselineMse', () => {
  it('is 0 for cells on a straight line from the initial state', () => {
    const t = trajectory(
      [0, 0.5, 1],
      [
        [1, 0],
        [2, 0.25],
        [3, 0.5],
      ],
      [1, 0],
    );
    expect(straightLineBaselineMse([t])).toBeCloseTo(0, 12);
  });

  it('fits the slope by least squares through x0 and averages over cells and genes, summed over trajectories', () => {
    // One gene, x0 = 0, cells (1, 1) and (2, 0): slope Σty/Σt² = 1/5; residuals 0.2−1 and 0.4−0: (0.64 + 0.16)/2 = 0.4.
    const a = trajectory([1, 2], [[1], [0]], [0]);
    expect(straightLineBaselineMse([a])).toBeCloseTo(0.4, 6);
    // A second trajectory adds its own mean: cells all at t = 0 keep the line at x0.
    const b = trajectory([0, 0], [[1], [3]], [2]);
    expect(straightLineBaselineMse([a, b])).toBeCloseTo(0.4 + 1, 6);
  });

  it('names a trajectory whose values do not match its cells and genes', () => {
    const broken = { ...trajectory([0, 1], [[1], [2]], [0]), values: new Float32Array(3) };
    expect(() => straightLineBaselineMse([broken])).toThrow(/t has 3 values for 2 cells × 1 genes/);
  });
});
