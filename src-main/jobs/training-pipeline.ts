/**
 * One app training job, start to finish, inside a worker: open the data, select and prepare the trajectories,
 * choose and create the engine, run the shared training loop (src-main/engine/training/run-training.ts) with the
 * job's pause/cancel control, then read out the network, evaluate every donor per cell and write the run folder.
 */
import path from 'node:path';
import type { Dataset, PreparedTrajectory } from '../data/dataset.ts';
import { prepareTrajectoryWithReport, type PreparationOptions } from '../data/prepare/prepare-trajectory.ts';
import { isEngineDeviceError, type EngineDeviceError } from '../engine/engine-failure.ts';
import type { OptimizerState, TrainingEngine, TrainingProblem } from '../engine/engine-interface.ts';
import { createEngineWithinMemory, defaultMemoryLimit, type EngineRegistry } from '../engine/engine-registry.ts';
import { gatedWeights } from '../engine/evaluation/deterministic-gates.ts';
import { readNetworkFromEngine } from '../engine/evaluation/network-readout.ts';
import { pathMatrix } from '../engine/evaluation/path-matrix.ts';
import { cellProblem, type EvaluationSettings } from '../engine/evaluation/per-cell-mse.ts';
import { featureSparsity, modelSparsity, spuriousFeatureSparsity } from '../engine/evaluation/sparsity.ts';
import { parameterLayout } from '../engine/model/parameter-layout.ts';
import { readCheckpoint, writeCheckpoint, type TrainingCheckpoint } from '../engine/training/checkpoint.ts';
import { runTraining } from '../engine/training/run-training.ts';
import type { TrainingControl } from '../engine/training/training-control.ts';
import { buildTrainingProblem } from '../engine/training/training-problem.ts';
import { dataSha256 } from '../run/run-files.ts';
import { MAX_RESULT_EDGES, type RunMetrics, type RunResult, type SparsityValues } from '../../src-shared/contract/types.ts';
import { writeEdges } from '../run/run-files.ts';
import { readFile } from 'node:fs/promises';
import { UserError } from '../../src-shared/contract/result.ts';
import { selectTrajectories, type SelectedTrajectories } from './select-trajectories.ts';
import { writeRunOutput, type StoredTrajectory } from './run-output.ts';
import { CHECKPOINT_FILE, type TrainingJobSpec, type WorkerToRunner } from './training-protocol.ts';

/** The paper's evaluation solve: Dormand–Prince at rtol = atol = 1e-3 on every cell. */
const EVALUATION: Omit<EvaluationSettings, 'model' | 'regularizer'> = { rtol: 1e-3, atol: 1e-3, maxSteps: 10_000 };
/** Live sparsities need a D × D path matrix; about 50 updates per run keep that cost small. */
const SPARSITY_UPDATES = 50;

export interface PipelineDependencies {
  openDataset: (file: string) => Promise<Dataset>;
  registry: EngineRegistry;
  control: TrainingControl;
  post: (message: WorkerToRunner) => void;
}

export async function runTrainingJob(spec: TrainingJobSpec, deps: PipelineDependencies): Promise<void> {
  const { config, selection } = spec;
  const dataset = await deps.openDataset(spec.datasetPath);
  let selected: SelectedTrajectories;
  try {
    selected = await selectTrajectories(dataset, selection);
  } finally {
    dataset.close();
  }
  const preparation: PreparationOptions = {
    dropFirst: selection.trimStart,
    dropLast: selection.trimEnd,
    initialCells: 5,
    dropDuplicateTimes: true,
  };
  const prepare = (list: typeof selected.train): PreparedTrajectory[] =>
    list.map((t) => prepareTrajectoryWithReport(t, preparation).prepared);
  const train = prepare(selected.train);
  const test = prepare(selected.test);
  const genes = selected.genes;
  const isTf = await loadTfFlags(spec.tfListPath, genes);
  const sha = dataSha256(dataset.sources);
  const resume = spec.resumeCheckpoint ? await continuableCheckpoint(spec.resumeCheckpoint, spec, sha, genes) : undefined;

  const problem = buildTrainingProblem(train, config);
  // auto weighs the GPU against the CPU on this problem's size, so the problem is built first.
  const { factory, why } = await deps.registry.choose(config.engine, problem);
  const mixed =
    resume && resume.iteration > 0 && resume.engine !== factory.name
      ? `; iterations 1–${resume.iteration} ran on ${resume.engine}, so the result equals a straight run within float32 rounding, not bit for bit`
      : '';
  deps.post({ type: 'engine', engine: factory.name, reason: why + mixed });
  const limit = defaultMemoryLimit();
  const createEngine = (problem: TrainingProblem) => createEngineWithinMemory(factory, problem, limit);
  const layout = parameterLayout(genes.length, config.model);
  const sparsityEvery = Math.max(1, Math.round(config.iterations / SPARSITY_UPDATES));
  let sparsity: SparsityValues | null = null;
  let steps = 0;
  const started = performance.now();
  // A continued run reports its whole training time, the earlier run's included (as its checkpoint counts it).
  const earlierSeconds = resume?.elapsedSeconds ?? 0;

  const checkpointFile = path.join(spec.folder, CHECKPOINT_FILE);
  // A device that fails here, or after training (read-out, evaluation), ends the job with the checkpoint kept.
  const deviceFailed = (error: EngineDeviceError, iteration: number, checkpointIteration: number | null) =>
    deps.post({
      type: 'device-failed',
      engine: error.engine,
      message: `${error.message}. The run stopped at iteration ${iteration}${checkpointIteration === null ? ' before its first checkpoint' : `; its checkpoint at iteration ${checkpointIteration} is kept`}.`,
      iteration,
      checkpointIteration,
    });
  let inner: TrainingEngine;
  try {
    inner = await createEngine(problem);
  } catch (error) {
    if (!isEngineDeviceError(error)) throw error;
    // A continued run has no checkpoint of its own yet: the one it continues from is copied in, so it can go on.
    if (resume) await writeCheckpoint(checkpointFile, resume);
    deviceFailed(error, resume?.iteration ?? 0, resume ? resume.iteration : null);
    return;
  }
  // The loop updates the parameters in place; looking at them after a step gives live sparsities without a copy.
  // An engine that keeps them on its device writes them back first (synchronize), only on the steps that look.
  const engine: TrainingEngine = {
    name: inner.name,
    lossAndGradient: (params, noise) => inner.lossAndGradient(params, noise),
    predict: (params) => inner.predict(params),
    dispose: () => inner.dispose(),
    async trainStep(params, optimizer, noise, learningRate) {
      const terms = await inner.trainStep(params, optimizer, noise, learningRate);
      steps++;
      if (steps === 1 || steps % sparsityEvery === 0) {
        await inner.synchronize?.(params, optimizer);
        sparsity = sparsities(layout, params, genes.length, isTf);
      }
      return terms;
    },
    ...(inner.synchronize
      ? { synchronize: (params: Float32Array, optimizer: OptimizerState) => inner.synchronize!(params, optimizer) }
      : {}),
  };

  let outcome;
  try {
    outcome = await runTraining({
      problem,
      config,
      engine,
      genes,
      dataSha256: sha,
      checkpointPath: checkpointFile,
      ...(resume ? { resume } : {}),
      control: deps.control,
      onProgress: (p) =>
        deps.post({
          type: 'progress',
          iteration: p.iteration,
          iterations: p.iterations,
          loss: p.terms,
          learningRate: p.learningRate,
          rate: p.iterationsPerSecond,
          etaSeconds: p.etaSeconds,
          elapsedSeconds: earlierSeconds + (performance.now() - started) / 1000,
          engine: p.engine,
          sparsity,
        }),
    });
  } catch (error) {
    engine.dispose();
    throw error;
  }
  if (outcome.status === 'diverged') {
    engine.dispose();
    deps.post({ type: 'failed', message: outcome.message });
    return;
  }
  if (outcome.status === 'device-failed') {
    disposeQuietly(engine);
    deps.post({
      type: 'device-failed',
      engine: engine.name,
      message: outcome.message,
      iteration: outcome.iteration,
      checkpointIteration: outcome.checkpointPath ? outcome.lastGood.iteration : null,
    });
    return;
  }
  try {
    await readOutAndEvaluate(outcome);
  } catch (error) {
    if (!isEngineDeviceError(error)) throw error;
    disposeQuietly(engine);
    // Training completed and its final checkpoint is written: continuing on the CPU only redoes the read-out.
    deviceFailed(error, outcome.iteration, outcome.iteration);
  }

  async function readOutAndEvaluate(outcome: {
    status: 'completed' | 'cancelled';
    iteration: number;
    parameters: Float32Array;
    seconds: number;
    notes: string[];
  }): Promise<void> {
    deps.post({ type: 'stopped', status: outcome.status, iteration: outcome.iteration, seconds: outcome.seconds });
    if (outcome.iteration === 0) {
      engine.dispose();
      deps.post({ type: 'done', status: outcome.status, iteration: 0, seconds: outcome.seconds, result: null });
      return;
    }

    // Read-out at the fitted states of the training trajectories (docs/model.md "Read-out").
    const params = outcome.parameters;
    const network = await readNetworkFromEngine(engine, { genes, model: config.model, params, isTf });

    // The paper's evaluation, per donor, keeping every cell's prediction for the trajectory view.
    const evaluation: EvaluationSettings = { model: config.model, regularizer: config.regularizer, ...EVALUATION };
    // The GPU engine integrates RK4 only: its runs are evaluated per cell on the fastest CPU engine.
    const evaluationFactory = (await deps.registry.chooseForEvaluation(factory)).factory;
    const stored: StoredTrajectory[] = [];
    const donorMse = async (trajectories: PreparedTrajectory[], split: 'train' | 'test'): Promise<Map<string, number>> => {
      const byDonor = new Map<string, PreparedTrajectory[]>();
      for (const t of trajectories) byDonor.set(t.donor, [...(byDonor.get(t.donor) ?? []), t]);
      const sums = new Map<string, number>();
      for (const [donor, list] of byDonor) {
        const evaluator = await createEngineWithinMemory(evaluationFactory, cellProblem(list, evaluation), limit);
        try {
          const prediction = await evaluator.predict(params);
          let sum = 0;
          list.forEach((t, b) => {
            const predicted = prediction.trajectories[b].values;
            let squared = 0;
            for (let i = 0; i < predicted.length; i++) squared += (predicted[i] - t.values[i]) ** 2;
            sum += squared / predicted.length;
            stored.push({
              name: t.name,
              lineage: t.lineage,
              donor: t.donor,
              split,
              cells: t.times.length,
              times: t.times,
              observed: t.values,
              predicted,
            });
          });
          sums.set(donor, sum);
        } finally {
          evaluator.dispose();
        }
      }
      return sums;
    };
    const trainMse = await donorMse(train, 'train');
    const testMse = await donorMse(test, 'test');
    const mean = (values: number[]) => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null);
    const metrics: RunMetrics = {
      trainMse: mean([...trainMse.values()]) ?? Number.NaN,
      testMse: Object.fromEntries(testMse),
      testMseMean: mean([...testMse.values()]),
      trainMsePerDonor: Object.fromEntries(trainMse),
      featureSparsity: network.featureSparsity,
      modelSparsity: network.modelSparsity,
      spuriousFeatureSparsity: Number.isFinite(network.spuriousFeatureSparsity) ? network.spuriousFeatureSparsity : null,
      iterations: outcome.iteration,
      seconds: outcome.seconds,
      engine: factory.name,
      seed: config.seed,
      dataSha256: sha,
      pseudotime: selected.pseudotime,
    };
    const result: Omit<RunResult, 'history'> = {
      runId: spec.runId,
      metrics,
      genes,
      isTF: genes.map((_, i) => (isTf ? isTf[i] : null)),
      edges: network.edges.slice(0, MAX_RESULT_EDGES).map((e) => ({ source: e.source, target: e.target, weight: e.weight, sign: e.sign })),
      edgeTotal: network.edges.length,
      heatmap: signedEffects(genes, network.path, network.jacobian, isTf),
      trajectories: stored.map(({ name, lineage, donor, split, cells }) => ({ name, lineage, donor, split, cells })),
    };
    // Every edge, not only the ones the window is sent: "whole network" exports from the app read them from here.
    await writeEdges(spec.folder, network.edges);
    await writeRunOutput(spec.folder, result, stored);
    deps.post({
      type: 'done',
      status: outcome.status,
      iteration: outcome.iteration,
      seconds: outcome.seconds,
      result,
      notes: outcome.notes,
    });
  }
}

/** A failed device may throw again while freeing; the job's outcome is already decided. */
function disposeQuietly(engine: TrainingEngine): void {
  try {
    engine.dispose();
  } catch {
    // Nothing left to free on a lost device.
  }
}

/**
 * The checkpoint of the run being continued, refused when it cannot continue this job exactly: other data (the
 * files changed since), other genes, other settings, or already at the requested total.
 */
async function continuableCheckpoint(file: string, spec: TrainingJobSpec, sha: string, genes: string[]): Promise<TrainingCheckpoint> {
  let checkpoint: TrainingCheckpoint;
  try {
    checkpoint = await readCheckpoint(file);
  } catch (error) {
    // The reader's advice is about the command line's --resume; in the app the way out is a new run.
    const why = (error instanceof Error ? error.message : String(error))
      .replace(/[:.]? *(Start the run again without|run without) --resume.*$/, '')
      .replace(/\.$/, '');
    throw new UserError('bad-input', `${why}. The run cannot be continued; start a new run instead.`);
  }
  if (checkpoint.dataSha256 !== sha) {
    throw new UserError(
      'conflict',
      `The checkpoint "${file}" was trained on other data (SHA-256 ${checkpoint.dataSha256.slice(0, 12)}…, the open files give ${sha.slice(0, 12)}…): the data files changed since that run. Open the files the run was trained on, or start a new run.`,
    );
  }
  if (checkpoint.genes.length !== genes.length || checkpoint.genes.some((gene, i) => gene !== genes[i])) {
    throw new UserError(
      'conflict',
      `The checkpoint "${file}" was trained on ${checkpoint.genes.length} genes, but this selection gives ${genes.length} (${genes.slice(0, 3).join(', ')}${genes.length > 3 ? ', …' : ''}) in another order or set: continue with the run's own gene selection, or start a new run.`,
    );
  }
  const was = checkpoint.config;
  const now = spec.config;
  const differences = (['model', 'regularizer', 'solver', 'optimizer', 'seed'] as const).filter(
    (key) => JSON.stringify(was[key]) !== JSON.stringify(now[key]),
  );
  if (differences.length > 0) {
    throw new UserError(
      'conflict',
      `The checkpoint "${file}" belongs to a run with other settings (${differences.join(', ')} differ): a continued run keeps every setting but the number of iterations. Start a new run to change them.`,
    );
  }
  if (checkpoint.iteration >= now.iterations) {
    throw new UserError(
      'bad-input',
      `The checkpoint "${file}" is already at iteration ${checkpoint.iteration}: ask for more than ${checkpoint.iteration} iterations in total.`,
    );
  }
  return checkpoint;
}

function sparsities(
  layout: ReturnType<typeof parameterLayout>,
  params: Float32Array,
  genes: number,
  isTf: boolean[] | null,
): SparsityValues {
  const gated = gatedWeights(layout, params);
  const path = pathMatrix(layout, gated);
  const spurious = isTf ? spuriousFeatureSparsity(path, genes, isTf) : Number.NaN;
  return { feature: featureSparsity(path), model: modelSparsity(gated), spuriousFeature: Number.isFinite(spurious) ? spurious : null };
}

/** TF (or every gene) × gene matrix of sign × weight, the heatmap's values (see RunResult.heatmap). */
function signedEffects(genes: string[], path: Float64Array, jacobian: Float64Array, isTf: boolean[] | null): RunResult['heatmap'] {
  const D = genes.length;
  const rows = genes.map((_, i) => i).filter((i) => !isTf || isTf[i]);
  const values = new Array<number>(rows.length * D).fill(0);
  rows.forEach((i, r) => {
    for (let j = 0; j < D; j++) {
      if (i === j) continue;
      const sign = jacobian[i * D + j] > 0 ? 1 : jacobian[i * D + j] < 0 ? -1 : 0;
      values[r * D + j] = Number((sign * path[i * D + j]).toPrecision(4));
    }
  });
  return { sources: rows.map((i) => genes[i]), targets: genes, values };
}

/** TF flags from a list file (one symbol per line, # comments); null without a list. */
async function loadTfFlags(file: string | null, genes: string[]): Promise<boolean[] | null> {
  if (!file) return null;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UserError(
      'bad-input',
      `Cannot read the TF list "${file}" (${(error as NodeJS.ErrnoException).code ?? String(error)}). Give a text file with one gene symbol per line.`,
    );
  }
  const symbols = new Set(
    text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#')),
  );
  const flags = genes.map((gene) => symbols.has(gene));
  if (!flags.some(Boolean)) {
    throw new UserError(
      'bad-input',
      `None of the ${genes.length} chosen genes is in the TF list "${path.basename(file)}": check that both use the same gene symbols.`,
    );
  }
  return flags;
}
