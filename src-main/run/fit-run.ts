/**
 * One complete fit, the paper's protocol end to end: read the trajectory tables, prepare them, train on the
 * training donors, evaluate per cell on every donor, read out the network and write the run folder.
 * Used by `pathreg fit`; the app's job runner calls the same function with its own progress sink and control.
 */
import { existsSync } from 'node:fs';
import { hostname, cpus, platform, arch } from 'node:os';
import type { PreparedTrajectory } from '../data/dataset.ts';
import { matchTfList, type TfList } from '../data/tf-lists/read-tf-list.ts';
import { readTrajectoryTables } from '../data/paper-tables/read-trajectory-folder.ts';
import { readDatasetTrajectories, type DatasetFitRequest } from '../data/trajectories-from-dataset/read-dataset-trajectories.ts';
import { prepareTrajectoryWithReport, type PreparationOptions } from '../data/prepare/prepare-trajectory.ts';
import type { TrainingConfig } from '../../src-shared/run-config.ts';
import { isEngineDeviceError, type EngineDeviceError } from '../engine/engine-failure.ts';
import type { TrainingEngine, TrainingProblem } from '../engine/engine-interface.ts';
import { createEngineWithinMemory, formatBytes, type EngineRegistry } from '../engine/engine-registry.ts';
import { evaluateDonor, type DonorMse, type EvaluationSettings } from '../engine/evaluation/per-cell-mse.ts';
import { readNetworkFromEngine } from '../engine/evaluation/network-readout.ts';
import { readCheckpoint, type TrainingCheckpoint } from '../engine/training/checkpoint.ts';
import { runTraining, type TrainingProgress } from '../engine/training/run-training.ts';
import { buildTrainingProblem } from '../engine/training/training-problem.ts';
import { TrainingControl } from '../engine/training/training-control.ts';
import { checkpointPath, dataSha256, ensureRunFolder, removeInterruptedWrites, writeEdges, writeMetrics } from './run-files.ts';
import { LossHistory } from './loss-history.ts';

export interface FitSettings {
  /** A trajectory table or a folder of them. */
  dataPath: string;
  /** Donors trained on together; null = every donor not held out. */
  trainDonors: string[] | null;
  /** Held-out donors, evaluated only. */
  testDonors: string[];
  /** Lineages to use; null = all found. */
  lineages: string[] | null;
  config: TrainingConfig;
  preparation: PreparationOptions;
  /** A data set (h5ad, 10x, loom, CSV, BEELINE) and how to turn it into trajectories; absent for trajectory tables. */
  dataset?: DatasetFitRequest | null;
  evaluation: Omit<EvaluationSettings, 'model' | 'regularizer'>;
  outDir: string;
  resume: boolean;
  tfList: TfList | null;
  /** False when tfList is the bundled default rather than the user's --tf-list: then no overlap is a note, not an error. */
  tfListGiven?: boolean;
  memoryLimitBytes: number;
  /** The command as typed, for provenance. */
  commandLine: string;
  version: string;
}

export interface FitCallbacks {
  /** Human-readable lines about what is happening (stderr in the CLI). */
  log: (line: string) => void;
  onProgress?: (progress: TrainingProgress) => void;
  control?: TrainingControl;
}

export type FitOutcome =
  | { status: 'completed'; metricsPath: string; edgesPath: string; metrics: FitMetrics }
  | { status: 'cancelled'; iteration: number; checkpointPath: string }
  | { status: 'diverged'; iteration: number; message: string }
  /**
   * The engine's device failed (GPU lost, out of GPU memory): `checkpointPath` holds the state at
   * `checkpointIteration` (null when the run had not started), from which `--resume --engine cpu` continues.
   */
  | { status: 'device-failed'; iteration: number; message: string; checkpointPath: string | null; checkpointIteration: number };

export interface FitMetrics {
  train_mse: number;
  test_mse: Record<string, number>;
  test_mse_mean: number;
  feature_sparsity: number;
  model_sparsity: number;
  spurious_feature_sparsity: number;
  iterations: number;
  seconds: number;
  engine: string;
  seed: number;
  data_sha256: string;
  version: string;
  [key: string]: unknown;
}

export async function runFit(settings: FitSettings, registry: EngineRegistry, callbacks: FitCallbacks): Promise<FitOutcome> {
  const log = callbacks.log;
  const cfg = settings.config;
  const bothWays = settings.trainDonors?.filter((d) => settings.testDonors.includes(d)) ?? [];
  if (bothWays.length)
    throw new Error(`Donor ${bothWays.join(', ')} is in both --train and --test: a held-out donor must not be trained on.`);

  // Read only the donors asked for (all of them when --train is not given).
  const donors = settings.trainDonors ? [...settings.trainDonors, ...settings.testDonors] : undefined;
  const fromDataset = settings.dataset ? await readDatasetTrajectories(settings.dataPath, settings.dataset, log) : null;
  const tables = fromDataset ?? (await readTrajectoryTables(settings.dataPath, { donors, lineages: settings.lineages ?? undefined }));
  const sha = dataSha256(tables.sources);
  const prepared: PreparedTrajectory[] = [];
  for (const trajectory of tables.trajectories) {
    const { prepared: p, report } = prepareTrajectoryWithReport(trajectory, settings.preparation);
    prepared.push(p);
    const dup = report.duplicateTimesDropped ? `, ${report.duplicateTimesDropped} duplicated pseudotime(s) dropped` : '';
    log(`read ${trajectory.source}: ${report.cellsRead} cells, ${report.cellsKept} kept after trimming${dup}`);
  }
  const trainDonors = settings.trainDonors ?? [...new Set(prepared.map((t) => t.donor))].filter((d) => !settings.testDonors.includes(d));
  if (trainDonors.length === 0)
    throw new Error(`Every donor in "${settings.dataPath}" is held out with --test: leave at least one to train on.`);
  const training = prepared.filter((t) => trainDonors.includes(t.donor));
  const genes = prepared[0].genes;

  // Held-out donors are evaluated on the lineages they have; a missing one (donor 24 has no eryth file) is reported.
  const trainLineages = [...new Set(training.map((t) => t.lineage))];
  const notes: string[] = [];
  for (const donor of settings.testDonors) {
    const have = prepared.filter((t) => t.donor === donor).map((t) => t.lineage);
    const missing = trainLineages.filter((l) => !have.includes(l));
    if (missing.length) {
      const note = `donor ${donor} has no ${missing.join(', ')} file: it is evaluated on ${have.join(', ')} only, so its summed MSE covers ${have.length} lineage(s), not ${trainLineages.length}`;
      notes.push(note);
      log(`note: ${note}`);
    }
  }

  // The TF list is checked against the genes before training, so a list that matches nothing fails in seconds.
  // The bundled default is a human list: on other species' data it matches nothing, which is no reason to stop.
  let overlap: ReturnType<typeof matchTfList> | null = null;
  if (settings.tfList) {
    try {
      overlap = matchTfList(settings.tfList, genes);
    } catch (error) {
      if (settings.tfListGiven !== false) throw error;
      const note = `the default TF list (${settings.tfList.origin}) shares no gene with these ${genes.length} genes, so the spurious-feature sparsity is not computed; give --tf-list (e.g. mouse, or a file) to get it`;
      notes.push(note);
      log(`note: ${note}`);
    }
  }
  const isTf = overlap ? Array.from(overlap.isTf, (flag) => flag === 1) : null;
  if (overlap) {
    const caseNote = overlap.matchedIgnoringCase.length ? ` (${overlap.matchedIgnoringCase.length} matched only ignoring case)` : '';
    log(`TF list ${settings.tfList!.origin}: ${overlap.tfGenes.length} of ${genes.length} genes are TFs${caseNote}`);
  }

  await ensureRunFolder(settings.outDir);
  await removeInterruptedWrites(settings.outDir);
  const ckptPath = checkpointPath(settings.outDir);
  let resume: TrainingCheckpoint | undefined;
  if (settings.resume) {
    resume = await readCheckpoint(ckptPath);
    checkResumable(resume, cfg, sha, genes, ckptPath);
    log(`resuming from ${ckptPath} at iteration ${resume.iteration} of ${cfg.iterations}`);
  }

  const problem = buildTrainingProblem(training, cfg);
  // auto weighs the GPU against the CPU on this problem's size, so the problem is built first.
  const { factory, why } = await registry.choose(cfg.engine, problem);
  log(`engine ${factory.name}: ${why}`);
  if (resume && resume.iteration > 0 && resume.engine !== factory.name) {
    log(
      `note: iterations 1–${resume.iteration} ran on ${resume.engine}; the rest run on ${factory.name}, equal within float32 rounding, not bit for bit`,
    );
  }
  const createEngine = (problem: TrainingProblem) => createEngineWithinMemory(factory, problem, settings.memoryLimitBytes);
  log(
    `training on donor(s) ${trainDonors.join(', ')}: ${training.length} trajectories (${training.map((t) => t.name).join(', ')}), ` +
      `${genes.length} genes, hidden ${cfg.model.hidden.join(',') || 'none'}, ${cfg.regularizer.kind} λ=${cfg.regularizer.lambda}, ` +
      `${cfg.solver.kind}, ${cfg.iterations} iterations, engine memory about ${formatBytes(factory.estimateMemoryBytes(problem))}`,
  );

  // A GPU that fails while the engine sets up, trains or evaluates ends the run with the checkpoint on disk kept.
  let checkpointIteration = resume?.iteration ?? 0;
  const deviceFailed = (error: EngineDeviceError, iteration: number): FitOutcome => ({
    status: 'device-failed',
    iteration,
    message: `${error.message}. The run stopped at iteration ${iteration}${existsSync(ckptPath) ? `; its checkpoint at iteration ${checkpointIteration} is kept at "${ckptPath}"` : ' before its first checkpoint'}.`,
    checkpointPath: existsSync(ckptPath) ? ckptPath : null,
    checkpointIteration,
  });
  let engine: TrainingEngine;
  try {
    engine = await createEngine(problem);
  } catch (error) {
    if (isEngineDeviceError(error)) return deviceFailed(error, checkpointIteration);
    throw error;
  }
  const history = resume
    ? await LossHistory.continuing(settings.outDir, cfg.iterations, resume.iteration)
    : new LossHistory(cfg.iterations);
  const onProgress = (progress: TrainingProgress) => {
    history.record(progress);
    callbacks.onProgress?.(progress);
  };
  let outcome;
  try {
    outcome = await runTraining({
      problem,
      config: cfg,
      engine,
      genes,
      dataSha256: sha,
      checkpointPath: ckptPath,
      resume,
      control: callbacks.control,
      onProgress,
      onNote: (line) => log(`note: ${line}`),
    });
  } catch (error) {
    engine.dispose();
    throw error;
  }
  // The curve so far is kept however the run ends, so a cancelled or diverged run still shows how it got there.
  await history.write(settings.outDir);
  if (outcome.status === 'diverged') {
    engine.dispose();
    return { status: 'diverged', iteration: outcome.iteration, message: outcome.message };
  }
  if (outcome.status === 'cancelled') {
    engine.dispose();
    return { status: 'cancelled', iteration: outcome.iteration, checkpointPath: ckptPath };
  }
  if (outcome.status === 'device-failed') {
    disposeQuietly(engine);
    return {
      status: 'device-failed',
      iteration: outcome.iteration,
      message: outcome.message,
      checkpointPath: outcome.checkpointPath,
      checkpointIteration: outcome.lastGood.iteration,
    };
  }
  checkpointIteration = outcome.iteration;
  try {
    return await evaluateAndWrite(outcome);
  } catch (error) {
    if (!isEngineDeviceError(error)) throw error;
    disposeQuietly(engine);
    return deviceFailed(error, outcome.iteration);
  }

  async function evaluateAndWrite(outcome: {
    iteration: number;
    parameters: Float32Array;
    checkpoint: TrainingCheckpoint;
    seconds: number;
    notes: string[];
  }): Promise<FitOutcome> {
    // Network read-out at the fitted states of the training trajectories, then free the training engine.
    const evaluationStart = performance.now();
    const params = outcome.parameters;
    notes.push(...outcome.notes);
    const network = await readNetworkFromEngine(engine, { genes, model: cfg.model, params, isTf });
    log(
      `network: ${network.edges.length} edges; open gates per layer ${network.openGates.join(', ')} of ${cfg.model.hidden.length ? [genes.length, ...cfg.model.hidden].join(', ') : genes.length}`,
    );
    if (network.edges.length === 0) {
      const closed = network.openGates.findIndex((n) => n === 0);
      const why =
        closed >= 0
          ? `every gate of layer ${closed} is closed (deterministic gates), so no path from a gene to another remains`
          : 'every path weight is below 1e-5';
      const note = `the network is empty: ${why}. The fitted field does not depend on the genes; a smaller --lambda keeps more of the model open`;
      notes.push(note);
      log(`note: ${note}`);
    }

    const evaluation: EvaluationSettings = { model: cfg.model, regularizer: cfg.regularizer, ...settings.evaluation };
    const evaluator = await registry.chooseForEvaluation(factory);
    if (evaluator.note) {
      log(`note: ${evaluator.note}`);
      notes.push(evaluator.note);
    }
    const createEvaluator = (problem: TrainingProblem) => createEngineWithinMemory(evaluator.factory, problem, settings.memoryLimitBytes);
    const byDonor = (donor: string) => prepared.filter((t) => t.donor === donor);
    const trainResults: DonorMse[] = [];
    for (const donor of trainDonors) {
      log(`evaluating training donor ${donor} per cell (dopri5, rtol ${evaluation.rtol}, atol ${evaluation.atol})`);
      trainResults.push(await evaluateDonor(donor, byDonor(donor), params, evaluation, createEvaluator));
    }
    const testResults: DonorMse[] = [];
    for (const donor of settings.testDonors) {
      log(`evaluating held-out donor ${donor} per cell`);
      testResults.push(await evaluateDonor(donor, byDonor(donor), params, evaluation, createEvaluator));
    }
    const evaluationSeconds = (performance.now() - evaluationStart) / 1000;

    const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);
    const metrics: FitMetrics = {
      // With one training donor (the paper) this is its summed per-cell MSE; with several, their mean.
      train_mse: mean(trainResults.map((r) => r.mse)),
      test_mse: Object.fromEntries(testResults.map((r) => [r.donor, r.mse])),
      test_mse_mean: mean(testResults.map((r) => r.mse)),
      feature_sparsity: network.featureSparsity,
      model_sparsity: network.modelSparsity,
      spurious_feature_sparsity: network.spuriousFeatureSparsity,
      iterations: outcome.iteration,
      seconds: outcome.seconds,
      engine: factory.name,
      seed: cfg.seed,
      data_sha256: sha,
      version: settings.version,
      train_mse_by_donor: Object.fromEntries(trainResults.map((r) => [r.donor, r.mse])),
      lineage_mse: Object.fromEntries([...trainResults, ...testResults].map((r) => [r.donor, r.lineages])),
      // Cells each per-lineage MSE averages over (after trimming), so tables and figures can show them.
      lineage_cells: cellCounts(prepared),
      final_loss: outcome.checkpoint.lastTerms,
      final_learning_rate: outcome.checkpoint.learningRate,
      evaluation_seconds: evaluationSeconds,
      edges: network.edges.length,
      open_gates: network.openGates,
      notes,
      config: cfg,
      evaluation: { solver: 'dopri5', rtol: evaluation.rtol, atol: evaluation.atol, max_steps: evaluation.maxSteps },
      preparation: settings.preparation,
      train_donors: trainDonors,
      test_donors: settings.testDonors,
      lineages: trainLineages,
      genes: genes.length,
      data_set: fromDataset ? { genes: fromDataset.genes, notes: fromDataset.notes, pseudotime_root: fromDataset.root ?? null } : undefined,
      tf_list:
        settings.tfList && overlap
          ? { source: settings.tfList.origin, symbols: settings.tfList.symbols.length, tfs_in_data: overlap.tfGenes.length }
          : null,
      engine_reason: why,
      provenance: {
        command: settings.commandLine,
        data_path: settings.dataPath,
        sources: tables.sources.map((s) => ({ path: s.path, bytes: s.bytes, sha256: s.sha256 })),
        resumed: settings.resume,
        node: process.version,
        platform: `${platform()} ${arch()}`,
        cpu: cpus()[0]?.model ?? 'unknown',
        host: hostname(),
        finished_at: new Date().toISOString(),
      },
    };
    const metricsPath = await writeMetrics(settings.outDir, metrics);
    const edgesPath = await writeEdges(settings.outDir, network.edges);
    return { status: 'completed', metricsPath, edgesPath, metrics };
  }
}

/** A failed device may throw again while freeing; the run's outcome is already decided. */
function disposeQuietly(engine: TrainingEngine): void {
  try {
    engine.dispose();
  } catch {
    // Nothing left to free on a lost device.
  }
}

/** A checkpoint may only continue the same run: same data, genes and settings (the iteration count may grow). */
function checkResumable(checkpoint: TrainingCheckpoint, config: TrainingConfig, sha: string, genes: string[], path: string): void {
  if (checkpoint.dataSha256 !== sha) {
    throw new Error(
      `The checkpoint "${path}" was trained on other data (SHA-256 ${checkpoint.dataSha256.slice(0, 12)}…, these files give ${sha.slice(0, 12)}…): resume with the same --data, --train, --test and --lineages, or start a new --out folder.`,
    );
  }
  if (checkpoint.genes.length !== genes.length || checkpoint.genes.some((g, i) => g !== genes[i])) {
    throw new Error(`The checkpoint "${path}" was trained on other genes: start a new --out folder.`);
  }
  const differences: string[] = [];
  const was = checkpoint.config;
  const compare = (option: string, before: unknown, now: unknown) => {
    if (JSON.stringify(before) !== JSON.stringify(now))
      differences.push(`${option} was ${JSON.stringify(before)}, now ${JSON.stringify(now)}`);
  };
  compare('--hidden/--activation', was.model, config.model);
  compare('--regularizer/--lambda', was.regularizer, config.regularizer);
  compare('--solver and its settings', was.solver, config.solver);
  compare('--lr/--plateau-patience', was.optimizer, config.optimizer);
  compare('--seed', was.seed, config.seed);
  if (differences.length) {
    throw new Error(
      `The checkpoint "${path}" belongs to a run with other settings (${differences.join('; ')}): resume with the same options, or start a new --out folder.`,
    );
  }
  if (checkpoint.iteration > config.iterations) {
    throw new Error(
      `The checkpoint "${path}" is already at iteration ${checkpoint.iteration}, beyond --iterations ${config.iterations}: give --iterations ${checkpoint.iteration} or more.`,
    );
  }
}

function cellCounts(trajectories: PreparedTrajectory[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const t of trajectories) (counts[t.donor] ??= {})[t.lineage] = t.times.length;
  return counts;
}
