import { importedRunRecord } from '../../../src-main/run/imported-run-record.ts';
import { describe, expect, it } from 'vitest';
import type { RunResult, TrainingProgress } from '../../../src-shared/contract/types.ts';
import {
  formatDuration,
  heatmapFromResult,
  lossPointsFromHistory,
  metricsTableFromResult,
  networkFromResult,
  trajectoryDataFromComparison,
} from '../../../src-shared/figures/run-adapters.ts';

const result: RunResult = {
  runId: 'run-1',
  genes: ['Gata1', 'Klf1', 'Spi1', 'Cebpa'],
  isTF: [true, false, true, false],
  edges: [
    { source: 'Gata1', target: 'Klf1', weight: 0.9, sign: 1 },
    { source: 'Spi1', target: 'Gata1', weight: 0.5, sign: -1 },
    { source: 'Klf1', target: 'Cebpa', weight: 0.3, sign: 1 },
    { source: 'Spi1', target: 'Cebpa', weight: 0.2, sign: 1 },
  ],
  // TF rows (Gata1, Spi1) × every gene; Cebpa is regulated by nobody in this matrix and is dropped as a column.
  heatmap: { sources: ['Gata1', 'Spi1'], targets: ['Gata1', 'Klf1', 'Spi1', 'Cebpa'], values: [0, 0.9, 0, 0, -0.5, 0, 0, 0] },
  trajectories: [
    { name: 'ery_1', lineage: 'ery', donor: '1', split: 'train', cells: 10 },
    { name: 'mono_1', lineage: 'mono', donor: '1', split: 'train', cells: 5 },
    { name: 'ery_2', lineage: 'ery', donor: '2', split: 'test', cells: 7 },
  ],
  history: [],
  metrics: {
    ...importedRunRecord(['Gata1', 'Spi1', 'Klf1', 'Cebpa'], [true, true, false, false], 4, {
      featureSparsity: 0.5,
      modelSparsity: 0.25,
      iterations: 100,
      engine: 'wasm',
      seed: 3,
      dataSha256: 'ab'.repeat(32),
    }),
    train_mse: 0.1,
    test_mse: { '2': 0.3 },
    test_mse_mean: 0.3,
    train_mse_by_donor: { '1': 0.1 },
    seconds: 75,
  },
};

describe('run adapters', () => {
  it("marks TFs from the run's TF list", () => {
    const network = networkFromResult(result);
    expect(network.nodes.filter((node) => node.isTF).map((node) => node.id)).toEqual(['Gata1', 'Spi1']);
    expect(network.edges).toHaveLength(4);
  });

  it('keeps the rows and columns of the signed matrix that hold an effect', () => {
    const heatmap = heatmapFromResult(result);
    expect(heatmap.rows).toEqual(['Gata1', 'Spi1']);
    expect(heatmap.columns).toEqual(['Gata1', 'Klf1']);
    expect(Array.from(heatmap.values)).toEqual([0, 0.9, -0.5, 0]);
  });

  it('drops regulators without any effect', () => {
    const heatmap = heatmapFromResult({ ...result, heatmap: { sources: ['Gata1', 'Spi1'], targets: ['Klf1'], values: [0, 0.3] } });
    expect(heatmap.rows).toEqual(['Spi1']);
    expect(Array.from(heatmap.values)).toEqual([0.3]);
  });

  it('makes one metrics row per donor with its trajectories and cells', () => {
    const table = metricsTableFromResult(result, null);
    expect(table.rows).toEqual([
      { trajectory: 'ery_1, mono_1', lineage: 'ery, mono', donor: '1', split: 'train', mse: 0.1, cells: 15 },
      { trajectory: 'ery_2', lineage: 'ery', donor: '2', split: 'held-out', mse: 0.3, cells: 7 },
    ]);
    expect(Number.isNaN(table.sparsity.spurious)).toBe(true);
    expect(table.parameters).toContainEqual(['training time', '1 min 15 s']);
  });

  it('says how the pseudotime was made, in a form that fits the table, and nothing for older results', () => {
    expect(metricsTableFromResult(result, null).parameters.map(([name]) => name)).not.toContain('pseudotime');
    const withDpt = {
      ...result,
      metrics: {
        ...result.metrics,
        pseudotime: 'diffusion pseudotime from root "T0_A01" (cell 0; 15 neighbours, 50 PCs at most, 2000 highly variable genes)',
      },
    };
    expect(metricsTableFromResult(withDpt, null).parameters).toContainEqual(['pseudotime', 'diffusion pseudotime from root "T0_A01"']);
  });

  it('turns progress into loss points and comparisons into figure data', () => {
    const progress: TrainingProgress = {
      runId: 'run-1',
      iteration: 5,
      iterations: 10,
      loss: { data: 1, penalty: 0.5, total: 1.5 },
      learningRate: 0.01,
      rate: 2,
      etaSeconds: 3,
      elapsedSeconds: 2,
      engine: 'wasm',
      sparsity: { feature: 0.1, model: 0.2, spuriousFeature: null },
    };
    const [point] = lossPointsFromHistory([progress]);
    expect(point).toMatchObject({ iteration: 5, data: 1, penalty: 0.5, total: 1.5 });
    expect(Number.isNaN(point.sparsity!.spurious)).toBe(true);
    const data = trajectoryDataFromComparison({
      runId: 'run-1',
      genes: ['Gata1'],
      trajectories: [
        {
          name: 'ery_2',
          lineage: 'ery',
          donor: '2',
          split: 'test',
          cells: 2,
          times: [0, 1],
          observed: [0.1, 0.2],
          predicted: [0.15, 0.25],
        },
      ],
    });
    expect(data.trajectories[0].split).toBe('held-out');
    expect(data.trajectories[0].predicted?.values).toEqual([0.15, 0.25]);
  });

  it('formats durations', () => {
    expect(formatDuration(12.4)).toBe('12 s');
    expect(formatDuration(3725)).toBe('1 h 02 min');
    expect(formatDuration(-1)).toBe('—');
  });
});
