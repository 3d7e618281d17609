import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readReferenceNetwork } from '../../../src-main/data/beeline/reference-network.ts';
import { parseReferenceEdgeList, readReferenceEdgeList } from '../../../src-main/scoring/reference-edge-list.ts';
import { SHARED_DATA } from '../../shared-data.ts';

const pairs = (text: string) => parseReferenceEdgeList(text, 'ref.csv').edges.map((e) => `${e.source}>${e.target}${e.sign}`);

describe('parseReferenceEdgeList', () => {
  it("reads BEELINE's refNetwork.csv exactly as the dataset reader does", async () => {
    for (const model of ['dyn-BF_2000_0', 'HSC_2000_0']) {
      const file = join(SHARED_DATA, 'beeline-sample', model, 'refNetwork.csv');
      const parsed = await readReferenceEdgeList(file);
      const beeline = await readReferenceNetwork(file);
      expect(parsed.layout).toBe('beeline');
      expect(parsed.edges).toEqual(beeline.edges);
      expect(parsed.duplicateRows).toBe(beeline.duplicateRows);
      expect(parsed.sha256).toBe(beeline.source.sha256);
      expect(parsed.fileName).toBe('refNetwork.csv');
    }
  });

  it('reads two-column lists with or without a header, comma or tab, the sign optional', () => {
    expect(pairs('A,B\nB,C\n')).toEqual(['A>B', 'B>C']);
    expect(pairs('A\tB\t+\nB\tC\t-\nC\tA\t\n')).toEqual(['A>B+', 'B>C-', 'C>A']);
    expect(pairs('source,target,weight,sign\nA,B,0.5,1\nB,C,0.2,-1\n')).toEqual(['A>B+', 'B>C-']);
    expect(pairs('TF\ttarget\nA\tB\n')).toEqual(['A>B']);
    expect(pairs('\uFEFF# from a review\nregulator,target,effect\r\nA,B,activation\r\nB,C,repression\r\n')).toEqual(['A>B+', 'B>C-']);
    // BEELINE's columns may come in another order.
    expect(pairs('Type,Gene2,Gene1\n-,B,A\n')).toEqual(['A>B-']);
  });

  it('collapses duplicates and records conflicting signs, keeping the first', () => {
    const parsed = parseReferenceEdgeList('A,B,+\nA,B,+\nA,B,-\nB,A,-\n', 'ref.csv');
    expect(parsed.edges.map((e) => e.sign)).toEqual(['+', '-']);
    expect(parsed.duplicateRows).toBe(2);
    expect(parsed.conflictingSigns).toEqual([{ source: 'A', target: 'B' }]);
  });

  it('names the file, the line and what to do for rows it cannot read', () => {
    expect(() => parseReferenceEdgeList('A,B\nC\n', 'my.csv')).toThrow(/^"my\.csv", line 2: found 1 field .*Fix or delete this line/);
    expect(() => parseReferenceEdgeList('Gene1,Gene2,Type\nA,B,x\n', 'ref.csv')).toThrow(
      /^"ref\.csv", line 2, column 3 \("Type"\): found "x"; the sign must be \+ \(activation\) or - \(repression\)/,
    );
    expect(() => parseReferenceEdgeList('A,B,0.53\n', 'w.csv')).toThrow(/line 1, column 3: found "0\.53".*add a header naming the columns/);
    expect(() => parseReferenceEdgeList('A\tB\t+\t0.5\n', 't.tsv')).toThrow(/"t\.tsv", line 1: 4 columns.*Add a header/);
    expect(() => parseReferenceEdgeList('A,B\n,C\n', 'e.csv')).toThrow(/"e\.csv", line 2: the regulator \(column 1\) is empty/);
    expect(() => parseReferenceEdgeList('', 'empty.csv')).toThrow(/"empty\.csv" lists no edges \(it is empty\)/);
    expect(() => parseReferenceEdgeList('Gene1,Gene2,Type\n', 'h.csv')).toThrow(/"h\.csv" lists no edges \(only a header\)/);
  });

  it('names a file that is not there', async () => {
    await expect(readReferenceEdgeList('/nonexistent/ref.csv')).rejects.toThrow(/"ref\.csv": no such file at "\/nonexistent\/ref\.csv"/);
  });

  it('hashes the bytes of the file', async () => {
    const file = join(SHARED_DATA, 'beeline-sample', 'HSC_2000_0', 'refNetwork.csv');
    const text = await readFile(file, 'utf8');
    expect(parseReferenceEdgeList(text, 'x').sha256).toBe((await readReferenceEdgeList(file)).sha256);
  });
});
