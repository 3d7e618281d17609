import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataInputError } from '../../../../src-main/data/paper-tables/data-input-error.ts';
import { readTrajectoryFile, readTrajectoryTable } from '../../../../src-main/data/paper-tables/read-trajectory-file.ts';
import { parseTrajectoryFileName } from '../../../../src-main/data/paper-tables/trajectory-file-name.ts';
import { dataInputErrorMessage, scratchFiles } from '../scratch-files.ts';
import { fileAccessError } from '../../../../src-main/data/paper-tables/text-lines.ts';

const { write, dir } = scratchFiles('trajectory-file');

const GOOD = 'dpt_pseudotime\tGATA1\tSPI1\n0.5\t1\t2\n0.1\t3\t4.5\n';

describe('readTrajectoryFile', () => {
  it('reads a TSV table: pseudotime first, genes after, rows as cells in file order', async () => {
    const t = await readTrajectoryFile(write('eryth_12_norm.tsv', GOOD));
    expect(t).toMatchObject({ name: 'eryth_12', lineage: 'eryth', donor: '12', source: 'eryth_12_norm.tsv', genes: ['GATA1', 'SPI1'] });
    expect([...t.times]).toEqual([0.5, 0.1]);
    expect([...t.values]).toEqual([1, 2, 3, 4.5]);
  });

  it('reads CSV, CRLF line endings, and gzip detected from the bytes, not the name', async () => {
    const csv = GOOD.replace(/\t/g, ',').replace(/\n/g, '\r\n');
    const plain = await readTrajectoryFile(write('mono_21_norm.csv', csv));
    // Gzip content behind a name without .gz still reads.
    const table = await readTrajectoryTable(write('B_36_norm.csv', gzipSync(Buffer.from(csv))));
    expect(table.gzip).toBe(true);
    expect(table.delimiter).toBe(',');
    expect([...table.trajectory.values]).toEqual([...plain.values]);
    expect(table.source.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('ignores a UTF-8 byte-order mark before the header', async () => {
    const t = await readTrajectoryFile(write('bom_1_norm.csv', `\uFEFF${GOOD.replace(/\t/g, ',')}`));
    expect(t.genes).toEqual(['GATA1', 'SPI1']);
  });

  it('parses lineage and donor from names', () => {
    expect(parseTrajectoryFileName('eryth_12_norm.tsv.gz')).toMatchObject({ lineage: 'eryth', donor: '12' });
    expect(parseTrajectoryFileName('CD14_mono_36_norm.csv')).toMatchObject({ lineage: 'CD14_mono', donor: '36' });
    expect(parseTrajectoryFileName('B_11.tsv')).toMatchObject({ lineage: 'B', donor: '11' });
    expect(parseTrajectoryFileName('trajectory.tsv')).toMatchObject({ lineage: 'trajectory', donor: '' });
  });

  it('names a missing file', async () => {
    expect(await dataInputErrorMessage(readTrajectoryFile(join(dir, 'nope_1_norm.tsv')))).toMatch(/nope_1_norm\.tsv.*no such file/);
  });

  it('words permission errors for the user (root reads everything, so the message is checked directly)', () => {
    const error = fileAccessError('/data/B_12_norm.tsv', Object.assign(new Error('EACCES'), { code: 'EACCES' }));
    expect(error).toBeInstanceOf(DataInputError);
    expect(error.message).toBe('"/data/B_12_norm.tsv": the file cannot be read (permission denied). Check its permissions.');
  });

  it.skipIf(process.getuid?.() === 0)('names an unreadable file', async () => {
    const path = write('locked_1_norm.tsv', GOOD);
    chmodSync(path, 0o000);
    expect(await dataInputErrorMessage(readTrajectoryFile(path))).toMatch(/permission denied/);
  });

  it('names a folder given as a file', async () => {
    expect(await dataInputErrorMessage(readTrajectoryFile(dir))).toMatch(/is a folder/);
  });

  it('names a ragged row with its line', async () => {
    const path = write('ragged_1_norm.tsv', 'dpt_pseudotime\tA\tB\n0.1\t1\t2\n0.2\t1\n');
    expect(await dataInputErrorMessage(readTrajectoryFile(path))).toMatch(
      /"ragged_1_norm\.tsv", line 3: this row has 2 fields but the header has 3/,
    );
  });

  it('names a non-numeric value with line, column and gene', async () => {
    const path = write('text_1_norm.tsv', 'dpt_pseudotime\tA\tB\n0.1\t1\t2\n0.2\t1\thigh\n');
    expect(await dataInputErrorMessage(readTrajectoryFile(path))).toMatch(/line 3, column 3 \("B"\): found "high" \(not a number\)/);
  });

  it('rejects NaN, Inf and empty values', async () => {
    const nan = write('nan_1_norm.tsv', 'dpt_pseudotime\tA\n0.1\tNaN\n');
    expect(await dataInputErrorMessage(readTrajectoryFile(nan))).toMatch(/line 2, column 2 \("A"\): found "NaN" \(NaN\)/);
    const inf = write('inf_1_norm.tsv', 'dpt_pseudotime\tA\n-Inf\t1\n');
    expect(await dataInputErrorMessage(readTrajectoryFile(inf))).toMatch(/column 1 \("dpt_pseudotime"\): found "-Inf" \(infinite\)/);
    const big = write('big_1_norm.tsv', 'dpt_pseudotime\tA\n0\t1e999\n');
    expect(await dataInputErrorMessage(readTrajectoryFile(big))).toMatch(/infinite/);
    const empty = write('hole_1_norm.tsv', 'dpt_pseudotime\tA\tB\n0\t\t1\n');
    expect(await dataInputErrorMessage(readTrajectoryFile(empty))).toMatch(/column 2 \("A"\): found an empty value/);
  });

  it('requires a pseudotime column, or the one named', async () => {
    const path = write('genes_1_norm.tsv', 'GATA1\tSPI1\n1\t2\n');
    expect(await dataInputErrorMessage(readTrajectoryFile(path))).toMatch(/no pseudotime column. The first column is "GATA1"/);
    const named = await readTrajectoryFile(write('named_1_norm.tsv', 'GATA1\tmytime\n1\t0.25\n'), { timeColumn: 'mytime' });
    expect(named.genes).toEqual(['GATA1']);
    expect([...named.times]).toEqual([0.25]);
    expect(await dataInputErrorMessage(readTrajectoryFile(path, { timeColumn: 'when' }))).toMatch(/no column named "when"/);
  });

  it('rejects an empty file, a header without cells, and duplicated gene columns', async () => {
    expect(await dataInputErrorMessage(readTrajectoryFile(write('empty_1_norm.tsv', '')))).toMatch(/"empty_1_norm\.tsv" is empty/);
    expect(await dataInputErrorMessage(readTrajectoryFile(write('empty_2_norm.tsv.gz', gzipSync(Buffer.alloc(0)))))).toMatch(/is empty/);
    expect(await dataInputErrorMessage(readTrajectoryFile(write('header_1_norm.tsv', 'dpt_pseudotime\tA\n')))).toMatch(
      /has a header but no cells/,
    );
    expect(await dataInputErrorMessage(readTrajectoryFile(write('dup_1_norm.tsv', 'dpt_pseudotime\tA\tA\n0\t1\t1\n')))).toMatch(
      /"A" appears twice/,
    );
  });

  it('reports a truncated gzip file', async () => {
    const gz = gzipSync(Buffer.from(GOOD.repeat(200)));
    const path = write('cut_1_norm.tsv.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    expect(await dataInputErrorMessage(readTrajectoryFile(path))).toMatch(/gzip data is corrupt or truncated/);
  });
});
