import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataInputError } from '../../../../src-main/data/paper-tables/data-input-error.ts';
import { denseMatrixSource } from '../../../../src-main/data/prepare/gene-chunks.ts';
import {
  bestMatchingGeneNames,
  finalGeneSet,
  parseGeneList,
  readGeneListFile,
  resolveGeneList,
} from '../../../../src-main/data/prepare/gene-selection.ts';
import { selectGenes } from '../../../../src-main/data/prepare/select-genes.ts';
import { parseTypedTfList } from '../../../../src-main/data/tf-lists/read-tf-list.ts';

const dir = mkdtempSync(join(tmpdir(), 'gene-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gene lists', () => {
  it('resolves typed and file lists against the data, exact then ignoring case', async () => {
    const resolved = resolveGeneList(parseGeneList('Gata1, SPI1 XIST'), ['GATA1', 'SPI1', 'TAL1']);
    expect(resolved).toEqual({ indices: [0, 1], missing: ['XIST'], matchedIgnoringCase: ['GATA1'] });
    const path = join(dir, 'genes.txt');
    writeFileSync(path, '# mine\nTAL1\nSPI1\n');
    expect(resolveGeneList(await readGeneListFile(path), ['GATA1', 'SPI1', 'TAL1']).indices).toEqual([2, 1]);
    writeFileSync(join(dir, 'empty.txt'), '');
    await expect(readGeneListFile(join(dir, 'empty.txt'))).rejects.toThrow(/lists no genes/);
  });

  it('errors when no gene of the list is in the data', () => {
    expect(() => resolveGeneList(parseGeneList('ENSG1 ENSG2'), ['GATA1'])).toThrow(DataInputError);
    expect(() => resolveGeneList(parseGeneList('ENSG1 ENSG2'), ['GATA1'])).toThrow(/None of the 2 genes of the gene list/);
  });
});

describe('final gene set', () => {
  it('is TFs ∪ top variable genes ∪ requested, in data order, within the genes QC kept', () => {
    const set = finalGeneSet({
      geneNames: ['a', 'b', 'c', 'd', 'e', 'f'],
      isTf: Uint8Array.from([1, 0, 0, 1, 0, 1]),
      variabilityRanking: [4, 2, 3, 1, 0, 5],
      topVariable: 2,
      requested: [1],
      keepGenes: Uint8Array.from([1, 1, 0, 1, 1, 0]),
    });
    // TFs a, d (f failed QC); top 2 variable among kept: e, d (c failed QC); requested b.
    expect(set.names).toEqual(['a', 'b', 'd', 'e']);
    expect(set).toMatchObject({ fromTfs: 2, fromVariable: 2, fromRequested: 1, overlap: 1 });
    expect(() => finalGeneSet({ geneNames: ['a'] })).toThrow(/gene selection is empty/);
  });

  it('runs the selection on a small matrix: QC, TFs and a gene list', async () => {
    const counts = [
      [1, 2, 0, 5],
      [1, 2, 0, 6],
      [1, 2, 0, 5],
      [1, 30, 0, 6],
      [1, 2, 0, 5],
      [1, 40, 0, 6],
    ].flat();
    const source = denseMatrixSource(counts, 6, 4, ['C', 'V', 'Z', 'T']);
    const selection = await selectGenes(source, {
      valueKind: 'counts',
      qc: { minCellsPerGene: 1 },
      tfList: parseTypedTfList('T Z'),
      geneList: parseGeneList('C, NOPE'),
    });
    // Z is a TF but never detected, so QC removed it.
    expect(selection.names).toEqual(['C', 'T']);
    const notes = selection.notes.join('\n');
    expect(notes).toMatch(/QC kept 6 of 6 cells and 3 of 4 genes/);
    expect(notes).toMatch(/1 gene\(s\) of the gene list are not in the data: NOPE/);
    await expect(selectGenes(source, { valueKind: 'normalized', topVariable: 1, flavor: 'seurat_v3' })).rejects.toThrow(/needs raw counts/);
  });

  it('matches lists against a var column of symbols when the gene names are IDs', async () => {
    const source = denseMatrixSource([1, 2, 3, 4, 5, 6], 2, 3, ['ENSG1', 'ENSG2', 'ENSG3']);
    const symbols = {
      name: 'gene_short_name',
      type: 'categorical' as const,
      codes: Int32Array.from([0, 1, -1]),
      levels: ['GATA1', 'ACTB'],
    };
    const numeric = { name: 'score', type: 'numeric' as const, values: Float64Array.from([1, 2, 3]) };
    expect(bestMatchingGeneNames(source.geneNames, [numeric, symbols], parseTypedTfList('GATA1'))).toEqual({
      names: ['GATA1', 'ACTB', ''],
      column: 'gene_short_name',
      overlap: 1,
    });
    const selection = await selectGenes(source, { valueKind: 'counts', tfList: parseTypedTfList('GATA1'), var: [symbols] });
    expect(selection.names).toEqual(['ENSG1']);
    expect(selection.notes.join('\n')).toMatch(/matched against the var column "gene_short_name" \(1 names in common\)/);
    expect(bestMatchingGeneNames(source.geneNames, [symbols], parseTypedTfList('SPI1'))).toBeNull();
  });

  it('adds the top variable genes of either flavour, as the reference computes them', async () => {
    const fixtures = join(import.meta.dirname, 'fixtures');
    const expected = JSON.parse(readFileSync(join(fixtures, 'hvg-expected.json'), 'utf8'));
    const lines = readFileSync(join(fixtures, 'hvg-counts.csv'), 'utf8').trim().split('\n');
    const source = denseMatrixSource(
      lines.slice(1).flatMap((l) => l.split(',').map(Number)),
      expected.cells,
      expected.genes,
      lines[0].split(','),
    );
    const seurat = await selectGenes(source, { valueKind: 'counts', topVariable: 20 });
    expect(seurat.indices).toEqual(expected.seurat.top20);
    const v3 = await selectGenes(source, { valueKind: 'counts', topVariable: 20, flavor: 'seurat_v3' });
    expect(v3.indices).toEqual(expected.seuratV3.top20);
  });
});
