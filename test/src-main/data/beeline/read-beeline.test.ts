import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBeelineFolder } from '../../../../src-main/data/beeline/read-beeline.ts';
import { readReferenceNetwork } from '../../../../src-main/data/beeline/reference-network.ts';
import { dataInputErrorMessage, scratchFiles } from '../scratch-files.ts';
import { SHARED_DATA } from '../../../shared-data.ts';

const SHARED = `${SHARED_DATA}/beeline-sample`;
const { folder, dir } = scratchFiles('beeline');

describe('the shared BEELINE samples', () => {
  it('dyn-BF: 7 genes, 2000 cells, 2 lineages of 1020 and 980 cells, 12 distinct reference edges', async () => {
    const { dataset, trajectories, reference } = await readBeelineFolder(join(SHARED, 'dyn-BF_2000_0'));
    expect(dataset.summary).toMatchObject({ format: 'beeline', cells: 2000, genes: 7 });
    expect(dataset.geneNames).toEqual(['g6', 'g8', 'g4', 'g3', 'g7', 'g2', 'g1']);
    expect(trajectories.map((t) => [t.name, t.times.length])).toEqual([
      ['PseudoTime0', 1020],
      ['PseudoTime1', 980],
    ]);
    expect(reference!.edges).toHaveLength(12);
    expect(reference!.edges[0]).toEqual({ source: 'g6', target: 'g6', sign: '+' });
    expect(reference!.genesNotInData).toEqual([]);
    // First cell E6_4_96 is only in PseudoTime1, at 4.96; its g6 value is the first number of ExpressionData's g6 row.
    expect(dataset.cellNames[0]).toBe('E6_4_96');
    const pt1 = trajectories[1];
    expect(pt1.times[0]).toBe(4.96);
    expect(pt1.values[0]).toBe((await dataset.readGenes([0]))[0]);
  });

  it('HSC: 11 genes, 2000 cells, 4 overlapping lineages, 30 distinct reference edges; a header without the row-name cell', async () => {
    const { dataset, trajectories, reference } = await readBeelineFolder(join(SHARED, 'HSC_2000_0'));
    expect(dataset.summary).toMatchObject({ cells: 2000, genes: 11 });
    expect(trajectories.map((t) => t.times.length)).toEqual([361, 672, 1133, 378]);
    expect(reference!.edges).toHaveLength(30);
    const memberships = dataset.obs.find((o) => o.name === 'lineages');
    expect(memberships?.type).toBe('categorical');
    const deterministic = await readBeelineFolder(join(SHARED, 'HSC_2000_0'), { pseudotimeFile: 'DeterministicPT.csv' });
    expect(deterministic.trajectories.map((t) => t.times.length)).toEqual([566, 233, 1016, 185]);
  });
});

describe('BEELINE by hand and bad input', () => {
  const expression = ',c1,c2,c3\nG1,1,2,3\nG2,4,5,6\n';

  it('collapses duplicate reference rows and keeps cells in several lineages', async () => {
    const path = folder('small', {
      'ExpressionData.csv': expression,
      'PseudoTime.csv': ',PseudoTime1,PseudoTime2\nc1,0.5,NA\nc2,0.1,0.2\nc3,,0.9\n',
      'refNetwork.csv': 'Gene1,Gene2,Type\nG1,G2,+\nG1,G2,+\nG2,G1,-\nG2,G1,+\nG3,G1,-\n',
    });
    const { trajectories, reference, dataset } = await readBeelineFolder(path);
    expect(trajectories.map((t) => [...t.times])).toEqual([
      [0.5, 0.1],
      [0.2, 0.9],
    ]);
    expect([...trajectories[1].values]).toEqual([2, 5, 3, 6]);
    expect(reference!.edges).toEqual([
      { source: 'G1', target: 'G2', sign: '+' },
      { source: 'G2', target: 'G1', sign: '-' },
      { source: 'G3', target: 'G1', sign: '-' },
    ]);
    expect(reference!.duplicateRows).toBe(2);
    expect(reference!.conflictingSigns).toEqual([{ source: 'G2', target: 'G1' }]);
    expect(reference!.genesNotInData).toEqual(['G3']);
    const lineages = dataset.obs.find((o) => o.name === 'lineages');
    expect(lineages?.type === 'categorical' && lineages.levels).toEqual(['PseudoTime1', 'PseudoTime1;PseudoTime2', 'PseudoTime2']);
  });

  it('names a pseudotime cell missing from the expression, a non-numeric value, a lineage with no cells', async () => {
    const unknownCell = folder('unknown', { 'ExpressionData.csv': expression, 'PseudoTime.csv': ',PseudoTime1\nc1,0\nc9,1\n' });
    expect(await dataInputErrorMessage(readBeelineFolder(unknownCell))).toMatch(
      /"PseudoTime.csv", line 3: cell "c9" is not a column of ExpressionData.csv/,
    );
    const text = folder('text', { 'ExpressionData.csv': ',c1,c2,c3\nG1,1,x,3\n', 'PseudoTime.csv': ',PseudoTime1\nc1,0\n' });
    expect(await dataInputErrorMessage(readBeelineFolder(text))).toMatch(/"ExpressionData.csv", line 2, column 3 \("c2"\): found "x"/);
    const emptyLineage = folder('empty', {
      'ExpressionData.csv': expression,
      'PseudoTime.csv': ',PseudoTime1,PseudoTime2\nc1,0,NA\nc2,1,\n',
    });
    expect(await dataInputErrorMessage(readBeelineFolder(emptyLineage))).toMatch(/lineage column "PseudoTime2" has no cells/);
    const ragged = folder('ragged', { 'ExpressionData.csv': ',c1,c2,c3\nG1,1,2\n', 'PseudoTime.csv': ',PseudoTime1\nc1,0\n' });
    expect(await dataInputErrorMessage(readBeelineFolder(ragged))).toMatch(
      /line 2: this row has 3 fields but the header names 3 column\(s\) plus the gene name/,
    );
    expect(await dataInputErrorMessage(readBeelineFolder(join(dir, 'absent')))).toMatch(/ExpressionData.csv.*no such file/);
  });

  it('rejects a reference network without its header or with an unknown type', async () => {
    const noHeader = join(folder('ref1', { 'refNetwork.csv': 'a,b,+\n' }), 'refNetwork.csv');
    expect(await dataInputErrorMessage(readReferenceNetwork(noHeader))).toMatch(/expected the header "Gene1,Gene2,Type"/);
    const badType = join(folder('ref2', { 'refNetwork.csv': 'Gene1,Gene2,Type\na,b,up\n' }), 'refNetwork.csv');
    expect(await dataInputErrorMessage(readReferenceNetwork(badType))).toMatch(/line 2, column 3 \("Type"\): found "up"/);
  });
});
