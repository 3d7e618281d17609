import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DataInputError } from '../../../../src-main/data/paper-tables/data-input-error.ts';
import { readTrajectoryFile } from '../../../../src-main/data/paper-tables/read-trajectory-file.ts';
import { BUNDLED_TF_LISTS, readBundledTfList } from '../../../../src-main/data/tf-lists/bundled-tf-lists.ts';
import { matchTfList, parseTypedTfList, readTfListFile } from '../../../../src-main/data/tf-lists/read-tf-list.ts';
import { SHARED_DATA } from '../../../shared-data.ts';

const TF_TARGETS = `${SHARED_DATA}/pathreg-hematopoiesis/tf-targets`;
const dir = mkdtempSync(join(tmpdir(), 'tf-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('bundled PathReg TF lists', () => {
  it('are the row names of the base GRN matrix, read straight from the shared file as a table column', async () => {
    const bundled = await readBundledTfList('pathreg-basegrn-human');
    const fromMatrix = await readTfListFile(join(TF_TARGETS, 'tf_targets_baseGRN_human_matrix.csv.gz'), { column: 'TF.human' });
    expect(bundled.symbols).toHaveLength(762);
    expect([...bundled.symbols].sort()).toEqual([...fromMatrix.symbols].sort());
  });

  it('overlap the 529 trajectory genes in 113 TFs, as the data README says', async () => {
    const trajectory = await readTrajectoryFile(`${SHARED_DATA}/pathreg-hematopoiesis/trajectories/B_36_norm.tsv.gz`);
    const overlap = matchTfList(await readBundledTfList('pathreg-basegrn-human'), trajectory.genes);
    expect(overlap.tfGenes).toHaveLength(113);
    expect(overlap.isTf.reduce((a, b) => a + b, 0)).toBe(113);
    expect(overlap.missing).toHaveLength(762 - 113);
  });

  it('lineage lists are within the base list', async () => {
    const base = new Set((await readBundledTfList('pathreg-basegrn-human')).symbols);
    for (const entry of BUNDLED_TF_LISTS.filter((l) => l.name.startsWith('pathreg-lineage-'))) {
      const list = await readBundledTfList(entry.name);
      expect(list.symbols.length).toBeGreaterThan(20);
      expect(list.symbols.every((s) => base.has(s))).toBe(true);
    }
    await expect(readBundledTfList('nope')).rejects.toThrow(/no bundled TF list "nope"/);
  });
});

describe('TF list files and matching', () => {
  it('reads a plain list with comments and duplicates, plain or gzip', async () => {
    const text = '# my TFs\nGATA1\n\nSPI1\r\nGATA1\n';
    expect((await readTfListFile(write('tfs.txt', text))).symbols).toEqual(['GATA1', 'SPI1']);
    expect((await readTfListFile(write('tfs.txt.gz', gzipSync(Buffer.from(text))))).symbols).toEqual(['GATA1', 'SPI1']);
  });

  it('reads a table column by name or number', async () => {
    const path = write('table.tsv', 'id\tsymbol\n1\tGATA1\n2\tTAL1\n');
    expect((await readTfListFile(path, { column: 'symbol' })).symbols).toEqual(['GATA1', 'TAL1']);
    expect((await readTfListFile(path, { column: 2 })).symbols).toEqual(['GATA1', 'TAL1']);
    await expect(readTfListFile(path, { column: 'gene' })).rejects.toThrow(/no column named "gene"/);
    await expect(readTfListFile(path, { column: 3 })).rejects.toThrow(/no column 3; the header has 2/);
  });

  it('parses a typed list', () => {
    expect(parseTypedTfList('GATA1, SPI1;TAL1\nKLF1').symbols).toEqual(['GATA1', 'SPI1', 'TAL1', 'KLF1']);
    expect(() => parseTypedTfList(' , ')).toThrow(/typed list is empty/);
  });

  it('matches ignoring case only when exact matching fails, and reports it', () => {
    const overlap = matchTfList(parseTypedTfList('GATA1 SPI1 XYZ'), ['Gata1', 'SPI1', 'Actb']);
    expect(overlap.tfGenes).toEqual(['Gata1', 'SPI1']);
    expect([...overlap.isTf]).toEqual([1, 1, 0]);
    expect(overlap.matchedIgnoringCase).toEqual(['Gata1']);
    expect(overlap.missing).toEqual(['XYZ']);
  });

  it('refuses a list with no overlap, and an empty or missing file', async () => {
    const list = await readTfListFile(write('ensembl.txt', 'ENSG00000102145\n'));
    expect(() => matchTfList(list, ['GATA1', 'SPI1'])).toThrow(DataInputError);
    expect(() => matchTfList(list, ['GATA1', 'SPI1'])).toThrow(
      /"ensembl.txt" \(1 symbols, e.g. "ENSG00000102145"\) shares no gene with the data/,
    );
    await expect(readTfListFile(write('empty.txt', '# nothing\n'))).rejects.toThrow(/lists no transcription factors/);
    await expect(readTfListFile(join(dir, 'absent.txt'))).rejects.toThrow(/no such file/);
  });
});
