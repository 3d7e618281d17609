/**
 * Reads what `pathreg fit --out DIR` leaves behind — DIR/metrics.json and DIR/edges.csv — into the network and the
 * provenance every export carries. Lenient about extra keys (the run format grows), strict about what exports need,
 * with messages that name the file, the line and the column.
 */
import { access, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseEdgesCsv } from '../run/run-result.ts';
import { rankEdges, type NetworkData, type NetworkNode } from './network-data.ts';
import type { InputFileRecord, Provenance } from './provenance.ts';
import { readCheckpoint } from '../engine/training/checkpoint.ts';
import { CHECKPOINT_FILE, readTrajectoryComparison, RUN_FILES, type TrajectoryIndex } from '../run/run-folder.ts';
import { trajectoryDataFromComparison } from '../../src-shared/figures/run-adapters.ts';
import { readTfListByNameOrPath } from '../data/tf-lists/bundled-tf-lists.ts';
import { matchTfList } from '../data/tf-lists/read-tf-list.ts';
import type { TrajectoryFigureData } from '../../src-shared/figures/index.ts';
import { peakPseudotimes } from './peak-pseudotime.ts';

export interface RunFolder {
  folder: string;
  /** metrics.json as written by the fit (keys documented in the run folder's README / fit --help). */
  metrics: Record<string, unknown>;
  /** Every gene of the model, every edge of the read-out, ranked strongest first. */
  network: NetworkData;
  /** Observed cells and fitted curves, as the run stored them; null for a folder without them. */
  trajectories: TrajectoryFigureData | null;
  /** Provenance of the run; an export fills in `exportedAt` and `content`. */
  provenance: Omit<Provenance, 'exportedAt' | 'content'>;
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = error !== null && typeof error === 'object' && 'code' in error ? (error as { code: string }).code : '';
    if (code === 'ENOENT')
      throw new Error(`"${file}" is missing: ${what}. Is "${path.dirname(file)}" the folder that \`pathreg fit --out\` wrote?`, {
        cause: error,
      });
    throw new Error(`Cannot read "${file}" (${code || String(error)}).`, { cause: error });
  }
}

function stringArray(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? (value as string[]) : null;
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Reads DIR/edges.csv: the run folder's one edge parser (self-edges left out). */
export const parseRunEdges = parseEdgesCsv;

/** Turns the run's recorded inputs into provenance records, whichever of the documented shapes the run used. */
function inputRecords(metrics: Record<string, unknown>, config: Record<string, unknown>): InputFileRecord[] {
  const recorded = record(metrics.provenance) ?? {};
  for (const list of [recorded.sources, metrics.inputs, metrics.sources]) {
    if (Array.isArray(list)) {
      const records = list
        .map(record)
        .filter((item): item is Record<string, unknown> => item !== null)
        .map((item) => ({
          name: String(item.name ?? item.path ?? item.file ?? 'unknown'),
          sha256: String(item.sha256 ?? 'unknown'),
          ...(typeof item.bytes === 'number' ? { bytes: item.bytes } : {}),
        }));
      if (records.length > 0) return records;
    }
  }
  const sha = typeof metrics.data_sha256 === 'string' ? metrics.data_sha256 : null;
  if (sha) {
    const name = recorded.data_path ?? metrics.data_path ?? config.data ?? 'training data';
    return [{ name: String(name), sha256: sha }];
  }
  return [];
}

/** Gene names, in model order, from DIR/checkpoint.bin when it is there (null when the folder has none). */
async function checkpointGenes(folder: string): Promise<string[] | null> {
  const file = path.join(folder, CHECKPOINT_FILE);
  try {
    await access(file);
  } catch {
    return null;
  }
  return (await readCheckpoint(file)).genes;
}

/**
 * The run's TF flags: metrics.json "tf_genes" when it lists them, else the TF list the fit used ("tf_list.source":
 * a bundled name or a file), matched to the genes the way the fit matched it. Null when the run had no TF list or
 * its file is no longer where the run found it (then is_TF is left out rather than guessed).
 */
async function runTfGenes(metrics: Record<string, unknown>, genes: string[]): Promise<Set<string> | null> {
  const listed = stringArray(metrics.tf_genes);
  if (listed) return new Set(listed);
  const source = record(metrics.tf_list)?.source;
  if (typeof source !== 'string') return null;
  try {
    const list = await readTfListByNameOrPath(source);
    return new Set(matchTfList(list, genes).tfGenes);
  } catch {
    return null;
  }
}

/**
 * Peak pseudotimes: metrics.json "peak_pseudotime" ({gene: time}) when the run recorded them, else computed from
 * DIR/trajectories.json (fitted curves) when present; empty otherwise (the attribute is then left out).
 */
function runPeakPseudotimes(metrics: Record<string, unknown>, trajectories: TrajectoryFigureData | null): Map<string, number> {
  const recorded = record(metrics.peak_pseudotime);
  if (recorded) return new Map(Object.entries(recorded).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
  return trajectories ? peakPseudotimes(trajectories) : new Map();
}

/**
 * The observed and predicted values of every cell the run stored (trajectories.json index + trajectories.bin), in
 * the trajectories figure's shape; null when the folder has none (a run made by an older version).
 */
async function readStoredTrajectories(folder: string): Promise<TrajectoryFigureData | null> {
  let index: TrajectoryIndex;
  try {
    index = JSON.parse(await readFile(path.join(folder, RUN_FILES.trajectoryIndex), 'utf8')) as TrajectoryIndex;
  } catch {
    return null;
  }
  if (!Array.isArray(index.genes) || !Array.isArray(index.trajectories)) return null;
  return trajectoryDataFromComparison(await readTrajectoryComparison(path.basename(folder), folder, index.genes));
}

export async function readRunFolder(folder: string, appVersion: string): Promise<RunFolder> {
  const metricsFile = path.join(folder, RUN_FILES.metrics);
  const edgesFile = path.join(folder, RUN_FILES.edges);
  const metricsText = await readText(metricsFile, "it holds the run's settings and results");
  let parsed: unknown;
  try {
    parsed = JSON.parse(metricsText);
  } catch (error) {
    throw new Error(
      `"${metricsFile}" is not valid JSON (${error instanceof Error ? error.message : String(error)}). Is the run still writing it, or was it cut off?`,
      { cause: error },
    );
  }
  const metrics = record(parsed);
  if (!metrics)
    throw new Error(`"${metricsFile}" should hold a JSON object of metrics, not ${Array.isArray(parsed) ? 'an array' : typeof parsed}.`);
  const edges = parseRunEdges(await readText(edgesFile, 'it holds the network read out of the model'), edgesFile).filter(
    (edge) => edge.source !== edge.target,
  );

  const config = record(metrics.config) ?? {};
  // The gene list, isolated genes included (edges.csv leaves out near-zero edges): metrics.json when it lists the
  // names, else the checkpoint's, else every gene an edge names (genes without any edge are then missing).
  const genes = stringArray(metrics.gene_names) ??
    stringArray(metrics.genes) ??
    (await checkpointGenes(folder)) ?? [...new Set(edges.flatMap((edge) => [edge.source, edge.target]))];
  const known = new Set(genes);
  edges.forEach((edge, index) => {
    for (const gene of [edge.source, edge.target]) {
      if (!known.has(gene))
        throw new Error(
          `"${edgesFile}", edge ${index + 1}: gene "${gene}" is not among the ${genes.length} genes that "${metricsFile}" lists.`,
        );
    }
  });
  const tfSet = await runTfGenes(metrics, genes);
  const trajectories = await readStoredTrajectories(folder);
  const peaks = runPeakPseudotimes(metrics, trajectories);
  const nodes: NetworkNode[] = genes.map((gene) => ({
    id: gene,
    isTF: tfSet ? tfSet.has(gene) : null,
    peakPseudotime: peaks.get(gene) ?? null,
  }));

  const seedValue = metrics.seed ?? config.seed;
  return {
    folder,
    metrics,
    network: { nodes, edges: rankEdges(edges) },
    trajectories,
    provenance: {
      app: 'PathReg Studio',
      appVersion,
      engine: typeof metrics.engine === 'string' ? metrics.engine : typeof config.engine === 'string' ? config.engine : null,
      seed: typeof seedValue === 'number' ? seedValue : null,
      parameters: Object.keys(config).length > 0 ? config : {},
      inputs: inputRecords(metrics, config),
      runFolder: path.resolve(folder),
      runDate: typeof record(metrics.provenance)?.finished_at === 'string' ? (record(metrics.provenance)!.finished_at as string) : null,
    },
  };
}
