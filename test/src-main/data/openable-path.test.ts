import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDataset } from '../../../src-main/data/open-dataset.ts';
import { openablePath } from '../../../src-main/data/openable-path.ts';

const dir = mkdtempSync(join(tmpdir(), 'openable-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// "résumé.csv" in Latin-1: é is the single byte 0xe9, invalid as UTF-8.
const latin1Name = Buffer.concat([Buffer.from('r'), Buffer.from([0xe9]), Buffer.from('sum'), Buffer.from([0xe9]), Buffer.from('.csv')]);
const asPassedIn = join(dir, latin1Name.toString('utf8')); // what process.argv or a dialog hands over: r\uFFFDsum\uFFFD.csv

describe.skipIf(process.platform === 'win32')('file names that are not UTF-8', () => {
  it('opens a Latin-1-named table given the name as the command line decodes it', async () => {
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/`), latin1Name]), 'cell,Gata1,Spi1\nc1,1,2\nc2,3,4\n');
    expect(asPassedIn).toContain('\uFFFD');
    const dataset = await openDataset(asPassedIn);
    try {
      expect(dataset.geneNames).toEqual(['Gata1', 'Spi1']);
      expect(Array.from(await dataset.readGenes([0, 1]))).toEqual([1, 2, 3, 4]);
    } finally {
      dataset.close();
    }
  });

  it('leaves existing, ordinary and ambiguous paths alone', () => {
    const plain = join(dir, 'plain.csv');
    expect(openablePath(plain)).toBe(plain);
    // Two raw names that decode to the same text: no guessing, the usual "cannot be found" follows.
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/a`), Buffer.from([0xff]), Buffer.from('.csv')]), 'x');
    writeFileSync(Buffer.concat([Buffer.from(`${dir}/a`), Buffer.from([0xfe]), Buffer.from('.csv')]), 'x');
    const ambiguous = join(dir, 'a\uFFFD.csv');
    expect(openablePath(ambiguous)).toBe(ambiguous);
  });
});
