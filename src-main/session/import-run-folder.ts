/**
 * A run folder made elsewhere — by `pathreg fit --out DIR`, or by another session of the app — opened as a finished
 * run of this session. Its files are copied into the session (the source folder is never written, and a saved project
 * then keeps every one of them), and the run is read with the one reader of the run folder: the record, the network,
 * the trajectories and the loss history (history.csv) show as they do for a run trained here.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../../src-shared/contract/result.ts';
import type { RunMetricsRecord } from '../../src-shared/contract/run-record.ts';
import type { RunSummary, TrainingProgress, TrajectorySelection } from '../../src-shared/contract/types.ts';
import { readLossHistory } from '../run/loss-history.ts';
import { RUN_FILES } from '../run/run-folder.ts';
import { readRunResult } from '../run/run-result.ts';

/**
 * The selection shown for an imported run: its genes (a very long list is left out, as the window would not show it)
 * and, when its run record says so, the lineages, donors and trimming it was trained with.
 */
export function importedRunSelection(
  genes: string[],
  record?: Pick<RunMetricsRecord, 'lineages' | 'train_donors' | 'test_donors' | 'preparation'>,
): TrajectorySelection {
  return {
    genes: genes.length <= 20_000 ? genes : [],
    // Names the time the run was trained on; no column of an open data set.
    pseudotimeColumn: 'pseudotime',
    lineageColumn: null,
    donorColumn: null,
    lineages: record?.lineages ?? [],
    trainDonors: record?.train_donors ?? [],
    testDonors: record?.test_donors ?? [],
    trimStart: record?.preparation?.dropFirst ?? 0,
    trimEnd: record?.preparation?.dropLast ?? 0,
  };
}

/** Whether `folder` is a run folder: a complete one has metrics.json, written last. */
export function isRunFolder(folder: string): boolean {
  return existsSync(path.join(folder, RUN_FILES.metrics));
}

export interface ImportedRunFolder {
  /** The run, to be restored by the job runner (runId is given there). */
  summary: RunSummary;
  history: TrainingProgress[];
  edges: number;
  genes: number;
  notes: string[];
}

/** Copies the run folder `source` to `into` and describes the run it holds. */
export async function importRunFolder(source: string, into: string): Promise<ImportedRunFolder> {
  const name = path.basename(source);
  if (!isRunFolder(source)) {
    throw new UserError(
      'bad-input',
      `The folder "${name}" has no ${RUN_FILES.metrics}, so it holds no finished run: choose the folder a run wrote (its ${RUN_FILES.metrics}, ${RUN_FILES.edges} and ${RUN_FILES.history}), or a network file.`,
    );
  }
  // Read before copying: a folder the reader refuses (an older version's, a file missing) is named as it is.
  const result = await readRunResult(source, `The run folder "${name}"`);
  await mkdir(into, { recursive: true });
  for (const file of Object.values(RUN_FILES)) {
    if (existsSync(path.join(source, file))) await copyFile(path.join(source, file), path.join(into, file));
  }
  const metrics = JSON.parse(await readFile(path.join(into, RUN_FILES.metrics), 'utf8')) as RunMetricsRecord;
  // history.csv keeps the curve (losses, learning rate), not the speed or sparsities of the moment: those are 0 and null.
  const history: TrainingProgress[] = (await readLossHistory(into)).map((row) => ({
    runId: '',
    iteration: row.iteration,
    iterations: metrics.iterations,
    loss: { data: row.data, penalty: row.penalty, total: row.total },
    learningRate: row.learningRate,
    rate: 0,
    etaSeconds: 0,
    elapsedSeconds: 0,
    engine: metrics.engine,
    sparsity: null,
  }));
  const notes: string[] = [];
  if (history.length === 0) notes.push(`"${name}" has no ${RUN_FILES.history}: the loss curve of that run is not shown.`);
  const dataPath = metrics.provenance?.data_path;
  const summary: RunSummary = {
    runId: '',
    label: `${name} (run folder)`,
    datasetId: '',
    datasetName: dataPath ? path.basename(dataPath) : name,
    state: 'completed',
    iteration: metrics.iterations,
    iterations: metrics.iterations,
    engine: metrics.engine,
    engineReason: metrics.engine_reason ?? null,
    createdAt: metrics.provenance?.finished_at ?? new Date().toISOString(),
    last: history.at(-1) ?? null,
    message: notes.length > 0 ? notes.join(' ') : null,
    selection: importedRunSelection(metrics.gene_names, metrics),
    config: metrics.config,
    folder: into,
    hasResult: true,
  };
  return { summary, history, edges: result.edgeTotal ?? result.edges.length, genes: result.genes.length, notes };
}
