import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src-main/cli/main.ts';
import { readRunFolder } from '../../../src-main/export/run-folder-reader.ts';
import { ensureFittedTrajectories } from '../../../src-main/export/run-trajectories.ts';
import { SeededRandom } from '../../../src-main/engine/model/random.ts';

const GENES = ['GATA1', 'KLF1', 'SPI1', 'HBB'];
let work: string;
let dataDir: string;
let runDir: string;

async function quiet(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stderr };
  } finally {
    spy.mockRestore();
  }
}

/** Four genes, two lineages, two donors: smooth seeded curves with noise, in the paper's table format. */
async function writeTinyData(folder: string): Promise<void> {
  const random = new SeededRandom(21);
  for (const [lineage, donor, phase] of [
    ['eryth', '12', 0],
    ['mono', '12', 1.5],
    ['eryth', '21', 0.2],
    ['mono', '21', 1.7],
  ] as const) {
    const rows = [['dpt_pseudotime', ...GENES].join('\t')];
    for (let c = 0; c < 70; c++) {
      const t = c / 69 + 0.001 * random.uniform();
      rows.push([t.toFixed(5), ...GENES.map((_, g) => (1 + Math.sin(2.5 * t + phase + g) + 0.2 * random.uniform()).toFixed(4))].join('\t'));
    }
    await writeFile(path.join(folder, `${lineage}_${donor}_norm.tsv`), `${rows.join('\n')}\n`);
  }
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'pathreg-run-traj-'));
  dataDir = path.join(work, 'data');
  runDir = path.join(work, 'run');
  await mkdir(dataDir);
  await writeTinyData(dataDir);
  const fit = await quiet([
    'fit',
    '--data',
    dataDir,
    '--train',
    '12',
    '--test',
    '21',
    '--iterations',
    '5',
    '--hidden',
    '4',
    '--bins',
    '5',
    '--drop-first',
    '2',
    '--drop-last',
    '2',
    '--engine',
    'tfjs',
    '--tfjs-backend',
    'cpu',
    '--out',
    runDir,
  ]);
  if (fit.code !== 0) throw new Error(`pathreg fit failed: ${fit.stderr}`);
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('fitted trajectories stored in a pathreg fit folder', () => {
  it('reproduce the per-cell MSE the fit recorded, and give every gene a peak pseudotime', async () => {
    const run = await readRunFolder(runDir, 'test');
    expect(run.trajectories).not.toBeNull();
    const withCurves = await ensureFittedTrajectories(run);
    const { trajectories } = withCurves;
    expect(trajectories.genes).toEqual(GENES);
    expect(trajectories.trajectories.map((t) => `${t.lineage}_${t.donor}:${t.split}`).sort()).toEqual([
      'eryth_12:train',
      'eryth_21:held-out',
      'mono_12:train',
      'mono_21:held-out',
    ]);
    const recorded = run.metrics.lineage_mse as Record<string, Record<string, number>>;
    for (const series of trajectories.trajectories) {
      const observed = Array.from(series.observed.values);
      const predicted = Array.from(series.predicted!.values);
      expect(predicted.length).toBe(observed.length);
      const mse = observed.reduce((sum, value, i) => sum + (predicted[i] - value) ** 2, 0) / observed.length;
      // The same model, data, preparation and solver as the fit's evaluation: the same error (float32 sums).
      expect(Math.abs(mse - recorded[series.donor][series.lineage]) / recorded[series.donor][series.lineage]).toBeLessThan(1e-5);
    }
    for (const node of withCurves.network.nodes) {
      expect(node.peakPseudotime).not.toBeNull();
      expect(node.peakPseudotime!).toBeGreaterThanOrEqual(0);
      expect(node.peakPseudotime!).toBeLessThanOrEqual(1);
    }
  });

  it('pathreg export writes peak_pseudotime and is_TF into GraphML (read by networkx) and draws the trajectories figure', async () => {
    const graphml = path.join(work, 'net.graphml');
    const result = await quiet(['export', runDir, '--format', 'graphml', '--out', graphml]);
    expect(result.code, result.stderr).toBe(0);
    const nodes = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        ['-c', 'import json,sys,networkx as nx; g=nx.read_graphml(sys.argv[1]); print(json.dumps(dict(g.nodes(data=True))))', graphml],
        { encoding: 'utf8' },
      ),
    );
    for (const gene of GENES) expect(typeof nodes[gene].peak_pseudotime).toBe('number');
    expect(nodes.GATA1.is_TF).toBe(true);
    expect(nodes.HBB.is_TF).toBe(false);
    const figure = await quiet([
      'export',
      runDir,
      '--format',
      'svg',
      '--figure',
      'trajectories',
      '--genes',
      'GATA1,HBB',
      '--out',
      path.join(work, 'traj.svg'),
    ]);
    expect(figure.code, figure.stderr).toBe(0);
    const unknown = await quiet([
      'export',
      runDir,
      '--format',
      'svg',
      '--figure',
      'trajectories',
      '--genes',
      'Gata1',
      '--out',
      path.join(work, 'x.svg'),
    ]);
    expect(unknown.stderr).toMatch(/--genes: "Gata1" is not among the run's 4 genes/);
  });

  it('the data may move or change after the fit: the figure reads what the run stored', async () => {
    await rm(dataDir, { recursive: true, force: true });
    const figure = await quiet(['export', runDir, '--format', 'png', '--figure', 'trajectories', '--out', path.join(work, 'a.png')]);
    expect(figure.code, figure.stderr).toBe(0);
  });

  it('a folder without stored trajectories (an older version) says to train again', async () => {
    const old = path.join(work, 'old-run');
    await cp(runDir, old, { recursive: true });
    await rm(path.join(old, 'trajectories.json'));
    const figure = await quiet(['export', old, '--format', 'png', '--figure', 'trajectories', '--out', path.join(work, 'b.png')]);
    expect(figure.code).toBe(1);
    expect(figure.stderr).toMatch(/holds no stored trajectories .*train the run again/);
  });
});
