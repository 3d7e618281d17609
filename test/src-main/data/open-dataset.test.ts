import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectFormat, inspectDataset, openDataset } from '../../../src-main/data/open-dataset.ts';
import type { Dataset, MetadataColumn } from '../../../src-main/data/dataset.ts';

// The same 271 cells × 2000 genes in every format (see ../shared/data/hsmm/README.md); the CSV and TSV sidecars are
// the reference, parsed here independently of the readers.
// ../shared/data beside the checkout, as on the dev and CI machines.
const SHARED_DATA = fileURLToPath(new URL('../../../../shared/data', import.meta.url));
const HSMM = join(SHARED_DATA, 'hsmm');

interface Reference {
  cells: string[];
  geneIds: string[];
  symbols: string[];
  values: Float32Array;
  obs: Record<string, string[]>;
  varColumns: Record<string, string[]>;
}

function parseTsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  return { header: lines[0].split('\t'), rows: lines.slice(1).map((l) => l.split('\t')) };
}

/** The CSV header quotes four symbols that contain commas; split it by hand (RFC 4180). */
function splitQuoted(line: string): string[] {
  return (line.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? [])
    .map((f) => f.replace(/,$/, ''))
    .map((f) => (f.startsWith('"') ? f.slice(1, -1).replace(/""/g, '"') : f))
    .slice(0, -1);
}

function loadReference(): Reference {
  const csvLines = readFileSync(join(HSMM, 'hsmm.csv'), 'utf8')
    .split('\n')
    .filter((l) => l.length > 0);
  const header = splitQuoted(csvLines[0]);
  expect(header.length).toBe(2002);
  const values = new Float32Array(271 * 2000);
  csvLines.slice(1).forEach((line, c) => {
    const fields = line.split(',');
    for (let g = 0; g < 2000; g++) values[c * 2000 + g] = Number(fields[g + 2]);
  });
  const obs = parseTsv(join(HSMM, 'hsmm_obs.tsv'));
  const vars = parseTsv(join(HSMM, 'hsmm_var.tsv'));
  const column = (table: { header: string[]; rows: string[][] }, name: string) => table.rows.map((r) => r[table.header.indexOf(name)]);
  return {
    cells: column(obs, 'cell'),
    geneIds: column(vars, 'gene_id'),
    symbols: header.slice(2),
    values,
    obs: Object.fromEntries(obs.header.slice(1).map((n) => [n, column(obs, n)])),
    varColumns: Object.fromEntries(vars.header.slice(1).map((n) => [n, column(vars, n)])),
  };
}

/** A metadata column as the text the TSV holds (numbers compared as numbers later). */
function columnText(column: MetadataColumn): string[] {
  switch (column.type) {
    case 'categorical':
      return Array.from(column.codes, (c) => (c < 0 ? '' : column.levels[c]));
    case 'string':
      return column.values;
    case 'boolean':
      return Array.from(column.values, (v) => (v ? 'True' : 'False'));
    case 'numeric':
      return Array.from(column.values, String);
  }
}

function expectColumn(dataset: Dataset, columns: MetadataColumn[], name: string, expected: string[]): void {
  const column = columns.find((c) => c.name === name);
  expect(column, `${dataset.summary.format}: column ${name}`).toBeDefined();
  if (!column) return;
  if (column.type === 'numeric') {
    expected.forEach((text, i) => expect(column.values[i]).toBeCloseTo(Number(text), 9));
  } else {
    expect(columnText(column)).toEqual(expected);
  }
}

let reference: Reference;
beforeAll(() => {
  reference = loadReference();
});

const ALL_GENES = Array.from({ length: 2000 }, (_, i) => i);

describe('every HSMM file gives the same data as the CSV/TSV sidecars', () => {
  const cases: Array<{ file: string; format: string; names: 'ids' | 'symbols'; obsNames: Record<string, string> }> = [
    {
      file: 'hsmm.h5ad',
      format: 'h5ad',
      names: 'ids',
      obsNames: {
        Hours: 'Hours',
        Media: 'Media',
        State: 'State',
        Library: 'Library',
        Well: 'Well',
        'Mapped.Fragments': 'Mapped.Fragments',
        Pseudotime: 'Pseudotime',
      },
    },
    { file: 'hsmm_dense.h5ad', format: 'h5ad', names: 'ids', obsNames: { Hours: 'Hours', Media: 'Media', Pseudotime: 'Pseudotime' } },
    { file: 'hsmm_csc.h5ad', format: 'h5ad', names: 'ids', obsNames: { Hours: 'Hours', State: 'State', Well: 'Well' } },
    { file: 'hsmm_10x.h5', format: '10x-h5', names: 'symbols', obsNames: {} },
    { file: '10x', format: '10x-mtx', names: 'symbols', obsNames: {} },
    {
      file: 'hsmm.loom',
      format: 'loom',
      names: 'symbols',
      obsNames: { Hours: 'Hours', Media: 'Media', State: 'State', Mapped_Fragments: 'Mapped.Fragments', Pseudotime: 'Pseudotime' },
    },
    { file: 'hsmm.csv', format: 'csv', names: 'symbols', obsNames: { Hours: 'Hours' } },
  ];

  for (const { file, format, names, obsNames } of cases) {
    it(`${file} (${format})`, async () => {
      const path = join(HSMM, file);
      expect(await detectFormat(path)).toBe(format);
      const dataset = await openDataset(path);
      try {
        expect(dataset.summary).toMatchObject({ format, cells: 271, genes: 2000, valueKind: 'normalized' });
        expect(dataset.cellNames).toEqual(reference.cells);
        expect(dataset.geneNames).toEqual(names === 'ids' ? reference.geneIds : reference.symbols);
        // Values equal to the float32 of the CSV, bit for bit.
        const all = await dataset.readGenes(ALL_GENES);
        expect(all.length).toBe(reference.values.length);
        // A plain loop: a deep equality over 542,000 elements is slow in the assertion library.
        let mismatches = 0;
        for (let i = 0; i < all.length; i++) if (all[i] !== reference.values[i]) mismatches++;
        expect(mismatches).toBe(0);
        // A scattered subset: MYOG (676) and CDK1 (1471), as in the README's biology check.
        const subset = await dataset.readGenes([1471, 676]);
        const expected = new Float32Array(542);
        for (let c = 0; c < 271; c++) {
          expected[c * 2] = reference.values[c * 2000 + 1471];
          expected[c * 2 + 1] = reference.values[c * 2000 + 676];
        }
        expect(subset).toEqual(expected);
        for (const [ours, theirs] of Object.entries(obsNames)) expectColumn(dataset, dataset.obs, ours, reference.obs[theirs]);
        if (format === 'h5ad') {
          for (const name of ['gene_short_name', 'biotype', 'use_for_ordering', 'num_cells_expressed', 'log1p_variance']) {
            expectColumn(dataset, dataset.var, name, reference.varColumns[name]);
          }
        }
        if (format.startsWith('10x')) expectColumn(dataset, dataset.var, 'gene_ids', reference.geneIds);
        if (format === 'loom') expectColumn(dataset, dataset.var, 'Accession', reference.geneIds);
      } finally {
        dataset.close();
      }
    });
  }

  it('the summary of hsmm.h5ad states sparsity from nnz, the value kind with its reason and the obs columns', async () => {
    const summary = await inspectDataset(join(HSMM, 'hsmm.h5ad'));
    expect(summary.sparsity).toBeCloseTo(1 - 386108 / (271 * 2000), 12);
    expect(summary.valueKindReason).toMatch(/fractional with maximum .* normalised but not logged/);
    expect(summary.obs.map((c) => [c.name, c.type])).toEqual([
      ['Hours', 'numeric'],
      ['Media', 'categorical'],
      ['State', 'categorical'],
      ['Library', 'string'],
      ['Well', 'categorical'],
      ['Mapped.Fragments', 'numeric'],
      ['Pseudotime', 'numeric'],
    ]);
    expect(summary.obs[1].levels).toEqual(['GM', 'DM']);
    expect(summary.var.find((c) => c.name === 'use_for_ordering')?.type).toBe('boolean');
  });
});

describe('dispatch to the paper-table and BEELINE readers', () => {
  it('detects and opens a BEELINE folder (or its ExpressionData.csv) and a paper trajectory table', async () => {
    const beeline = join(SHARED_DATA, 'beeline-sample/HSC_2000_0');
    expect(await detectFormat(beeline)).toBe('beeline');
    expect(await detectFormat(join(beeline, 'ExpressionData.csv'))).toBe('beeline');
    expect(await inspectDataset(beeline)).toMatchObject({ format: 'beeline', cells: 2000, genes: 11 });
    const table = join(SHARED_DATA, 'pathreg-hematopoiesis/trajectories/B_12_norm.tsv.gz');
    expect(await detectFormat(table)).toBe('pathreg-tables');
    expect(await inspectDataset(table)).toMatchObject({ format: 'pathreg-tables', cells: 198, genes: 529 });
    // A folder with none of the known layouts is explained, not guessed.
    await expect(detectFormat(SHARED_DATA)).rejects.toThrow(/^"data" is a folder without a recognised data set/);
  });
});
