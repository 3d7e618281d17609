/**
 * Re-import into the app: an exported network file (.csv .tsv .graphml .cyjs .cx2) or a checkpoint.bin becomes a
 * new run entry whose result reproduces the view it came from: the same genes, edges, weights, signs and, where the
 * format has them, TF flags. The run's settings come from the provenance the file carries (or the checkpoint's own).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../src-shared/contract/result.ts';
import type { RunMetrics, RunResult, RunSummary } from '../../src-shared/contract/types.ts';
import { MAX_RESULT_EDGES } from '../../src-shared/contract/types.ts';
import { PAPER_DEFAULTS, type TrainingConfig } from '../../src-shared/run-config.ts';
import { importCheckpoint } from '../import/checkpoint-importer.ts';
import { formatFromFileName, importNetworkFile } from '../import/network-importer.ts';
import type { NetworkData } from '../export/network-data.ts';
import type { Provenance } from '../export/provenance.ts';
import { RUN_FILES } from '../run/run-folder.ts';
import { parseEdgesCsv } from '../run/run-result.ts';
import { importedRunRecord } from '../run/imported-run-record.ts';

/** What an imported file yields before it becomes a run: the result (without id and history) and the run's settings. */
export interface ImportedNetworkRun {
  label: string;
  result: Omit<RunResult, 'runId' | 'history'>;
  config: TrainingConfig;
  engine: RunSummary['engine'];
  notes: string[];
}

/** Whether a stored parameter record looks like a TrainingConfig (provenance of a run made by this app or the CLI). */
function configFrom(parameters: Record<string, unknown> | undefined): TrainingConfig {
  const p = parameters ?? {};
  const isRecord = (value: unknown) => value !== null && typeof value === 'object';
  if (
    isRecord(p.model) &&
    isRecord(p.regularizer) &&
    isRecord(p.solver) &&
    isRecord(p.optimizer) &&
    typeof p.iterations === 'number' &&
    typeof p.seed === 'number'
  ) {
    const { model, regularizer, solver, optimizer, iterations, seed, engine, checkpointEvery } = p as unknown as TrainingConfig;
    return {
      model,
      regularizer,
      solver,
      optimizer,
      iterations,
      seed,
      engine: engine ?? PAPER_DEFAULTS.engine,
      checkpointEvery: checkpointEvery ?? PAPER_DEFAULTS.checkpointEvery,
    };
  }
  return { ...PAPER_DEFAULTS, ...(typeof p.seed === 'number' ? { seed: p.seed } : {}) };
}

/**
 * The run result a network implies: the edges (heaviest first, capped as for trained runs), the TF flags, and the
 * signed effect matrix (TF rows when TF flags are known). Metrics the file does not hold are NaN ("unknown").
 */
export function resultFromNetwork(
  network: NetworkData,
  provenance: Provenance | null,
  sparsity: { feature: number; model: number } | null,
): ImportedNetworkRun['result'] {
  const genes = network.nodes.map((node) => node.id);
  const index = new Map(genes.map((gene, i) => [gene, i]));
  const isTF = network.nodes.map((node) => node.isTF);
  const hasTf = isTF.some((flag) => flag !== null);
  const sources = hasTf ? genes.filter((_, i) => isTF[i] === true) : genes;
  const sourceRow = new Map(sources.map((gene, i) => [gene, i]));
  const values = new Array<number>(sources.length * genes.length).fill(0);
  const edges = network.edges.filter((edge) => edge.source !== edge.target);
  for (const edge of edges) {
    const row = sourceRow.get(edge.source);
    const column = index.get(edge.target);
    if (row !== undefined && column !== undefined) values[row * genes.length + column] = Number((edge.sign * edge.weight).toPrecision(4));
  }
  const metrics = importedRunRecord(genes, isTF, edges.length, {
    featureSparsity: sparsity?.feature ?? null,
    modelSparsity: sparsity?.model ?? null,
    iterations: typeof provenance?.parameters.iterations === 'number' ? provenance.parameters.iterations : 0,
    engine: (provenance?.engine ?? 'tfjs') as RunMetrics['engine'],
    seed: provenance?.seed ?? 0,
    dataSha256: provenance?.inputs[0]?.sha256 ?? '',
  });

  return {
    metrics,
    genes,
    isTF,
    edges: edges.slice(0, MAX_RESULT_EDGES).map(({ source, target, weight, sign }) => ({ source, target, weight, sign })),
    edgeTotal: edges.length,
    heatmap: { sources, targets: genes, values },
    trajectories: [],
  };
}

/**
 * A checkpoint in an app run folder has result.json beside it (not the CLI's edges.csv): its signed edges give the
 * signs that the checkpoint alone cannot (they need the fitted trajectories).
 */
async function signsFromRunFolder(edgesFile: string, imported: { network: NetworkData; notes: string[] }): Promise<void> {
  let stored: Pick<RunResult, 'edges'>;
  try {
    stored = { edges: parseEdgesCsv(await readFile(edgesFile, 'utf8'), edgesFile) };
  } catch {
    return;
  }
  const signs = new Map(stored.edges.map((edge) => [`${edge.source}\u0000${edge.target}`, edge.sign]));
  let found = 0;
  for (const edge of imported.network.edges) {
    const sign = signs.get(`${edge.source}\u0000${edge.target}`);
    if (sign !== undefined) {
      edge.sign = sign;
      found++;
    }
  }
  if (found > 0) imported.notes = imported.notes.filter((note) => !/edge signs need the fitted trajectories/.test(note));
}

/** Reads an exported network or a checkpoint at `file` (on the machine running the app). */
export async function importRunFile(file: string, displayName = path.basename(file)): Promise<ImportedNetworkRun> {
  try {
    if (path.extname(file).toLowerCase() === '.bin') {
      const imported = await importCheckpoint(file);
      const { checkpoint } = imported;
      await signsFromRunFolder(path.join(path.dirname(file), RUN_FILES.edges), imported);
      const result = resultFromNetwork(imported.network, null, null);
      result.metrics = {
        ...result.metrics,
        iterations: checkpoint.iteration,
        engine: checkpoint.engine,
        seed: checkpoint.config.seed,
        data_sha256: checkpoint.dataSha256,
        config: checkpoint.config,
      };
      return {
        label: `${displayName} (checkpoint, iteration ${checkpoint.iteration})`,
        result,
        config: checkpoint.config,
        engine: checkpoint.engine,
        notes: imported.notes,
      };
    }
    formatFromFileName(file);
    const imported = await importNetworkFile(file);
    const result = resultFromNetwork(imported.network, imported.provenance, null);
    const notes = [...imported.notes];
    if (!imported.provenance)
      notes.push(`"${displayName}" carries no PathReg provenance: the run's settings are unknown and shown as the defaults.`);
    return {
      label: `${displayName} (imported)`,
      result,
      config: configFrom(imported.provenance?.parameters),
      engine: (imported.provenance?.engine ?? null) as RunSummary['engine'],
      notes,
    };
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError('bad-input', `"${displayName}" cannot be imported: ${error instanceof Error ? error.message : String(error)}`);
  }
}
