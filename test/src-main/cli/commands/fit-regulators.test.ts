// `pathreg fit --regulators tfs|all` (issue 14): regulators are the TF list's transcription factors by default when a
// TF list matches the genes, and every gene otherwise; the choice is recorded in metrics.json and kept on resume.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, writeTrajectoryFolder } from '../cli-harness.ts';

let root: string;
let data: string;
let tfs: string;
const tiny = ['--hidden', '4', '--bins', '5', '--engine', 'tfjs', '--tfjs-backend', 'cpu', '--train', '12', '--test', '21'];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-regulators-'));
  data = await writeTrajectoryFolder(join(root, 'trajectories'));
  tfs = join(root, 'tfs.txt');
  await writeFile(tfs, 'GATA1\nSPI1\n');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function edgesOf(out: string): Promise<Array<{ source: string; target: string }>> {
  const lines = (await readFile(join(out, 'edges.csv'), 'utf8')).trim().split('\n').slice(1);
  return lines.map((line) => {
    const [source, target] = line.split(',');
    return { source, target };
  });
}

describe('pathreg fit --regulators', () => {
  it('on the bundled example with --regulators tfs, every edge starts at a TF of the bundled list', async () => {
    const out = join(root, 'example');
    const result = await runCli([
      'fit',
      '--data',
      'resources/examples/hematopoiesis',
      '--train',
      '12',
      '--test',
      '21',
      '--iterations',
      '150',
      '--engine',
      'wasm',
      '--regulators',
      'tfs',
      '--out',
      out,
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/regulators: only the 113 TFs of pathreg-basegrn-human among the 529 genes may regulate \(chosen\)/);
    const metrics = JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8'));
    const tf = new Set<string>(metrics.gene_names.filter((_: string, i: number) => metrics.is_tf[i] === true));
    expect(tf.size).toBe(113);
    const edges = await edgesOf(out);
    expect(edges.length).toBeGreaterThan(1000);
    expect(edges.filter((e) => !tf.has(e.source))).toEqual([]);
    // Non-TF genes are still targets.
    expect(edges.some((e) => !tf.has(e.target))).toBe(true);
    expect(metrics.config.regulators).toBe('tfs');
    expect(metrics.regulators).toMatchObject({ choice: 'tfs', sources: 113, closed_sources: 416 });
    expect(metrics.regulators.feature_sparsity_among_sources).toBeGreaterThanOrEqual(0);
    expect(metrics.feature_sparsity).toBeGreaterThan(416 / 529 - 1e-9);
    expect(metrics.spurious_feature_sparsity).toBe(1);
  });

  it('all lets every gene regulate; without a TF list the default is all; tfs without one is refused', async () => {
    const all = join(root, 'all');
    expect(
      (await runCli(['fit', '--data', data, ...tiny, '--iterations', '3', '--tf-list', tfs, '--regulators', 'all', '--out', all])).code,
    ).toBe(0);
    const allMetrics = JSON.parse(await readFile(join(all, 'metrics.json'), 'utf8'));
    expect(allMetrics.regulators).toMatchObject({ choice: 'all', sources: 5, closed_sources: 0 });
    expect((await edgesOf(all)).some((e) => !['GATA1', 'SPI1'].includes(e.source))).toBe(true);

    // The trajectory method's default is every gene even with a TF list (its field has no decay term of its own) ...
    const trajectoryDefault = join(root, 'trajectory-default');
    expect((await runCli(['fit', '--data', data, ...tiny, '--iterations', '3', '--tf-list', tfs, '--out', trajectoryDefault])).code).toBe(
      0,
    );
    expect(JSON.parse(await readFile(join(trajectoryDefault, 'metrics.json'), 'utf8')).regulators.choice).toBe('all');
    // ... the velocity method's default with a TF list is TFs only: its field gives the other genes no inputs.
    const velocityDefault = join(root, 'velocity-default');
    const velocity = await runCli([
      'fit',
      '--data',
      data,
      '--train',
      '12',
      '--test',
      '21',
      '--method',
      'velocity',
      '--velocity',
      'iterations=5,stages=2,stage-iterations=5',
      '--tf-list',
      tfs,
      '--out',
      velocityDefault,
    ]);
    expect(velocity.code, velocity.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(velocityDefault, 'metrics.json'), 'utf8')).config.regulators).toBe('tfs');
    expect(new Set((await edgesOf(velocityDefault)).map((e) => e.source))).toEqual(new Set(['GATA1', 'SPI1']));

    const none = join(root, 'none');
    const noList = await runCli(['fit', '--data', data, ...tiny, '--iterations', '3', '--tf-list', 'none', '--out', none]);
    expect(noList.code).toBe(0);
    expect(JSON.parse(await readFile(join(none, 'metrics.json'), 'utf8')).regulators.choice).toBe('all');

    const refused = await runCli([
      'fit',
      '--data',
      data,
      ...tiny,
      '--iterations',
      '3',
      '--tf-list',
      'none',
      '--regulators',
      'tfs',
      '--out',
      join(root, 'refused'),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/--regulators tfs needs a TF list.*--tf-list human, mouse or a file, or use --regulators all/);
    expect(refused.stderr).not.toMatch(/\n\s+at /);

    const bad = await runCli(['fit', '--data', data, ...tiny, '--regulators', 'some', '--out', join(root, 'bad')]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--regulators/);
  });

  it('a resumed run keeps its regulators: the default does not change them, naming others is refused', async () => {
    const out = join(root, 'resume');
    const common = ['fit', '--data', data, ...tiny, '--checkpoint-every', '1', '--out', out];
    expect((await runCli([...common, '--iterations', '2', '--tf-list', 'none'])).code).toBe(0);
    // A TF list given at resume does not close gates of a run that started with every gene as a regulator.
    const again = await runCli([...common, '--iterations', '3', '--tf-list', tfs, '--resume']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(out, 'metrics.json'), 'utf8')).regulators.choice).toBe('all');
    const other = await runCli([...common, '--iterations', '4', '--tf-list', tfs, '--regulators', 'tfs', '--resume']);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/--regulators\/--tf-list was "all", now "tfs"/);
  });
});
