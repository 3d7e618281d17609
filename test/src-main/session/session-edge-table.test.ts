// The edge table (issue 18): every edge of a run's folder, not only the heaviest 20,000 the window holds, sorted and
// filtered in the main process a page at a time, and its exports (the filtered table as CSV with the header on line 1
// and a provenance sidecar; a gene's neighbourhood as GraphML or Cytoscape.js JSON).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  EdgeTableCache,
  edgeTablePage,
  exportEdgeTable,
  keptRows,
  rankedAsWritten,
  type RunEdgeTable,
} from '../../../src-main/session/session-edge-table.ts';
import type { SessionRun } from '../../../src-main/session/session-exports.ts';
import { rankEdges } from '../../../src-main/export/network-data.ts';
import { EdgesFileCache } from '../../../src-main/run/edges-file-cache.ts';
import { readRunResult } from '../../../src-main/run/run-result.ts';
import { queryEdgeTable } from '../../../src-shared/edge-table-query.ts';
import { DEFAULT_EDGE_TABLE_QUERY } from '../../../src-shared/contract/edge-table.ts';
import { MAX_RESULT_EDGES, type NetworkEdge, type RunResult, type RunSummary } from '../../../src-shared/contract/types.ts';

// A 530-gene network as dense as the paper's 529 genes: every ordered pair but the diagonal, 280,370 edges.
const GENES = Array.from({ length: 530 }, (_, i) => `G${String(i).padStart(3, '0')}`);
const TFS = new Set(GENES.slice(0, 40));
let root: string;
let folder: string;
let edges: NetworkEdge[];
let run: SessionRun;

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-edge-table-'));
  folder = path.join(root, 'run');
  const random = seeded(18);
  edges = [];
  for (const source of GENES)
    for (const target of GENES)
      if (source !== target) {
        const u = random();
        edges.push({ source, target, weight: 1e-5 + u ** 6, sign: u < 0.45 ? 1 : u < 0.9 ? -1 : 0 });
      }
  edges.sort((a, b) => b.weight - a.weight);
  await import('node:fs/promises').then(({ mkdir }) => mkdir(folder, { recursive: true }));
  await writeFile(
    path.join(folder, 'edges.csv'),
    `source,target,weight,sign\n${edges.map((e) => `${e.source},${e.target},${e.weight},${e.sign}`).join('\n')}\n`,
  );
  const result = {
    runId: 'run-1',
    metrics: { seed: 0, engine: 'wasm', provenance: null },
    genes: GENES,
    isTF: GENES.map((gene) => TFS.has(gene)),
    edges: edges.slice(0, MAX_RESULT_EDGES),
    edgeTotal: edges.length,
    heatmap: { sources: [], targets: [], values: [] },
    trajectories: [],
    history: [],
  } as unknown as RunResult;
  const summary = {
    runId: 'run-1',
    label: 'dense run',
    datasetId: '',
    datasetName: 'synthetic',
    createdAt: '2026-12-07T00:00:00.000Z',
    last: null,
    selection: {},
    config: { seed: 0 },
    folder,
    engine: 'wasm',
  } as unknown as RunSummary;
  run = { summary, result, history: [], dataset: null, appVersion: 'test' };
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the edge table of a 530-gene run', () => {
  let table: RunEdgeTable;
  const cache = new EdgeTableCache();

  it('holds every edge of edges.csv, not the 20,000 of the window, and is read once', async () => {
    const started = performance.now();
    table = await cache.table(run);
    const readMs = performance.now() - started;
    expect(edges.length).toBe(530 * 529);
    expect(table.rows.length).toBe(edges.length);
    expect(table.rows.length).toBeGreaterThan(run.result.edges.length);
    const again = performance.now();
    expect(await cache.table(run)).toBe(table);
    console.log(
      `edge table: read and ranked ${table.rows.length} edges in ${readMs.toFixed(0)} ms; cached in ${(performance.now() - again).toFixed(1)} ms`,
    );
  });

  it('reads edges.csv once for the window and the table, even when they ask at the same time', async () => {
    let reads = 0;
    const files = new EdgesFileCache(2, async (file) => {
      reads++;
      return readFile(file, 'utf8');
    });
    const counting = new EdgeTableCache(4, files);
    // What the window's reader needs beside edges.csv.
    await writeFile(path.join(folder, 'metrics.json'), JSON.stringify({ gene_names: GENES, is_tf: GENES.map((gene) => TFS.has(gene)) }));
    await writeFile(path.join(folder, 'trajectories.json'), JSON.stringify({ genes: GENES, trajectories: [] }));
    const [result, first, second, third] = await Promise.all([
      readRunResult(folder, 'run-1', files),
      counting.table(run),
      counting.table(run),
      counting.table(run),
    ]);
    expect(result.edgeTotal).toBe(edges.length);
    expect(reads).toBe(1);
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(first.rows.length).toBe(edges.length);
    // Later calls are answered from the kept table, still without reading.
    expect(await counting.table(run)).toBe(first);
    expect(reads).toBe(1);
  });

  it('sorts and filters the whole network: counts equal an independent count, pages are slices of one order', () => {
    const query = {
      ...DEFAULT_EDGE_TABLE_QUERY,
      sort: 'source' as const,
      descending: false,
      sign: 'repression' as const,
      tfSourcesOnly: true,
    };
    const started = performance.now();
    const first = edgeTablePage('run-1', table, query, 0, 200);
    const ms = performance.now() - started;
    const expected = edges.filter((e) => e.sign === -1 && TFS.has(e.source));
    expect(first.total).toBe(edges.length);
    expect(first.matched).toBe(expected.length);
    expect(first.rows).toHaveLength(200);
    expect(first.rows.every((row) => row.sign === -1 && row.sourceIsTF)).toBe(true);
    // Ascending by source; within a source, heaviest first (the network's rank).
    const second = edgeTablePage('run-1', table, query, 200, 200);
    const both = [...first.rows, ...second.rows];
    for (let i = 1; i < both.length; i++) {
      const [a, b] = [both[i - 1], both[i]];
      expect(a.source < b.source || (a.source === b.source && a.rank < b.rank)).toBe(true);
    }
    const last = edgeTablePage('run-1', table, query, expected.length - 5, 200);
    expect(last.rows).toHaveLength(5);
    console.log(`edge table: sorted and filtered ${edges.length} edges to ${first.matched} in ${ms.toFixed(0)} ms`);
  });

  it('answers from its kept orders exactly as a fresh sort and filter would, whatever came before', () => {
    const queries = [
      { ...DEFAULT_EDGE_TABLE_QUERY, sort: 'target' as const, descending: true, sign: 'activation' as const },
      { ...DEFAULT_EDGE_TABLE_QUERY, sort: 'target' as const, descending: true, tfSourcesOnly: true },
      { ...DEFAULT_EDGE_TABLE_QUERY, sort: 'sign' as const, descending: false },
      { ...DEFAULT_EDGE_TABLE_QUERY, sort: 'target' as const, descending: true, sign: 'activation' as const },
    ];
    for (const query of queries) {
      const gene = query.tfSourcesOnly ? 'G002' : null;
      const started = performance.now();
      const rows = keptRows(table, query, gene);
      const ms = performance.now() - started;
      expect(rows.map((row) => row.rank)).toEqual(queryEdgeTable(table.rows, query, gene).map((row) => row.rank));
      console.log(
        `edge table: ${JSON.stringify([query.sort, query.descending, query.sign, query.tfSourcesOnly, gene])} in ${ms.toFixed(0)} ms`,
      );
    }
    expect(keptRows(table, queries[3], null)).toBe(keptRows(table, queries[3], null));
  });

  it('a gene filter in a role, ignoring case; an unknown gene empties the table and is named', () => {
    const page = edgeTablePage('run-1', table, { ...DEFAULT_EDGE_TABLE_QUERY, gene: 'g007', geneRole: 'target' }, 0, 1000);
    expect(page.matched).toBe(529);
    expect(page.rows.every((row) => row.target === 'G007')).toBe(true);
    expect(page.rows.map((row) => row.weight)).toEqual([...page.rows.map((row) => row.weight)].sort((a, b) => b - a));
    const unknown = edgeTablePage('run-1', table, { ...DEFAULT_EDGE_TABLE_QUERY, gene: 'Gata1' }, 0, 10);
    expect(unknown).toMatchObject({ matched: 0, rows: [], unknownGene: 'Gata1' });
  });

  it('exports the filtered table: header on line 1, one row per kept edge in the table order, provenance beside it', async () => {
    const query = { ...DEFAULT_EDGE_TABLE_QUERY, sign: 'activation' as const, gene: 'G003', geneRole: 'source' as const };
    const file = await exportEdgeTable(run, table, { what: 'table', runId: 'run-1', query });
    const lines = Buffer.from(file.contentBase64, 'base64').toString('utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('source,target,weight,sign,rank');
    const expected = edges.filter((e) => e.sign === 1 && e.source === 'G003');
    expect(lines.length - 1).toBe(expected.length);
    expect(lines.slice(1).map((line) => line.split(',')[1])).toEqual(expected.map((e) => e.target));
    const sidecar = JSON.parse(Buffer.from(file.sidecar!.contentBase64, 'base64').toString('utf8'));
    expect(file.sidecar!.fileName).toBe(`${file.fileName}.provenance.json`);
    expect(sidecar.content).toContain(`${expected.length} of ${edges.length} edges`);
    expect(sidecar.content).toContain('activation edges, with G003 as source');
  });

  it('exports a gene’s neighbourhood as a sub-network: the gene, its neighbours over the kept edges, nothing else', async () => {
    const query = { ...DEFAULT_EDGE_TABLE_QUERY, sign: 'unsigned' as const };
    const kept = edges.filter((e) => e.sign === 0 && (e.source === 'G010' || e.target === 'G010'));
    const neighbours = new Set(kept.flatMap((e) => [e.source, e.target]));
    const graphml = await exportEdgeTable(run, table, { what: 'neighbourhood', runId: 'run-1', gene: 'G010', query, format: 'graphml' });
    const xml = Buffer.from(graphml.contentBase64, 'base64').toString('utf8');
    expect((xml.match(/<node /g) ?? []).length).toBe(neighbours.size);
    expect((xml.match(/<edge /g) ?? []).length).toBe(kept.length);
    expect(graphml.fileName).toBe('dense-run-G010-neighbourhood.graphml');
    const cyjs = await exportEdgeTable(run, table, { what: 'neighbourhood', runId: 'run-1', gene: 'G010', query, format: 'cyjs' });
    const document = JSON.parse(Buffer.from(cyjs.contentBase64, 'base64').toString('utf8'));
    expect(document.elements.nodes).toHaveLength(neighbours.size);
    expect(document.elements.edges).toHaveLength(kept.length);
    expect(document.data.content).toContain('neighbourhood of G010');
    await expect(
      exportEdgeTable(run, table, { what: 'neighbourhood', runId: 'run-1', gene: 'Nope', query, format: 'cyjs' }),
    ).rejects.toThrow(/"Nope" is not among the 530 genes of dense run/);
  });
});

describe('ranking edges as written', () => {
  const e = (source: string, target: string, weight: number) => ({ source, target, weight, sign: 1 as const });
  it('numbers an edges.csv already heaviest first as it is, and sorts one that is not, as rankEdges does', () => {
    const written = [e('a', 'b', 3), e('a', 'c', 2), e('b', 'a', 2), e('c', 'a', 1)];
    expect(rankedAsWritten(written)).toEqual(rankEdges(written));
    const shuffled = [written[2], written[0], written[3], written[1]];
    expect(rankedAsWritten(shuffled)).toEqual(rankEdges(written));
    // A tie written against the exports' tie rule (b before a at the same weight) is sorted too.
    const tie = [e('b', 'a', 2), e('a', 'c', 2)];
    expect(rankedAsWritten(tie).map((edge) => edge.source)).toEqual(['a', 'b']);
  });
});
