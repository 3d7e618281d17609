/**
 * The edge table behind run:edges and export:edge-table: every edge of a run's folder (edges.csv), not only the
 * heaviest MAX_RESULT_EDGES the window holds, ranked once per run and kept while the file is unchanged, then sorted
 * and filtered per request (src-shared/edge-table-query.ts) and sent a page at a time.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../src-shared/contract/result.ts';
import type { ExportedFile } from '../../src-shared/contract/types.ts';
import type { EdgeTablePage, EdgeTableQuery, EdgeTableRow } from '../../src-shared/contract/edge-table.ts';
import type { RequestOf } from '../../src-shared/contract/channels.ts';
import { filterEdgeTable, queryEdgeTable, resolveFilterGene, sortEdgeTable } from '../../src-shared/edge-table-query.ts';
import { rankEdges, type NetworkData, type NetworkEdge } from '../export/network-data.ts';
import { EDGES_FILE } from '../run/run-folder.ts';
import { runEdgesFiles, type EdgesFileCache } from '../run/edges-file-cache.ts';
import { provenanceJson, type Provenance } from '../export/provenance.ts';
import { renderNetworkFile } from '../export/network-export.ts';
import { exportBaseName, sessionRunFolder, type SessionRun } from './session-exports.ts';

/** A run's every edge, ranked, with what the filters need. */
export interface RunEdgeTable {
  rows: EdgeTableRow[];
  genes: string[];
  isTF: Map<string, boolean | null>;
  tfListKnown: boolean;
  /**
   * Every row in each order asked for so far, and the last query's rows: scrolling asks for page after page of the
   * same query, and a new filter on an order already made is one pass, not a sort of 280,000 rows.
   */
  orders: Map<string, EdgeTableRow[]>;
  last: { key: string; rows: EdgeTableRow[] } | null;
}

interface CachedTable {
  key: string;
  table: RunEdgeTable;
}

/**
 * Holds the last few runs' tables: parsing a 280,000-edge edges.csv takes about a second, scrolling must not repeat it.
 * The file is parsed once for the window's result and this table (`runEdgesFiles`), and requests that arrive while a
 * run's table is being built share that one build: the first page used to wait on two parses of the same file.
 */
export class EdgeTableCache {
  private readonly tables = new Map<string, CachedTable>();
  private readonly reading = new Map<string, { key: string; table: Promise<RunEdgeTable> }>();
  constructor(
    private readonly keep = 4,
    private readonly edgesFiles: EdgesFileCache = runEdgesFiles,
  ) {}

  async table(run: SessionRun): Promise<RunEdgeTable> {
    const runId = run.summary.runId;
    const file = run.summary.folder ? path.join(run.summary.folder, EDGES_FILE) : null;
    const info = file ? await stat(file).catch(() => null) : null;
    const key = info && file ? `${file}:${info.size}:${info.mtimeMs}` : `result:${runId}`;
    const cached = this.tables.get(runId);
    if (cached?.key === key) {
      // Most recently used last, so the oldest is dropped first.
      this.tables.delete(runId);
      this.tables.set(runId, cached);
      return cached.table;
    }
    const pending = this.reading.get(runId);
    if (pending?.key === key) return pending.table;
    const table = (async () => {
      const edges = info && file ? await this.edgesFiles.edges(file) : run.result.edges.filter((e) => e.source !== e.target);
      return edgeTableOf(rankedAsWritten(edges), run.result.genes, run.result.isTF);
    })();
    this.reading.set(runId, { key, table });
    try {
      const done = await table;
      this.tables.delete(runId);
      this.tables.set(runId, { key, table: done });
      while (this.tables.size > this.keep) this.tables.delete(this.tables.keys().next().value as string);
      return done;
    } finally {
      if (this.reading.get(runId)?.table === table) this.reading.delete(runId);
    }
  }
}

/**
 * The edges ranked as every export ranks them (rankEdges). edges.csv is written heaviest first, so one pass usually
 * proves the order and numbers the rows; sorting 280,000 edges by weight and name costs about a second more.
 */
export function rankedAsWritten(edges: ReadonlyArray<Omit<NetworkEdge, 'rank'>>): NetworkEdge[] {
  for (let i = 1; i < edges.length; i++) {
    const [a, b] = [edges[i - 1], edges[i]];
    const inOrder =
      a.weight > b.weight || (a.weight === b.weight && (a.source < b.source || (a.source === b.source && a.target < b.target)));
    if (!inOrder) return rankEdges([...edges]);
  }
  return edges.map((edge, index) => ({ source: edge.source, target: edge.target, weight: edge.weight, sign: edge.sign, rank: index + 1 }));
}

/** The ranked edges as table rows, with each source's TF flag from the run's genes. */
export function edgeTableOf(ranked: readonly NetworkEdge[], genes: readonly string[], isTF: ReadonlyArray<boolean | null>): RunEdgeTable {
  const flags = new Map(genes.map((gene, i) => [gene, isTF[i] ?? null]));
  const rows = ranked.map((edge) => ({
    rank: edge.rank,
    source: edge.source,
    target: edge.target,
    weight: edge.weight,
    sign: edge.sign,
    sourceIsTF: flags.get(edge.source) ?? null,
  }));
  return { rows, genes: [...genes], isTF: flags, tfListKnown: isTF.some((flag) => flag !== null), orders: new Map(), last: null };
}

function filterGene(table: RunEdgeTable, query: EdgeTableQuery): { gene: string | null; unknown: string | null } {
  if (!query.gene?.trim()) return { gene: null, unknown: null };
  const gene = resolveFilterGene(query.gene, table.genes);
  return gene ? { gene, unknown: null } : { gene: null, unknown: query.gene.trim() };
}

/** The rows a query keeps, in its order, from the table's memo when it has them. */
export function keptRows(table: RunEdgeTable, query: EdgeTableQuery, gene: string | null): EdgeTableRow[] {
  const key = JSON.stringify([query.sort, query.descending, query.sign, query.tfSourcesOnly, gene, query.geneRole]);
  if (table.last?.key === key) return table.last.rows;
  const orderKey = `${query.sort}:${query.descending}`;
  let ordered = table.orders.get(orderKey);
  if (!ordered) table.orders.set(orderKey, (ordered = sortEdgeTable(table.rows, query)));
  const rows = filterEdgeTable(ordered, query, gene);
  table.last = { key, rows };
  return rows;
}

/** One page of the sorted, filtered table (an unknown filter gene keeps nothing, and the answer names it). */
export function edgeTablePage(runId: string, table: RunEdgeTable, query: EdgeTableQuery, offset: number, limit: number): EdgeTablePage {
  const { gene, unknown } = filterGene(table, query);
  const kept = unknown ? [] : keptRows(table, query, gene);
  return {
    runId,
    total: table.rows.length,
    matched: kept.length,
    offset,
    rows: kept.slice(offset, offset + limit),
    tfListKnown: table.tfListKnown,
    unknownGene: unknown,
  };
}

/** The query in words, for the file's provenance ("repression edges whose source is a TF, with GATA1 as source"). */
export function describeEdgeQuery(query: EdgeTableQuery, gene: string | null): string {
  const sign = query.sign === 'all' ? 'edges' : query.sign === 'unsigned' ? 'unsigned edges' : `${query.sign} edges`;
  const tf = query.tfSourcesOnly ? ' whose source is a TF' : '';
  const role = query.geneRole === 'either' ? 'as source or target' : `as ${query.geneRole}`;
  const of = gene ? `, with ${gene} ${role}` : '';
  return `${sign}${tf}${of}, sorted by ${query.sort} (${query.descending ? 'descending' : 'ascending'})`;
}

function fileOf(fileName: string, mimeType: string, text: string, content: string): ExportedFile {
  const bytes = Buffer.from(text, 'utf8');
  return { fileName, mimeType, contentBase64: bytes.toString('base64'), bytes: bytes.byteLength, content };
}

/** The filtered table (CSV + provenance sidecar) or a gene's neighbourhood as a sub-network (GraphML, cyjs). */
export async function exportEdgeTable(
  run: SessionRun,
  table: RunEdgeTable,
  request: RequestOf<'export:edge-table'>,
): Promise<ExportedFile> {
  const base = sessionRunFolder(run);
  const stamp = new Date().toISOString();
  if (request.what === 'table') {
    const { gene, unknown } = filterGene(table, request.query);
    if (unknown)
      throw new UserError(
        'bad-input',
        `"${unknown}" is not among the ${table.genes.length} genes of ${run.summary.label}: clear the gene filter or pick a gene of the run.`,
      );
    const kept = keptRows(table, request.query, gene);
    const content = `edge table: ${describeEdgeQuery(request.query, gene)}; ${kept.length} of ${table.rows.length} edges`;
    const provenance: Provenance = { ...base.provenance, exportedAt: stamp, content };
    const text = renderNetworkFile('csv', { nodes: base.network.nodes, edges: kept }, provenance);
    const fileName = `${exportBaseName(run.summary)}-edge-table.csv`;
    const file = fileOf(fileName, 'text/csv', text, content);
    file.sidecar = {
      fileName: `${fileName}.provenance.json`,
      contentBase64: Buffer.from(`${JSON.stringify(provenanceJson(provenance), null, 2)}\n`).toString('base64'),
    };
    return file;
  }
  const gene = resolveFilterGene(request.gene, table.genes);
  if (!gene)
    throw new UserError(
      'bad-input',
      `"${request.gene}" is not among the ${table.genes.length} genes of ${run.summary.label}, so it has no neighbourhood to export.`,
    );
  const network = neighbourhoodNetwork(table, { ...request.query, gene, geneRole: 'either' }, gene);
  if (network.edges.length === 0)
    throw new UserError(
      'conflict',
      `${gene} has no edge that passes the table's filters in ${run.summary.label}: loosen the sign or TF filter, then export again.`,
    );
  const content = `${request.format} sub-network: the neighbourhood of ${gene} (${describeEdgeQuery({ ...request.query, gene, geneRole: 'either' }, gene)}); ${network.edges.length} edges, ${network.nodes.length} genes`;
  const provenance: Provenance = { ...base.provenance, exportedAt: stamp, content };
  const text = renderNetworkFile(request.format, network, provenance);
  const extension = request.format === 'graphml' ? 'graphml' : 'cyjs';
  return fileOf(
    `${exportBaseName(run.summary)}-${gene.replace(/[^A-Za-z0-9]+/g, '-')}-neighbourhood.${extension}`,
    request.format === 'graphml' ? 'application/xml' : 'application/json',
    text,
    content,
  );
}

/** The gene, its neighbours over the kept edges, and those edges (heaviest first, with their whole-network rank). */
export function neighbourhoodNetwork(table: RunEdgeTable, query: EdgeTableQuery, gene: string): NetworkData {
  const kept = queryEdgeTable(table.rows, { ...query, sort: 'weight', descending: true }, gene);
  const genes = new Set([gene, ...kept.flatMap((row) => [row.source, row.target])]);
  return {
    nodes: table.genes
      .filter((name) => genes.has(name))
      .map((name) => ({ id: name, isTF: table.isTF.get(name) ?? null, peakPseudotime: null })),
    edges: kept.map(({ rank, source, target, weight, sign }) => ({ rank, source, target, weight, sign })),
  };
}
