// The Data view's selection → trajectories, in its two newer modes: BEELINE-style lineages (one pseudotime column
// per lineage, checked against the shared sample's PseudoTime.csv read here independently) and diffusion pseudotime
// from a root on a file without a pseudotime column (checked against `pathreg fit`'s own path), with their errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatasetForJob } from '../../../src-main/jobs/open-dataset-for-job.ts';
import { selectTrajectories } from '../../../src-main/jobs/select-trajectories.ts';
import { trajectoriesFromDataset } from '../../../src-main/data/trajectories-from-dataset/dataset-trajectories.ts';
import type { Dataset } from '../../../src-main/data/dataset.ts';
import type { TrajectorySelection } from '../../../src-shared/contract/types.ts';
import { trajectorySelectionSchema } from '../../../src-shared/contract/schemas.ts';
import { SHARED_DATA } from '../../shared-data.ts';

const BEELINE = path.join(SHARED_DATA, 'beeline-sample/HSC_2000_0');
const HSMM_CSV = path.join(SHARED_DATA, 'hsmm/hsmm.csv');
const LINEAGE_COLUMNS = ['PseudoTime1', 'PseudoTime2', 'PseudoTime3', 'PseudoTime4'];

function selectionWith(patch: Partial<TrajectorySelection>): TrajectorySelection {
  const selection: TrajectorySelection = {
    genes: [],
    pseudotimeColumn: 'dpt_pseudotime',
    lineageColumn: null,
    donorColumn: null,
    lineages: [],
    trainDonors: [],
    testDonors: [],
    trimStart: 0,
    trimEnd: 0,
    ...patch,
  };
  // Every selection used here is one the contract accepts, so both transports would carry it.
  expect(trajectorySelectionSchema.safeParse(selection).success).toBe(true);
  return selection;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-select-test-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('one pseudotime column per lineage (BEELINE)', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await openDatasetForJob(BEELINE);
  });
  afterAll(() => dataset.close());

  it('makes one trajectory per column holding exactly the cells with a value there, at that value', async () => {
    // PseudoTime.csv read by hand: cell name → value per lineage column ("NA" = not in the lineage).
    const lines = (await readFile(path.join(BEELINE, 'PseudoTime.csv'), 'utf8')).trim().split(/\r?\n/);
    const header = lines[0].split(',');
    const expected = new Map<string, Map<string, number>>(LINEAGE_COLUMNS.map((c) => [c, new Map()]));
    for (const line of lines.slice(1)) {
      const fields = line.split(',');
      LINEAGE_COLUMNS.forEach((column) => {
        const text = fields[header.indexOf(column) + 1];
        if (text !== 'NA' && text !== '') expected.get(column)!.set(fields[0], Number(text));
      });
    }
    const genes = dataset.geneNames.slice(0, 4);
    const selected = await selectTrajectories(dataset, selectionWith({ genes, lineagePseudotimeColumns: LINEAGE_COLUMNS }));
    expect(selected.train.map((t) => t.lineage)).toEqual(LINEAGE_COLUMNS);
    expect(selected.pseudotime).toBe('one pseudotime column per lineage: "PseudoTime1", "PseudoTime2", "PseudoTime3", "PseudoTime4"');
    let total = 0;
    for (const trajectory of selected.train) {
      const byCell = expected.get(trajectory.lineage)!;
      expect(trajectory.times.length).toBe(byCell.size);
      total += byCell.size;
      const times = [...trajectory.times].sort((a, b) => a - b);
      const want = [...byCell.values()].sort((a, b) => a - b);
      times.forEach((t, i) => expect(t).toBeCloseTo(want[i], 6));
    }
    // Cells in several lineages are in each of them: more memberships than cells.
    expect(total).toBeGreaterThan(dataset.summary.cells);
    // The values of a cell follow it into its lineage (first cell of the file, in PseudoTime1).
    const first = lines[1].split(',')[0];
    const cell = dataset.cellNames.indexOf(first);
    const values = await dataset.readGenes(genes.map((g) => dataset.geneNames.indexOf(g)));
    const trajectory = selected.train[0];
    const row = [...trajectory.times].findIndex((t) => Math.abs(t - expected.get('PseudoTime1')!.get(first)!) < 1e-9);
    expect(Array.from(trajectory.values.subarray(row * 4, row * 4 + 4))).toEqual(Array.from(values.subarray(cell * 4, cell * 4 + 4)));
  });

  it('keeps only the chosen lineages', async () => {
    const selected = await selectTrajectories(
      dataset,
      selectionWith({ genes: dataset.geneNames.slice(0, 3), lineagePseudotimeColumns: LINEAGE_COLUMNS, lineages: ['PseudoTime2'] }),
    );
    expect(selected.train.map((t) => t.name)).toEqual(['PseudoTime2']);
  });

  it('refuses a lineage label column at the same time, a text column and an unknown column, naming them', async () => {
    const genes = dataset.geneNames.slice(0, 3);
    await expect(
      selectTrajectories(dataset, selectionWith({ genes, lineagePseudotimeColumns: LINEAGE_COLUMNS, lineageColumn: 'lineages' })),
    ).rejects.toThrow(/either from a label column \("lineages"\).*clear the lineage column/);
    await expect(
      selectTrajectories(dataset, selectionWith({ genes, lineagePseudotimeColumns: ['PseudoTime1', 'lineages'] })),
    ).rejects.toThrow(/"lineages" in "HSC_2000_0" holds categories.*not numbers/);
    await expect(selectTrajectories(dataset, selectionWith({ genes, lineagePseudotimeColumns: ['PseudoTime9'] }))).rejects.toThrow(
      /"HSC_2000_0" has no obs column "PseudoTime9"/,
    );
  });
});

describe('diffusion pseudotime from a root (a file without a pseudotime column)', () => {
  let dataset: Dataset;
  beforeAll(async () => {
    dataset = await openDatasetForJob(HSMM_CSV);
    expect(dataset.obs.map((c) => c.name)).toEqual(['Hours']);
  });
  afterAll(() => dataset.close());

  it('gives every cell the pseudotime `pathreg fit --root` computes, and records the root', async () => {
    const genes = dataset.geneNames.slice(0, 5);
    const selected = await selectTrajectories(dataset, selectionWith({ genes, diffusionPseudotime: { root: 'earliest:Hours' } }));
    const cli = await trajectoriesFromDataset(dataset, {
      root: 'earliest:Hours',
      geneList: { origin: 'test', symbols: genes },
      minCells: 1,
    });
    expect(selected.train).toHaveLength(1);
    const [ours] = selected.train;
    expect(ours.times.length).toBe(dataset.summary.cells);
    expect(Math.min(...ours.times)).toBe(0);
    expect(Math.max(...ours.times)).toBe(1);
    expect(selected.pseudotime).toBe(
      `diffusion pseudotime from root "${cli.root!.name}" (cell ${cli.root!.index}, given as earliest:Hours; 15 neighbours, 50 PCs at most, 2000 highly variable genes)`,
    );
    // Same cells at the same times as the command line (its trajectory is sorted by time; so is ours after sorting).
    const sorted = (t: Float64Array) => [...t].sort((a, b) => a - b);
    expect(sorted(ours.times)).toEqual(sorted(cli.trajectories[0].times));
    // The root is a cell at the earliest hour, and starts the pseudotime.
    expect(cli.root!.name.startsWith('T0_')).toBe(true);
    expect(ours.times[cli.root!.index]).toBe(0);
  });

  it('is reproducible: the same selection gives the same values', async () => {
    const selection = selectionWith({
      genes: dataset.geneNames.slice(0, 3),
      diffusionPseudotime: { root: 'T0_CT_A01', neighbors: 10, pcs: 20 },
    });
    const a = await selectTrajectories(dataset, selection);
    const b = await selectTrajectories(dataset, selection);
    expect(Array.from(a.train[0].times)).toEqual(Array.from(b.train[0].times));
    expect(a.train[0].times[0]).toBe(0);
    expect(a.pseudotime).toMatch(/^diffusion pseudotime from root "T0_CT_A01" \(cell 0; 10 neighbours, 20 PCs at most/);
  });

  it('names the file and the forms of a root when the root is unknown', async () => {
    await expect(
      selectTrajectories(dataset, selectionWith({ genes: dataset.geneNames.slice(0, 3), diffusionPseudotime: { root: 'no-such-cell' } })),
    ).rejects.toThrow(/"hsmm.csv" has no cell named "no-such-cell" for the root.*earliest:COLUMN/);
  });
});

describe('diffusion pseudotime errors on small files written here', () => {
  /** Two groups of cells far apart in expression: the neighbour graph cannot connect them. */
  async function twoGroups(big: number, small: number): Promise<string> {
    const genes = ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'];
    const rows = [`cell,${genes.join(',')}`];
    let seed = 7;
    const noise = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 0.2;
    for (let c = 0; c < big + small; c++) {
      const inBig = c < big;
      const step = inBig ? c / big : 0;
      const values = genes.map((_, g) => (g < 3 === inBig ? 3 + step * (g + 1) + noise() : 0.05 + noise() / 10));
      rows.push(`${inBig ? 'main' : 'other'}_${c},${values.map((v) => v.toFixed(4)).join(',')}`);
    }
    const file = path.join(root, `two-groups-${big}-${small}.csv`);
    await writeFile(file, rows.join('\n') + '\n');
    return file;
  }

  it('refuses a root in a small disconnected group and notes the cells left out from the main group', async () => {
    const dataset = await openDatasetForJob(await twoGroups(40, 10));
    try {
      const genes = ['g1', 'g2'];
      await expect(
        selectTrajectories(dataset, selectionWith({ genes, diffusionPseudotime: { root: 'other_45', neighbors: 5 } })),
      ).rejects.toThrow(
        /In "two-groups-40-10.csv" the neighbour graph falls into \d+ disconnected groups and the root "other_45" reaches only 10 of 50 cells\. Choose a root in the main group/,
      );
      const selected = await selectTrajectories(dataset, selectionWith({ genes, diffusionPseudotime: { root: 'main_0', neighbors: 5 } }));
      expect(selected.train[0].times.length).toBe(40);
      expect(selected.notes).toContain('10 cells are not connected to the root and join no trajectory.');
    } finally {
      dataset.close();
    }
  });

  it("refuses more than 30,000 cells with the command line's advice", async () => {
    const rows = ['cell,a,b'];
    for (let c = 0; c < 30_001; c++) rows.push(`c${c},${c % 7},${c % 5}`);
    const file = path.join(root, 'many.csv');
    await writeFile(file, rows.join('\n') + '\n');
    const dataset = await openDatasetForJob(file);
    try {
      await expect(selectTrajectories(dataset, selectionWith({ genes: ['a', 'b'], diffusionPseudotime: { root: '0' } }))).rejects.toThrow(
        /"many.csv" has 30,001 cells; diffusion pseudotime here handles up to 30,000\. Compute it in scanpy \(sc.tl.dpt\)/,
      );
    } finally {
      dataset.close();
    }
  });
});
