/**
 * The one fit, for every front end: open the data set (any format, the paper's tables included, through the same
 * Dataset path), build the trajectories with the one builder, prepare them, train on the training donors, read the
 * network out, evaluate every donor per cell as the paper does, and write the run folder (src-main/run/run-folder.ts).
 * `pathreg fit` (src-main/cli/commands/fit.ts) and the app's training worker (src-main/jobs/training-job.ts) are thin
 * adapters around `runFit`: the same request gives the same run folder, byte for byte in edges.csv.
 */
import { cellCounts, finiteOrNull } from './metrics-values.ts';
import { existsSync } from 'node:fs';
import { arch, cpus, hostname, platform } from 'node:os';
import { basename, dirname } from 'node:path';
import type { PreparedTrajectory } from '../data/dataset.ts';
import { prepareTrajectoryWithReport, type PreparationOptions } from '../data/prepare/prepare-trajectory.ts';
import { matchTfList, type TfList } from '../data/tf-lists/read-tf-list.ts';
import { readDatasetTrajectories, type DatasetFitRequest } from '../data/trajectories-from-dataset/read-dataset-trajectories.ts';
import { isEngineDeviceError, type EngineDeviceError } from '../engine/engine-failure.ts';
import type { OptimizerState, TrainingEngine, TrainingProblem } from '../engine/engine-interface.ts';
import { createEngineWithinMemory, formatBytes, type EngineRegistry } from '../engine/engine-registry.ts';
import { readNetworkFromEngine } from '../engine/evaluation/network-readout.ts';
import { evaluateDonor, type DonorMse, type EvaluationSettings } from './per-cell-mse.ts';
import { parameterLayout } from '../engine/model/parameter-layout.ts';
import { readCheckpoint, writeCheckpoint, type TrainingCheckpoint } from '../engine/training/checkpoint.ts';
import { runTraining, type TrainingHealth, type TrainingProgress } from '../engine/training/run-training.ts';
import { degradedRunWarnings, resultSanityWarnings, straightLineBaselineMse } from './run-health.ts';
import { TrainingControl } from '../engine/training/training-control.ts';
import { buildTrainingProblem } from './training-problem.ts';
import { fitMethodOf, type EngineName, type RunEngineName, type TrainingConfig } from '../../src-shared/run-config.ts';
import { runVelocityFit } from './velocity/run-velocity-fit.ts';
import { velocityRegulatorMask } from './velocity/velocity-regulators.ts';
import type { SparsityValues } from '../../src-shared/contract/types.ts';
import { LossHistory } from '../run/loss-history.ts';
import {
  checkpointPath,
  dataSha256,
  ensureRunFolder,
  removeInterruptedWrites,
  writeEdges,
  writeMetrics,
  storedTrajectory,
  writeStoredTrajectories,
  type StoredTrajectory,
} from '../run/run-folder.ts';
import { checkResumable } from './resume-check.ts';
import { regulatorMask } from './regulator-mask.ts';
import { regulatorRecord } from './regulator-record.ts';
import { liveSparsities } from './live-sparsity.ts';
import { FitInputError } from './fit-input-error.ts';
import { describeResample, resampleCells, type CellResample } from './resample-cells.ts';
// Importers of the fit's refusal from here keep working; the class lives beside the training problem that throws it too.
export { FitInputError } from './fit-input-error.ts';
import type { RunMetricsRecord } from '../../src-shared/contract/run-record.ts';
import type { FitStageName, FitStageReport } from '../../src-shared/fit-stages.ts';
import { estimateEta, trackEta, type EtaEstimate, type EtaTracker } from '../../src-shared/eta-under-load.ts';
import { EVALUATION_ITERATIONS_PER_DONOR, writingSecondsEstimate } from '../../src-shared/run-time-estimate.ts';

export interface FitRequest {
  /** Any data set the readers open: h5ad, 10x, loom, CSV/TSV, BEELINE, or the paper's trajectory tables. */
  dataPath: string;
  /** Which cells become which trajectories: time, lineages, donors, genes (see fit-defaults.ts for the rules). */
  trajectories: DatasetFitRequest;
  /** Donors trained on together; null = every donor not held out. */
  trainDonors: string[] | null;
  /** Held-out donors, evaluated only. */
  testDonors: string[];
  config: TrainingConfig;
  preparation: PreparationOptions;
  evaluation: Omit<EvaluationSettings, 'model' | 'regularizer'>;
  outDir: string;
  /** A checkpoint to continue from: the run folder's own (`pathreg fit --resume`) or another run's (the app). */
  resumeFrom: string | null;
  /**
   * True when continuing must add iterations (the app's "continue" asks for more); false lets a finished run be
   * resumed at its own total, which redoes only the read-out and evaluation (the command line after a GPU failure).
   */
  resumeMustAdvance?: boolean;
  /** Which trained model the network, metrics and figures come from: the best by validation (default) or the last. */
  modelKept?: 'best' | 'last';
  tfList: TfList | null;
  /** False when tfList is the bundled default rather than the user's: then no overlap is a note, not an error. */
  tfListGiven: boolean;
  memoryLimitBytes: number;
  /** For provenance: the command as typed (command line) or a description of the app's request. */
  commandLine: string;
  version: string;
  /** A sweep's resample of the training cells (src-main/fit/resample-cells.ts); absent for an ordinary fit. */
  resample?: CellResample;
}

/** What a run reports while it goes; every member is optional, so a front end listens only to what it shows. */
export interface FitSink {
  /** Human-readable lines about what is happening (stderr in the command line). */
  log?: (line: string) => void;
  /** The engine chosen, and why (for `auto`). */
  engine?: (name: RunEngineName, why: string) => void;
  /** After each iteration, with the time spent so far (a continued run's earlier time included). */
  /** `extra.eta`: the time left with its range (the progress's etaSeconds is its point); the velocity fit has none. */
  progress?: (progress: TrainingProgress, extra: { elapsedSeconds: number; sparsity: SparsityValues | null; eta?: EtaEstimate }) => void;
  /** A named stage (reading, preparing, pseudotime, training, evaluating, writing) has begun or moved on. */
  stage?: (report: FitStageReport) => void;
  /** The loop has stopped; read-out and evaluation follow (so a cancel is confirmed at once). */
  stopped?: (status: 'completed' | 'cancelled', iteration: number, seconds: number) => void;
}

export interface FitContext {
  registry: EngineRegistry;
  control?: TrainingControl;
  sink?: FitSink;
}

export type FitOutcome =
  | {
      status: 'completed';
      iteration: number;
      seconds: number;
      metricsPath: string;
      edgesPath: string;
      metrics: RunMetricsRecord;
      /** Everything the run noted (also in metrics.json). */
      notes: string[];
      /** What the training loop did that the user must know (restarts after a non-finite loss): shown with the run. */
      trainingNotes: string[];
    }
  /** Stopped by the user; with `metrics` when the read-out and evaluation ran on the state reached (the app does that). */
  | {
      status: 'cancelled';
      iteration: number;
      seconds: number;
      /** Null for the velocity methods, which keep no training state to continue from. */
      checkpointPath: string | null;
      metrics: RunMetricsRecord | null;
      notes: string[];
      trainingNotes: string[];
    }
  | { status: 'diverged'; iteration: number; message: string }
  /**
   * The engine's device failed (GPU lost, out of GPU memory): `checkpointPath` holds the state at
   * `checkpointIteration` (null when the run had not started), from which a CPU engine continues.
   */
  | {
      status: 'device-failed';
      engine: EngineName;
      iteration: number;
      message: string;
      checkpointPath: string | null;
      checkpointIteration: number;
    };

/** Live sparsities need a D × D path matrix; about 50 updates per run keep that cost small. */
const SPARSITY_UPDATES = 50;

export async function runFit(request: FitRequest, context: FitContext, options: { evaluateCancelled?: boolean } = {}): Promise<FitOutcome> {
  const sink = context.sink ?? {};
  const log = (line: string) => sink.log?.(line);
  const stage = (name: FitStageName, done: number, total: number | null, detail = '') => sink.stage?.({ stage: name, done, total, detail });
  const notes: string[] = [];
  const note = (line: string) => {
    if (!notes.includes(line)) notes.push(line);
    log(`note: ${line}`);
  };
  // The regulators choice is filled in once the TF list is matched (regulator-mask.ts), so records hold the choice made.
  const cfg: TrainingConfig = { ...request.config };
  const bothWays = request.trainDonors?.filter((d) => request.testDonors.includes(d)) ?? [];
  if (bothWays.length) throw new FitInputError('donor-in-both', bothWays);

  stage('reading', 0, null, basename(request.dataPath));
  const read = await readDatasetTrajectories(request.dataPath, request.trajectories, log, (name, detail) => stage(name, 0, null, detail));
  for (const line of read.notes) if (!notes.includes(line)) notes.push(line);
  const sha = dataSha256(read.sources);
  const prepared: PreparedTrajectory[] = [];
  if (request.resample) note(describeResample(request.resample));
  const cells = request.resample ? resampleCells(read.trajectories, request.resample, request.testDonors) : read.trajectories;
  for (const trajectory of cells) {
    stage('preparing', prepared.length, cells.length, `trimming and scaling ${trajectory.name}`);
    const { prepared: p, report } = prepareTrajectoryWithReport(trajectory, request.preparation);
    prepared.push(p);
    const dup = report.duplicateTimesDropped ? `, ${report.duplicateTimesDropped} duplicated pseudotime(s) dropped` : '';
    log(`read ${trajectory.source}: ${report.cellsRead} cells, ${report.cellsKept} kept after trimming${dup}`);
  }
  const trainDonors = request.trainDonors ?? [...new Set(prepared.map((t) => t.donor))].filter((d) => !request.testDonors.includes(d));
  if (trainDonors.length === 0) throw new FitInputError('every-donor-held-out', request.testDonors);
  const training = prepared.filter((t) => trainDonors.includes(t.donor));
  const genes = read.genes;

  // Held-out donors are evaluated on the lineages they have; a missing one (donor 24 has no eryth file) is reported.
  const trainLineages = [...new Set(training.map((t) => t.lineage))];
  for (const donor of request.testDonors) {
    const have = prepared.filter((t) => t.donor === donor).map((t) => t.lineage);
    const missing = trainLineages.filter((l) => !have.includes(l));
    if (missing.length) {
      note(
        `donor ${donor} has no ${missing.join(', ')} cells: it is evaluated on ${have.join(', ')} only, so its summed MSE covers ${have.length} lineage(s), not ${trainLineages.length}`,
      );
    }
  }

  // The TF list is checked against the genes before training, so a list that matches nothing fails in seconds.
  // The bundled default is a human list: on other species' data it matches nothing, which is no reason to stop.
  let overlap: ReturnType<typeof matchTfList> | null = null;
  if (request.tfList) {
    try {
      overlap = matchTfList(request.tfList, genes);
    } catch (error) {
      if (request.tfListGiven) throw error;
      note(
        `the default TF list (${request.tfList.origin}) shares no gene with these ${genes.length} genes, so the spurious-feature sparsity is not computed; choose a TF list (e.g. mouse, or a file) to get it`,
      );
    }
  }
  const isTf = overlap ? Array.from(overlap.isTf, (flag) => flag === 1) : null;
  if (overlap) {
    const caseNote = overlap.matchedIgnoringCase.length ? ` (${overlap.matchedIgnoringCase.length} matched only ignoring case)` : '';
    log(`TF list ${request.tfList!.origin}: ${overlap.tfGenes.length} of ${genes.length} genes are TFs${caseNote}`);
  }

  await ensureRunFolder(request.outDir);
  await removeInterruptedWrites(request.outDir);
  const method = fitMethodOf(cfg);
  const matchedTfList = isTf && request.tfList ? { origin: request.tfList.origin, isTf } : null;
  if (method !== 'trajectory') {
    const tfListRecord =
      request.tfList && overlap
        ? { source: request.tfList.origin, symbols: request.tfList.symbols.length, tfs_in_data: overlap.tfGenes.length }
        : null;
    const velocityRegulators = velocityRegulatorMask(genes, matchedTfList, request.config.regulators, request.tfListGiven);
    cfg.regulators = velocityRegulators.choice;
    log(`regulators: ${velocityRegulators.reason}`);
    return runVelocityFit(
      {
        // The run's settings as decided here (the regulators chosen), so metrics.json records them.
        request: { ...request, config: cfg },
        method,
        read,
        raw: cells,
        prepared,
        trainDonors,
        trainLineages,
        genes,
        sha,
        isTf,
        tfList: tfListRecord,
        regulators: velocityRegulators,
        notes,
        note,
        log,
      },
      context,
    );
  }
  const ckptPath = checkpointPath(request.outDir);
  let resume: TrainingCheckpoint | undefined;
  if (request.resumeFrom) {
    resume = await readCheckpoint(request.resumeFrom);
  }
  // A continued run keeps the regulators it started with unless they are named: the default may not change a model.
  // Its choice stands in for the default (not for a named choice), so a run and its continuation record the same reason.
  const regulatorsDefault = resume ? (resume.config.regulators ?? 'all') : 'all';
  const regulators = regulatorMask(genes, matchedTfList, request.config.regulators, regulatorsDefault);
  cfg.regulators = regulators.choice;
  log(`regulators: ${regulators.reason}`);
  if (resume && request.resumeFrom) {
    checkResumable(resume, cfg, sha, genes, request.resumeFrom, request.resumeMustAdvance ?? false, regulators.closed);
    log(`resuming from ${request.resumeFrom} at iteration ${resume.iteration} of ${cfg.iterations}`);
  }

  stage('preparing', prepared.length, prepared.length, 'setting up the engine');
  const problem = buildTrainingProblem(training, cfg);
  // auto weighs the GPU against the CPU on this problem's size, so the problem is built first.
  const { factory, why } = await context.registry.choose(cfg.engine, problem);
  const mixed =
    resume && resume.iteration > 0 && resume.engine !== factory.name
      ? `iterations 1–${resume.iteration} ran on ${resume.engine}; the rest run on ${factory.name}, equal within float32 rounding, not bit for bit`
      : null;
  log(`engine ${factory.name}: ${why}`);
  sink.engine?.(factory.name, mixed ? `${why}; ${mixed}` : why);
  if (mixed) note(mixed);
  const createEngine = (problem: TrainingProblem) => createEngineWithinMemory(factory, problem, request.memoryLimitBytes);
  log(
    `training on donor(s) ${trainDonors.join(', ')}: ${training.length} trajectories (${training.map((t) => t.name).join(', ')}), ` +
      `${genes.length} genes, hidden ${cfg.model.hidden.join(',') || 'none'}, ${cfg.regularizer.kind} λ=${cfg.regularizer.lambda}, ` +
      `${cfg.solver.kind}, ${cfg.iterations} iterations, engine memory about ${formatBytes(factory.estimateMemoryBytes(problem))}`,
  );

  // A GPU that fails while the engine sets up, trains or evaluates ends the run with the checkpoint on disk kept.
  let checkpointIteration = resume?.iteration ?? 0;
  const deviceFailed = (error: EngineDeviceError, iteration: number): FitOutcome => ({
    status: 'device-failed',
    engine: factory.name,
    iteration,
    message: `${error.message}. The run stopped at iteration ${iteration}${existsSync(ckptPath) ? `; its checkpoint at iteration ${checkpointIteration} is kept` : ' before its first checkpoint'}`,
    checkpointPath: existsSync(ckptPath) ? ckptPath : null,
    checkpointIteration,
  });
  let inner: TrainingEngine;
  try {
    inner = await createEngine(problem);
  } catch (error) {
    if (!isEngineDeviceError(error)) throw error;
    // A run continued from another folder has no checkpoint of its own yet: the one it continues from is copied in,
    // so it can still go on (on the CPU) from this folder.
    if (resume && request.resumeFrom !== ckptPath) await writeCheckpoint(ckptPath, resume);
    return deviceFailed(error, checkpointIteration);
  }
  const engine = withLiveSparsity(inner, genes, cfg, isTf);
  const history = resume
    ? await LossHistory.continuing(dirname(request.resumeFrom!), request.outDir, resume.iteration, cfg.checkpointEvery)
    : new LossHistory(request.outDir, cfg.checkpointEvery);
  // A continued run reports its whole training time, the earlier run's included (as its checkpoint counts it).
  const earlierSeconds = resume?.elapsedSeconds ?? 0;
  const started = performance.now();
  // The rate is averaged over seconds and the time left covers the evaluation, stretched by the machine's load
  // (src-shared/eta-under-load.ts), so it neither jumps, nor stops at 0 s, nor promises idle speed on a busy machine.
  let eta: EtaTracker | null = null;
  const cpuAtStart = process.cpuUsage();
  const donorsEvaluated = trainDonors.length + request.testDonors.length;
  let outcome;
  try {
    outcome = await runTraining({
      problem,
      config: cfg,
      engine,
      genes,
      dataSha256: sha,
      checkpointPath: ckptPath,
      ...(resume ? { resume } : {}),
      ...(regulators.closed ? { closedInputs: regulators.closed } : {}),
      control: context.control,
      onProgress: (progress) => {
        history.record(progress);
        stage('training', progress.iteration, progress.iterations, `iteration ${progress.iteration} of ${progress.iterations}`);
        const cpu = process.cpuUsage(cpuAtStart);
        eta = trackEta(eta, {
          done: progress.iteration,
          wallSeconds: (performance.now() - started) / 1000,
          cpuSeconds: (cpu.user + cpu.system) / 1e6,
        });
        const left = estimateEta(eta, progress.iterations, {
          iterations: EVALUATION_ITERATIONS_PER_DONOR * Math.max(1, donorsEvaluated),
          idleSeconds: writingSecondsEstimate(genes.length),
        });
        const steady = { ...progress, iterationsPerSecond: eta.smoothed.rate, etaSeconds: left.seconds };
        sink.progress?.(steady, {
          elapsedSeconds: earlierSeconds + (performance.now() - started) / 1000,
          sparsity: engine.sparsity(),
          eta: left,
        });
      },
      onNote: note,
    });
  } catch (error) {
    engine.dispose();
    throw error;
  } finally {
    // The curve so far is kept however the run ends, so a stopped or diverged run still shows how it got there.
    await history.flush();
  }
  if (outcome.status === 'diverged') {
    engine.dispose();
    return { status: 'diverged', iteration: outcome.iteration, message: outcome.message };
  }
  if (outcome.status === 'device-failed') {
    disposeQuietly(engine);
    return {
      status: 'device-failed',
      engine: factory.name,
      iteration: outcome.iteration,
      message: outcome.message,
      checkpointPath: outcome.checkpointPath,
      checkpointIteration: outcome.lastGood.iteration,
    };
  }
  sink.stopped?.(outcome.status, outcome.iteration, outcome.seconds);
  if (outcome.status === 'cancelled' && (!options.evaluateCancelled || outcome.iteration === 0)) {
    engine.dispose();
    return {
      status: 'cancelled',
      iteration: outcome.iteration,
      seconds: outcome.seconds,
      checkpointPath: ckptPath,
      metrics: null,
      notes,
      trainingNotes: outcome.notes,
    };
  }
  checkpointIteration = outcome.iteration;
  for (const line of outcome.notes) if (!notes.includes(line)) notes.push(line);
  try {
    const written = await evaluateAndWrite(outcome);
    return outcome.status === 'completed'
      ? { status: 'completed', iteration: outcome.iteration, seconds: outcome.seconds, ...written, notes, trainingNotes: outcome.notes }
      : {
          status: 'cancelled',
          iteration: outcome.iteration,
          seconds: outcome.seconds,
          checkpointPath: ckptPath,
          metrics: written.metrics,
          notes,
          trainingNotes: outcome.notes,
        };
  } catch (error) {
    if (!isEngineDeviceError(error)) throw error;
    disposeQuietly(engine);
    return deviceFailed(error, outcome.iteration);
  }

  async function evaluateAndWrite(
    outcome: {
      iteration: number;
      parameters: Float32Array;
      checkpoint: TrainingCheckpoint;
      seconds: number;
    } & TrainingHealth,
  ): Promise<{ metricsPath: string; edgesPath: string; metrics: RunMetricsRecord }> {
    // Network read-out at the fitted states of the training trajectories (docs/model.md "Read-out"); frees the engine.
    const evaluationStart = performance.now();
    const evaluated = trainDonors.length + request.testDonors.length;
    stage('evaluating', 0, evaluated + 1, 'reading the network out');
    const modelKept = request.modelKept ?? 'best';
    // The best model by validation (late blow-ups never reach the user) unless the last one was asked for.
    const params = modelKept === 'last' || !outcome.best ? outcome.parameters : outcome.best.parameters;
    const readFrom = modelKept === 'last' || !outcome.best ? outcome.iteration : outcome.best.iteration;
    const network = await readNetworkFromEngine(engine, { genes, model: cfg.model, params, isTf });
    log(
      `network: ${network.edges.length} edges; open gates per layer ${network.openGates.join(', ')} of ${cfg.model.hidden.length ? [genes.length, ...cfg.model.hidden].join(', ') : genes.length}`,
    );

    // The paper's evaluation, per donor, keeping every cell's prediction for the trajectories figure.
    const evaluation: EvaluationSettings = { model: cfg.model, regularizer: cfg.regularizer, ...request.evaluation };
    const evaluator = await context.registry.chooseForEvaluation(factory);
    if (evaluator.note) note(evaluator.note);
    const createEvaluator = (problem: TrainingProblem) => createEngineWithinMemory(evaluator.factory, problem, request.memoryLimitBytes);
    const byDonor = (donor: string) => prepared.filter((t) => t.donor === donor);
    const stored: StoredTrajectory[] = [];
    let evaluatedDonors = 0;
    const evaluate = async (donors: string[], split: 'train' | 'test', what: string): Promise<DonorMse[]> => {
      const results: DonorMse[] = [];
      for (const donor of donors) {
        log(`evaluating ${what} ${donor} per cell (dopri5, rtol ${evaluation.rtol}, atol ${evaluation.atol})`);
        stage('evaluating', 1 + evaluatedDonors, evaluated + 1, `${what} ${donor}: every cell at its own time`);
        const trajectories = byDonor(donor);
        const result = await evaluateDonor(donor, trajectories, params, evaluation, createEvaluator);
        trajectories.forEach((t, b) => stored.push(storedTrajectory(t, split, result.predictions[b])));
        results.push(result);
        evaluatedDonors++;
      }
      return results;
    };
    const trainResults = await evaluate(trainDonors, 'train', 'training donor');
    const testResults = await evaluate(request.testDonors, 'test', 'held-out donor');
    stage('evaluating', evaluated + 1, evaluated + 1, 'every donor evaluated');
    const evaluationSeconds = (performance.now() - evaluationStart) / 1000;

    const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);
    // Warnings a biologist must see: how training went, and whether the result is a usable network at all.
    const straightLineMse = mean(trainDonors.map((donor) => straightLineBaselineMse(byDonor(donor))));
    // Genes kept from regulating by choice are no sign of sparsity: density is judged over the pairs that could be edges.
    const regulatorsRecord = regulatorRecord(regulators, network.path, genes.length);
    const warnings = [
      ...degradedRunWarnings(outcome, modelKept),
      ...resultSanityWarnings({
        edges: network.edges.length,
        possibleEdges: regulators.sources * (genes.length - 1),
        featureSparsity: regulatorsRecord.feature_sparsity_among_sources ?? network.featureSparsity,
        sourcesAreTfs: regulators.choice === 'tfs',
        mse: mean(trainResults.map((r) => r.mse)),
        baselineMse: straightLineMse,
      }),
    ];
    for (const warning of warnings) log(`warning: ${warning.message}`);
    const metrics: RunMetricsRecord = {
      method: 'trajectory',
      velocity: null,
      // With one training donor (the paper) this is its summed per-cell MSE; with several, their mean.
      train_mse: finiteOrNull(mean(trainResults.map((r) => r.mse))),
      test_mse: Object.fromEntries(testResults.map((r) => [r.donor, r.mse])),
      test_mse_mean: finiteOrNull(mean(testResults.map((r) => r.mse))),
      feature_sparsity: network.featureSparsity,
      model_sparsity: network.modelSparsity,
      spurious_feature_sparsity: finiteOrNull(network.spuriousFeatureSparsity),
      regulators: regulatorsRecord,
      iterations: outcome.iteration,
      model: modelKept,
      model_iteration: readFrom,
      best_iteration: outcome.bestIteration,
      best_validation_loss: outcome.best ? outcome.best.validationLoss : null,
      final_validation_loss: finiteOrNull(outcome.finalValidationLoss),
      rejected_iterations: outcome.rejectedIterations,
      restarts: outcome.restarts,
      straight_line_mse: finiteOrNull(straightLineMse),
      warnings,
      seconds: outcome.seconds,
      engine: factory.name,
      seed: cfg.seed,
      data_sha256: sha,
      version: request.version,
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
      preparation: request.preparation,
      train_donors: trainDonors,
      test_donors: request.testDonors,
      lineages: trainLineages,
      genes: genes.length,
      gene_names: genes,
      is_tf: genes.map((_, i) => (isTf ? isTf[i] : null)),
      pseudotime: read.pseudotime,
      data_set: { format: read.format, notes: read.notes, pseudotime_root: read.root ?? null },
      tf_list:
        request.tfList && overlap
          ? { source: request.tfList.origin, symbols: request.tfList.symbols.length, tfs_in_data: overlap.tfGenes.length }
          : null,
      engine_reason: why,
      provenance: {
        command: request.commandLine,
        data_path: request.dataPath,
        sources: read.sources.map((s) => ({ path: s.path, bytes: s.bytes, sha256: s.sha256 })),
        resumed: request.resumeFrom !== null,
        node: process.version,
        platform: `${platform()} ${arch()}`,
        cpu: cpus()[0]?.model ?? 'unknown',
        host: hostname(),
        finished_at: new Date().toISOString(),
      },
    };
    stage('writing', 0, 3, 'edges.csv');
    const edgesPath = await writeEdges(request.outDir, network.edges);
    stage('writing', 1, 3, 'trajectories');
    await writeStoredTrajectories(request.outDir, genes, stored);
    // The record goes last: its presence means the run folder is complete.
    stage('writing', 2, 3, 'metrics.json');
    const metricsPath = await writeMetrics(request.outDir, metrics);
    stage('writing', 3, 3, 'done');
    return { metricsPath, edgesPath, metrics };
  }
}

/**
 * The engine with live sparsities: the loop updates the parameters in place, so looking at them after a step gives
 * them without a copy; an engine that keeps them on its device writes them back first, only on the steps that look.
 */
function withLiveSparsity(
  inner: TrainingEngine,
  genes: string[],
  cfg: TrainingConfig,
  isTf: boolean[] | null,
): TrainingEngine & { sparsity: () => SparsityValues | null } {
  const layout = parameterLayout(genes.length, cfg.model);
  const every = Math.max(1, Math.round(cfg.iterations / SPARSITY_UPDATES));
  let sparsity: SparsityValues | null = null;
  let steps = 0;
  return {
    name: inner.name,
    sparsity: () => sparsity,
    lossAndGradient: (params, noise) => inner.lossAndGradient(params, noise),
    predict: (params) => inner.predict(params),
    dispose: () => inner.dispose(),
    async trainStep(params, optimizer, noise, learningRate) {
      const terms = await inner.trainStep(params, optimizer, noise, learningRate);
      steps++;
      if (steps === 1 || steps % every === 0) {
        await inner.synchronize?.(params, optimizer);
        sparsity = liveSparsities(layout, params, genes.length, isTf);
      }
      return terms;
    },
    ...(inner.synchronize
      ? { synchronize: (params: Float32Array, optimizer: OptimizerState) => inner.synchronize!(params, optimizer) }
      : {}),
  };
}

/** A failed device may throw again while freeing; the run's outcome is already decided. */
function disposeQuietly(engine: TrainingEngine): void {
  try {
    engine.dispose();
  } catch {
    // Nothing left to free on a lost device.
  }
}
