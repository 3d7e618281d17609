import { describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { peakPseudotimes } from '../../../src-main/export/peak-pseudotime.ts';
import { exportNetwork } from '../../../src-main/export/network-export.ts';
import { readRunFolder } from '../../../src-main/export/run-folder-reader.ts';
import { FIXTURE_GENES, writeFigureInputs, writeRunFixture } from './run-folder-fixture.ts';
import { readIndependently } from './independent-readers.ts';

describe('peak pseudotime', () => {
  it('is where the predicted curve of the training trajectories is highest; held-out trajectories do not count', () => {
    const times = [0.1, 0.3, 0.5, 0.7, 0.9];
    // Two genes, row-major steps × genes: A peaks at 0.3 in "eryth", B at 0.9 in "mono"; the held-out curve would
    // move A's peak to 0.7 if it counted.
    const eryth = [0.1, 0.0, 0.9, 0.1, 0.5, 0.2, 0.2, 0.3, 0.1, 0.4];
    const mono = [0.2, 0.1, 0.3, 0.2, 0.4, 0.3, 0.1, 0.4, 0.0, 0.95];
    const heldOut = [0, 0, 0, 0, 0, 0, 5, 0, 0, 0];
    const series = (name: string, split: 'train' | 'held-out', values: number[]) => ({
      name,
      lineage: name,
      donor: split === 'train' ? '12' : '21',
      split,
      observed: { times: [], values: [] },
      predicted: { times, values },
    });
    const peaks = peakPseudotimes({
      genes: ['A', 'B'],
      trajectories: [series('eryth', 'train', eryth), series('mono', 'train', mono), series('x', 'held-out', heldOut)],
    });
    expect(Object.fromEntries(peaks)).toEqual({ A: 0.3, B: 0.9 });
  });

  it('reaches GraphML as the node attribute peak_pseudotime when the run folder has trajectories.json', async () => {
    const fixture = await writeRunFixture(7);
    const out = await mkdtemp(path.join(tmpdir(), 'pathreg-peaks-'));
    try {
      await writeFigureInputs(fixture.folder, 11);
      const run = await readRunFolder(fixture.folder, 'test');
      const file = path.join(out, 'net.graphml');
      await exportNetwork({ format: 'graphml', network: run.network, selection: { kind: 'all' }, provenance: run.provenance, out: file });
      const read = readIndependently('graphml', file);
      // The fixture's trajectories cover the first three genes.
      for (const gene of FIXTURE_GENES.slice(0, 3)) {
        const peak = read.nodes[gene].peak_pseudotime as number;
        expect(peak).toBeGreaterThanOrEqual(0);
        expect(peak).toBeLessThanOrEqual(1);
        expect(peak).toBe(run.network.nodes.find((node) => node.id === gene)!.peakPseudotime);
      }
      expect(read.nodes[FIXTURE_GENES[4]].peak_pseudotime).toBeUndefined();
    } finally {
      await rm(fixture.folder, { recursive: true, force: true });
      await rm(out, { recursive: true, force: true });
    }
  });
});
