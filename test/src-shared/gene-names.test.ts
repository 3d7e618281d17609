import { describe, expect, it } from 'vitest';
import {
  completeGeneName,
  geneNameSources,
  geneNamesOf,
  looksLikeGeneIds,
  namesFromSource,
  suggestedGeneNameColumn,
  translateGeneNames,
} from '../../src-shared/gene-names.ts';

const IDS = ['ENSG00000000003.10', 'ENSG00000000419.8', 'ENSG00000122180.4', 'ENSG00000111046.3'];
const SYMBOLS = ['TSPAN6', 'DPM1', 'MYOG', 'MYF6'];

describe('gene name sources', () => {
  it('Ensembl names with gene_short_name (HSMM, Monocle): the symbols column is offered and pre-selected; biotype is not a name', () => {
    const sources = geneNameSources('h5ad', IDS, [
      { name: 'gene_short_name', values: SYMBOLS },
      { name: 'biotype', values: ['protein_coding', 'protein_coding', 'protein_coding', 'lincRNA'] },
    ]);
    expect(sources.map((s) => [s.column, s.label, s.symbols])).toEqual([
      [null, 'var index', false],
      ['gene_short_name', 'gene_short_name', true],
    ]);
    expect(suggestedGeneNameColumn(sources)).toBe('gene_short_name');
  });

  it('CELLxGENE feature_name and scanpy gene_symbols are recognised by name', () => {
    for (const name of ['feature_name', 'gene_symbols', 'gene_symbol', 'GeneSymbol', 'gene_name']) {
      expect(suggestedGeneNameColumn(geneNameSources('h5ad', IDS, [{ name, values: SYMBOLS }]))).toBe(name);
    }
  });

  it("a 10x folder's own names are its features.tsv names; its gene_ids column is offered but is no column of symbols", () => {
    const sources = geneNameSources('10x-mtx', SYMBOLS, [{ name: 'gene_ids', values: IDS }]);
    expect(sources[0]).toEqual({ column: null, label: 'features.tsv names', symbols: true });
    expect(sources[1]).toMatchObject({ column: 'gene_ids', symbols: false });
    expect(suggestedGeneNameColumn(sources)).toBeNull();
  });

  it('symbol names need no column; a column equal to the names or mostly empty is not offered', () => {
    const sources = geneNameSources('h5ad', SYMBOLS, [
      { name: 'gene_symbols', values: SYMBOLS },
      { name: 'feature_name', values: ['A', '', '', ''] },
    ]);
    expect(sources).toHaveLength(1);
    expect(suggestedGeneNameColumn(sources)).toBeNull();
  });

  it('a column named like symbols that holds IDs is not taken for symbols', () => {
    const sources = geneNameSources('h5ad', SYMBOLS, [{ name: 'gene_name', values: IDS }]);
    expect(sources[1]).toMatchObject({ column: 'gene_name', symbols: false });
    expect(suggestedGeneNameColumn(sources)).toBeNull();
  });

  it('IDs are told from symbols by their share', () => {
    expect(looksLikeGeneIds(IDS)).toBe(true);
    expect(looksLikeGeneIds(['ENSMUSG00000000001', 'ENSMUSG00000000028', 'Gata1'])).toBe(true);
    expect(looksLikeGeneIds(SYMBOLS)).toBe(false);
    expect(looksLikeGeneIds([])).toBe(false);
  });
});

describe('names under a source', () => {
  it('an empty or repeated symbol keeps the ID, so every gene keeps one name of its own', () => {
    expect(namesFromSource(IDS, ['TSPAN6', '', 'MYOG', 'MYOG'])).toEqual(['TSPAN6', IDS[1], IDS[2], IDS[3]]);
    expect(namesFromSource(IDS, undefined)).toEqual(IDS);
  });

  it("a data set's names follow the selection's column, else the pre-selected one", () => {
    const dataset = {
      geneNames: IDS,
      geneNameSources: geneNameSources('h5ad', IDS, [{ name: 'gene_short_name', values: SYMBOLS }]),
      geneNameColumn: 'gene_short_name',
    };
    expect(geneNamesOf(dataset, undefined)).toEqual(SYMBOLS);
    expect(geneNamesOf(dataset, null)).toEqual(IDS);
    expect(geneNamesOf(dataset, 'gene_short_name')).toEqual(SYMBOLS);
    expect(geneNamesOf({ geneNames: IDS }, undefined)).toEqual(IDS);
  });

  it('switching the source renames the typed genes; names not found stay as typed', () => {
    expect(translateGeneNames(['MYOG', 'NOPE', 'DPM1'], SYMBOLS, IDS)).toEqual([IDS[2], 'NOPE', IDS[1]]);
  });
});

describe('gene name completion', () => {
  const names = ['MYF6', 'MYOG', 'MYOD1', 'CMYOX', 'TP53', 'myo-like'];
  it('completes ignoring case: names starting with the text first, then names containing it', () => {
    expect(completeGeneName(names, 'myo')).toEqual(['MYOG', 'MYOD1', 'myo-like', 'CMYOX']);
    expect(completeGeneName(names, 'MYOG')).toEqual(['MYOG']);
  });
  it('offers nothing for empty text and at most the limit', () => {
    expect(completeGeneName(names, '  ')).toEqual([]);
    expect(completeGeneName(names, 'm', 2)).toEqual(['MYF6', 'MYOG']);
  });
});
