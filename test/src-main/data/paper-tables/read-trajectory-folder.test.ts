import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  readTrajectoryFolder,
  readTrajectoryFolderTables,
  readTrajectoryTables,
} from '../../../../src-main/data/paper-tables/read-trajectory-folder.ts';
import { readTrajectoryTablesDataset } from '../../../../src-main/data/paper-tables/trajectory-tables-dataset.ts';
import { dataInputErrorMessage, scratchFiles } from '../scratch-files.ts';
import { SHARED_DATA } from '../../../shared-data.ts';

const SHARED = `${SHARED_DATA}/pathreg-hematopoiesis/trajectories`;
const { folder, dir } = scratchFiles('trajectory-folder');

describe('the shared hematopoiesis tables', () => {
  it('reads all 14 files: 529 genes each, row counts as in the data README, donors then eryth, mono, B', async () => {
    const tables = await readTrajectoryFolderTables(SHARED);
    const rows = Object.fromEntries(tables.trajectories.map((t) => [t.name, t.times.length]));
    expect(rows).toEqual({
      eryth_11: 1227,
      eryth_12: 310,
      eryth_21: 717,
      eryth_36: 190,
      mono_11: 1028,
      mono_12: 854,
      mono_21: 1472,
      mono_24: 1353,
      mono_36: 345,
      B_11: 512,
      B_12: 198,
      B_21: 421,
      B_24: 1035,
      B_36: 78,
    });
    expect(tables.trajectories.map((t) => t.name).slice(0, 6)).toEqual(['eryth_11', 'mono_11', 'B_11', 'eryth_12', 'mono_12', 'B_12']);
    for (const t of tables.trajectories) {
      expect(t.genes).toHaveLength(529);
      expect(t.genes.slice(0, 3)).toEqual(['ABCB6', 'ABCC4', 'AC002454.1']);
      expect(t.values).toHaveLength(t.times.length * 529);
      expect(t.values.every((v) => v >= 0 && Number.isFinite(v))).toBe(true);
    }
    expect(tables.sources.every((s) => s.sha256.length === 64 && s.bytes > 0)).toBe(true);
  });

  it('keeps the donors asked for, in the order asked (the paper: 12, 21, 36, 11, 24)', async () => {
    const ts = await readTrajectoryFolder(SHARED, { donors: ['12', '24'] });
    expect(ts.map((t) => t.name)).toEqual(['eryth_12', 'mono_12', 'B_12', 'mono_24', 'B_24']);
  });

  it('gives the same cells as a Dataset with pseudotime, lineage, donor and file columns', async () => {
    const ds = await readTrajectoryTablesDataset(SHARED, { donors: ['36'] });
    expect(ds.summary).toMatchObject({ format: 'pathreg-tables', cells: 190 + 345 + 78, genes: 529, valueKind: 'normalized' });
    expect(ds.summary.obs.map((o) => o.name)).toEqual(['pseudotime', 'lineage', 'donor', 'file']);
    const lineage = ds.obs[1];
    expect(lineage.type === 'categorical' && lineage.levels).toEqual(['eryth', 'mono', 'B']);
    const single = await readTrajectoryTables(join(SHARED, 'B_36_norm.tsv.gz'));
    const gene = 100;
    const column = await ds.readGenes([gene]);
    const b36 = single.trajectories[0];
    // B_36 cells come last in the stacked matrix.
    for (let c = 0; c < 78; c++) expect(column[190 + 345 + c]).toBe(b36.values[c * 529 + gene]);
    ds.close();
  });
});

describe('the bundled example (resources/examples/hematopoiesis)', () => {
  it('reads donors 12 and 21 with three lineages each, identical to the shared copies', async () => {
    const example = await readTrajectoryFolderTables(join(import.meta.dirname, '../../../../resources/examples/hematopoiesis'));
    expect(example.trajectories.map((t) => `${t.name}:${t.times.length}`)).toEqual([
      'eryth_12:310',
      'mono_12:854',
      'B_12:198',
      'eryth_21:717',
      'mono_21:1472',
      'B_21:421',
    ]);
    const shared = await readTrajectoryFolderTables(SHARED, { donors: ['12', '21'] });
    expect(example.sources.map((s) => s.sha256)).toEqual(shared.sources.map((s) => s.sha256));
  });
});

describe('folder errors', () => {
  const header = 'dpt_pseudotime\tA\tB\n';

  it('names donors that have no files and lists those present', async () => {
    const path = folder('donors', { 'eryth_12_norm.tsv': `${header}0\t1\t2\n`, 'README.md': 'not a table' });
    expect(await dataInputErrorMessage(readTrajectoryFolder(path, { donors: ['12', '99'] }))).toMatch(
      /no files for donor "99". The donors present are "12"/,
    );
  });

  it('rejects gene sets that differ, naming the file and the genes', async () => {
    const path = folder('genes', {
      'eryth_12_norm.tsv': `${header}0\t1\t2\n`,
      'mono_12_norm.tsv': 'dpt_pseudotime\tA\tC\n0\t1\t2\n',
    });
    expect(await dataInputErrorMessage(readTrajectoryFolder(path))).toMatch(
      /"mono_12_norm\.tsv" lacks 1 gene\(s\) of "eryth_12_norm\.tsv" \(B\) and has 1 gene\(s\) .* \(C\)/,
    );
  });

  it("puts the same genes in another order into the first file's order", async () => {
    const path = folder('order', {
      'eryth_12_norm.tsv': `${header}0\t1\t2\n`,
      'mono_12_norm.tsv': 'dpt_pseudotime\tB\tA\n0\t20\t10\n',
    });
    const [, mono] = await readTrajectoryFolder(path);
    expect(mono.genes).toEqual(['A', 'B']);
    expect([...mono.values]).toEqual([10, 20]);
  });

  it('rejects a folder with no tables, and a missing folder', async () => {
    expect(await dataInputErrorMessage(readTrajectoryFolder(folder('none', { 'notes.md': 'x' })))).toMatch(/holds no trajectory tables/);
    expect(await dataInputErrorMessage(readTrajectoryFolder(join(dir, 'absent')))).toMatch(/no such folder/);
  });

  it('passes on the error of a bad file in the folder', async () => {
    const path = folder('bad', { 'eryth_12_norm.tsv': `${header}0\t1\t2\n`, 'mono_12_norm.tsv': `${header}0\t1\tx\n` });
    expect(await dataInputErrorMessage(readTrajectoryFolder(path))).toMatch(/"mono_12_norm\.tsv", line 2, column 3 \("B"\)/);
  });
});
