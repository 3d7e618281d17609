/**
 * Writes a small, honest run folder like `pathreg fit --out DIR` does (metrics.json + edges.csv) from a seed, so
 * export tests do not depend on a training run. Gene names include characters that CSV, XML and JSON must escape.
 */
import { writeStoredTrajectories, type StoredTrajectory } from '../../../src-main/run/run-folder.ts';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SeededRandom } from '../../../src-main/engine/model/random.ts';

export const FIXTURE_GENES = ['Gata1', 'Spi1', 'Cebpa', 'Klf1', 'Tal1', 'Hba-a1', 'Gene,with "quotes" & <tags>', 'Isolated1'];
export const FIXTURE_TFS = ['Gata1', 'Spi1', 'Cebpa', 'Klf1', 'Tal1'];

export interface FixtureEdge {
  source: string;
  target: string;
  weight: number;
  sign: -1 | 0 | 1;
}

export interface RunFixture {
  folder: string;
  edges: FixtureEdge[];
  metrics: Record<string, unknown>;
}

function csvQuote(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A run folder with every ordered pair of the first 7 genes (self-edges left out); "Isolated1" has no edge. */
export async function writeRunFixture(seed = 7): Promise<RunFixture> {
  const random = new SeededRandom(seed);
  const folder = await mkdtemp(path.join(tmpdir(), 'pathreg-export-run-'));
  const connected = FIXTURE_GENES.slice(0, 7);
  const edges: FixtureEdge[] = [];
  for (const source of connected) {
    for (const target of connected) {
      if (source === target) continue;
      // Exponential-like spread of weights, as path products give; signs from the same stream.
      const weight = Math.exp(-6 * random.uniform()) * 0.8;
      const u = random.uniform();
      edges.push({ source, target, weight, sign: u < 0.45 ? 1 : u < 0.9 ? -1 : 0 });
    }
  }
  edges.sort((a, b) => b.weight - a.weight);
  const metrics = {
    version: '0.1.0',
    engine: 'tfjs',
    seed,
    iterations: 40,
    seconds: 1.5,
    train_mse: 0.0123,
    test_mse: { '21': 0.02, '36': 0.031 },
    test_mse_mean: 0.0255,
    feature_sparsity: 0.25,
    model_sparsity: 0.5,
    spurious_feature_sparsity: 0.75,
    data_sha256: 'a'.repeat(64),
    train_donors: ['12'],
    test_donors: ['21', '36'],
    lineage_mse: { '12': { eryth: 0.006, mono: 0.0063 }, '21': { eryth: 0.011, mono: 0.009 }, '36': { eryth: 0.017, mono: 0.014 } },
    genes: FIXTURE_GENES.length,
    // Gene names (isolated genes included) and TF names: the keys the exporter reads for nodes and is_TF.
    gene_names: FIXTURE_GENES,
    tf_genes: FIXTURE_TFS,
    provenance: {
      command: 'pathreg fit --data trajectories --train 12 --iterations 40',
      data_path: 'trajectories',
      sources: [
        { path: 'trajectories/eryth_12_norm.tsv.gz', bytes: 1234, sha256: 'b'.repeat(64) },
        { path: 'trajectories/mono_12_norm.tsv.gz', bytes: 2345, sha256: 'c'.repeat(64) },
      ],
      finished_at: '2026-11-24T11:00:00.000Z',
    },
    config: {
      model: { hidden: [5, 3], activation: 'first' },
      regularizer: { kind: 'pathreg', lambda: 0.01 },
      solver: { kind: 'rk4', bins: 10, substeps: 1 },
      optimizer: { learningRate: 0.01, plateauPatience: 0 },
      iterations: 40,
      seed,
      engine: 'tfjs',
      checkpointEvery: 20,
    },
  };
  await writeFile(path.join(folder, 'metrics.json'), JSON.stringify(metrics, null, 2));
  const lines = ['source,target,weight,sign', ...edges.map((e) => `${csvQuote(e.source)},${csvQuote(e.target)},${e.weight},${e.sign}`)];
  await writeFile(path.join(folder, 'edges.csv'), `${lines.join('\n')}\n`);
  return { folder, edges, metrics };
}

/**
 * Adds the optional files the curves and trajectories figures read (history.csv, trajectories.json), seeded:
 * a loss that decays with noise, and two lineages of three genes with observed cells and smooth predictions.
 */
export async function writeFigureInputs(folder: string, seed = 11): Promise<void> {
  const random = new SeededRandom(seed);
  // The columns every fit writes (src-main/run/loss-history.ts).
  const history = ['iteration,data,penalty,total,learning_rate'];
  for (let i = 0; i <= 200; i += 5) {
    const data = 0.5 * Math.exp(-i / 40) + 0.01 + 0.005 * random.uniform();
    const penalty = 0.02 * Math.exp(-i / 80) + 0.002;
    history.push(`${i},${data},${penalty},${data + penalty},0.005`);
  }
  await writeFile(path.join(folder, 'history.csv'), `${history.join('\n')}\n`);
  // Stored the way every fit stores them (trajectories.json + .bin), for the first three genes only.
  const genes = FIXTURE_GENES.slice(0, 3);
  const stored: StoredTrajectory[] = (
    [
      ['eryth', '12', 'train'],
      ['mono', '12', 'train'],
      ['eryth', '21', 'test'],
    ] as const
  ).map(([lineage, donor, split], t) => {
    const cells = 40;
    const times = new Float64Array(cells);
    const observed = new Float32Array(cells * genes.length);
    const predicted = new Float32Array(cells * genes.length);
    for (let c = 0; c < cells; c++) {
      const time = c / (cells - 1);
      times[c] = time;
      genes.forEach((_, g) => {
        predicted[c * genes.length + g] = 0.5 + 0.4 * Math.sin(3 * time + g + t);
        observed[c * genes.length + g] = Math.max(0, Math.min(1, predicted[c * genes.length + g] + 0.1 * (random.uniform() - 0.5)));
      });
    }
    return { name: `${lineage}_${donor}`, lineage, donor, split, cells, times, observed, predicted };
  });
  await writeStoredTrajectories(folder, genes, stored);
}
