import { describe, expect, it } from 'vitest';
import type { PreparedTrajectory } from '../../../../src-main/data/dataset.ts';
import { binCentres, binIndex, binTrajectories } from '../../../../src-main/data/prepare/bin-trajectories.ts';
import {
  cellTargets,
  evaluationTargetsByDonor,
  initialStates,
  trainingTargets,
} from '../../../../src-main/data/prepare/training-targets.ts';

function prepared(name: string, donor: string, times: number[], rows: number[][]): PreparedTrajectory {
  return {
    name,
    lineage: name.split('_')[0],
    donor,
    source: `${name}.tsv`,
    genes: ['A', 'B'],
    times: Float64Array.from(times),
    values: Float32Array.from(rows.flat()),
    initialState: Float32Array.from(rows[0]),
    rawTimeRange: [0, 1],
  };
}

describe('binning', () => {
  it('puts t in bin min(floor(t·K), K−1)', () => {
    expect(binIndex(0, 4)).toBe(0);
    expect(binIndex(0.2499, 4)).toBe(0);
    expect(binIndex(0.25, 4)).toBe(1);
    expect(binIndex(1, 4)).toBe(3);
    expect([...binCentres(4)]).toEqual([0.125, 0.375, 0.625, 0.875]);
  });

  it('averages each bin and weights non-empty bins 1/(nonEmptyBins·D), per trajectory', () => {
    // K = 4, D = 2. Trajectory 0: cells at 0, 0.1 (bin 0), 0.6 (bin 2), 1 (bin 3) → 3 non-empty bins.
    // Trajectory 1: cells at 0 (bin 0) and 1 (bin 3) → 2 non-empty bins.
    const a = prepared(
      'eryth_12',
      '12',
      [0, 0.1, 0.6, 1],
      [
        [0, 1],
        [1, 3],
        [0.5, 0.5],
        [1, 0],
      ],
    );
    const b = prepared(
      'mono_12',
      '12',
      [0, 1],
      [
        [0.2, 0.4],
        [0.8, 0.6],
      ],
    );
    const targets = binTrajectories([a, b], 4);
    expect(targets.kind).toBe('binned');
    expect([...targets.times]).toEqual([0.125, 0.375, 0.625, 0.875]);
    // values are K × B × D.
    const expected = [
      [0.5, 2],
      [0.2, 0.4], // bin 0
      [0, 0],
      [0, 0], // bin 1: both empty
      [0.5, 0.5],
      [0, 0], // bin 2
      [1, 0],
      [0.8, 0.6], // bin 3
    ]
      .flat()
      .map(Math.fround);
    expect([...targets.values]).toEqual(expected);
    const third = Math.fround(1 / 6);
    const half = Math.fround(1 / 4);
    expect([...targets.weights]).toEqual([third, half, 0, 0, third, 0, third, half]);
    // The weights of each trajectory sum to 1/D · D = 1 over its genes: Σ_k w·D = 1.
    for (let b2 = 0; b2 < 2; b2++) {
      let sum = 0;
      for (let k = 0; k < 4; k++) sum += targets.weights[k * 2 + b2] * 2;
      expect(sum).toBeCloseTo(1, 6);
    }
  });

  it('rejects a bin count out of range', () => {
    const a = prepared(
      'eryth_12',
      '12',
      [0, 1],
      [
        [0, 1],
        [1, 0],
      ],
    );
    expect(() => binTrajectories([a], 0)).toThrow(/bins must be a whole number ≥ 1; got 0/);
    expect(() => binTrajectories([], 5)).toThrow(/at least one trajectory/);
  });
});

describe('training and evaluation targets', () => {
  const a = prepared(
    'eryth_12',
    '12',
    [0, 1],
    [
      [0, 1],
      [1, 0],
    ],
  );
  const b = prepared(
    'mono_12',
    '12',
    [0, 0.5, 1],
    [
      [0.5, 0.5],
      [0, 0],
      [1, 1],
    ],
  );
  const c = prepared(
    'mono_21',
    '21',
    [0, 1],
    [
      [0.25, 0.75],
      [1, 1],
    ],
  );

  it('stacks initial states B × D and passes cells through per trajectory', () => {
    expect([...initialStates([a, b])]).toEqual([0, 1, 0.5, 0.5]);
    const cells = cellTargets([a, b]);
    expect(cells.trajectories[1].times).toBe(b.times);
    expect(cells.trajectories[1].values).toBe(b.values);
  });

  it('chooses targets from the solver', () => {
    expect(trainingTargets([a, b], { kind: 'rk4', bins: 10, substeps: 1 }).targets.kind).toBe('binned');
    expect(trainingTargets([a, b], { kind: 'dopri5', rtol: 1e-3, atol: 1e-3, maxSteps: 100 }).targets.kind).toBe('cells');
  });

  it('groups evaluation targets by donor', () => {
    const groups = evaluationTargetsByDonor([a, b, c]);
    expect([...groups.keys()]).toEqual(['12', '21']);
    expect(groups.get('12')!.trajectories.map((t) => t.name)).toEqual(['eryth_12', 'mono_12']);
    expect([...groups.get('21')!.initialStates]).toEqual([0.25, 0.75]);
  });
});
