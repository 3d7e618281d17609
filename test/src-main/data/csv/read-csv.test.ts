import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { detectOrientation, openCsv } from '../../../../src-main/data/csv/read-csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'csv-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string, gzip = false): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

describe('CSV/TSV reader', () => {
  it('reads cells × genes with metadata columns (text, or named like time/lineage) as obs', async () => {
    const path = write(
      'cells.csv',
      'cell,pseudotime,lineage,"Gata1,x",Spi1\nA,0.5,eryth,1,0\nB,0.25,mono,0,2.5\nC,1,eryth,3,0\nD,0.75,eryth,0,1\n',
    );
    const dataset = await openCsv(path);
    expect(dataset.cellNames).toEqual(['A', 'B', 'C', 'D']);
    expect(dataset.geneNames).toEqual(['Gata1,x', 'Spi1']);
    expect(dataset.obs[0]).toEqual({ name: 'pseudotime', type: 'numeric', values: Float64Array.of(0.5, 0.25, 1, 0.75) });
    expect(dataset.obs[1]).toEqual({ name: 'lineage', type: 'categorical', levels: ['eryth', 'mono'], codes: Int32Array.of(0, 1, 0, 0) });
    expect(Array.from(await dataset.readGenes([1, 0]))).toEqual([0, 1, 2.5, 0, 0, 3, 1, 0]);
    expect(dataset.summary.sparsity).toBe(0.5);
    expect(dataset.summary.valueKind).toBe('log-normalized');
  });

  it('detects genes × cells from the header, reads gzip TSV, and honours an override', async () => {
    const text = 'gene\tAAACCTGAGAAACCAT-1\tAAACCTGAGAAACCGC-1\nGata1\t1\t2\nSpi1\t0\t5\n';
    const path = write('genes.tsv.gz', text, true);
    const dataset = await openCsv(path);
    expect(dataset.summary.notes?.[0]).toMatch(/genes-by-cells: the first column is named "gene"/);
    expect(dataset.cellNames).toEqual(['AAACCTGAGAAACCAT-1', 'AAACCTGAGAAACCGC-1']);
    expect(dataset.geneNames).toEqual(['Gata1', 'Spi1']);
    expect(Array.from(await dataset.readGenes([0, 1]))).toEqual([1, 0, 2, 5]);
    expect(dataset.summary.valueKind).toBe('counts');
    const flipped = await openCsv(path, { orientation: 'cells-by-genes' });
    expect(flipped.cellNames).toEqual(['Gata1', 'Spi1']);
    expect(detectOrientation(['', 'AAACCTGAGAAACCAT-1', 'AAACCTGAGAAACCGC-1']).orientation).toBe('genes-by-cells');
    expect(detectOrientation(['', 'Hours', 'Gata1']).orientation).toBe('cells-by-genes');
    // A guess says how to correct it without a command-line option, since the app shows the same note.
    const guessed = detectOrientation(['', 'Gata1', 'Klf1']);
    expect(guessed.orientation).toBe('cells-by-genes');
    expect(guessed.reason).toMatch(/if each row is a gene, name the first column "gene"/);
    expect(guessed.reason).not.toMatch(/--/);
    expect(detectOrientation(['gene', 'c1', 'c2']).orientation).toBe('genes-by-cells');
  });

  it('names the line and column of a non-number in a gene column, and of a ragged row', async () => {
    await expect(openCsv(write('bad-value.csv', 'cell,Gata1,Spi1\nA,1,2\nB,x1,3\nC,1,2\nD,1,1\n'))).rejects.toThrow(
      /^"bad-value.csv" line 3, column 2 \("Gata1"\) holds "x1", which is not a number/,
    );
    await expect(openCsv(write('ragged.csv', 'cell,Gata1,Spi1\nA,1,2\nB,3\n'))).rejects.toThrow(
      /^"ragged.csv" line 3 has 2 fields but the header has 3/,
    );
    await expect(openCsv(write('empty.csv', ''))).rejects.toThrow(/^"empty.csv" is empty/);
    await expect(openCsv(write('header-only.csv', 'cell,Gata1\n'))).rejects.toThrow(
      /^"header-only.csv" line 2 is missing: the table has a header but no data rows/,
    );
  });

  it('reads a spreadsheet export with a UTF-8 byte-order mark and CRLF endings: the first header name is clean', async () => {
    const dataset = await openCsv(write('excel.csv', '\ufeffcell,Hours,Gata1\r\nA,0,1\r\nB,6,2\r\n'));
    expect(dataset.obs[0].name).toBe('Hours');
    expect(dataset.cellNames).toEqual(['A', 'B']);
    const genesByCells = await openCsv(write('excel-genes.csv', '\ufeffgene,AAACCTGAGAAACCAT-1,AAACCTGAGAAACCGC-1\r\nGata1,1,2\r\n'));
    expect(genesByCells.geneNames).toEqual(['Gata1']);
    expect(genesByCells.summary.notes?.[0]).toMatch(/the first column is named "gene"/);
  });

  it('reports a broken gzip stream with the file and where it stopped', async () => {
    const whole = gzipSync('cell,Gata1\n' + Array.from({ length: 5000 }, (_, i) => `c${i},${i % 7}`).join('\n'));
    const path = join(dir, 'broken.csv.gz');
    writeFileSync(path, whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(openCsv(path)).rejects.toThrow(
      /^"broken.csv.gz" after line \d+ could not be decompressed \(unexpected end of file\): the gzip file is damaged or truncated/,
    );
  });
});
