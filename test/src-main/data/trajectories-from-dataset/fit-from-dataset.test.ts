// `pathreg fit --data FILE` on data sets: the end-to-end run from hsmm.h5ad with its Hours column (issue 4's check),
// and the option errors, through the real CLI in-process.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeTrajectoryFolder } from '../../cli/cli-harness.ts';
import { SHARED_DATA } from '../../../shared-data.ts';

const HSMM = `${SHARED_DATA}/hsmm/hsmm.h5ad`;
const TINY = ['--engine', 'wasm', '--hidden', '8', '--bins', '8'];
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-fit-dataset-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pathreg fit on a data set', () => {
  it('hsmm.h5ad with Hours as time completes and writes metrics.json and edges.csv in gene symbols', async () => {
    const out = join(root, 'hsmm');
    const result = await runCli([
      'fit',
      '--data',
      HSMM,
      '--time',
      'Hours',
      '--n-top-genes',
      '12',
      '--tf-list',
      'none',
      '--iterations',
      '5',
      '--seed',
      '3',
      '--out',
      out,
      ...TINY,
    ]);
    expect(result.stderr).not.toMatch(/pathreg fit: /);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/opened h5ad data: 271 cells × 2,000 genes/);
    // A time course keeps its first and last time points: nothing trimmed by default.
    expect(result.stderr).toMatch(/read hsmm\.h5ad: 271 cells, 271 kept after trimming/);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.iterations).toBe(5);
    expect(metrics.genes).toBe(12);
    expect(Number.isFinite(metrics.train_mse)).toBe(true);
    expect(metrics.gene_names).toHaveLength(12);
    expect(metrics.data_set.notes.join('\n')).toMatch(/genes are named by the var column "gene_short_name"/);
    expect(metrics.preparation.dropFirst).toBe(0);
    expect(metrics.data_sha256).toMatch(/^[0-9a-f]{64}$/);
    const edges = (await readFile(join(out, 'edges.csv'), 'utf8')).trim().split('\n');
    expect(edges[0]).toBe('source,target,weight,sign');
    expect(edges.length).toBeGreaterThan(1);
    const genes = new Set<string>(metrics.gene_names);
    for (const line of edges.slice(1)) {
      const [source, target] = line.split(',');
      expect(genes.has(source) && genes.has(target)).toBe(true);
      expect(source).not.toMatch(/^ENSG/);
    }
  }, 30_000);
});

describe('pathreg fit with a donor column', () => {
  it('--donor State --test 3 trains on the other states and evaluates state 3 held out', async () => {
    const out = join(root, 'donors');
    const result = await runCli([
      'fit',
      '--data',
      HSMM,
      '--pseudotime',
      'Pseudotime',
      '--donor',
      'State',
      '--test',
      '3',
      '--tf-list',
      'none',
      '--n-top-genes',
      '6',
      '--drop-first',
      '2',
      '--drop-last',
      '2',
      '--iterations',
      '2',
      '--out',
      out,
      ...TINY,
    ]);
    expect(result.stderr).not.toMatch(/pathreg fit: /);
    expect(result.stderr).toMatch(/read hsmm\.h5ad \(3\): 43 cells, 39 kept after trimming/);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.train_donors).toEqual(['1', '2']);
    expect(Object.keys(metrics.test_mse)).toEqual(['3']);
  }, 30_000);
});

describe('pathreg fit data-set options are checked', () => {
  let tables: string;
  beforeAll(async () => {
    tables = await writeTrajectoryFolder(join(root, 'tables'));
  });
  const fails = async (args: string[], message: RegExp) => {
    const result = await runCli(['fit', ...args, '--out', join(root, 'never'), '--iterations', '1', ...TINY]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(message);
  };

  it('the paper tables are a data set like any other: a data-set option names their obs columns', async () => {
    await fails(
      ['--data', tables, '--train', '12', '--time', 'Hours'],
      /has no obs column "Hours" for the time\. Its obs columns are: "pseudotime"/,
    );
  });
  it('--pseudotime and --time together, or with --root, are refused', async () => {
    await fails(['--data', HSMM, '--pseudotime', 'Pseudotime', '--time', 'Hours'], /Give --pseudotime or --time, not both/);
    await fails(['--data', HSMM, '--time', 'Hours', '--root', '0'], /--root computes diffusion pseudotime/);
  });
  it('a missing obs column names the file and lists the columns', async () => {
    await fails(
      ['--data', HSMM, '--time', 'hours', '--tf-list', 'none'],
      /"hsmm\.h5ad" has no obs column "hours" for the time\. Its obs columns are: "Hours" \(numeric\).*Did you mean "Hours"\?/,
    );
  });
  it('a text column as pseudotime names the first cell that is not a number', async () => {
    await fails(
      ['--data', HSMM, '--pseudotime', 'Library', '--tf-list', 'none'],
      /obs column "Library" is used as the pseudotime, but cell "T0_CT_A01" \(row 1\) holds "SCC10013_A01"/,
    );
  });
  it('--train/--test without --donor, and an unknown donor', async () => {
    await fails(['--data', HSMM, '--time', 'Hours', '--test', 'D2', '--tf-list', 'none'], /no donor column was given: add --donor COLUMN/);
    await fails(
      ['--data', HSMM, '--time', 'Hours', '--donor', 'Media', '--test', 'D2', '--tf-list', 'none'],
      /obs column "Media" has no cells of donor "D2".*Donors present: "GM", "DM"/,
    );
  });
  it('no column named as a time and no root: nothing is guessed, and the columns that look like time are suggested', async () => {
    // "stage" and "age" may order cells, but their names do not say time, so the shared rules never pick them.
    const rows = ['cell,stage,age,n_counts,G1,G2,G3'];
    for (let c = 0; c < 40; c++) rows.push(`c${c},${c % 4},${c},${100 + c},${c % 3},${(c * 7) % 5},${c % 2}`);
    const table = join(root, 'no-time.csv');
    await writeFile(table, `${rows.join('\n')}\n`);
    await fails(['--data', table, '--tf-list', 'none'], /needs a time for every cell.*looks? like one: "stage", "age"/);
  });
  it('no option on hsmm.h5ad: the column named Pseudotime, as the app proposes (not Hours, not a count)', async () => {
    const out = join(root, 'hsmm-defaults');
    const options = '--iterations 2 --n-top-genes 5 --tf-list none'.split(' ');
    const result = await runCli(['fit', '--data', HSMM, ...options, '--out', out, ...TINY]);
    expect(result.code, result.stderr).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.pseudotime).toBe('obs column "Pseudotime" (pseudotime)');
  }, 60_000);
  it('a lineage too small for the trimming is named', async () => {
    await fails(
      ['--data', HSMM, '--pseudotime', 'Pseudotime', '--lineage', 'State', '--tf-list', 'none', '--drop-first', '40', '--drop-last', '40'],
      /lineage "\d" \(column "State"\) has only \d+ cells with a time, but a trajectory needs at least 85 \(--drop-first 40 \+ --drop-last 40 \+ 5 kept\)/,
    );
  });
});

describe('pathreg fit on a small CSV table', () => {
  let table: string;
  beforeAll(async () => {
    // 60 cells × 6 genes with an "hours" column (recognised as obs) and smooth, non-integer expression.
    const genes = ['GATA1', 'SPI1', 'KLF1', 'CEBPA', 'TAL1', 'ACTB'];
    const lines = [['cell', 'hours', ...genes].join(',')];
    for (let c = 0; c < 60; c++) {
      const t = c % 4;
      lines.push(
        [`cell${c}`, String(t * 24), ...genes.map((_, g) => (1.5 + Math.sin(t * 0.7 + g) + 0.01 * ((c * 7 + g * 3) % 11)).toFixed(4))].join(
          ',',
        ),
      );
    }
    table = join(root, 'small.csv');
    await writeFile(table, `${lines.join('\n')}\n`);
    await writeFile(join(root, 'genes.txt'), '# genes to train on\nGATA1\nSPI1\nKLF1\n');
  });

  it('--genes @FILE trains on exactly those genes', async () => {
    const out = join(root, 'csv-run');
    const result = await runCli([
      'fit',
      '--data',
      table,
      '--time',
      'hours',
      '--genes',
      `@${join(root, 'genes.txt')}`,
      '--tf-list',
      'none',
      '--iterations',
      '2',
      '--out',
      out,
      ...TINY,
    ]);
    expect(result.stderr).not.toMatch(/pathreg fit: /);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.gene_names).toEqual(['GATA1', 'SPI1', 'KLF1']);
  });

  it('a missing gene file and seurat_v3 on non-count values are explained', async () => {
    const base = [
      'fit',
      '--data',
      table,
      '--time',
      'hours',
      '--tf-list',
      'none',
      '--iterations',
      '1',
      '--out',
      join(root, 'never'),
      ...TINY,
    ];
    const missing = await runCli([...base, '--genes', '@/nowhere/genes.txt']);
    expect(missing.stderr).toMatch(/--genes @\/nowhere\/genes\.txt: .*one gene symbol per line/);
    const v3 = await runCli([...base, '--n-top-genes', '3', '--hvg-flavor', 'seurat_v3']);
    expect(v3.stderr).toMatch(/seurat_v3 flavour of highly variable genes needs raw counts/);
    const layer = await runCli([...base, '--n-top-genes', '3', '--layer', 'counts']);
    expect(layer.stderr).toMatch(/"small\.csv" has no layer "counts"\. It has no layers/);
  });
});

describe('the bundled default TF list on data of another kind', () => {
  const BEELINE = `${SHARED_DATA}/beeline-sample/dyn-BF_2000_0`;

  it('goes on without it, with a note, when the user gave no --tf-list (simulated genes g1…g8 match no human TF)', async () => {
    const out = join(root, 'dynbf-default');
    const result = await runCli(['fit', '--data', BEELINE, '--iterations', '3', '--out', out, ...TINY]);
    expect(result.code).toBe(0);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.data_set.notes.join('\n')).toMatch(/default TF list \(pathreg-basegrn-human\) shares no gene with this data set/);
    // The run record is what the app shows too: it names the setting, not the command line's option.
    expect(metrics.data_set.notes.join('\n')).toMatch(/choose a TF list of this organism/);
    expect(metrics.data_set.notes.join('\n')).not.toMatch(/--/);
    expect(metrics.tf_list).toBeNull();
  });

  it('still refuses a list the user named that matches nothing', async () => {
    const result = await runCli([
      'fit',
      '--data',
      BEELINE,
      '--iterations',
      '3',
      '--tf-list',
      'pathreg-basegrn-human',
      '--out',
      join(root, 'dynbf-named'),
      ...TINY,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/shares no gene with the data/);
  });
});
