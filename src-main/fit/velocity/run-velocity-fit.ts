/**
 * The velocity branch of the one fit (issue 13): from the same prepared trajectories runFit trains the trajectory
 * model on, fit the `velocity` method (a field with one gate per gene pair, matched to per-cell velocity targets) or
 * the `linear` baseline (one lasso per target gene) through fitVelocityField, and write the same run folder: edges.csv,
 * history.csv, trajectories.json/.bin, velocity-model.bin (the trained field) and metrics.json last.
 */
import { cellCounts, finiteOrNull } from '../metrics-values.ts';
import { arch, cpus, hostname, platform } from 'node:os';
import type { PreparedTrajectory, Trajectory } from '../../data/dataset.ts';
import type { DatasetTrajectoryTables } from '../../data/trajectories-from-dataset/read-dataset-trajectories.ts';
import { NEAR_ZERO } from '../../engine/evaluation/sparsity.ts';
import type { TrainingProgress } from '../../engine/training/run-training.ts';
import { TrainingCancelled } from '../../engine/training/training-control.ts';
import {
  DEFAULT_VELOCITY_FIELD_SETTINGS,
  fitVelocityField,
  type VelocityFieldSettings,
  type VelocityFitResult,
} from '../../engine/velocity/fit-velocity-field.ts';
import { choosePerEdgeKernel } from '../../engine/velocity/per-edge-field-kernel.ts';
import { LossHistory } from '../../run/loss-history.ts';
import { storedTrajectory, writeEdges, writeMetrics, writeStoredTrajectories, type StoredTrajectory } from '../../run/run-folder.ts';
import { writeVelocityModel } from '../../run/velocity-model-file.ts';
import type { RunMetricsRecord, VelocityRefinementRecord, VelocityRunRecord } from '../../../src-shared/contract/run-record.ts';
import type { NetworkEdge } from '../../../src-shared/contract/types.ts';
import type { VelocityOptions, VelocityScalingChoice } from '../../../src-shared/run-config.ts';
import { ResumeRefusedError } from '../resume-check.ts';
import type { RegulatorMask } from '../regulator-mask.ts';
import { resultSanityWarnings, straightLineBaselineMse } from '../run-health.ts';
import type { FitContext, FitOutcome, FitRequest } from '../run-fit.ts';
import { perEdgeFieldPredictions } from './per-edge-field-per-cell-mse.ts';
import { REFINE_BINS_WITHOUT_RK4, refineForRun } from './refine-for-run.ts';
import { DEFAULT_REFINE_SETTINGS } from '../../engine/velocity/refine-velocity-field.ts';
import { cutoffNote, cutoffRecord } from './cutoff-record.ts';
import {
  inFieldUnits,
  velocityCellsFromTrajectories,
  velocityCellsOneScaling,
  velocityScaling,
  type VelocityScaling,
} from './velocity-cells.ts';
import { lineageUnitsMse } from './lineage-units-mse.ts';
import { estimateEta, trackEta, type EtaTracker } from '../../../src-shared/eta-under-load.ts';
import type { FitStageName } from '../../../src-shared/fit-stages.ts';
import { formatDuration } from '../../../src-shared/figures/run-adapters.ts';
import { velocityRunEstimate, type VelocityRunEstimate, type VelocityRunShape } from '../../../src-shared/velocity-run-estimate.ts';

/** What runFit has already read and checked, handed over so both branches start from the same trajectories. */
export interface VelocityFitInput {
  request: FitRequest;
  method: 'velocity' | 'linear';
  read: DatasetTrajectoryTables;
  /** Every donor's trajectories as read (resampled when the run resamples), in the order of `prepared`. */
  raw: Trajectory[];
  /** Every donor's prepared trajectories (training and held out). */
  prepared: PreparedTrajectory[];
  trainDonors: string[];
  trainLineages: string[];
  genes: string[];
  sha: string;
  isTf: boolean[] | null;
  tfList: RunMetricsRecord['tf_list'];
  /** Which genes may regulate (regulator-mask.ts): the field gives the others no inputs, only their decay. */
  regulators: RegulatorMask;
  /** The run's notes so far (reading, donors, TF list); this branch adds its own. */
  notes: string[];
  note: (line: string) => void;
  log: (line: string) => void;
}

const LINEAR_ENGINE_REASON =
  'the linear method runs in TypeScript on the CPU (src-main/engine/velocity); the engine setting applies to the trajectory and velocity methods';

/** The run's VelocityOptions over fitVelocityField's defaults; the seed is the run's. */
export function velocityFieldSettings(method: 'velocity' | 'linear', seed: number, options: VelocityOptions = {}): VelocityFieldSettings {
  const given = <K extends keyof VelocityFieldSettings>(key: K, value: VelocityFieldSettings[K] | undefined) =>
    value === undefined ? {} : { [key]: value };
  return {
    ...DEFAULT_VELOCITY_FIELD_SETTINGS,
    method: method === 'velocity' ? 'node' : 'linear',
    seed,
    ...given('neighbours', options.neighbours),
    ...given('window', options.window),
    ...given('hidden', options.hidden),
    // The field's λ is its network cut-off along the entry path (a fraction of λ_max), not a penalty weight.
    ...given('cutoff', options.lambda),
    ...given('validationNeighbours', options.validationNeighbours),
    ...given('cutoffStandardErrors', options.standardErrors),
    ...given('iterations', options.iterations),
    ...given('pathStages', options.stages),
    ...given('stageIterations', options.stageIterations),
    ...given('batch', options.batch),
  };
}

/** The held-out cut-off rule a run without a named λ uses, as the run record names it. */
const heldOutRuleName = (settings: VelocityFieldSettings) =>
  settings.cutoffScope === 'target' ? 'per-target-one-standard-error' : 'one-standard-error';

/**
 * The velocity method's scaling when the user names none. With held-out donors, each lineage min–max scaled on its
 * own, as the paper's protocol: the run is then judged by MSEs on other donors, and those are only comparable with the
 * paper's and the trajectory method's in the same units (scored in them, the one-scaling field's held-out error on the
 * paper's donors is 0.163 against 0.0394 per lineage; docs/benchmarks.md). Without held-out donors (one sample, as
 * BEELINE's runs or a single time course), one scaling per donor: a cell shared by lineages then has one state, which
 * is what regressing velocities across lineages needs (BEELINE, seed 0, with the panel rule: AUROC > 0.6 on 8 of 10
 * models against 7).
 */
export function velocityScalingOfRun(named: VelocityScalingChoice | undefined, heldOutDonors: number): VelocityScalingChoice {
  return named ?? (heldOutDonors > 0 ? 'lineage' : 'donor');
}

export async function runVelocityFit(input: VelocityFitInput, context: FitContext): Promise<FitOutcome> {
  const { request, method, trainDonors, genes, log, note } = input;
  const cfg = request.config;
  const sink = context.sink ?? {};
  const stage = (name: FitStageName, done: number, total: number | null, detail = '') => sink.stage?.({ stage: name, done, total, detail });
  // Nothing of a velocity fit is kept to continue from: refuse before anything is trained or written over.
  if (request.resumeFrom) throw new ResumeRefusedError(request.resumeFrom, { kind: 'method-not-resumable', method });

  const sources = input.regulators.closed ? genes.flatMap((_, g) => (input.regulators.closed![g] ? [] : [g])) : null;
  const settings = { ...velocityFieldSettings(method, cfg.seed, cfg.velocity), sources };
  // The field lives in one scaling per donor (velocity-cells.ts): each donor's lineages are scaled together, not each
  // on its own, and the run is trained, integrated, stored and perturbed in those units. Held-out donors get their
  // own map, as the paper scales each held-out trajectory on its own: donors differ in depth and batch.
  // `scaling: 'lineage'` keeps the paper's preparation (each lineage on its own), the units of its protocol's MSE.
  // Unset, a run judged on held-out donors takes the paper's units (velocityScalingOfRun says why).
  const scaling = velocityScalingOfRun(cfg.velocity?.scaling, request.testDonors.length);
  const perLineage = scaling === 'lineage';
  const isTraining = input.prepared.map((t) => trainDonors.includes(t.donor));
  const scalingOf = new Map<string, VelocityScaling>();
  for (const donor of perLineage ? [] : new Set(input.prepared.map((t) => t.donor))) {
    const mine = input.prepared.map((t) => t.donor === donor);
    scalingOf.set(
      donor,
      velocityScaling(
        input.raw.filter((_, i) => mine[i]),
        input.prepared.filter((_, i) => mine[i]),
      ),
    );
  }
  const prepared = perLineage
    ? input.prepared
    : input.prepared.map((t, i) => inFieldUnits(input.raw[i], t, scalingOf.get(t.donor)!, request.preparation.initialCells));
  const training = prepared.filter((_, i) => isTraining[i]);
  const cells = perLineage
    ? velocityCellsFromTrajectories(training)
    : velocityCellsOneScaling(
        input.raw.filter((_, i) => isTraining[i]),
        training,
      );
  const shared = training.reduce((sum, t) => sum + t.times.length, 0) - cells.values.length / Math.max(1, genes.length);
  if (perLineage)
    note(
      `the ${method} method fits each lineage min–max scaled on its own (the paper's preparation, ` +
        `${cfg.velocity?.scaling ? 'chosen' : 'the default for a run judged on held-out donors: its MSEs are in the units the paper and the trajectory method report'}), ` +
        'so a cell shared by lineages has a state in each',
    );
  else
    note(
      `the ${method} method scales each gene once over each donor's cells (its lineages together, not each on its own) and time by the donor's longest lineage's span, ` +
        `so a cell has one state and every lineage's velocities share units${shared > 0 ? `; ${shared} cell(s) shared by lineages counted once` : ''}; ` +
        'trajectories and MSE are in these units',
    );
  // The velocity field trains on the engine the run chose (per-edge-field-kernel.ts); the linear baseline's lasso paths are TypeScript.
  const kernel = method === 'velocity' ? await choosePerEdgeKernel(cfg.engine) : null;
  const engine = kernel ? { name: kernel.name, reason: kernel.reason } : { name: 'typescript' as const, reason: LINEAR_ENGINE_REASON };
  sink.engine?.(engine.name, engine.reason);
  if (!kernel && cfg.engine !== 'auto' && cfg.engine !== 'cpu')
    note(`the ${method} method does not use the ${cfg.engine} engine: it runs in TypeScript on the CPU`);
  const totalIterations = method === 'velocity' ? settings.iterations + settings.pathStages * settings.stageIterations : 0;
  log(
    `${method} fit on donor(s) ${trainDonors.join(', ')}: ${training.length} trajectories, ${genes.length} genes, velocity targets from ` +
      `${settings.neighbours} nearest of the next ${settings.window} cells` +
      (method === 'velocity'
        ? `; per-edge field, ${settings.hidden} hidden per target, group-lasso path of ${settings.pathStages} stages, ${totalIterations} iterations of ${settings.batch} cells; ` +
          (settings.cutoff === null
            ? `the network cut off on ${Math.round(settings.validationShare * 100)} % of the cells held out`
            : `the network cut off at λ = ${settings.cutoff}·λ_max`)
        : '; one lasso path per target gene'),
  );

  const refineIterations = cfg.velocity?.refine ?? DEFAULT_REFINE_SETTINGS.iterations;
  const bins = cfg.solver.kind === 'rk4' ? cfg.solver.bins : REFINE_BINS_WITHOUT_RK4;
  // The same estimate as the Model view's (src-shared/velocity-run-estimate.ts), from the run's exact cells and sources.
  const evaluatedTrajectories = prepared.filter((t) => trainDonors.includes(t.donor) || request.testDonors.includes(t.donor));
  const estimate =
    method === 'velocity' && kernel
      ? velocityRunEstimate(
          velocityShapeOfRun({
            genes: genes.length,
            sources: sources?.length ?? genes.length,
            trainingCells: cells.values.length / Math.max(1, genes.length),
            trainingTrajectories: training.length,
            evaluatedCells: evaluatedTrajectories.reduce((sum, t) => sum + t.times.length, 0),
            evaluatedTrajectories: evaluatedTrajectories.length,
            kernel: kernel.name,
            settings,
            refine: refineIterations,
            bins,
          }),
        )
      : null;
  if (estimate) log(`estimate: ${velocityEstimateText(estimate)}`);

  const history = new LossHistory(request.outDir, 0);
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  let eta: EtaTracker | null = null;
  let lastProgress: TrainingProgress | null = null;
  // Training's bar counts the path's iterations, then refinement's (its default budget, capped in refineForRun).
  let trainingSteps = totalIterations + (method === 'velocity' && refineIterations > 0 ? refineIterations : 0);
  let reached = 0;
  let fit: VelocityFitResult;
  let refinement: VelocityRefinementRecord | null = null;
  try {
    stage('training', 0, trainingSteps, method === 'velocity' ? 'group-lasso path' : 'lasso paths');
    fit = await fitVelocityField(cells, settings, {
      ...(kernel ? { engine: kernel } : {}),
      signal: context.control?.signal,
      onProgress: (p) => {
        reached = p.iteration;
        const elapsed = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpuAtStart);
        eta = trackEta(eta, { done: p.iteration, wallSeconds: elapsed, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
        // What follows the path (cut-off, refinement, evaluation, files) is costed in the path's iterations, so it
        // runs at the pace this machine shows now: the estimate's ratio, not its idle seconds.
        const after = estimate
          ? { iterations: estimate.afterPathSeconds / estimate.secondsPerIteration, idleSeconds: 0 }
          : { iterations: 0, idleSeconds: 0 };
        const left = estimateEta(eta, p.iterations, after);
        const progress: TrainingProgress = {
          iteration: p.iteration,
          iterations: p.iterations,
          terms: { data: p.data, penalty: p.penalty, total: p.data + p.penalty },
          learningRate: settings.learningRate,
          iterationsPerSecond: eta.smoothed.rate,
          etaSeconds: left.seconds,
          engine: engine.name,
        };
        lastProgress = progress;
        history.record(progress);
        sink.progress?.(progress, { elapsedSeconds: elapsed, sparsity: null, eta: left });
        stage(
          'training',
          p.iteration,
          trainingSteps,
          p.iteration < p.iterations
            ? `group-lasso path: iteration ${p.iteration} of ${p.iterations}`
            : settings.cutoff === null
              ? "choosing each target's cut-off on the held-out cells"
              : 'reading the network out',
        );
      },
    });
    // Reports the time left once the path is done: `refineLeft` seconds of refinement at its own pace, then the
    // evaluation and files at the pace the path showed against its estimate (1 on an idle machine of the dev box's speed).
    const reportAfterPath = (refineLeft: number) => {
      if (!lastProgress) return;
      const pace = eta && estimate && eta.smoothed.rate > 0 ? 1 / eta.smoothed.rate / estimate.secondsPerIteration : 1;
      const seconds = refineLeft + (estimate ? (estimate.evaluationSeconds + estimate.writingSeconds) * pace : 0);
      const range = { low: seconds / 1.5, high: seconds * 1.5, uncertain: false, slowdown: eta?.slowdown ?? 1 };
      sink.progress?.(
        { ...lastProgress, etaSeconds: seconds },
        { elapsedSeconds: (performance.now() - started) / 1000, sparsity: null, eta: { seconds, ...range } },
      );
    };
    // The field the run integrates, refined on the trajectory loss with its edges fixed (refine-for-run.ts).
    if (method === 'velocity' && fit.parameters && refineIterations > 0) {
      // The default budget is capped at about the fit's own cost; a budget the user names is not.
      const fitCells = cfg.velocity?.refine === undefined ? totalIterations * Math.min(settings.batch, fit.cells) : null;
      const refineStart = performance.now();
      const onIteration = (iteration: number, iterations: number) => {
        trainingSteps = totalIterations + iterations;
        if (iteration % 10 !== 0 && iteration !== iterations) return;
        stage(
          'training',
          totalIterations + iteration,
          trainingSteps,
          `refining the field on the trajectories: iteration ${iteration} of ${iterations}`,
        );
        reportAfterPath((((performance.now() - refineStart) / 1000) * (iterations - iteration)) / iteration);
      };
      const refined = await refineForRun(
        fit.parameters,
        fit.network,
        training,
        refineIterations,
        bins,
        fitCells,
        context.control?.signal,
        log,
        onIteration,
      );
      fit = { ...fit, parameters: refined.model, seconds: fit.seconds + refined.record.seconds };
      // Refinement may stop early (no improvement): what is left is the evaluation and the files.
      reportAfterPath(0);
      refinement = refined.record;
      if (refined.record.sign_flips > 0)
        note(
          `refining the field on the trajectories gave ${refined.record.sign_flips} edge(s) the other sign (the refined field's mean Jacobian); the network keeps the velocity fit's signs, weights and ranking`,
        );
    } else reportAfterPath(0);
  } catch (error) {
    if (!(error instanceof TrainingCancelled)) throw error;
    await history.flush();
    const seconds = (performance.now() - started) / 1000;
    sink.stopped?.('cancelled', reached, seconds);
    return { status: 'cancelled', iteration: reached, seconds, checkpointPath: null, metrics: null, notes: input.notes, trainingNotes: [] };
  }
  await history.flush();
  sink.stopped?.('completed', method === 'velocity' ? totalIterations : 0, fit.seconds);
  if (fit.cellsWithoutTarget > 0)
    note(
      `${fit.cellsWithoutTarget} cell(s) at the ends of their lineages have no later cell to take a velocity from; the fit used the other ${fit.cells}`,
    );

  // An edge is in the model when the source changes the target's velocity anywhere: its sign is then ±1 (the mean
  // Jacobian of the field, the lasso coefficient of the linear model); sign 0 means the fit removed it.
  const pairs = genes.length * (genes.length - 1);
  const present = fit.network.filter((e) => e.sign !== 0).length;
  const index = new Map(genes.map((g, i) => [g, i]));
  const isTf = input.isTf;
  const spurious = isTf
    ? (() => {
        const nonTf = isTf.filter((flag) => !flag).length * (genes.length - 1);
        const open = fit.network.filter((e) => e.sign !== 0 && !isTf[index.get(e.source)!]).length;
        return nonTf > 0 ? 1 - open / nonTf : Number.NaN;
      })()
    : Number.NaN;
  const featureSparsity = pairs > 0 ? 1 - present / pairs : Number.NaN;
  // edges.csv keeps the method's whole ranking (weight ≥ 1e-5), as the library scores it against known networks.
  const edges: NetworkEdge[] = fit.network.filter((e) => e.weight >= NEAR_ZERO);
  if (fit.cutoff) note(cutoffNote(fit.cutoff, new Set(fit.network.filter((e) => e.sign !== 0).map((e) => e.target)).size));
  log(`network: ${present} of ${pairs} gene pairs in the fitted model; ${edges.length} ranked edges written`);

  const evaluationStart = performance.now();
  const evaluatedCount = trainDonors.length + request.testDonors.length;
  let evaluatedSoFar = 0;
  stage('evaluating', 0, evaluatedCount + 1, 'the network read out');
  const byDonor = (donor: string) => prepared.filter((t) => t.donor === donor);
  const stored: StoredTrajectory[] = [];
  const model = fit.parameters;
  const mseAbsentReason =
    model === null
      ? 'the linear method scores edges by lasso paths and returns no integrable field, so no trajectory is predicted and no per-cell MSE exists'
      : null;
  if (mseAbsentReason) note(`no per-cell MSE: ${mseAbsentReason}`);
  const evaluate = (donors: string[], split: 'train' | 'test') =>
    donors.map((donor) => {
      const trajectories = byDonor(donor);
      let predictions: Float32Array[];
      let errors: number[];
      const missing = () => ({
        // NaN predictions: the figures draw the observed cells only.
        predictions: trajectories.map((t) => new Float32Array(t.values.length).fill(Number.NaN)),
        errors: trajectories.map(() => Number.NaN),
      });
      stage(
        'evaluating',
        1 + evaluatedSoFar++,
        evaluatedCount + 1,
        `${split === 'train' ? 'training' : 'held-out'} donor ${donor}: every cell at its own time`,
      );
      if (model) {
        log(
          `evaluating ${split === 'train' ? 'training' : 'held-out'} donor ${donor} per cell (dopri5, rtol ${request.evaluation.rtol}, atol ${request.evaluation.atol})`,
        );
        try {
          ({ predictions, errors } = perEdgeFieldPredictions(model, trajectories, request.evaluation));
        } catch (error) {
          // A field too steep to integrate still has its network; the MSE of this donor is then absent, and said so.
          note(
            `the trained field could not be integrated for donor ${donor} (${error instanceof Error ? error.message : String(error)}): its MSE is absent`,
          );
          ({ predictions, errors } = missing());
        }
      } else {
        ({ predictions, errors } = missing());
      }
      trajectories.forEach((t, b) => stored.push(storedTrajectory(t, split, predictions[b])));
      const lineages: Record<string, number> = {};
      trajectories.forEach((t, b) => (lineages[t.lineage] = errors[b]));
      const inLineageUnits = trajectories.map((t, b) => {
        if (perLineage) return errors[b];
        const i = prepared.indexOf(t);
        return lineageUnitsMse(input.raw[i], input.prepared[i], scalingOf.get(t.donor)!, predictions[b]);
      });
      return { donor, mse: errors.reduce((a, b) => a + b, 0), lineages, lineageUnitsMse: inLineageUnits.reduce((a, b) => a + b, 0) };
    });
  const trainResults = evaluate(trainDonors, 'train');
  const testResults = evaluate(request.testDonors, 'test');
  stage('evaluating', evaluatedCount + 1, evaluatedCount + 1, 'every donor evaluated');
  const evaluationSeconds = (performance.now() - evaluationStart) / 1000;
  if (model && !perLineage) {
    const say = (r: { donor: string; lineageUnitsMse: number }) => `${r.donor} ${r.lineageUnitsMse.toPrecision(3)}`;
    note(
      `MSE in each lineage's own min–max units (the trajectory method's and the paper's): training ${trainResults.map(say).join(', ')}` +
        (testResults.length
          ? `; held out ${testResults.map(say).join(', ')} (mean ${(testResults.reduce((a, r) => a + r.lineageUnitsMse, 0) / testResults.length).toPrecision(3)})`
          : ''),
    );
  }

  const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);
  const straightLineMse = mean(trainDonors.map((donor) => straightLineBaselineMse(byDonor(donor))));
  const trainMse = mean(trainResults.map((r) => r.mse));
  const warnings = resultSanityWarnings({
    edges: present,
    // Only the allowed sources can start an edge: the dense-network check counts their pairs.
    possibleEdges: input.regulators.sources * (genes.length - 1),
    featureSparsity,
    mse: trainMse,
    // Without an MSE there is nothing to hold against the line.
    baselineMse: model ? straightLineMse : Number.NaN,
    networkFrom: 'velocities',
  });
  for (const warning of warnings) log(`warning: ${warning.message}`);
  stage('writing', 0, 4, 'velocity-model.bin');
  const modelFile = model ? await writeVelocityModel(request.outDir, model) : null;
  const velocity: VelocityRunRecord = {
    // The allowed sources are recorded by name in metrics.json's regulators, so the settings keep only their count.
    settings: {
      ...settings,
      sources: sources === null ? 'all' : sources.length,
      cutoff: settings.cutoff ?? heldOutRuleName(settings),
      scaling,
      validationNeighbours: settings.validationNeighbours ?? settings.neighbours,
    },
    cells: fit.cells,
    cells_without_target: fit.cellsWithoutTarget,
    model_file: modelFile ? 'velocity-model.bin' : null,
    mse_absent_reason: mseAbsentReason,
    refinement,
    cutoff: cutoffRecord(fit.cutoff),
    estimate_seconds: estimate
      ? {
          reading: estimate.readingSeconds,
          targets: estimate.targetsSeconds,
          path: estimate.pathSeconds,
          cutoff: estimate.cutoffSeconds,
          refinement: estimate.refineSeconds,
          evaluation: estimate.evaluationSeconds,
          writing: estimate.writingSeconds,
          total: estimate.totalSeconds,
        }
      : null,
  };
  const iterations = method === 'velocity' ? totalIterations : 0;
  const metrics: RunMetricsRecord = {
    method,
    velocity,
    train_mse: finiteOrNull(trainMse),
    test_mse: Object.fromEntries(testResults.map((r) => [r.donor, r.mse])),
    test_mse_mean: finiteOrNull(mean(testResults.map((r) => r.mse))),
    feature_sparsity: featureSparsity,
    // The field's only gated weights are the gene pairs' (self pairs aside), so its model sparsity is the feature one.
    model_sparsity: featureSparsity,
    spurious_feature_sparsity: finiteOrNull(spurious),
    iterations,
    model: 'last',
    model_iteration: iterations,
    best_iteration: null,
    best_validation_loss: null,
    final_validation_loss: null,
    rejected_iterations: 0,
    restarts: 0,
    straight_line_mse: finiteOrNull(straightLineMse),
    warnings,
    seconds: fit.seconds,
    engine: engine.name,
    seed: cfg.seed,
    data_sha256: input.sha,
    version: request.version,
    train_mse_by_donor: Object.fromEntries(trainResults.map((r) => [r.donor, r.mse])),
    lineage_mse: Object.fromEntries([...trainResults, ...testResults].map((r) => [r.donor, r.lineages])),
    lineage_cells: cellCounts(prepared),
    final_loss: fit.loss ? { ...fit.loss, total: fit.loss.data + fit.loss.penalty } : null,
    final_learning_rate: method === 'velocity' ? settings.learningRate : Number.NaN,
    evaluation_seconds: evaluationSeconds,
    edges: edges.length,
    open_gates: [present],
    notes: input.notes,
    config: cfg,
    evaluation: { solver: 'dopri5', rtol: request.evaluation.rtol, atol: request.evaluation.atol, max_steps: request.evaluation.maxSteps },
    preparation: request.preparation,
    train_donors: trainDonors,
    test_donors: request.testDonors,
    lineages: input.trainLineages,
    genes: genes.length,
    gene_names: genes,
    is_tf: genes.map((_, i) => (isTf ? isTf[i] : null)),
    pseudotime: input.read.pseudotime,
    data_set: { format: input.read.format, notes: input.read.notes, pseudotime_root: input.read.root ?? null },
    tf_list: input.tfList,
    engine_reason: engine.reason,
    provenance: {
      command: request.commandLine,
      data_path: request.dataPath,
      sources: input.read.sources.map((s) => ({ path: s.path, bytes: s.bytes, sha256: s.sha256 })),
      resumed: false,
      node: process.version,
      platform: `${platform()} ${arch()}`,
      cpu: cpus()[0]?.model ?? 'unknown',
      host: hostname(),
      finished_at: new Date().toISOString(),
    },
  };
  stage('writing', 1, 4, 'edges.csv');
  const edgesPath = await writeEdges(request.outDir, edges);
  stage('writing', 2, 4, 'trajectories');
  await writeStoredTrajectories(request.outDir, genes, stored);
  // The record goes last: its presence means the run folder is complete.
  stage('writing', 3, 4, 'metrics.json');
  const metricsPath = await writeMetrics(request.outDir, metrics);
  stage('writing', 4, 4, 'done');
  return {
    status: 'completed',
    iteration: iterations,
    seconds: fit.seconds,
    metricsPath,
    edgesPath,
    metrics,
    notes: input.notes,
    trainingNotes: [],
  };
}

/** The estimate's input from a run's settings (fit-velocity-field.ts's, with the run's refinement budget and bins). */
export function velocityShapeOfRun(run: {
  genes: number;
  sources: number;
  trainingCells: number;
  trainingTrajectories: number;
  evaluatedCells: number;
  evaluatedTrajectories: number;
  kernel: VelocityRunShape['kernel'];
  settings: VelocityFieldSettings;
  refine: number;
  bins: number;
}): VelocityRunShape {
  const s = run.settings;
  return {
    genes: run.genes,
    sources: run.sources,
    trainingCells: run.trainingCells,
    trainingTrajectories: run.trainingTrajectories,
    evaluatedCells: run.evaluatedCells,
    evaluatedTrajectories: run.evaluatedTrajectories,
    kernel: run.kernel,
    settings: {
      neighbours: s.neighbours,
      window: s.window,
      hidden: s.hidden,
      iterations: s.iterations,
      stages: s.pathStages,
      stageIterations: s.stageIterations,
      batch: s.batch,
      validationShare: s.validationShare,
      refine: run.refine,
      bins: run.bins,
      cutoff: s.cutoff,
    },
  };
}

/** "about 52s on an idle machine (path 34s, cut-off 2s, …)": the command line's line before training. */
export function velocityEstimateText(e: VelocityRunEstimate): string {
  return (
    `about ${formatDuration(e.totalSeconds)} on an idle machine (reading ${formatDuration(e.readingSeconds)}, velocity targets ${formatDuration(e.targetsSeconds)}, ` +
    `path ${formatDuration(e.pathSeconds)}, cut-off ${formatDuration(e.cutoffSeconds)}, refinement ${formatDuration(e.refineSeconds)}, ` +
    `evaluation ${formatDuration(e.evaluationSeconds)}, files ${formatDuration(e.writingSeconds)})`
  );
}
