import { describe, expect, it } from 'vitest';
import type { DatasetInfo } from '../../../src-shared/contract/types.ts';
import {
  bundledTfList,
  tfListFor,
  checkGenes,
  initialSelection,
  levelsOf,
  lineageColumnCells,
  parseGeneList,
  selectionProblems,
} from '../../../src-renderer/view-logic/selection.ts';

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
    expect(problems).toContain('Choose at least two genes (or none, to use every gene of the file).');
  });

  it("lists a column's levels with cell counts, or all cells for none", () => {
    expect(levelsOf(dataset, 'cell_type')).toEqual([
      { name: 'ery', cells: 60 },
      { name: 'mono', cells: 40 },
    ]);
    expect(levelsOf(dataset, null)).toEqual([{ name: 'all cells', cells: 100 }]);
  });

  it('offers the bundled TF list only for bundled examples', () => {
    expect(bundledTfList('/app/resources/examples/hematopoiesis')).toBe('/app/resources/tf-lists/pathreg-basegrn-human.txt');
    expect(bundledTfList('C:\\app\\resources\\examples\\hema\\')).toBe('C:\\app\\resources\\tf-lists\\pathreg-basegrn-human.txt');
    expect(bundledTfList('/data/pbmc.h5ad')).toBeUndefined();
  });

  it("uses the user's TF list, an empty one when cleared, else the bundled one for examples", () => {
    const example = { datasetId: 'dataset-2', path: '/app/resources/examples/hematopoiesis' };
    expect(tfListFor({}, example)).toBe('/app/resources/tf-lists/pathreg-basegrn-human.txt');
    expect(tfListFor({ 'dataset-2': '' }, example)).toBe('');
    expect(tfListFor({ 'dataset-2': '/mine.txt' }, example)).toBe('/mine.txt');
    expect(tfListFor({}, { datasetId: 'dataset-1', path: '/data/pbmc.h5ad' })).toBe('');
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
