/**
 * The fitted trajectories of a run, rebuilt from what the run recorded: the data it read (metrics.json provenance:
 * data path, donors, lineages, preparation), checked against its SHA-256, prepared the same way, and the model of
 * checkpoint.bin solved per cell with deterministic gates (the evaluation's Dormand–Prince settings). This feeds
 * the trajectories figure and the peak-pseudotime node attribute from a `pathreg fit` folder.
 */
import { access } from 'node:fs/promises';
import * as path from 'node:path';
import type { TrajectoryFigureData, TrajectorySeries } from '../../src-renderer/figures/index.ts';
import type { RegularizerConfig, TrainingConfig } from '../../src-shared/run-config.ts';
import { readTrajectoryTables } from '../data/paper-tables/read-trajectory-folder.ts';
import { prepareTrajectoryWithReport, type PreparationOptions } from '../data/prepare/prepare-trajectory.ts';
import { readCheckpoint } from '../engine/training/checkpoint.ts';
import { cellProblem } from '../engine/evaluation/per-cell-mse.ts';
import { createEngineWithinMemory, defaultEngineRegistry, defaultMemoryLimit } from '../engine/engine-registry.ts';
import { CHECKPOINT_FILE, dataSha256 } from '../run/run-files.ts';
import type { RunFolder } from './run-folder-reader.ts';
import { peakPseudotimes } from './peak-pseudotime.ts';

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

export interface RunTrajectoryOptions {
  /** Where the data is now, when it moved since the fit (default: the path the run recorded). */
  dataPath?: string;
}

export async function predictRunTrajectories(run: RunFolder, options: RunTrajectoryOptions = {}): Promise<TrajectoryFigureData> {
  const metrics = run.metrics;
  const metricsFile = path.join(run.folder, 'metrics.json');
  const recordedPath = record(metrics.provenance).data_path;
  const dataPath = options.dataPath ?? (typeof recordedPath === 'string' ? recordedPath : null);
  if (!dataPath) throw new Error(`"${metricsFile}" does not record which data the run read, so its trajectories cannot be rebuilt.`);
  const trainDonors = strings(metrics.train_donors);
  const testDonors = strings(metrics.test_donors);
  const lineages = strings(metrics.lineages);
  let tables;
  try {
    tables = await readTrajectoryTables(dataPath, {
      donors: [...trainDonors, ...testDonors],
      lineages: lineages.length ? lineages : undefined,
    });
  } catch (error) {
    throw new Error(
      `The run's data "${dataPath}" (recorded in "${metricsFile}") cannot be read again (${error instanceof Error ? error.message.replace(/\.$/, '') : String(error)}). If it moved, pass --data PATH with where it is now.`,
      { cause: error },
    );
  }
  const sha = dataSha256(tables.sources);
  if (typeof metrics.data_sha256 === 'string' && metrics.data_sha256 !== sha) {
    throw new Error(
      `The files in "${dataPath}" are not the ones the run was trained on (SHA-256 ${sha.slice(0, 12)}…, the run recorded ${metrics.data_sha256.slice(0, 12)}…): the trajectories would not be this run's.`,
    );
  }
  const preparation = record(metrics.preparation) as unknown as PreparationOptions;
  // The run wrote only the network for held-out lineages it lacked; each donor is solved with the lineages it has.
  const prepared = tables.trajectories.map((trajectory) => prepareTrajectoryWithReport(trajectory, preparation).prepared);
  const checkpoint = await readCheckpoint(path.join(run.folder, CHECKPOINT_FILE));
  const config = checkpoint.config as TrainingConfig;
  if (prepared.length === 0) throw new Error(`"${dataPath}" holds no trajectory of the run's donors and lineages.`);
  if (prepared[0].genes.join('\u0000') !== checkpoint.genes.join('\u0000')) {
    throw new Error(
      `The genes in "${dataPath}" differ from the checkpoint's (${checkpoint.genes.length} genes): the trajectories would not be this run's.`,
    );
  }
  const evaluation = record(metrics.evaluation);
  const settings = {
    model: config.model,
    regularizer: config.regularizer as RegularizerConfig,
    rtol: typeof evaluation.rtol === 'number' ? evaluation.rtol : 1e-3,
    atol: typeof evaluation.atol === 'number' ? evaluation.atol : 1e-3,
    maxSteps: typeof evaluation.max_steps === 'number' ? evaluation.max_steps : 10_000,
  };
  const { factory } = await defaultEngineRegistry().choose('auto');
  const series: TrajectorySeries[] = [];
  for (const donor of [...new Set(prepared.map((t) => t.donor))]) {
    const group = prepared.filter((t) => t.donor === donor);
    const engine = await createEngineWithinMemory(factory, cellProblem(group, settings), defaultMemoryLimit());
    try {
      const prediction = await engine.predict(checkpoint.parameters);
      group.forEach((trajectory, b) => {
        series.push({
          name: trajectory.name,
          lineage: trajectory.lineage,
          donor,
          split: trainDonors.includes(donor) ? 'train' : 'held-out',
          observed: { times: Array.from(trajectory.times), values: Array.from(trajectory.values) },
          predicted: { times: Array.from(prediction.trajectories[b].times), values: Array.from(prediction.trajectories[b].values) },
        });
      });
    } finally {
      engine.dispose();
    }
  }
  return { genes: checkpoint.genes, trajectories: series };
}

/**
 * Makes sure `run.trajectories` is known (rebuilding it when the folder has no trajectories.json) and fills in the
 * peak pseudotime of genes that lack one. Throws, with the reason, when neither is possible.
 */
export async function ensureFittedTrajectories(
  run: RunFolder,
  options: RunTrajectoryOptions = {},
): Promise<RunFolder & { trajectories: TrajectoryFigureData }> {
  if (!run.trajectories) {
    try {
      await access(path.join(run.folder, CHECKPOINT_FILE));
    } catch {
      throw new Error(
        `"${run.folder}" holds neither trajectories.json nor checkpoint.bin, so its fitted trajectories are unknown. Export the trajectories from the app's Trajectories view.`,
      );
    }
    run.trajectories = await predictRunTrajectories(run, options);
  }
  const peaks = peakPseudotimes(run.trajectories);
  for (const node of run.network.nodes) {
    if (node.peakPseudotime === null && peaks.has(node.id)) node.peakPseudotime = peaks.get(node.id)!;
  }
  return run as RunFolder & { trajectories: TrajectoryFigureData };
}
