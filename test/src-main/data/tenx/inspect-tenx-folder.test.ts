import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectTenxFolder } from '../../../../src-main/data/tenx/inspect-tenx-folder.ts';
import { openTenxFolder } from '../../../../src-main/data/tenx/read-tenx-mtx.ts';
import { generateMalformedCorpus } from '../../../../scripts/generate-malformed-corpus.ts';

// ../shared/data beside the checkout, as on the dev and CI machines.
const HSMM_10X = fileURLToPath(new URL('../../../../../shared/data/hsmm/10x', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'inspect-tenx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The fixture of read-tenx.test.ts: 3 features (2 genes + 1 antibody) × 2 cells, counts.
const FEATURES = [
  ['ENSG1', 'GATA1', 'Gene Expression'],
  ['ENSG2', 'SPI1', 'Gene Expression'],
  ['CD4_TotalSeq', 'CD4', 'Antibody Capture'],
];
const BARCODES = ['AAAC-1', 'AAAG-1'];
const ENTRIES = [
  [1, 1, 3],
  [3, 1, 40],
  [2, 2, 5],
  [1, 2, 1],
];

function writeFolder(
  name: string,
  options: {
    features?: string[][];
    barcodes?: string[];
    entries?: number[][];
    header?: string;
    gzip?: boolean;
    genesTsv?: boolean;
    field?: string;
  } = {},
): string {
  const folder = join(dir, name);
  mkdirSync(folder);
  const features = options.features ?? FEATURES;
  const entries = options.entries ?? ENTRIES;
  const mtx = `%%MatrixMarket matrix coordinate ${options.field ?? 'integer'} general\n%\n${options.header ?? `${features.length} ${(options.barcodes ?? BARCODES).length} ${entries.length}`}\n${entries.map((e) => e.join(' ')).join('\n')}\n`;
  const put = (file: string, text: string) =>
    writeFileSync(join(folder, options.gzip === false ? file : `${file}.gz`), options.gzip === false ? text : gzipSync(text));
  put('matrix.mtx', mtx);
  put('barcodes.tsv', `${(options.barcodes ?? BARCODES).join('\n')}\n`);
  put(options.genesTsv ? 'genes.tsv' : 'features.tsv', `${features.map((f) => f.join('\t')).join('\n')}\n`);
  return folder;
}

async function outcome(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return { summary: await read() };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

async function expectSameAsFullReader(path: string): Promise<unknown> {
  const full = await outcome(async () => (await openTenxFolder(path)).summary);
  const streamed = await outcome(() => inspectTenxFolder(path));
  expect(streamed, path).toEqual(full);
  return streamed;
}

describe("inspectTenxFolder gives the full reader's summary without reading the matrix", () => {
  it("for the reader tests' folders, valid and inconsistent", async () => {
    expect(await expectSameAsFullReader(writeFolder('v3'))).toMatchObject({
      summary: {
        cells: 2,
        genes: 2,
        sparsity: null,
        valueKind: 'counts',
        notes: ['kept the 2 Gene Expression features of 3 (also present: Antibody Capture)'],
      },
    });
    expect(
      await expectSameAsFullReader(writeFolder('v2', { features: FEATURES.map((f) => f.slice(0, 2)), genesTsv: true, gzip: false })),
    ).toMatchObject({ summary: { cells: 2, genes: 3, sparsity: 1 - 4 / 6 } });
    expect(await expectSameAsFullReader(writeFolder('more-barcodes', { barcodes: ['a', 'b', 'c'], header: '3 2 4' }))).toEqual({
      error: expect.stringMatching(/^"barcodes.tsv.gz" lists 3 barcodes but matrix.mtx.gz has 2 columns/) as unknown,
    });
    expect(await expectSameAsFullReader(writeFolder('more-features', { header: '4 2 4' }))).toEqual({
      error: expect.stringMatching(/^"features.tsv.gz" lists 3 features but matrix.mtx.gz has 4 rows/) as unknown,
    });
    await expectSameAsFullReader(
      writeFolder('bad-index', {
        entries: [
          [1, 1, 3],
          [4, 1, 2],
        ],
        header: '3 2 2',
      }),
    );
    await expectSameAsFullReader(writeFolder('short', { header: '3 2 6' }));
    await expectSameAsFullReader(
      writeFolder('pattern', {
        field: 'pattern',
        entries: [
          [1, 1],
          [2, 2],
        ],
      }),
    );
    await expectSameAsFullReader(
      writeFolder('duplicate-symbols', {
        features: [
          ['E1', 'A'],
          ['E2', 'A'],
          ['E3', 'B'],
        ],
      }),
    );
  });

  it('for a matrix with more entries than the sample, reading only the first ones', async () => {
    // 400 genes × 300 cells, 60,000 entries: fractional values; the entries after the sample are not read, so a
    // broken tail shows only when the matrix is opened.
    const entries: number[][] = [];
    for (let c = 1; c <= 300; c++) for (let g = 1; g <= 400; g += 2) entries.push([g, c, ((g * 7 + c) % 50) / 4 + 0.25]);
    const features = Array.from({ length: 400 }, (_, g) => [`ENSG${g}`, `G${g}`, 'Gene Expression']);
    const barcodes = Array.from({ length: 300 }, (_, c) => `CELL${c}-1`);
    const folder = writeFolder('large', { features, barcodes, entries, field: 'real' });
    expect(await expectSameAsFullReader(folder)).toMatchObject({
      summary: { cells: 300, genes: 400, sparsity: 0.5, valueKind: 'log-normalized' },
    });
    const broken = writeFolder('large-broken-tail', { features, barcodes, entries: [...entries.slice(0, -1), [401, 1, 1]], field: 'real' });
    expect(await inspectTenxFolder(broken)).toMatchObject({ cells: 300, genes: 400 });
    await expect(openTenxFolder(broken)).rejects.toThrow(/has gene index 401/);
  });

  it('for every 10x-folder case of the malformed-input corpus', async () => {
    const cases = (await generateMalformedCorpus(join(dir, 'corpus'))).filter((c) => c.name.startsWith('tenx-folder-'));
    expect(cases.length).toBeGreaterThan(10);
    for (const c of cases) await expectSameAsFullReader(c.path);
  }, 60_000);

  it('for ../shared/data/hsmm/10x', async () => {
    expect(await expectSameAsFullReader(HSMM_10X)).toMatchObject({ summary: { cells: 271, genes: 2000, valueKind: 'normalized' } });
  });
});
