import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { importCheckpoint } from '../../../src-main/import/checkpoint-importer.ts';
import { readRunFolder } from '../../../src-main/export/run-folder-reader.ts';
import { encodeCheckpoint } from '../../../src-main/engine/training/checkpoint.ts';
import { parameterLayout } from '../../../src-main/engine/model/parameter-layout.ts';
import { initializeParameters } from '../../../src-main/engine/model/initialize.ts';
import { SeededRandom } from '../../../src-main/engine/model/random.ts';
import { readNetwork } from '../../../src-main/engine/evaluation/network-readout.ts';
import { writeEdges } from '../../../src-main/run/run-folder.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../../src-shared/run-config.ts';

let folder: string;
const genes = ['Gata1', 'Spi1', 'Cebpa', 'Klf1', 'Tal1', 'Hba-a1'];

/** A run folder as `pathreg fit` leaves it: checkpoint.bin from seeded parameters, edges.csv from its read-out. */
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'pathreg-ckpt-'));
  const config: TrainingConfig = { ...PAPER_DEFAULTS, model: { hidden: [5, 3], activation: 'first' }, iterations: 10, seed: 5 };
  const layout = parameterLayout(genes.length, config.model);
  const random = new SeededRandom(5);
  const parameters = initializeParameters(layout, random);
  const states = new Float32Array(12 * genes.length).map(() => random.uniform());
  const readout = readNetwork({ genes, model: config.model, params: parameters, states, isTf: null });
  await writeEdges(folder, readout.edges);
  await writeFile(path.join(folder, 'metrics.json'), JSON.stringify({ engine: 'tfjs', seed: 5, genes: genes.length, config }));
  await writeFile(
    path.join(folder, 'checkpoint.bin'),
    encodeCheckpoint({
      iteration: 10,
      config,
      engine: 'tfjs',
      dataSha256: 'd'.repeat(64),
      genes,
      parameters,
      optimizer: { m: new Float32Array(parameters.length), v: new Float32Array(parameters.length), step: 10 },
      randomState: random.state(),
      learningRate: 0.01,
      plateau: null,
      elapsedSeconds: 1,
      lastTerms: null,
    }),
  );
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('importCheckpoint', () => {
  it('rebuilds the network the run folder shows from the saved parameters (weights to edges.csv precision, signs, genes)', async () => {
    const fromCheckpoint = await importCheckpoint(folder);
    const fromRun = await readRunFolder(folder, 'test');
    expect(fromCheckpoint.notes).toEqual([]);
    expect(fromCheckpoint.network.nodes.map((node) => node.id)).toEqual(genes);
    // The run folder takes its gene list from the checkpoint too, isolated genes included.
    expect(fromRun.network.nodes.map((node) => node.id)).toEqual(genes);
    expect(fromCheckpoint.network.edges.length).toBe(fromRun.network.edges.length);
    expect(fromCheckpoint.network.edges.length).toBeGreaterThan(10);
    fromCheckpoint.network.edges.forEach((edge, i) => {
      const shown = fromRun.network.edges[i];
      expect([edge.source, edge.target, edge.sign, edge.rank]).toEqual([shown.source, shown.target, shown.sign, shown.rank]);
      // edges.csv stores 7 significant digits.
      expect(Math.abs(edge.weight - shown.weight) / edge.weight).toBeLessThan(1e-6);
    });
  });

  it('without edges.csv, says that signs are unknown instead of guessing them', async () => {
    const alone = await mkdtemp(path.join(tmpdir(), 'pathreg-ckpt-alone-'));
    try {
      const { copyFile } = await import('node:fs/promises');
      await copyFile(path.join(folder, 'checkpoint.bin'), path.join(alone, 'checkpoint.bin'));
      const imported = await importCheckpoint(path.join(alone, 'checkpoint.bin'));
      expect(imported.network.edges.every((edge) => edge.sign === 0)).toBe(true);
      expect(imported.notes.join(' ')).toMatch(/signs need the fitted trajectories/);
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
  });
});
