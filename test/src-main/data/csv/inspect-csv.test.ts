import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectCsv } from '../../../../src-main/data/csv/inspect-csv.ts';
import { openCsv, type CsvOptions } from '../../../../src-main/data/csv/read-csv.ts';
import { generateMalformedCorpus } from '../../../../scripts/generate-malformed-corpus.ts';

// ../shared/data beside the checkout, as on the dev and CI machines.
const HSMM_CSV = fileURLToPath(new URL('../../../../../shared/data/hsmm/hsmm.csv', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'inspect-csv-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string | Buffer, gzip = false): string {
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return path;
}

/** The summary, or the error message, of a call. */
async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return { summary: await read() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function expectSameAsFullReader(path: string, options: CsvOptions = {}): Promise<unknown> {
  const full = await outcome(async () => (await openCsv(path, options)).summary);
  const streamed = await outcome(() => inspectCsv(path, options));
  expect(streamed, path).toEqual(full);
  return streamed;
}

describe("inspectCsv gives the full reader's summary from one streaming pass", () => {
  it("for the reader tests' tables, valid and broken", async () => {
    const cells = write(
      'cells.csv',
      'cell,pseudotime,lineage,"Gata1,x",Spi1\nA,0.5,eryth,1,0\nB,0.25,mono,0,2.5\nC,1,eryth,3,0\nD,0.75,eryth,0,1\n',
    );
    const summary = await expectSameAsFullReader(cells);
    expect(summary).toMatchObject({
      summary: {
        cells: 4,
        genes: 2,
        sparsity: 0.5,
        valueKind: 'log-normalized',
        obs: [
          { name: 'pseudotime', type: 'numeric' },
          { name: 'lineage', type: 'categorical', levels: ['eryth', 'mono'] },
        ],
      },
    });
    const genes = write('genes.tsv.gz', 'gene\tAAACCTGAGAAACCAT-1\tAAACCTGAGAAACCGC-1\nGata1\t1\t2\nSpi1\t0\t5\n', true);
    expect(await expectSameAsFullReader(genes)).toMatchObject({ summary: { cells: 2, genes: 2, valueKind: 'counts' } });
    expect(await expectSameAsFullReader(genes, { orientation: 'cells-by-genes' })).toMatchObject({ summary: { cells: 2, genes: 2 } });
    expect(await expectSameAsFullReader(write('bad-value.csv', 'cell,Gata1,Spi1\nA,1,2\nB,x1,3\nC,1,2\nD,1,1\n'))).toEqual({
      error: expect.stringMatching(/^"bad-value.csv" line 3, column 2 \("Gata1"\) holds "x1"/) as unknown,
    });
    expect(await expectSameAsFullReader(write('ragged.csv', 'cell,Gata1,Spi1\nA,1,2\nB,3\n'))).toEqual({
      error: expect.stringMatching(/^"ragged.csv" line 3 has 2 fields/) as unknown,
    });
    await expectSameAsFullReader(write('empty.csv', ''));
    await expectSameAsFullReader(write('header-only.csv', 'cell,Gata1\n'));
    const whole = gzipSync('cell,Gata1\n' + Array.from({ length: 5000 }, (_, i) => `c${i},${i % 7}`).join('\n'));
    expect(await expectSameAsFullReader(write('broken.csv.gz', whole.subarray(0, Math.floor(whole.length / 2))))).toEqual({
      error: expect.stringMatching(/could not be decompressed/) as unknown,
    });
  });

  it('for the edge cases of the column rules', async () => {
    // R's write.table: no header for the name column, and a metadata-named column after the shift.
    await expectSameAsFullReader(write('r-export.csv', 'time,Gata1,Spi1\nA,0.1,1,0\nB,0.2,0,3\n'));
    // Text columns: categorical with numbers and spelled-out NaN among the levels; > 100 levels makes a string column.
    const many = Array.from(
      { length: 300 },
      (_, i) =>
        `c${i},${i % 5 === 0 ? 'nan' : i % 5 === 1 ? '0.1' : `type${i % 4}`},${i % 5 === 0 ? 'NA' : `d${i}`},${i % 9},${i % 4 === 0 ? '1e-60' : '2.5'}`,
    );
    const mixed = await expectSameAsFullReader(write('mixed.csv', `cell,kind,donor,Gata1,Spi1\n${many.join('\n')}\n`));
    expect(mixed).toMatchObject({
      summary: {
        obs: [
          { name: 'kind', type: 'categorical' },
          { name: 'donor', type: 'string' },
        ],
      },
    });
    // Duplicated gene names in both orientations; an all-missing metadata column; a value underflowing float32.
    await expectSameAsFullReader(write('dup-cells.csv', 'cell,Gata1,Gata1,Spi1,Gata1,cluster\nA,1,2,3,4,NA\nB,0,0,1e-50,1,NA\n'));
    await expectSameAsFullReader(write('dup-genes.tsv', 'gene\tc1\tc2\nGata1\t1\t0\nGata1\t2\t0\nSpi1\t0\t0.5\nSpi1\t3\t1\n'));
    await expectSameAsFullReader(write('gbc-text.csv', 'gene,c1,c2,c3\nGata1,1,2,3\nSpi1,0,x,y\nKlf1,z,0,0\n'));
    // More values than the sample holds: the reservoirs decide, and both readers draw the same ones.
    const wide = Array.from(
      { length: 400 },
      (_, r) =>
        `c${r},${Array.from({ length: 120 }, (_, g) => ((r * 7 + g * 13) % 11 === 0 ? 0 : ((r + g) % 17) * 0.37 + 0.01).toFixed(3)).join(',')}`,
    );
    const header = `cell,${Array.from({ length: 120 }, (_, g) => `g${g}`).join(',')}`;
    expect(await expectSameAsFullReader(write('wide.csv.gz', `${header}\n${wide.join('\n')}\n`, true))).toMatchObject({
      summary: { valueKind: 'log-normalized' },
    });
  });

  it('for every CSV case of the malformed-input corpus', async () => {
    const corpus = join(dir, 'corpus');
    const cases = (await generateMalformedCorpus(corpus)).filter((c) => c.name.startsWith('csv-') && !c.name.startsWith('csv-binary'));
    expect(cases.length).toBeGreaterThan(20);
    for (const c of cases) await expectSameAsFullReader(c.path);
    // Generating the whole corpus (607 cases) is most of this; 60 s was too little on the shared 2-core machine.
  }, 180_000);

  it('for ../shared/data/hsmm/hsmm.csv', async () => {
    const summary = await expectSameAsFullReader(HSMM_CSV);
    expect(summary).toMatchObject({
      summary: { cells: 271, genes: 2000, valueKind: 'normalized', obs: [{ name: 'Hours', type: 'numeric' }] },
    });
  });
});

describe('inspectCsv memory', () => {
  // Measured in a child process (measure-inspect-memory.ts) with a small young generation, so the numbers are the
  // pass's own and not this test process's garbage.
  function measure(
    path: string,
    mode: 'streaming' | 'full',
  ): { summary: { cells: number; genes: number; valueKind: string }; peakGrowthBytes: number } {
    const script = fileURLToPath(new URL('./measure-inspect-memory.ts', import.meta.url));
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--max-semi-space-size=1', script, path, mode], {
      cwd: root,
      encoding: 'utf8',
    });
    return JSON.parse(output) as ReturnType<typeof measure>;
  }

  it('stays far below the matrix size for a 200,000-row × 50-column gzipped table', () => {
    const rows = 200_000;
    const genes = 50;
    const lines = [`cell,${Array.from({ length: genes }, (_, g) => `gene${g}`).join(',')}`];
    for (let r = 0; r < rows; r++) {
      const row = [`cell${r}`];
      for (let g = 0; g < genes; g++) row.push(String((r * 31 + g * 17) % 13 < 5 ? 0 : (r + g) % 9));
      lines.push(row.join(','));
    }
    const path = join(dir, 'big.csv.gz');
    writeFileSync(path, gzipSync(lines.join('\n'), { level: 1 }));
    // The cells × genes matrix alone is 40 MB as float32.
    const matrixBytes = rows * genes * 4;
    const streaming = measure(path, 'streaming');
    expect(streaming.summary).toMatchObject({ cells: rows, genes, valueKind: 'counts' });
    expect(streaming.peakGrowthBytes).toBeLessThan(matrixBytes / 4);
    // The same measurement sees the full reader hold the whole matrix: the bound above means something.
    const full = measure(path, 'full');
    expect(full.summary).toEqual(streaming.summary);
    expect(full.peakGrowthBytes).toBeGreaterThan(matrixBytes);
  }, 60_000);
});
