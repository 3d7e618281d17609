/**
 * One entry point for every network format: select edges, render the text, attach provenance where the format
 * allows (or in a `.provenance.json` sidecar where it does not), and write atomically.
 */
import { describeSelection, selectEdges, type EdgeSelection, type NetworkData } from './network-data.ts';
import { provenanceJson, type Provenance } from './provenance.ts';
import { writeEdgeList } from './edge-list-writer.ts';
import { writeBeelineRankedEdges } from './beeline-writer.ts';
import { writeSif } from './sif-writer.ts';
import { writeGraphml } from './graphml-writer.ts';
import { writeCyjs } from './cyjs-writer.ts';
import { writeCx2 } from './cx2-writer.ts';
import { writeAdjacencyCsv } from './adjacency-writer.ts';
import { edgeAttributeTablePath, writeEdgeAttributeTable } from './edge-attribute-table.ts';
import { nodeFileSystem, writeFileAtomic, type AtomicFileSystem } from '../files/atomic-write.ts';

export const NETWORK_FORMATS = ['csv', 'tsv', 'beeline', 'sif', 'graphml', 'cyjs', 'cx2', 'adjacency'] as const;
export type NetworkFormat = (typeof NETWORK_FORMATS)[number];

/** The extension each format's files usually have (the CLI warns about nothing; the app's save dialog uses it). */
export const NETWORK_FORMAT_EXTENSIONS: Record<NetworkFormat, string> = {
  csv: '.csv',
  tsv: '.tsv',
  beeline: '.csv',
  sif: '.sif',
  graphml: '.graphml',
  cyjs: '.cyjs',
  cx2: '.cx2',
  adjacency: '.csv',
};

/**
 * Formats whose provenance goes into `<file>.provenance.json` next to it: SIF and BEELINE have no place for it, and
 * the delimited tables keep their header on line 1 so Excel and Python's csv module open them as they are.
 */
export const SIDECAR_FORMATS: ReadonlySet<NetworkFormat> = new Set<NetworkFormat>(['beeline', 'sif', 'csv', 'tsv', 'adjacency']);

/** Formats with no place for per-edge attributes: a consensus network's confidence goes into a table next to them. */
export const EDGE_TABLE_FORMATS: ReadonlySet<NetworkFormat> = new Set<NetworkFormat>(['sif', 'adjacency']);

export function isNetworkFormat(value: string): value is NetworkFormat {
  return (NETWORK_FORMATS as readonly string[]).includes(value);
}

/** The file's text for one format (pure: no I/O), with provenance inside where the format allows it. */
export function renderNetworkFile(format: NetworkFormat, network: NetworkData, provenance: Provenance): string {
  switch (format) {
    case 'csv':
      return writeEdgeList(network, ',');
    case 'tsv':
      return writeEdgeList(network, '\t');
    case 'beeline':
      return writeBeelineRankedEdges(network);
    case 'sif':
      return writeSif(network);
    case 'graphml':
      return writeGraphml(network, provenance);
    case 'cyjs':
      return writeCyjs(network, provenance);
    case 'cx2':
      return writeCx2(network, provenance);
    case 'adjacency':
      return writeAdjacencyCsv(network);
  }
}

export interface NetworkExportRequest {
  format: NetworkFormat;
  /** The whole network (every gene, every edge, ranked). */
  network: NetworkData;
  selection: EdgeSelection;
  provenance: Omit<Provenance, 'exportedAt' | 'content'>;
  out: string;
  overwrite?: boolean;
  /** Fixed for reproducible tests; the current time otherwise. */
  exportedAt?: string;
  fileSystem?: AtomicFileSystem;
}

export interface NetworkExportResult {
  files: string[];
  nodes: number;
  edges: number;
}

function consensusNote(network: NetworkData): string {
  const c = network.consensus;
  return c ? ` (consensus of ${c.fits} fits and ${c.nullFits} permuted-pseudotime null fits at λ ${c.lambda})` : '';
}

export async function exportNetwork(request: NetworkExportRequest): Promise<NetworkExportResult> {
  const selected = selectEdges(request.network, request.selection);
  const provenance: Provenance = {
    ...request.provenance,
    exportedAt: request.exportedAt ?? new Date().toISOString(),
    content: `${request.format} network${consensusNote(selected)}: ${describeSelection(request.selection, selected.edges.length, request.network.edges.length)}; ${selected.nodes.length} genes`,
  };
  const text = renderNetworkFile(request.format, selected, provenance);
  const options = { overwrite: request.overwrite, fileSystem: request.fileSystem };
  const sidecars: Array<[string, string]> = [];
  if (SIDECAR_FORMATS.has(request.format))
    sidecars.push([`${request.out}.provenance.json`, `${JSON.stringify(provenanceJson(provenance), null, 2)}\n`]);
  if (selected.consensus && EDGE_TABLE_FORMATS.has(request.format))
    sidecars.push([edgeAttributeTablePath(request.out), writeEdgeAttributeTable(selected)]);
  // Sidecars first: if one cannot be written, the network file is not written either.
  const written: string[] = [];
  const removeWritten = () =>
    Promise.all(written.map((file) => (request.fileSystem ?? nodeFileSystem).unlink(file).catch(() => undefined)));
  try {
    for (const [file, content] of sidecars) {
      await writeFileAtomic(file, content, options);
      written.push(file);
    }
    await writeFileAtomic(request.out, text, options);
  } catch (error) {
    // A sidecar without its network file would mislead; remove the ones this call just wrote.
    await removeWritten();
    throw error;
  }
  return { files: [request.out, ...written], nodes: selected.nodes.length, edges: selected.edges.length };
}
