import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli-harness.ts';
import { SHARED_DATA } from '../../../shared-data.ts';

let root: string;

/** A run folder in the format `pathreg fit --out` writes: metrics.json (gene names) and edges.csv. */
async function writeRun(name: string, genes: string[], edgeRows: string[]): Promise<string> {
  const folder = join(root, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'metrics.json'), JSON.stringify({ gene_names: genes, seed: 0 }));
  await writeFile(join(folder, 'edges.csv'), ['source,target,weight,sign', ...edgeRows].join('\n') + '\n');
  return folder;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-score-'));
  // The hand-worked example of score-network.test.ts, as files.
  await writeFile(join(root, 'refNetwork.csv'), 'Gene1,Gene2,Type\nA,B,+\nB,C,-\nA,A,+\nA,B,+\n');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('pathreg score', () => {
  it('prints the scores, writes RUN_DIR/scores.json, and --json prints the same document', async () => {
    const run = await writeRun('hand', ['A', 'B', 'C', 'D'], ['A,B,0.9,1', 'A,C,0.5,-1', 'B,C,0.5,1', 'C,A,0.1,1', 'D,A,4,1']);
    const table = await runCli(['score', run, '--reference', join(root, 'refNetwork.csv')]);
    expect(table.stderr).toBe('');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/AUPRC\s+0\.833\s+ratio 2\.500/);
    expect(table.stdout).toMatch(/AUROC\s+0\.938/);
    expect(table.stdout).toMatch(/early precision\s+0\.667\s+ratio 2\.000/);
    const written = JSON.parse(await readFile(join(run, 'scores.json'), 'utf8'));
    // D is not in the reference, so (as in BEELINE) its edge is not scored: 3 genes, 6 pairs.
    expect(written.scores).toMatchObject({
      genes: 3,
      pairs: 6,
      reference_edges: 2,
      reference_self_loops_excluded: 1,
      early_precision_selected: 3,
    });
    expect(written.scores.auprc_beeline).toBeCloseTo(11 / 12, 12);
    expect(written.notes.join(' ')).toMatch(/1 duplicate reference rows/);

    const json = await runCli(['score', run, '--reference', join(root, 'refNetwork.csv'), '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout).scores).toEqual(written.scores);
  });

  it('scores against a headerless tab-separated edge list as against the same refNetwork.csv', async () => {
    const run = await writeRun('edge-list', ['A', 'B', 'C', 'D'], ['A,B,0.9,1', 'A,C,0.5,-1', 'B,C,0.5,1', 'C,A,0.1,1']);
    await writeFile(join(root, 'edges.tsv'), 'A\tB\t+\nB\tC\t-\nA\tA\t+\n');
    const fromList = await runCli(['score', run, '--reference', join(root, 'edges.tsv'), '--json']);
    const fromBeeline = await runCli(['score', run, '--reference', join(root, 'refNetwork.csv'), '--json']);
    expect(fromList.code, fromList.stderr).toBe(0);
    expect(JSON.parse(fromList.stdout).scores).toEqual(JSON.parse(fromBeeline.stdout).scores);
  });

  it('names a missing reference file', async () => {
    const run = await writeRun('missing-ref', ['A', 'B', 'C'], ['A,B,1,1']);
    const result = await runCli(['score', run, '--reference', join(root, 'nope.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nope\.csv.*no such file/);
  });

  it('names a missing run folder file', async () => {
    const result = await runCli(['score', join(root, 'no-run'), '--reference', join(root, 'refNetwork.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no-run.metrics\.json" is missing/);
  });

  it('names genes of both sides when the reference and the run share none', async () => {
    const run = await writeRun('other-genes', ['Gata1', 'Spi1'], ['Gata1,Spi1,1,-1']);
    const result = await runCli(['score', run, '--reference', join(root, 'refNetwork.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/No gene of .*refNetwork\.csv.*"A", "B", "C".*"Gata1", "Spi1"/);
  });

  it('refuses an empty network', async () => {
    const run = await writeRun('empty', ['A', 'B', 'C'], ['A,B,0,0']);
    const result = await runCli(['score', run, '--reference', join(root, 'refNetwork.csv')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/edges\.csv" has no edge with a non-zero weight/);
  });

  it('is a usage error without RUN_DIR or --reference', async () => {
    expect((await runCli(['score', '--reference', join(root, 'refNetwork.csv')])).code).toBe(2);
    const noReference = await runCli(['score', root]);
    expect(noReference.code).toBe(2);
    expect(noReference.stderr).toMatch(/--reference PATH is required/);
  });

  it('scores a real fit on the BEELINE dyn-BF sample', async () => {
    const data = join(SHARED_DATA, 'beeline-sample', 'dyn-BF_2000_0');
    const out = join(root, 'fit');
    const fit = await runCli([
      'fit',
      '--data',
      data,
      '--tf-list',
      'none',
      '--iterations',
      '20',
      '--hidden',
      '16',
      '--seed',
      '1',
      '--out',
      out,
    ]);
    expect(fit.code, fit.stderr).toBe(0);
    const score = await runCli(['score', out, '--reference', join(data, 'refNetwork.csv'), '--json']);
    expect(score.code, score.stderr).toBe(0);
    const scores = JSON.parse(score.stdout).scores;
    // dyn-BF: 7 genes, 12 reference rows of which 2 are self-loops → 10 edges over 42 ordered pairs.
    expect(scores).toMatchObject({ genes: 7, pairs: 42, reference_edges: 10, reference_self_loops_excluded: 2 });
    expect(scores.auroc).toBeGreaterThanOrEqual(0);
    expect(scores.auroc).toBeLessThanOrEqual(1);
    expect(scores.auprc_ratio).toBeCloseTo(scores.auprc / (10 / 42), 10);
  }, 60_000);
});
