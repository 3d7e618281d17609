// A real sweep's consensus network (4 tiny fits on the CLI harness's data: all cells, 2 subsamples, 1 permuted-time
// null) exported in every network format and read back by independent parsers (networkx, Python's csv module, the
// CX2 spec check): each edge's confidence and FDR are those the sweep's results give, and every file carries the
// sweep's grid, data SHA-256 and tasks.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportNetwork, NETWORK_FORMATS, type NetworkFormat } from '../../../src-main/export/network-export.ts';
import { readSweepNetwork, type SweepNetwork } from '../../../src-main/export/sweep-network.ts';
import { localExecutor } from '../../../src-main/sweep/local-executor.ts';
import { createSweep, runSweep } from '../../../src-main/sweep/run-sweep.ts';
import { sweepResults, type ConsensusEdge } from '../../../src-main/sweep/sweep-results.ts';
import type { SweepManifest } from '../../../src-main/sweep/sweep-manifest.ts';
import { grid, TINY_FIT, trajectoryData } from '../sweep/sweep-fixture.ts';
import { runCli } from '../cli/cli-harness.ts';
import { readIndependently } from './independent-readers.ts';

let root: string;
let sweepDir: string;
let manifest: SweepManifest;
let expected: Map<string, ConsensusEdge>;
let sweep: SweepNetwork;
const key = (edge: { source: string; target: string }) => `${edge.source}\u0000${edge.target}`;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'pathreg-sweep-export-'));
  const data = await trajectoryData(root);
  sweepDir = join(root, 'sweep');
  await createSweep({
    sweepDir,
    dataPath: data,
    fitArgs: TINY_FIT,
    grid: grid({ lambdas: [0.01], seeds: [0], subsamples: 2, nulls: 1 }),
    executor: { kind: 'local', options: {} },
  });
  manifest = await runSweep(sweepDir, localExecutor({ workers: 2 }));
  const results = await sweepResults(sweepDir, manifest, null);
  expected = new Map(results.consensus[0].edges.map((edge) => [key(edge), edge]));
  sweep = await readSweepNetwork(sweepDir, null, '9.9.9-test');
}, 120_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function exportAs(format: NetworkFormat) {
  const out = join(root, `consensus.${format}`);
  const result = await exportNetwork({
    format,
    network: sweep.network,
    selection: { kind: 'all' },
    provenance: sweep.provenance,
    out,
    overwrite: true,
    exportedAt: '2026-12-07T12:00:00.000Z',
  });
  return { out, result };
}

/** Each read-back edge has the sweep's frequency, FDR (null fits ran, so a number) and sign. */
function expectConfidence(edges: Array<Record<string, unknown> & { source: string; target: string }>, fields = { fdr: 'fdr' }) {
  expect(edges.length).toBe(expected.size);
  expect(edges.length).toBeGreaterThan(0);
  for (const edge of edges) {
    const want = expected.get(key(edge));
    expect(want, key(edge)).toBeDefined();
    expect(edge.confidence).toBeCloseTo(want!.confidence, 12);
    expect(typeof edge[fields.fdr]).toBe('number');
    expect(edge[fields.fdr]).toBeCloseTo(want!.fdr!, 12);
    expect(edge.selected_in).toBe(want!.selectedIn);
    if ('sign' in edge) expect(edge.sign === undefined || Number(edge.sign) === want!.sign).toBe(true);
  }
}

describe("a sweep's consensus network in every export format", () => {
  it('is the consensus of the finished fits, with the null fits for the FDR', () => {
    expect(manifest.tasks.map((t) => t.state)).toEqual(['done', 'done', 'done', 'done']);
    expect(sweep.network.consensus).toEqual({ lambda: 0.01, fits: 3, nullFits: 1 });
    // The FDR is a q-value on the weight: a heavier edge never has a larger FDR.
    const edges = sweep.network.edges;
    for (let i = 1; i < edges.length; i++) expect(edges[i].confidence!.fdr!).toBeGreaterThanOrEqual(edges[i - 1].confidence!.fdr! - 1e-15);
  });

  it('GraphML via networkx: confidence, fdr and the sweep provenance as attributes', async () => {
    const { out } = await exportAs('graphml');
    const read = readIndependently('graphml', out);
    expectConfidence(read.edges);
    expect(read.graph.input_1_sha256).toBe(manifest.dataSha256);
    expect(read.graph['param.sweep.grid.lambdas']).toBe('0.01');
    expect(read.graph['param.sweep.grid.subsamples']).toBe('2');
    expect(read.graph['param.sweep.tasks']).toBe(
      '0 done λ=0.01 seed=0 all-cells,1 done λ=0.01 seed=0 subsample-1,2 done λ=0.01 seed=0 subsample-2,3 done λ=0.01 seed=0 permute-1',
    );
    expect(String(read.graph.content)).toMatch(/consensus of 3 fits and 1 permuted-pseudotime null fits at λ 0.01/);
  });

  it('Cytoscape.js JSON via networkx and CX2 by its spec: the same attributes', async () => {
    for (const format of ['cyjs', 'cx2'] as const) {
      const { out } = await exportAs(format);
      const read = readIndependently(format, out);
      expectConfidence(read.edges);
      expect(read.graph.input_1).toBe(manifest.dataPath);
      expect(read.graph.input_1_sha256).toBe(manifest.dataSha256);
      expect(read.graph['param.sweep.grid.nulls']).toBe('1');
      expect(read.graph['param.sweep.tasks_done']).toBe('4');
    }
  });

  it('CSV, TSV and BEELINE via Python csv: confidence columns after the usual ones, provenance in the sidecar', async () => {
    for (const format of ['csv', 'tsv'] as const) {
      const { out, result } = await exportAs(format);
      const read = readIndependently(format, out);
      expect(read.header).toEqual([
        'source',
        'target',
        'weight',
        'sign',
        'rank',
        'confidence',
        'fdr',
        'null_frequency',
        'mean_weight',
        'selected_in',
      ]);
      expectConfidence(read.edges);
      expect(result.files).toEqual([out, `${out}.provenance.json`]);
      const sidecar = JSON.parse(await readFile(`${out}.provenance.json`, 'utf8'));
      expect(sidecar.parameters.sweep.tasks_done).toBe(4);
      expect(sidecar.inputs[0].sha256).toBe(manifest.dataSha256);
    }
    const { out } = await exportAs('beeline');
    const read = readIndependently('beeline', out);
    expect(read.header?.slice(0, 3)).toEqual(['Gene1', 'Gene2', 'EdgeWeight']);
    expectConfidence(read.edges);
  });

  it('SIF and adjacency: the confidence in an edge table keyed as Cytoscape names SIF edges', async () => {
    for (const format of ['sif', 'adjacency'] as const) {
      const { out, result } = await exportAs(format);
      expect(result.files).toEqual([out, `${out}.provenance.json`, `${out}.edge-attributes.csv`]);
      const table = readIndependently('edge-table', `${out}.edge-attributes.csv`);
      expectConfidence(table.edges);
      for (const edge of table.edges) expect(edge.name).toBe(`${edge.source} (${edge.interaction}) ${edge.target}`);
    }
    const sif = readIndependently('sif', join(root, 'consensus.sif'));
    expect(sif.edges.map(key).sort()).toEqual([...expected.keys()].sort());
  });

  it('covers every network format the app and the command line export', () => {
    expect([...NETWORK_FORMATS].sort()).toEqual(['adjacency', 'beeline', 'csv', 'cx2', 'cyjs', 'graphml', 'sif', 'tsv']);
  });

  it('pathreg export writes a sweep folder consensus and refuses figures and a λ the grid lacks', async () => {
    const out = join(root, 'cli.graphml');
    const ok = await runCli(['export', sweepDir, '--format', 'graphml', '--out', out]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/consensus at λ 0.01 of 3 fits/);
    expectConfidence(readIndependently('graphml', out).edges);
    const figure = await runCli(['export', sweepDir, '--format', 'png', '--out', join(root, 'x.png')]);
    expect(figure.stderr).toMatch(/a sweep folder exports its consensus network .* export one of its runs/);
    const lambda = await runCli(['export', sweepDir, '--format', 'csv', '--lambda', '0.5', '--out', join(root, 'x.csv')]);
    expect(lambda.stderr).toMatch(/has no λ 0.5; its λ values are 0.01/);
  });
});
