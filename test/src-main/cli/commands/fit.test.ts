import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitHelp, fitOptionSpecs, fitSettingsFromOptions } from '../../../../src-main/cli/commands/fit.ts';
import { parseOptions } from '../../../../src-main/cli/option-parser.ts';
import { FIXTURE_GENES, runCli, writeTrajectoryFolder } from '../cli-harness.ts';

let root: string;
let data: string;
const tiny = ['--hidden', '4', '--bins', '5', '--engine', 'tfjs', '--tfjs-backend', 'cpu', '--tf-list', 'none'];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-fit-'));
  data = await writeTrajectoryFolder(join(root, 'trajectories'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pathreg fit', () => {
  it('trains, evaluates and writes metrics.json with every key, edges.csv sorted by weight, and a checkpoint', async () => {
    const out = join(root, 'run');
    const tfs = join(root, 'tfs.txt');
    await writeFile(tfs, 'GATA1\nSPI1\nNOT_IN_DATA\n');
    const result = await runCli([
      'fit',
      '--data',
      data,
      '--train',
      '12',
      '--test',
      '21',
      '--iterations',
      '3',
      '--seed',
      '1',
      '--out',
      out,
      ...tiny.slice(0, -2),
      '--tf-list',
      tfs,
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/iteration 3\/3 +loss [\d.e-]+ \(data .* \+ penalty .*\).*ETA/);
    expect(result.stderr).toMatch(/donor 21 has no mono cells: it is evaluated on eryth only/);
    // The named stages, in order, as the app's Training view draws them (pseudotime comes from the tables: not printed).
    const stages = [...result.stderr.matchAll(/^\[(\d)\/6\] (.*)$/gm)].map((m) => Number(m[1]));
    expect(stages[0]).toBe(1);
    expect([...new Set(stages)]).toEqual([1, 2, 4, 5, 6]);
    expect(result.stderr).toMatch(/\[5\/6\] Evaluating every cell \(2\/3\): held-out donor 21/);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    for (const key of [
      'train_mse',
      'test_mse',
      'test_mse_mean',
      'feature_sparsity',
      'model_sparsity',
      'spurious_feature_sparsity',
      'iterations',
      'seconds',
      'engine',
      'seed',
      'data_sha256',
      'version',
      'config',
      'lineage_mse',
    ]) {
      expect(metrics, key).toHaveProperty(key);
    }
    expect(Object.keys(metrics.test_mse)).toEqual(['21']);
    expect(metrics.test_mse_mean).toBe(metrics.test_mse['21']);
    expect(metrics.train_mse).toBeCloseTo(metrics.lineage_mse['12'].eryth + metrics.lineage_mse['12'].mono, 12);
    expect(Object.keys(metrics.lineage_mse['21'])).toEqual(['eryth']);
    expect(metrics.iterations).toBe(3);
    expect(metrics.engine).toBe('tfjs');
    expect(metrics.seed).toBe(1);
    expect(metrics.data_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(metrics.tf_list.tfs_in_data).toBe(2);
    expect(metrics.spurious_feature_sparsity).toBeGreaterThanOrEqual(0);
    expect(metrics.config.model.hidden).toEqual([4]);

    const lines = (await readFile(join(out, 'edges.csv'), 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('source,target,weight,sign');
    const edges = lines.slice(1).map((l) => l.split(','));
    // The trajectory method lets every gene regulate by default, TF list or not: every ordered pair is an edge.
    expect(metrics.regulators.choice).toBe('all');
    expect(edges.length).toBe(FIXTURE_GENES.length * (FIXTURE_GENES.length - 1));
    for (let k = 1; k < edges.length; k++) expect(Number(edges[k - 1][2])).toBeGreaterThanOrEqual(Number(edges[k][2]));
    expect(edges.every(([s, t, , sign]) => s !== t && ['-1', '0', '1'].includes(sign))).toBe(true);
    expect((await readFile(join(out, 'checkpoint.bin'))).subarray(0, 18).toString()).toBe('PATHREG-CHECKPOINT');

    // The training curve, for the loss-curve figure: one row per iteration of this short run, totals = data + penalty.
    const history = (await readFile(join(out, 'history.csv'), 'utf8')).trim().split('\n');
    expect(history[0]).toBe('iteration,data,penalty,total,learning_rate');
    const rows = history.slice(1).map((l) => l.split(',').map(Number));
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3]);
    for (const [, dataTerm, penalty, total] of rows) expect(total).toBeCloseTo(dataTerm + penalty, 5);
    expect(rows[2][3]).toBeCloseTo(metrics.final_loss.total, 5);
  });

  it('--resume continues exactly: 4 iterations equal 2 + resume to 4, bit for bit', async () => {
    const straight = join(root, 'straight');
    const split = join(root, 'split');
    const common = ['fit', '--data', data, '--train', '12', '--seed', '5', '--checkpoint-every', '1', ...tiny];
    expect((await runCli([...common, '--iterations', '4', '--out', straight])).code).toBe(0);
    expect((await runCli([...common, '--iterations', '2', '--out', split])).code).toBe(0);
    const resumed = await runCli([...common, '--iterations', '4', '--out', split, '--resume']);
    expect(resumed.code).toBe(0);
    expect(resumed.stderr).toMatch(/resuming from .*checkpoint\.bin at iteration 2 of 4/);
    const a = JSON.parse(await readFile(join(straight, 'metrics.json'), 'utf8'));
    const b = JSON.parse(await readFile(join(split, 'metrics.json'), 'utf8'));
    expect(b.train_mse).toBe(a.train_mse);
    expect(b.final_loss).toEqual(a.final_loss);
    expect(await readFile(join(split, 'edges.csv'), 'utf8')).toBe(await readFile(join(straight, 'edges.csv'), 'utf8'));
    expect(await readFile(join(split, 'history.csv'), 'utf8')).toBe(await readFile(join(straight, 'history.csv'), 'utf8'));

    // Resuming a finished run trains no further and evaluates again (e.g. with another --tf-list).
    const again = await runCli([
      ...common.slice(0, -2),
      '--tf-list',
      'pathreg-basegrn-human',
      '--iterations',
      '4',
      '--out',
      split,
      '--resume',
    ]);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/iteration \d+\/4 +loss/);
    const c = JSON.parse(await readFile(join(split, 'metrics.json'), 'utf8'));
    expect(c.train_mse).toBe(a.train_mse);
    expect(c.tf_list.source).toBe('pathreg-basegrn-human');

    // Resuming with other settings is refused, naming the option.
    const other = await runCli([...common, '--iterations', '6', '--out', split, '--resume', '--lr', '0.5']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/--lr\/--plateau-patience was .*learningRate":0.01.*now/);
  });

  it('documents every option with its default in --help', async () => {
    const result = await runCli(['fit', '--help']);
    expect(result.code).toBe(0);
    for (const option of [
      'data',
      'train',
      'test',
      'lineages',
      'iterations',
      'engine',
      'seed',
      'out',
      'resume',
      'tf-list',
      'regularizer',
      'lambda',
      'hidden',
      'activation',
      'solver',
      'bins',
      'rtol',
      'atol',
      'lr',
      'plateau-patience',
      'checkpoint-every',
      'memory-limit',
    ]) {
      expect(result.stdout).toContain(`--${option}`);
    }
    expect(result.stdout).toMatch(/--iterations N +training iterations.*\(default: 5000\)/);
    expect(fitHelp()).toMatch(/--hidden SIZES .*\(default: 100,100\)/);
  });

  const badOptions: Array<[string[], RegExp]> = [
    [['--iterations', '0'], /--iterations must be a whole number from 1 to 10,000,000, got "0"/],
    [['--iterations', '2.5'], /--iterations must be a whole number/],
    [['--lr', '-1'], /--lr must be a number greater than 0 and at most 10, got "-1"/],
    [['--lambda', 'abc'], /--lambda must be a number at least 0 and at most 1000, got "abc"/],
    [['--hidden', '10,abc'], /--hidden must be a whole number from 1 to 4,096, got "abc"/],
    [['--hidden', '10,,5'], /--hidden must be a comma-separated list without empty entries/],
    [['--solver', 'euler'], /--solver must be one of rk4, dopri5, got "euler"/],
    [['--regularizer', 'l2'], /--regularizer must be one of pathreg, l1, l0, group-lasso, none/],
    [['--activation', 'last'], /--activation must be one of first, all/],
    [['--engine', 'cuda'], /--engine must be one of auto, cpu, tfjs, wasm, native, webgpu, got "cuda"/],
    [['--bins', '1'], /--bins must be a whole number from 2 to 10,000/],
    [['--rtol', '0'], /--rtol must be a number greater than 0 and at most 1/],
    [['--seed', '-3'], /--seed must be a whole number from 0 to 4,294,967,295/],
    [['--memory-limit', 'lots'], /--memory-limit must be a size like 4G, 512M/],
    [['--checkpoint-every', '0'], /--checkpoint-every must be a whole number from 1/],
    [['--test', '21,21'], /--test lists "21" twice/],
    [['--solver', 'dopri5', '--bins', '10'], /--bins and --substeps apply to --solver rk4 only/],
    [['--bogus', '1'], /unknown option --bogus/],
    [['--iterations'], /--iterations needs a value: --iterations N/],
    [['--tfjs-backend', 'gpu'], /--tfjs-backend must be one of auto, wasm, cpu/],
  ];
  for (const [args, message] of badOptions) {
    it(`rejects ${args.join(' ')} with exit status 2 and one line naming the option`, async () => {
      const result = await runCli(['fit', '--data', data, '--out', join(root, 'never'), ...args]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
  }

  it('reads the recommended and paper presets and repeated hidden sizes into the run configuration', async () => {
    const parse = (args: string[]) => fitSettingsFromOptions(parseOptions('fit', ['--data', data, ...args], fitOptionSpecs()), 'test');
    const defaults = await parse([]);
    // No method named: the velocity method (issue 13), unless the line asks for the trajectory method by a preset,
    // --resume or one of its settings; a trajectory run's config then reads as before (no method recorded).
    expect(defaults.config.method).toBe('velocity');
    expect((await parse(['--method', 'trajectory'])).config.method).toBe('trajectory');
    for (const line of [['--preset', 'recommended'], ['--iterations', '3'], ['--lambda', '0.5'], ['--resume']])
      expect((await parse(line)).config.method, line.join(' ')).toBeUndefined();
    expect(defaults.config.model).toEqual({ hidden: [100, 100], activation: 'all' });
    expect(defaults.config.regularizer).toEqual({ kind: 'pathreg', lambda: 1e-4 });
    const paper = await parse(['--preset', 'paper']);
    expect(paper.config.model).toEqual({ hidden: [100, 100], activation: 'first' });
    expect(paper.config.regularizer).toEqual({ kind: 'pathreg', lambda: 0.01 });
    expect((await parse(['--preset', 'paper', '--lambda', '0.5'])).config.regularizer.lambda).toBe(0.5);
    await expect(parse(['--preset', 'fast'])).rejects.toThrow(/--preset/);
    expect(defaults.config.solver).toEqual({ kind: 'rk4', bins: 50, substeps: 1 });
    expect(defaults.config.iterations).toBe(5000);
    expect(defaults.evaluation).toEqual({ rtol: 1e-3, atol: 1e-3, maxSteps: 10_000 });
    expect(defaults.tfList?.origin).toBe('pathreg-basegrn-human');
    const custom = await parse([
      '--hidden',
      '64, 64,32',
      '--solver',
      'dopri5',
      '--rtol',
      '1e-5',
      '--memory-limit',
      '2G',
      '--tf-list',
      'none',
      '--lineages',
      'eryth,mono',
    ]);
    expect(custom.config.model.hidden).toEqual([64, 64, 32]);
    expect(custom.config.solver).toEqual({ kind: 'dopri5', rtol: 1e-5, atol: 1e-3, maxSteps: 10_000 });
    expect(custom.memoryLimitBytes).toBe(2 * 1024 ** 3);
    expect(custom.tfList).toBeNull();
    expect(custom.trajectories.lineages).toEqual(['eryth', 'mono']);
    expect((await parse(['--hidden', 'none'])).config.model.hidden).toEqual([]);
  });

  it('requires --data', async () => {
    const result = await runCli(['fit', '--iterations', '3']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--data PATH is required/);
  });

  const badRuns: Array<[string, () => string[], RegExp]> = [
    ['a missing data folder', () => ['--data', join(root, 'nowhere'), '--train', '12'], /nowhere/],
    [
      'a donor with no files',
      () => ['--data', data, '--train', '12', '--test', '99'],
      /has no cells of donor "99".*Donors present: "12", "21"/,
    ],
    [
      'a donor both trained on and held out',
      () => ['--data', data, '--train', '12', '--test', '12'],
      /Donor 12 is in both --train and --test/,
    ],
    [
      'a TF list that does not exist',
      () => ['--data', data, '--train', '12', '--tf-list', join(root, 'no-tfs.txt')],
      /--tf-list: .*no-tfs\.txt.*--tf-list none/,
    ],
    [
      'a problem over the memory limit',
      () => ['--data', data, '--train', '12', '--memory-limit', '1K', '--hidden', '4', '--engine', 'tfjs'],
      /needs about .* but the memory limit is 1\.0 KiB/,
    ],
    [
      'resuming where there is no checkpoint',
      () => ['--data', data, '--train', '12', '--resume', '--out', join(root, 'empty-run')],
      /There is no checkpoint at ".*empty-run.checkpoint\.bin"/,
    ],
  ];
  for (const [what, args, message] of badRuns) {
    it(`stops on ${what} with exit status 1 and one line, no stack trace`, async () => {
      const extra = args();
      const result = await runCli([
        'fit',
        ...(extra.includes('--out') ? [] : ['--out', join(root, 'bad-run')]),
        '--iterations',
        '2',
        ...extra,
      ]);
      expect(result.code).toBe(1);
      const errorLines = result.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('pathreg fit:'));
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it('names the file, line and column of a non-numeric value in the data', async () => {
    const broken = join(root, 'broken');
    await writeTrajectoryFolder(broken);
    const file = join(broken, 'mono_12_norm.tsv');
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines[7] = lines[7].replace(/\t[^\t]+$/, '\tn/a');
    await writeFile(file, lines.join('\n'));
    const result = await runCli(['fit', '--data', broken, '--train', '12', '--iterations', '1', '--out', join(root, 'broken-run')]);
    expect(result.code).toBe(1);
    const error = result.stderr.split('\n').find((l) => l.startsWith('pathreg fit:')) ?? '';
    expect(error).toMatch(/mono_12_norm\.tsv/);
    expect(error).toMatch(/line 8/);
    expect(error).toMatch(/PAX5|column 6/);
  });

  it('rejects a TF list with no overlap with the data', async () => {
    const tfs = join(root, 'other-tfs.txt');
    await writeFile(tfs, 'FOO\nBAR\n');
    const result = await runCli([
      'fit',
      '--data',
      data,
      '--train',
      '12',
      '--iterations',
      '1',
      '--out',
      join(root, 'no-overlap'),
      '--tf-list',
      tfs,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/pathreg fit: The TF list "other-tfs\.txt" \(2 symbols.*shares no gene with the data \(5 genes/);
  });
});
