import { describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../../src-shared/contract/types.ts';
import {
  checkGenes,
  initialSelection,
  levelsOf,
  lineageColumnCells,
  parseGeneList,
  selectionProblems,
  selectionWarnings,
} from '../../../src-renderer/view-logic/selection.ts';
import { defaultTrim, isTimeColumnName } from '../../../src-shared/selection-rules.ts';

const dataset: DatasetInfo = {
  datasetId: 'dataset-1',
  name: 'pbmc.h5ad',
  path: '/data/pbmc.h5ad',
  format: 'h5ad',
  cells: 100,
  genes: 4,
  sparsity: 0.5,
  valueKind: 'counts',
  valueKindReason: 'integers',
  layers: [],
  geneNames: ['Gata1', 'Klf1', 'Spi1', 'Cebpa'],
  sources: [],
  suggestedSelection: null,
  obs: [
    { name: 'n_counts', type: 'numeric', range: [0, 1], histogram: [1], missing: 0 },
    { name: 'dpt_pseudotime', type: 'numeric', range: [0, 1], histogram: [1], missing: 0 },
    {
      name: 'cell_type',
      type: 'categorical',
      levels: [
        { name: 'ery', cells: 60 },
        { name: 'mono', cells: 40 },
      ],
      missing: 0,
    },
    {
      name: 'donor',
      type: 'categorical',
      levels: [
        { name: 'd1', cells: 50 },
        { name: 'd2', cells: 30 },
        { name: 'd3', cells: 20 },
      ],
      missing: 0,
    },
    { name: 'barcode_text', type: 'string', missing: 0 },
  ],
};

describe('gene lists', () => {
  it('splits pasted text on commas, spaces and lines, keeping order and dropping repeats', () => {
    expect(parseGeneList('Gata1, Klf1\nSpi1\tGata1;; ')).toEqual(['Gata1', 'Klf1', 'Spi1']);
    expect(parseGeneList('   ')).toEqual([]);
  });

  it('names unknown genes, suggests the right case and names the file', () => {
    const check = checkGenes(['Gata1', 'KLF1', 'Foo'], dataset.geneNames, dataset.name);
    expect(check.known).toEqual(['Gata1']);
    expect(check.unknown).toEqual(['KLF1', 'Foo']);
    expect(check.message).toBe(
      '2 of 3 genes are not in "pbmc.h5ad": KLF1 (did you mean Klf1?), Foo. Gene names are case-sensitive; fix or remove them.',
    );
    expect(checkGenes(['Spi1'], dataset.geneNames, dataset.name).message).toBeNull();
  });
});

describe('trajectory selection', () => {
  it('recognises pseudotime, lineage and donor columns by name and holds out the last donor', () => {
    const selection = initialSelection(dataset);
    expect(selection.pseudotimeColumn).toBe('dpt_pseudotime');
    expect(selection.lineageColumn).toBe('cell_type');
    expect(selection.donorColumn).toBe('donor');
    expect(selection.trainDonors).toEqual(['d1', 'd2']);
    expect(selection.testDonors).toEqual(['d3']);
    expect(selectionProblems(selection, dataset)).toEqual([]);
  });

  it('says that a text column cannot be pseudotime', () => {
    const problems = selectionProblems({ ...initialSelection(dataset), pseudotimeColumn: 'barcode_text' }, dataset);
    expect(problems).toEqual([
      'The pseudotime column "barcode_text" in "pbmc.h5ad" holds text, not numbers. Choose a numeric column for pseudotime.',
    ]);
  });

  it('catches a donor on both sides of the split, missing columns and a single gene', () => {
    const selection = {
      ...initialSelection(dataset),
      trainDonors: ['d1', 'd3'],
      testDonors: ['d3'],
      lineageColumn: 'nope',
      genes: ['Gata1'],
    };
    const problems = selectionProblems(selection, dataset);
    expect(problems).toContain('Donor d3 is both a training and a held-out donor; pick one.');
    expect(problems).toContain('There is no obs column "nope" for the lineage in "pbmc.h5ad".');
    expect(problems).toContain('Choose at least two genes (or none, for the TFs of the TF list and the 100 most variable genes).');
  });

  it("lists a column's levels with cell counts, or all cells for none", () => {
    expect(levelsOf(dataset, 'cell_type')).toEqual([
      { name: 'ery', cells: 60 },
      { name: 'mono', cells: 40 },
    ]);
    expect(levelsOf(dataset, null)).toEqual([{ name: 'all cells', cells: 100 }]);
  });
});

describe('diffusion pseudotime and one pseudotime column per lineage', () => {
  const base = { ...initialSelection(dataset), donorColumn: null, trainDonors: [], testDonors: [] };

  it('needs a root for diffusion pseudotime, not an existing pseudotime column', () => {
    expect(
      selectionProblems({ ...base, pseudotimeColumn: 'dpt_pseudotime_new', diffusionPseudotime: { root: 'earliest:n_counts' } }, dataset),
    ).toEqual([]);
    expect(selectionProblems({ ...base, diffusionPseudotime: { root: '  ' } }, dataset)).toEqual([
      'Give the root cell of the diffusion pseudotime of "pbmc.h5ad": a cell name, a 0-based index, or earliest:COLUMN.',
    ]);
  });

  it('checks every lineage column and counts the cells with a value in each', () => {
    const withLineages: DatasetInfo = {
      ...dataset,
      obs: [
        ...dataset.obs,
        { name: 'PseudoTime1', type: 'numeric', range: [0, 1], histogram: [1], missing: 30 },
        { name: 'PseudoTime2', type: 'numeric', missing: 100 },
      ],
    };
    const selection = { ...base, lineageColumn: null, lineagePseudotimeColumns: ['PseudoTime1', 'dpt_pseudotime'] };
    expect(selectionProblems(selection, withLineages)).toEqual([]);
    expect(lineageColumnCells(withLineages, ['PseudoTime1', 'dpt_pseudotime'])).toEqual([
      { name: 'PseudoTime1', cells: 70 },
      { name: 'dpt_pseudotime', cells: 100 },
    ]);
    expect(selectionProblems({ ...selection, lineagePseudotimeColumns: ['PseudoTime2', 'cell_type', 'nope'] }, withLineages)).toEqual([
      'The lineage pseudotime column "PseudoTime2" has no values, so its lineage would be empty; leave it out.',
      'The lineage pseudotime column "cell_type" holds categorical values, not numbers.',
      'There is no obs column "nope" in "pbmc.h5ad".',
    ]);
    expect(selectionProblems({ ...selection, lineagePseudotimeColumns: [] }, withLineages)).toEqual([
      'Choose at least one numeric column of "pbmc.h5ad" as a lineage\'s pseudotime.',
    ]);
  });
});

/** pbmc_small as Seurat ships it: a snapshot of blood cells, with per-cell counts and cluster labels but no time. */
const snapshot: DatasetInfo = {
  ...dataset,
  name: 'pbmc_small.h5ad',
  cells: 80,
  obs: [
    { name: 'nCount_RNA', type: 'numeric', range: [50, 900], histogram: [1], missing: 0, distinctValues: 78 },
    { name: 'nFeature_RNA', type: 'numeric', range: [30, 200], histogram: [1], missing: 0, distinctValues: 70 },
    {
      name: 'RNA_snn_res.1',
      type: 'boolean',
      levels: [
        { name: 'false', cells: 62 },
        { name: 'true', cells: 18 },
      ],
      missing: 0,
    },
    {
      name: 'groups',
      type: 'categorical',
      levels: [
        { name: 'g1', cells: 44 },
        { name: 'g2', cells: 36 },
      ],
      missing: 0,
    },
  ],
  librarySize: { column: 'nCount_RNA', correlations: { nCount_RNA: 1, nFeature_RNA: 0.95 } },
};

describe('honest inputs', () => {
  it('pre-selects a pseudotime only when its name says time and it is no per-cell count', () => {
    expect(isTimeColumnName('dpt_pseudotime')).toBe(true);
    expect(isTimeColumnName('Pseudotime')).toBe(true);
    expect(isTimeColumnName('latent_time')).toBe(true);
    expect(isTimeColumnName('time')).toBe(true);
    expect(isTimeColumnName('Hours')).toBe(true);
    expect(isTimeColumnName('day')).toBe(true);
    expect(isTimeColumnName('nCount_RNA')).toBe(false);
    expect(isTimeColumnName('total_counts')).toBe(false);
    expect(isTimeColumnName('n_counts_time_normalized')).toBe(false);
    expect(isTimeColumnName('Mapped.Fragments')).toBe(false);
  });

  it('pbmc_small: no pseudotime and no cluster flag pre-selected, and the not-a-trajectory warning', () => {
    const selection = initialSelection(snapshot);
    expect(selection.pseudotimeColumn).toBe('');
    expect(selection.lineageColumn).toBeNull();
    expect(selectionWarnings(selection, snapshot).map((w) => w.kind)).toEqual(['not-a-trajectory']);
    expect(selectionWarnings(selection, snapshot)[0].message).toMatch(
      /no obs column is named as a time or pseudotime \(its numeric columns: nCount_RNA, nFeature_RNA\)/,
    );
    expect(selectionProblems(selection, snapshot)[0]).toMatch(/Choose the pseudotime column of "pbmc_small.h5ad"/);
  });

  it('warns when the chosen time is a per-cell count or follows library size', () => {
    const count = selectionWarnings({ ...initialSelection(snapshot), pseudotimeColumn: 'nCount_RNA' }, snapshot);
    expect(count.map((w) => w.kind)).toEqual(['not-a-trajectory', 'count-as-time']);
    const depth: DatasetInfo = {
      ...snapshot,
      obs: [...snapshot.obs, { name: 'pseudotime', type: 'numeric', range: [0, 1], histogram: [1], missing: 0, distinctValues: 80 }],
      librarySize: { column: 'nCount_RNA', correlations: { nCount_RNA: 1, pseudotime: 0.83 } },
    };
    const selection = initialSelection(depth);
    expect(selection.pseudotimeColumn).toBe('pseudotime');
    const warnings = selectionWarnings({ ...selection, trimStart: 0, trimEnd: 0 }, depth);
    expect(warnings.map((w) => w.kind)).toEqual(['library-size']);
    expect(warnings[0].message).toMatch(/follows library size \("nCount_RNA", Spearman r = 0.83\)/);
    const unrelated = { ...depth, librarySize: { column: 'nCount_RNA', correlations: { pseudotime: 0.2 } } };
    expect(selectionWarnings({ ...selection, trimStart: 0, trimEnd: 0 }, unrelated)).toEqual([]);
  });

  it('warns about a "lineage" column with more than 20 levels and trajectories under 50 cells after trimming', () => {
    const wells: DatasetInfo = {
      ...dataset,
      obs: [
        ...dataset.obs,
        {
          name: 'Well',
          type: 'categorical',
          levels: Array.from({ length: 25 }, (_, i) => ({ name: `W${i}`, cells: 4 })),
          missing: 0,
        },
      ],
    };
    const selection = { ...initialSelection(wells), lineageColumn: 'Well', donorColumn: null };
    const kinds = selectionWarnings(selection, wells).map((w) => w.kind);
    expect(kinds).toEqual(['many-lineages', 'few-cells']);
    // cell_type: ery 60 and mono 40 cells; the paper's trimming (10 + 20) leaves 30 and 10.
    const trimmed = selectionWarnings({ ...initialSelection(dataset), donorColumn: null }, dataset);
    expect(trimmed.map((w) => w.message)).toEqual([
      expect.stringMatching(/After trimming 10 \+ 20 cells, every trajectory keeps fewer than 50 cells \("ery" 30, "mono" 10\)/),
    ]);
  });

  it("trims nothing by default for a time course of a few sampled times, the paper's 10 and 20 for a pseudotime", () => {
    const hours = (distinctValues: number): DatasetInfo => ({
      ...dataset,
      obs: [{ name: 'time', type: 'numeric', range: [0, 72], histogram: [1], missing: 0, distinctValues }],
    });
    expect(initialSelection(hours(4))).toMatchObject({ pseudotimeColumn: 'time', trimStart: 0, trimEnd: 0 });
    expect(initialSelection(hours(400))).toMatchObject({ pseudotimeColumn: 'time', trimStart: 10, trimEnd: 20 });
    expect(defaultTrim(undefined)).toEqual({ trimStart: 10, trimEnd: 20 });
  });
});
