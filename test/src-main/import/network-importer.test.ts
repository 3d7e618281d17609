import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportNetwork } from '../../../src-main/export/network-export.ts';
import { importNetworkFile, IMPORTABLE_FORMATS } from '../../../src-main/import/network-importer.ts';
import { selectEdges, type EdgeSelection } from '../../../src-main/export/network-data.ts';
import { networkFigureData } from '../../../src-main/export/figure-data.ts';
import { readRunFolder, type RunFolder } from '../../../src-main/export/run-folder-reader.ts';
import { writeRunFixture, type RunFixture } from '../export/run-folder-fixture.ts';

let fixture: RunFixture;
let run: RunFolder;
let outDir: string;
beforeAll(async () => {
  fixture = await writeRunFixture(3);
  run = await readRunFolder(fixture.folder, '9.9.9-test');
  outDir = await mkdtemp(path.join(tmpdir(), 'pathreg-import-'));
});
afterAll(async () => {
  await rm(fixture.folder, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

const selection: EdgeSelection = { kind: 'top-k', k: 17 };

describe('re-importing an exported network reproduces the view data', () => {
  for (const format of IMPORTABLE_FORMATS) {
    it(`${format}: edges (weight, sign, rank), and for graph formats every gene with is_TF, plus the provenance`, async () => {
      const out = path.join(outDir, `net.${format}`);
      await exportNetwork({
        format,
        network: run.network,
        selection,
        provenance: run.provenance,
        out,
        exportedAt: '2026-11-24T12:00:00.000Z',
      });
      const imported = await importNetworkFile(out);
      const expected = selectEdges(run.network, selection);
      expect(imported.network.edges).toEqual(expected.edges);
      if (format === 'csv' || format === 'tsv') {
        // An edge list carries only the genes its edges name, and no TF flags; the importer says so.
        expect(imported.notes.join(' ')).toMatch(/no TF flags/);
        expect(new Set(imported.network.nodes.map((node) => node.id))).toEqual(
          new Set(expected.edges.flatMap((edge) => [edge.source, edge.target])),
        );
      } else {
        expect(imported.notes).toEqual([]);
        const viewOf = (network: typeof expected) =>
          networkFigureData({ nodes: network.nodes.map(({ id, isTF }) => ({ id, isTF, peakPseudotime: null })), edges: network.edges });
        expect(viewOf(imported.network)).toEqual(viewOf(expected));
      }
      expect(imported.provenance?.seed).toBe(3);
      expect(imported.provenance?.parameters).toEqual(fixture.metrics.config);
      expect(imported.provenance?.inputs.map((input) => input.sha256)).toEqual(['b'.repeat(64), 'c'.repeat(64)]);
    });
  }

  it('a truncated or foreign file gives a message naming the file and the problem', async () => {
    const broken = path.join(outDir, 'broken.cyjs');
    await writeFile(broken, '{"elements": {"nodes": [');
    await expect(importNetworkFile(broken)).rejects.toThrow(/broken\.cyjs" is not valid JSON .*truncated/);
    const badSign = path.join(outDir, 'bad.csv');
    await writeFile(badSign, 'source,target,weight,sign,rank\nA,B,0.5,2,1\n');
    await expect(importNetworkFile(badSign)).rejects.toThrow(/bad\.csv", line 2: sign "2" must be -1, 0 or 1/);
    await expect(importNetworkFile(path.join(outDir, 'net.sif'))).rejects.toThrow(/cannot tell the network format from "\.sif"/);
  });
});
