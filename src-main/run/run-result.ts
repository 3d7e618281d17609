/**
 * What the app's window shows of a finished run, read from its run folder (the one reader): the run record
 * (metrics.json), the heaviest edges of edges.csv with the total, the regulator × target heatmap built from every
 * edge, and the listing of the stored trajectories. Runs made by `pathreg fit` open the same way.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { UserError } from '../../src-shared/contract/result.ts';
import type { RunMetricsRecord } from '../../src-shared/contract/run-record.ts';
import { MAX_RESULT_EDGES, type NetworkEdge, type RunResult } from '../../src-shared/contract/types.ts';
import { parseDelimited } from '../export/csv-reader.ts';
import { RUN_FILES, type TrajectoryIndex } from './run-folder.ts';
import { runEdgesFiles, type EdgesFileCache } from './edges-file-cache.ts';

export async function readRunResult(
  folder: string,
  runId: string,
  edgesFiles: EdgesFileCache = runEdgesFiles,
): Promise<Omit<RunResult, 'history'>> {
  const missing = (name: string, error: unknown) =>
    new UserError(
      'not-found',
      `${runId} has no ${name} in "${folder}" (${(error as NodeJS.ErrnoException).code ?? String(error)}): was the run folder moved, deleted, or written by an older version?`,
    );
  const read = async (name: string) => {
    try {
      return await readFile(join(folder, name), 'utf8');
    } catch (error) {
      throw missing(name, error);
    }
  };
  const metrics = JSON.parse(await read(RUN_FILES.metrics)) as RunMetricsRecord;
  const genes = metrics.gene_names;
  if (!Array.isArray(genes)) {
    throw new UserError(
      'bad-input',
      `"${join(folder, RUN_FILES.metrics)}" lists no gene_names: it was written by an older version; train the run again.`,
    );
  }
  // Parsed once for the window and the edge table alike (edges-file-cache.ts): shared, so only read from here on.
  const edgesFile = join(folder, RUN_FILES.edges);
  const edges = await edgesFiles.edges(edgesFile).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw missing(RUN_FILES.edges, error);
    throw error;
  });
  const index = JSON.parse(await read(RUN_FILES.trajectoryIndex)) as TrajectoryIndex;
  const isTF = Array.isArray(metrics.is_tf) ? metrics.is_tf : genes.map(() => null);
  return {
    runId,
    metrics,
    genes,
    isTF,
    edges: edges.slice(0, MAX_RESULT_EDGES),
    edgeTotal: edges.length,
    heatmap: signedEffects(genes, edges, isTF),
    trajectories: index.trajectories.map(({ name, lineage, donor, split, cells }) => ({ name, lineage, donor, split, cells })),
  };
}

/** edges.csv (`source,target,weight,sign`, any column order, extra columns ignored), self-edges left out. */
export function parseEdgesCsv(text: string, file: string): NetworkEdge[] {
  const table = parseDelimited(text, ',', `"${file}"`);
  const column = (name: string) => {
    const index = table.header.findIndex((h) => h.toLowerCase() === name);
    if (index < 0) {
      throw new Error(
        `"${file}": the header has no "${name}" column (found: ${table.header.join(', ')}). Expected source,target,weight,sign.`,
      );
    }
    return index;
  };
  const [s, t, w] = [column('source'), column('target'), column('weight')];
  const signIndex = table.header.findIndex((h) => h.toLowerCase() === 'sign');
  const edges: NetworkEdge[] = [];
  table.rows.forEach((row, r) => {
    const line = table.lineNumbers[r];
    if (row.length !== table.header.length) {
      throw new Error(`"${file}", line ${line}: ${row.length} fields but the header has ${table.header.length}. Is the file truncated?`);
    }
    const weight = Number(row[w]);
    if (row[w].trim() === '' || !Number.isFinite(weight))
      throw new Error(`"${file}", line ${line}, column "weight": "${row[w]}" is not a finite number.`);
    let sign: NetworkEdge['sign'] = 0;
    if (signIndex >= 0) {
      const value = Number(row[signIndex]);
      if (value !== -1 && value !== 0 && value !== 1)
        throw new Error(`"${file}", line ${line}, column "sign": "${row[signIndex]}" must be -1, 0 or 1.`);
      sign = value;
    }
    if (row[s] === '' || row[t] === '') {
      throw new Error(`"${file}", line ${line}: an empty gene name in column "${row[s] === '' ? 'source' : 'target'}".`);
    }
    if (row[s] !== row[t]) edges.push({ source: row[s], target: row[t], weight, sign });
  });
  return edges;
}

/** TF (or every gene) × gene matrix of sign × weight from every edge, to 4 significant digits (see RunResult.heatmap). */
function signedEffects(genes: string[], edges: NetworkEdge[], isTf: Array<boolean | null>): RunResult['heatmap'] {
  const D = genes.length;
  const column = new Map(genes.map((gene, j) => [gene, j]));
  const anyTf = isTf.some((flag) => flag !== null);
  const rows = genes.map((_, i) => i).filter((i) => !anyTf || isTf[i] === true);
  const rowOf = new Map(rows.map((i, r) => [genes[i], r]));
  const values = new Array<number>(rows.length * D).fill(0);
  for (const edge of edges) {
    const r = rowOf.get(edge.source);
    const j = column.get(edge.target);
    if (r === undefined || j === undefined) continue;
    values[r * D + j] = Number((edge.sign * edge.weight).toPrecision(4));
  }
  return { sources: rows.map((i) => genes[i]), targets: genes, values };
}
