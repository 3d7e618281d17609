import { describe, expect, it } from 'vitest';
import type { MetadataColumn } from '../../../../src-main/data/dataset.ts';
import { denseDataset } from '../../../../src-main/data/paper-tables/dense-dataset.ts';
import { parseTypedTfList } from '../../../../src-main/data/tf-lists/read-tf-list.ts';
import { trajectoriesFromDataset } from '../../../../src-main/data/trajectories-from-dataset/dataset-trajectories.ts';
import { openDataset } from '../../../../src-main/data/open-dataset.ts';
import { SHARED_DATA } from '../../../shared-data.ts';
import { pearsonCorrelation } from '../../../../src-main/data/pseudotime/pearson-correlation.ts';

const HSMM = `${SHARED_DATA}/hsmm/hsmm.h5ad`;
const BEELINE = `${SHARED_DATA}/beeline-sample/dyn-BF_2000_0`;

/** 12 cells × 4 genes of log-normalised-looking values, with the obs columns the tests choose from. */
function smallDataset(obs: MetadataColumn[], cells = 12) {
  const genes = ['GATA1', 'SPI1', 'KLF1', 'CEBPA'];
  const values = new Float32Array(cells * genes.length);
  for (let c = 0; c < cells; c++) for (let g = 0; g < genes.length; g++) values[c * genes.length + g] = 0.5 + 0.1 * ((c * (g + 3)) % 7);
  return denseDataset({
    format: 'csv',
    path: '/data/small.csv',
    sources: [],
    cellNames: Array.from({ length: cells }, (_, c) => `cell${c + 1}`),
    geneNames: genes,
    values,
    obs,
  });
}
const numeric = (name: string, values: number[]): MetadataColumn => ({ name, type: 'numeric', values: Float64Array.from(values) });
const categorical = (name: string, levels: string[], codes: number[]): MetadataColumn => ({
  name,
  type: 'categorical',
  levels,
  codes: Int32Array.from(codes),
});
const genes = parseTypedTfList('GATA1, SPI1, KLF1, CEBPA', 'gene list');
const base = { geneList: genes, minCells: 2 };

describe('obs columns → trajectories', () => {
  it('one time column, a lineage column and a donor column give one trajectory per lineage × donor', async () => {
    const dataset = smallDataset([
      numeric('hours', [0, 0, 24, 24, 48, 48, 0, 0, 24, 24, 48, 48]),
      categorical('fate', ['ery', 'mye'], [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1]),
      { name: 'donor', type: 'string', values: ['d1', 'd1', 'd1', 'd1', 'd1', 'd1', 'd2', 'd2', 'd2', 'd2', 'd2', 'd2'] },
    ]);
    const result = await trajectoriesFromDataset(dataset, {
      ...base,
      time: { columns: ['hours'], kind: 'time' },
      lineageColumn: 'fate',
      donorColumn: 'donor',
    });
    expect(result.trajectories.map((t) => t.name)).toEqual(['ery_d1', 'mye_d1', 'ery_d2', 'mye_d2']);
    const ery1 = result.trajectories[0];
    expect(Array.from(ery1.times)).toEqual([0, 24, 48]);
    expect(ery1.genes).toEqual(['GATA1', 'SPI1', 'KLF1', 'CEBPA']);
    // Values are the selected genes of cells 1, 3 and 5, in file order (already log-normalised: no transform).
    const all = await dataset.readGenes([0, 1, 2, 3]);
    expect(Array.from(ery1.values.subarray(4, 8))).toEqual(Array.from(all.subarray(2 * 4, 3 * 4)));
    expect(result.notes.join('\n')).toContain('already log-normalised');
  });

  it('several pseudotime columns are lineages, a cell belonging to every one where it has a value (BEELINE)', async () => {
    const nan = Number.NaN;
    const dataset = smallDataset([
      numeric('PseudoTime1', [0, 0.1, 0.2, 0.3, 0.4, 0.5, nan, nan, nan, nan, nan, 0.05]),
      numeric('PseudoTime2', [0, 0.1, 0.2, nan, nan, nan, 0.3, 0.4, 0.5, 0.6, nan, 0.05]),
    ]);
    const result = await trajectoriesFromDataset(dataset, {
      ...base,
      time: { columns: ['PseudoTime1', 'PseudoTime2'], kind: 'pseudotime' },
    });
    expect(result.trajectories.map((t) => [t.lineage, t.times.length])).toEqual([
      ['PseudoTime1', 7],
      ['PseudoTime2', 8],
    ]);
    expect(result.notes.join('\n')).toContain('1 of 12 cells have no value in any of');
  });

  it('a time course stored as text categories ("0", "24") is read as numbers; missing values leave the cell out', async () => {
    const dataset = smallDataset([categorical('Hours', ['0', '24', 'NA'], [0, 0, 0, 1, 1, 1, 2, 0, 1, -1, 0, 1])]);
    const result = await trajectoriesFromDataset(dataset, { ...base, time: { columns: ['Hours'], kind: 'time' } });
    expect(result.trajectories).toHaveLength(1);
    expect(result.trajectories[0].name).toBe('all cells');
    expect(result.trajectories[0].times.length).toBe(10);
    expect(result.notes.join('\n')).toContain('2 of 12 cells have no value in "Hours"');
  });

  it('only the lineages asked for', async () => {
    const dataset = smallDataset([
      numeric(
        't',
        Array.from({ length: 12 }, (_, i) => i),
      ),
      categorical(
        'fate',
        ['a', 'b', 'c'],
        Array.from({ length: 12 }, (_, i) => i % 3),
      ),
    ]);
    const result = await trajectoriesFromDataset(dataset, {
      ...base,
      time: { columns: ['t'], kind: 'pseudotime' },
      lineageColumn: 'fate',
      lineages: ['c', 'a'],
    });
    expect(result.trajectories.map((t) => t.lineage)).toEqual(['c', 'a']);
  });
});

describe('obs column errors name the file, the column and the cell', () => {
  const dataset = smallDataset([
    numeric(
      'dpt',
      Array.from({ length: 12 }, (_, i) => i / 11),
    ),
    { name: 'stage', type: 'string', values: ['1', '2', '3', 'late', '5', '6', '7', '8', '9', '10', '11', '12'] },
    categorical('celltype', ['HSC', 'Ery'], [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]),
    { name: 'is_doublet', type: 'boolean', values: new Uint8Array(12) },
  ]);
  const run = (extra: object) => trajectoriesFromDataset(dataset, { ...base, time: { columns: ['dpt'], kind: 'pseudotime' }, ...extra });

  it('a missing column lists the columns there are and spots a case slip', async () => {
    await expect(run({ time: { columns: ['DPT'], kind: 'pseudotime' } })).rejects.toThrow(
      /"small.csv" has no obs column "DPT" for the pseudotime\. Its obs columns are: "dpt" \(numeric\).*Did you mean "dpt"\?/,
    );
    await expect(run({ lineageColumn: 'lineage' })).rejects.toThrow(/no obs column "lineage" for the lineage/);
  });

  it('text in a pseudotime column names the cell and its row', async () => {
    await expect(run({ time: { columns: ['stage'], kind: 'pseudotime' } })).rejects.toThrow(
      /"small.csv" obs column "stage" is used as the pseudotime, but cell "cell4" \(row 4\) holds "late", which is not a number\. Choose a numeric column for the pseudotime \(numeric obs columns: "dpt"\)/,
    );
  });

  it('a true/false column is not a time', async () => {
    await expect(run({ time: { columns: ['is_doublet'], kind: 'time' } })).rejects.toThrow(
      /obs column "is_doublet" holds true\/false values, not a time/,
    );
  });

  it('a lineage with too few cells is named with its count and the minimum', async () => {
    await expect(run({ lineageColumn: 'celltype', minCells: 5, minCellsReason: '2 trimmed + 2 + 1' })).rejects.toThrow(
      /"small.csv" The trajectory of lineage "Ery" \(column "celltype"\) has only 1 cell with a time, but a trajectory needs at least 5 \(2 trimmed \+ 2 \+ 1\)/,
    );
  });

  it('an unknown lineage lists those present, in the order of the column categories', async () => {
    await expect(run({ lineageColumn: 'celltype', lineages: ['Mono'] })).rejects.toThrow(
      /no cells of lineage "Mono" in the lineage column "celltype"\. Lineages present: "HSC", "Ery"/,
    );
  });

  it('a lineage column together with several pseudotime columns is ambiguous', async () => {
    await expect(run({ time: { columns: ['dpt', 'dpt'], kind: 'pseudotime' }, lineageColumn: 'celltype' })).rejects.toThrow(
      /give one or the other/,
    );
  });

  it('no time and no root says what to give, suggesting time-like columns', async () => {
    await expect(run({ time: undefined })).rejects.toThrow(
      /needs a time for every cell.*columns that look like one: "dpt".*earliest:COLUMN/,
    );
  });

  it('an unknown layer lists the layers', async () => {
    await expect(run({ layer: 'spliced' })).rejects.toThrow(/has no layer "spliced"\. It has no layers/);
  });
});

describe('real files', () => {
  it('hsmm.h5ad with Hours as time: TFs matched through gene_short_name, symbols as gene names, log1p of FPKM', async () => {
    const dataset = await openDataset(HSMM);
    try {
      const tfs = parseTypedTfList('MYOG MYOD1 MYF5 ID1 TP53 FOS JUN', 'test TFs');
      const result = await trajectoriesFromDataset(dataset, {
        time: { columns: ['Hours'], kind: 'time' },
        tfList: tfs,
        topVariable: 10,
        minCells: 3,
      });
      expect(result.trajectories).toHaveLength(1);
      const trajectory = result.trajectories[0];
      expect(trajectory.times.length).toBe(271);
      expect(new Set(trajectory.times)).toEqual(new Set([0, 24, 48, 72]));
      expect(result.genes).toContain('MYOG');
      expect(result.genes.some((g) => g.startsWith('ENSG'))).toBe(false);
      expect(result.notes.join('\n')).toMatch(/already normalised: library-size normalisation skipped; log1p applied/);
      expect(result.notes.join('\n')).toMatch(/matched against the var column "gene_short_name"/);
      // log1p of FPKM stays small and non-negative.
      expect(Math.max(...trajectory.values)).toBeLessThan(15);
      expect(Math.min(...trajectory.values)).toBeGreaterThanOrEqual(0);
    } finally {
      dataset.close();
    }
  });

  it('hsmm.h5ad without a time column: diffusion pseudotime from the earliest Hours follows the time course', async () => {
    const dataset = await openDataset(HSMM);
    try {
      const result = await trajectoriesFromDataset(dataset, { root: 'earliest:Hours', topVariable: 20, minCells: 3 });
      expect(result.root).toBeDefined();
      const hours = dataset.obs.find((c) => c.name === 'Hours');
      if (hours?.type !== 'numeric') throw new Error('Hours should be numeric');
      expect(hours.values[result.root!.index]).toBe(0);
      const times = result.trajectories[0].times;
      // Every cell is connected, so times are in file order: the pseudotime rises with the hours of the time course.
      expect(times.length).toBe(271);
      expect(pearsonCorrelation(times, hours.values)).toBeGreaterThan(0.4);
      expect(Math.min(...times)).toBe(0);
      expect(Math.max(...times)).toBe(1);
      expect(result.notes.join('\n')).toMatch(/root cell suggested among the \d+ cell\(s\) at the earliest "Hours"/);
    } finally {
      dataset.close();
    }
  });

  it('a BEELINE folder: its PseudoTime columns become lineages', async () => {
    const dataset = await openDataset(BEELINE);
    try {
      const columns = dataset.obs.filter((c) => /^PseudoTime/.test(c.name)).map((c) => c.name);
      expect(columns.length).toBe(2);
      const result = await trajectoriesFromDataset(dataset, { time: { columns, kind: 'pseudotime' }, topVariable: 7, minCells: 3 });
      expect(result.trajectories.map((t) => t.lineage)).toEqual(columns);
      expect(result.genes).toHaveLength(7);
      // Without any time option a BEELINE folder uses those columns by itself, and says so.
      const implicit = await trajectoriesFromDataset(dataset, { topVariable: 7, minCells: 3 });
      expect(implicit.trajectories.map((t) => t.lineage)).toEqual(columns);
      expect(implicit.notes.join('\n')).toMatch(/BEELINE data: the pseudotime columns .* are one lineage each/);
    } finally {
      dataset.close();
    }
  });
});

describe('the gene names chosen (Data view "Gene names from", pathreg fit --gene-names)', () => {
  it('hsmm.h5ad named by gene_short_name: a list of symbols selects and names the genes', async () => {
    const dataset = await openDataset(HSMM);
    try {
      const result = await trajectoriesFromDataset(dataset, {
        time: { columns: ['Hours'], kind: 'time' },
        geneNameColumn: 'gene_short_name',
        geneList: parseTypedTfList('MYOG, MYF5, TSPAN6, DPM1', 'gene list'),
        topVariable: 0,
        minCells: 3,
      });
      expect(result.genes).toEqual(expect.arrayContaining(['MYOG', 'MYF5', 'TSPAN6', 'DPM1']));
      expect(result.genes).toHaveLength(4);
      expect(result.notes.join('\n')).toMatch(/genes are named by the var column "gene_short_name"/);
    } finally {
      dataset.close();
    }
  });

  it('hsmm.h5ad with its own names (null): Ensembl IDs select and name the genes, and symbols are not matched', async () => {
    const dataset = await openDataset(HSMM);
    try {
      const ids = dataset.geneNames.slice(0, 3);
      const result = await trajectoriesFromDataset(dataset, {
        time: { columns: ['Hours'], kind: 'time' },
        geneNameColumn: null,
        geneList: parseTypedTfList(ids.join(','), 'gene list'),
        topVariable: 0,
        minCells: 3,
      });
      expect(result.genes).toEqual(ids);
      await expect(
        trajectoriesFromDataset(dataset, {
          time: { columns: ['Hours'], kind: 'time' },
          geneNameColumn: null,
          geneList: parseTypedTfList('MYOG, MYF5', 'gene list'),
          topVariable: 0,
          minCells: 3,
        }),
      ).rejects.toThrow(/None of the 2 genes of the gene list/);
    } finally {
      dataset.close();
    }
  });

  it('a var column that is not there is refused before the matrix is read, naming the file and the columns of names', async () => {
    const dataset = await openDataset(HSMM);
    try {
      await expect(
        trajectoriesFromDataset(dataset, {
          time: { columns: ['Hours'], kind: 'time' },
          geneNameColumn: 'symbol',
          topVariable: 10,
          minCells: 3,
        }),
      ).rejects.toThrow(/hsmm\.h5ad.*var column "symbol".*is not there.*"gene_short_name"/s);
    } finally {
      dataset.close();
    }
  });
});
