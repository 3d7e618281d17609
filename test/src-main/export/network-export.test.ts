import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportNetwork, NETWORK_FORMATS, type NetworkFormat } from '../../../src-main/export/network-export.ts';
import { readRunFolder, type RunFolder } from '../../../src-main/export/run-folder-reader.ts';
import { FIXTURE_GENES, FIXTURE_TFS, writeRunFixture, type RunFixture } from './run-folder-fixture.ts';
import { readIndependently } from './independent-readers.ts';

let fixture: RunFixture;
let run: RunFolder;
let outDir: string;
const EXPORTED_AT = '2026-11-24T12:00:00.000Z';

beforeAll(async () => {
  fixture = await writeRunFixture(7);
  run = await readRunFolder(fixture.folder, '9.9.9-test');
  outDir = await mkdtemp(path.join(tmpdir(), 'pathreg-export-out-'));
});
afterAll(async () => {
  await rm(fixture.folder, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

async function exportTo(format: NetworkFormat, selection: Parameters<typeof exportNetwork>[0]['selection'], name: string) {
  const out = path.join(outDir, name);
  const result = await exportNetwork({ format, network: run.network, selection, provenance: run.provenance, out, exportedAt: EXPORTED_AT });
  return { out, result };
}

/** The fixture's edges, strongest first, as the app shows them (rank 1 = strongest). */
function expectedEdges(limit = Infinity) {
  return fixture.edges.slice(0, Math.min(limit, fixture.edges.length));
}

function key(edge: { source: string; target: string }) {
  return `${edge.source}\u0000${edge.target}`;
}

describe('network export read back by independent parsers', () => {
  it('GraphML via networkx: directed, every gene with is_TF/degree, every edge with its exact weight and sign', async () => {
    const { out } = await exportTo('graphml', { kind: 'all' }, 'net.graphml');
    const read = readIndependently('graphml', out);
    expect(read.directed).toBe(true);
    expect(Object.keys(read.nodes).sort()).toEqual([...FIXTURE_GENES].sort());
    expect(read.edges).toHaveLength(fixture.edges.length);
    const byKey = new Map(read.edges.map((edge) => [key(edge), edge]));
    for (const edge of fixture.edges) {
      const got = byKey.get(key(edge));
      expect(got, key(edge)).toBeDefined();
      expect(got!.weight).toBe(edge.weight);
      expect(got!.sign).toBe(edge.sign);
    }
    for (const gene of FIXTURE_GENES) {
      expect(read.nodes[gene].is_TF).toBe(FIXTURE_TFS.includes(gene));
      const degree = fixture.edges.filter((edge) => edge.source === gene || edge.target === gene).length;
      expect(read.nodes[gene].degree).toBe(degree);
    }
    expect(read.graph.engine).toBe('tfjs');
    expect(read.graph.seed).toBe('7');
    expect(read.graph.app_version).toBe('9.9.9-test');
    expect(read.graph.input_1).toBe('trajectories/eryth_12_norm.tsv.gz');
    expect(read.graph.input_2_sha256).toBe('c'.repeat(64));
    expect(read.graph.run_date).toBe('2026-11-24T11:00:00.000Z');
    expect(read.graph['param.regularizer.lambda']).toBe('0.01');
    expect(read.graph['param.model.hidden']).toBe('5,3');
    expect(read.graph.exported_at).toBe(EXPORTED_AT);
  });

  it('.cyjs via networkx.cytoscape_graph: top-k selection, positions for every gene, provenance in network data', async () => {
    const { out, result } = await exportTo('cyjs', { kind: 'top-k', k: 10 }, 'net.cyjs');
    expect(result.edges).toBe(10);
    const read = readIndependently('cyjs', out);
    expect(Object.keys(read.nodes).sort()).toEqual([...FIXTURE_GENES].sort());
    const expected = expectedEdges(10);
    expect(read.edges.map(key).sort()).toEqual(expected.map(key).sort());
    for (const edge of expected) {
      const got = read.edges.find((e) => key(e) === key(edge))!;
      expect(got.weight).toBe(edge.weight);
      expect(got.sign).toBe(edge.sign);
    }
    const ranks = read.edges.map((edge) => edge.rank as number).sort((a, b) => a - b);
    expect(ranks).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const json = JSON.parse(await readFile(out, 'utf8'));
    for (const node of json.elements.nodes) {
      expect(Number.isFinite(node.position.x) && Number.isFinite(node.position.y)).toBe(true);
    }
    expect(read.graph.engine).toBe('tfjs');
    expect(read.graph.content).toContain('top 10 edges by weight (10 of 42)');
  });

  it('CX2: aspect counts, declared attribute types, edges and provenance agree with the run', async () => {
    const { out } = await exportTo('cx2', { kind: 'threshold', minWeight: 0.1 }, 'net.cx2');
    const read = readIndependently('cx2', out);
    const expected = fixture.edges.filter((edge) => edge.weight >= 0.1);
    expect(expected.length).toBeGreaterThan(3);
    expect(expected.length).toBeLessThan(fixture.edges.length);
    expect(read.edges.map(key).sort()).toEqual(expected.map(key).sort());
    for (const edge of expected) expect(read.edges.find((e) => key(e) === key(edge))!.weight).toBe(edge.weight);
    expect(Object.keys(read.nodes)).toHaveLength(FIXTURE_GENES.length);
    expect(read.nodes.Gata1.is_TF).toBe(true);
    expect(read.nodes['Hba-a1'].is_TF).toBe(false);
    expect(read.graph.seed).toBe('7');
  });

  for (const format of ['csv', 'tsv'] as const) {
    it(`${format.toUpperCase()} edge list via Python's csv module: header on line 1, exact weights, signs, ranks, provenance in the sidecar`, async () => {
      const { out, result } = await exportTo(format, { kind: 'all' }, `edges.${format}`);
      const read = readIndependently(format, out);
      expect(read.header).toEqual(['source', 'target', 'weight', 'sign', 'rank']);
      expect(read.edges).toHaveLength(fixture.edges.length);
      read.edges.forEach((edge, index) => {
        expect(edge).toEqual({ ...fixture.edges[index], rank: index + 1 });
      });
      expect((await readFile(out, 'utf8')).split('\n')[0]).toBe(
        ['source', 'target', 'weight', 'sign', 'rank'].join(format === 'csv' ? ',' : '\t'),
      );
      expect(result.files).toEqual([out, `${out}.provenance.json`]);
      const sidecar = JSON.parse(await readFile(`${out}.provenance.json`, 'utf8'));
      expect(sidecar.engine).toBe('tfjs');
      expect(sidecar.seed).toBe(7);
      expect(sidecar.inputs[0].sha256).toBe('b'.repeat(64));
      expect(sidecar.parameters.solver.bins).toBe(10);
    });
  }

  it('BEELINE rankedEdges.csv: tab-separated Gene1/Gene2/EdgeWeight, strongest first, provenance in the sidecar', async () => {
    const { out, result } = await exportTo('beeline', { kind: 'top-k', k: 5 }, 'rankedEdges.csv');
    const read = readIndependently('beeline', out);
    expect(read.header).toEqual(['Gene1', 'Gene2', 'EdgeWeight']);
    expect(read.edges).toEqual(expectedEdges(5).map((edge) => ({ source: edge.source, target: edge.target, weight: edge.weight })));
    expect(result.files).toEqual([out, `${out}.provenance.json`]);
    const sidecar = JSON.parse(await readFile(`${out}.provenance.json`, 'utf8'));
    expect(sidecar.seed).toBe(7);
    expect(sidecar.parameters.regularizer).toEqual({ kind: 'pathreg', lambda: 0.01 });
  });

  it('SIF: every gene (isolated ones on their own line) and every edge with its sign as the interaction', async () => {
    const { out } = await exportTo('sif', { kind: 'all' }, 'net.sif');
    const read = readIndependently('sif', out);
    expect(Object.keys(read.nodes).sort()).toEqual([...FIXTURE_GENES].sort());
    expect(read.edges).toEqual(
      fixture.edges.map((edge) => ({
        source: edge.source,
        target: edge.target,
        interaction: edge.sign > 0 ? 'activates' : edge.sign < 0 ? 'represses' : 'regulates',
      })),
    );
  });

  it("adjacency CSV: D x D in the run's gene order, A[source][target] exact, zeros elsewhere", async () => {
    const { out } = await exportTo('adjacency', { kind: 'all' }, 'adjacency.csv');
    const read = readIndependently('adjacency', out);
    expect(read.columns).toEqual(FIXTURE_GENES);
    expect(Object.keys(read.nodes)).toEqual(FIXTURE_GENES);
    expect(read.header![0]).toBe('source\\target');
    expect(read.edges.map(key).sort()).toEqual(fixture.edges.map(key).sort());
    for (const edge of fixture.edges) expect(read.edges.find((e) => key(e) === key(edge))!.weight).toBe(edge.weight);
    expect(JSON.parse(await readFile(`${out}.provenance.json`, 'utf8')).engine).toBe('tfjs');
  });

  it('every format refuses to replace an existing file unless asked, and leaves it untouched', async () => {
    for (const format of NETWORK_FORMATS) {
      const { out } = await exportTo(format, { kind: 'top-k', k: 3 }, `twice-${format}.out`);
      const before = await readFile(out, 'utf8');
      await expect(
        exportNetwork({ format, network: run.network, selection: { kind: 'all' }, provenance: run.provenance, out }),
      ).rejects.toThrow(/already exists and was left untouched.*--force/);
      expect(await readFile(out, 'utf8')).toBe(before);
      await exportNetwork({ format, network: run.network, selection: { kind: 'all' }, provenance: run.provenance, out, overwrite: true });
      expect((await stat(out)).size).toBeGreaterThan(before.length - 1);
    }
  });
});
