/**
 * Reads an exported network back (CSV/TSV edge list, GraphML, Cytoscape.js JSON, CX2) into the network and the
 * provenance it carries, so re-opening an export in the app reproduces the view it came from. Formats that drop
 * information say so: an edge list has no isolated genes and no TF flags.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { JSDOM } from 'jsdom';
import { parseDelimited } from '../export/csv-reader.ts';
import { rankEdges, type EdgeSign, type NetworkData, type NetworkEdge, type NetworkNode } from '../export/network-data.ts';
import { parseProvenanceJson, PROVENANCE_JSON_KEY, type Provenance } from '../export/provenance.ts';
import { fromSpreadsheetSafe } from '../export/spreadsheet-safe-text.ts';

export const IMPORTABLE_FORMATS = ['csv', 'tsv', 'graphml', 'cyjs', 'cx2'] as const;
export type ImportableFormat = (typeof IMPORTABLE_FORMATS)[number];

export interface ImportedNetwork {
  network: NetworkData;
  provenance: Provenance | null;
  /** What the format could not carry, in words for the user (empty when nothing was lost). */
  notes: string[];
}

/** The format from the file name (.csv .tsv .graphml .cyjs .cx2), or an error naming the accepted ones. */
export function formatFromFileName(file: string): ImportableFormat {
  const extension = path.extname(file).toLowerCase().slice(1);
  const format = extension === 'json' ? 'cyjs' : extension;
  if ((IMPORTABLE_FORMATS as readonly string[]).includes(format)) return format as ImportableFormat;
  throw new Error(
    `"${file}": cannot tell the network format from ".${extension}". Networks re-open from .csv, .tsv, .graphml, .cyjs or .cx2 files.`,
  );
}

function toSign(value: unknown, where: string): EdgeSign {
  const number = Number(value);
  if (number === 1 || number === -1 || number === 0) return number;
  throw new Error(`${where}: sign "${String(value)}" must be -1, 0 or 1.`);
}

function toWeight(value: unknown, where: string): number {
  const number = typeof value === 'number' ? value : Number(String(value).trim() === '' ? Number.NaN : value);
  if (!Number.isFinite(number)) throw new Error(`${where}: weight "${String(value)}" is not a finite number.`);
  return number;
}

/** Orders imported edges by their recorded rank when every edge has one, else ranks them by weight. */
function rankImported(edges: Array<Omit<NetworkEdge, 'rank'> & { rank?: number }>): NetworkEdge[] {
  if (edges.length > 0 && edges.every((edge) => Number.isInteger(edge.rank))) {
    return [...edges].sort((a, b) => a.rank! - b.rank!) as NetworkEdge[];
  }
  return rankEdges(edges.map(({ source, target, weight, sign }) => ({ source, target, weight, sign })));
}

function provenanceFromJsonText(text: string | undefined, where: string): Provenance | null {
  if (!text) return null;
  try {
    return parseProvenanceJson(JSON.parse(text), where);
  } catch {
    return null;
  }
}

function importEdgeList(text: string, delimiter: ',' | '\t', file: string): ImportedNetwork {
  const table = parseDelimited(text, delimiter, `"${file}"`);
  const column = (name: string) => {
    const index = table.header.indexOf(name);
    if (index < 0)
      throw new Error(
        `"${file}": no "${name}" column in the header (${table.header.join(', ')}); expected source, target, weight, sign, rank.`,
      );
    return index;
  };
  const [s, t, w, g] = [column('source'), column('target'), column('weight'), column('sign')];
  const r = table.header.indexOf('rank');
  const edges = table.rows.map((row, i) => {
    const where = `"${file}", line ${table.lineNumbers[i]}`;
    return {
      source: fromSpreadsheetSafe(row[s]),
      target: fromSpreadsheetSafe(row[t]),
      weight: toWeight(row[w], where),
      sign: toSign(row[g], where),
      ...(r >= 0 ? { rank: Number(row[r]) } : {}),
    };
  });
  const nodes: NetworkNode[] = [...new Set(edges.flatMap((edge) => [edge.source, edge.target]))].map((id) => ({
    id,
    isTF: null,
    peakPseudotime: null,
  }));
  const jsonLine = table.comments.find((line) => line.startsWith(`${PROVENANCE_JSON_KEY}: `));
  return {
    network: { nodes, edges: rankImported(edges) },
    provenance: provenanceFromJsonText(jsonLine?.slice(PROVENANCE_JSON_KEY.length + 2), `"${file}"`),
    notes: ['An edge list holds no TF flags and no genes without edges; re-open the GraphML, .cyjs or CX2 export for those.'],
  };
}

function importGraphml(text: string, file: string): ImportedNetwork {
  const doc = new JSDOM(text, { contentType: 'application/xml' }).window.document;
  if (doc.getElementsByTagName('parsererror').length > 0) throw new Error(`"${file}" is not well-formed XML: is it truncated?`);
  const keys = new Map<string, { name: string; type: string }>();
  for (const key of Array.from(doc.getElementsByTagName('key')))
    keys.set(key.getAttribute('id') ?? '', { name: key.getAttribute('attr.name') ?? '', type: key.getAttribute('attr.type') ?? 'string' });
  const dataOf = (element: Element) => {
    const values: Record<string, string> = {};
    for (const child of Array.from(element.children)) {
      if (child.localName === 'data') values[keys.get(child.getAttribute('key') ?? '')?.name ?? ''] = child.textContent ?? '';
    }
    return values;
  };
  const graph = doc.getElementsByTagName('graph')[0];
  if (!graph) throw new Error(`"${file}" has no <graph> element: it is not a GraphML network.`);
  const nodes: NetworkNode[] = Array.from(graph.getElementsByTagName('node')).map((node) => {
    const data = dataOf(node);
    const id = node.getAttribute('id') ?? '';
    return {
      id,
      isTF: data.is_TF === undefined ? null : data.is_TF === 'true',
      peakPseudotime: data.peak_pseudotime === undefined ? null : Number(data.peak_pseudotime),
      ...(data.x !== undefined && data.y !== undefined ? { x: Number(data.x), y: Number(data.y) } : {}),
    };
  });
  const edges = Array.from(graph.getElementsByTagName('edge')).map((edge, i) => {
    const data = dataOf(edge);
    const where = `"${file}", edge ${i + 1}`;
    return {
      source: edge.getAttribute('source') ?? '',
      target: edge.getAttribute('target') ?? '',
      weight: toWeight(data.weight, where),
      sign: toSign(data.sign ?? 0, where),
      ...(data.rank !== undefined ? { rank: Number(data.rank) } : {}),
    };
  });
  return {
    network: { nodes, edges: rankImported(edges) },
    provenance: provenanceFromJsonText(dataOf(graph)[PROVENANCE_JSON_KEY], `"${file}"`),
    notes: [],
  };
}

interface CyjsDocument {
  data?: Record<string, unknown>;
  elements?: {
    nodes?: Array<{ data: Record<string, unknown>; position?: { x: number; y: number } }>;
    edges?: Array<{ data: Record<string, unknown> }>;
  };
}

function importCyjs(text: string, file: string): ImportedNetwork {
  const document = JSON.parse(text) as CyjsDocument;
  if (!document.elements || !Array.isArray(document.elements.nodes))
    throw new Error(`"${file}" has no elements.nodes: it is not a Cytoscape.js network.`);
  const nodes: NetworkNode[] = document.elements.nodes.map((node) => ({
    id: String(node.data.name ?? node.data.id),
    isTF: typeof node.data.is_TF === 'boolean' ? node.data.is_TF : null,
    peakPseudotime: typeof node.data.peak_pseudotime === 'number' ? node.data.peak_pseudotime : null,
    ...(node.position ? { x: node.position.x, y: node.position.y } : {}),
  }));
  const idToName = new Map(document.elements.nodes.map((node) => [String(node.data.id), String(node.data.name ?? node.data.id)]));
  const edges = (document.elements.edges ?? []).map((edge, i) => {
    const where = `"${file}", edge ${i + 1}`;
    return {
      source: idToName.get(String(edge.data.source)) ?? String(edge.data.source),
      target: idToName.get(String(edge.data.target)) ?? String(edge.data.target),
      weight: toWeight(edge.data.weight, where),
      sign: toSign(edge.data.sign ?? 0, where),
      ...(typeof edge.data.rank === 'number' ? { rank: edge.data.rank } : {}),
    };
  });
  const provenance = document.data?.provenance ? parseProvenanceJson(document.data.provenance, `"${file}"`) : null;
  return { network: { nodes, edges: rankImported(edges) }, provenance, notes: [] };
}

function importCx2(text: string, file: string): ImportedNetwork {
  const aspects = JSON.parse(text) as Array<Record<string, unknown[]>>;
  if (!Array.isArray(aspects)) throw new Error(`"${file}" is not a CX2 file (a JSON array of aspects).`);
  const merged = new Map<string, unknown[]>();
  for (const aspect of aspects)
    for (const [name, value] of Object.entries(aspect)) if (Array.isArray(value)) merged.set(name, [...(merged.get(name) ?? []), ...value]);
  const cxNodes = (merged.get('nodes') ?? []) as Array<{ id: number; x?: number; y?: number; v: Record<string, unknown> }>;
  const cxEdges = (merged.get('edges') ?? []) as Array<{ s: number; t: number; v: Record<string, unknown> }>;
  const names = new Map(cxNodes.map((node) => [node.id, String(node.v.name)]));
  const nodes: NetworkNode[] = cxNodes.map((node) => ({
    id: String(node.v.name),
    isTF: typeof node.v.is_TF === 'boolean' ? node.v.is_TF : null,
    peakPseudotime: typeof node.v.peak_pseudotime === 'number' ? node.v.peak_pseudotime : null,
    ...(node.x !== undefined && node.y !== undefined ? { x: node.x, y: node.y } : {}),
  }));
  const edges = cxEdges.map((edge, i) => {
    const where = `"${file}", edge ${i + 1}`;
    const source = names.get(edge.s);
    const target = names.get(edge.t);
    if (source === undefined || target === undefined) throw new Error(`${where}: it refers to a node id that the file does not define.`);
    return {
      source,
      target,
      weight: toWeight(edge.v.weight, where),
      sign: toSign(edge.v.sign ?? 0, where),
      ...(typeof edge.v.rank === 'number' ? { rank: edge.v.rank } : {}),
    };
  });
  const attributes = ((merged.get('networkAttributes') ?? [])[0] ?? {}) as Record<string, unknown>;
  const json = attributes[PROVENANCE_JSON_KEY];
  return {
    network: { nodes, edges: rankImported(edges) },
    provenance: provenanceFromJsonText(typeof json === 'string' ? json : undefined, `"${file}"`),
    notes: [],
  };
}

/** Parses an exported network's text (no I/O). */
export function parseNetworkFile(text: string, format: ImportableFormat, file: string): ImportedNetwork {
  try {
    switch (format) {
      case 'csv':
        return importEdgeList(text, ',', file);
      case 'tsv':
        return importEdgeList(text, '\t', file);
      case 'graphml':
        return importGraphml(text, file);
      case 'cyjs':
        return importCyjs(text, file);
      case 'cx2':
        return importCx2(text, file);
    }
  } catch (error) {
    if (error instanceof SyntaxError) throw new Error(`"${file}" is not valid JSON (${error.message}): is it truncated?`, { cause: error });
    throw error;
  }
}

export async function importNetworkFile(file: string, format: ImportableFormat = formatFromFileName(file)): Promise<ImportedNetwork> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot open "${file}" (${(error as NodeJS.ErrnoException).code ?? String(error)}).`, { cause: error });
  }
  const imported = parseNetworkFile(text, format, file);
  if (imported.provenance || (format !== 'csv' && format !== 'tsv')) return imported;
  // Edge lists keep their provenance next to them (`<file>.provenance.json`), so the header stays on line 1.
  const sidecar = await readFile(`${file}.provenance.json`, 'utf8').catch(() => undefined);
  return { ...imported, provenance: provenanceFromJsonText(sidecar, `"${file}.provenance.json"`) };
}
