import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beelineLineageTimeColumns } from '../../../../src-shared/selection-rules.ts';
import { openDataset } from '../../../../src-main/data/open-dataset.ts';
import { trajectoriesFromDataset } from '../../../../src-main/data/trajectories-from-dataset/dataset-trajectories.ts';
import { describeDataset } from '../../../../src-main/jobs/describe-dataset.ts';
import { runCli } from '../../cli/cli-harness.ts';
import { SHARED_DATA } from '../../../shared-data.ts';

// BoolODE's single-lineage simulations: PseudoTime.csv has one column, named "Time".
const SINGLE_TIME_FOLDERS = ['dyn-LI_2000_0', 'dyn-CY_2000_0', 'dyn-LL_2000_0'].map((name) => join(SHARED_DATA, 'beeline-dev', name));
const DYN_BF = join(SHARED_DATA, 'beeline-sample', 'dyn-BF_2000_0');

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-beeline-time-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('BEELINE lineage time columns', () => {
  it('are the numeric obs columns, whatever their name; the categorical "lineages" column is not one', () => {
    const obs = [
      { name: 'Time', type: 'numeric' },
      { name: 'lineages', type: 'categorical' },
    ];
    expect(beelineLineageTimeColumns(obs)).toEqual(['Time']);
    expect(beelineLineageTimeColumns([{ name: 'lineages', type: 'categorical' }])).toEqual([]);
  });

  it.each(SINGLE_TIME_FOLDERS)('%s: the single "Time" column is the one lineage, with no time option', async (folder) => {
    const dataset = await openDataset(folder);
    try {
      const result = await trajectoriesFromDataset(dataset, { topVariable: 7, minCells: 3 });
      // One time column is one trajectory of every cell, its times those of the column.
      expect(result.trajectories).toHaveLength(1);
      const time = dataset.obs.find((c) => c.name === 'Time');
      expect(time?.type).toBe('numeric');
      expect([...result.trajectories[0].times].sort((a, b) => a - b)).toEqual(
        [...(time as { values: Float64Array }).values].sort((a, b) => a - b),
      );
      expect(result.notes.join('\n')).toMatch(/BEELINE data: the pseudotime columns "Time"/);
      // The app's Data view proposes the same column.
      expect(describeDataset(dataset, 'd1').suggestedSelection?.pseudotimeColumn).toBe('Time');
    } finally {
      dataset.close();
    }
  });

  it('multi-lineage folders keep their PseudoTime0, PseudoTime1 lineages', async () => {
    const dataset = await openDataset(DYN_BF);
    try {
      expect(beelineLineageTimeColumns(dataset.obs)).toEqual(['PseudoTime0', 'PseudoTime1']);
    } finally {
      dataset.close();
    }
  });

  it('pathreg fit --data dyn-LI_2000_0 trains with no time option', async () => {
    const out = join(root, 'dyn-li');
    const fit = await runCli(['fit', '--data', SINGLE_TIME_FOLDERS[0], '--iterations', '3', '--hidden', '8', '--seed', '1', '--out', out]);
    expect(fit.code, fit.stderr).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(Number.isFinite(metrics.train_mse)).toBe(true);
    expect(metrics.lineages).toHaveLength(1);
  });
});
