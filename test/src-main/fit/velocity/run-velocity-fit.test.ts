// The velocity methods inside the one fit: `pathreg fit --method velocity|linear` writes a complete run folder that
// the app's reader, `pathreg export` and `pathreg score` read, whose saved field re-evaluates to the recorded MSE; a
// cancel stops it; resuming and bad settings are refused with messages that say what to do.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fitOptionSpecs, fitSettingsFromOptions } from '../../../../src-main/cli/commands/fit.ts';
import { wordFitRefusalForCommandLine } from '../../../../src-main/cli/fit-refusals.ts';
import { parseOptions } from '../../../../src-main/cli/option-parser.ts';
import { prepareTrajectoryWithReport } from '../../../../src-main/data/prepare/prepare-trajectory.ts';
import { readDatasetTrajectories } from '../../../../src-main/data/trajectories-from-dataset/read-dataset-trajectories.ts';
import { defaultEngineRegistry } from '../../../../src-main/engine/engine-registry.ts';
import { TrainingControl } from '../../../../src-main/engine/training/training-control.ts';
import { ResumeRefusedError } from '../../../../src-main/fit/resume-check.ts';
import { runFit, type FitRequest } from '../../../../src-main/fit/run-fit.ts';
import { velocityFieldSettings, velocityScalingOfRun } from '../../../../src-main/fit/velocity/run-velocity-fit.ts';
import { perEdgeFieldPerCellMse } from '../../../../src-main/fit/velocity/per-edge-field-per-cell-mse.ts';
import { inFieldUnits, velocityScaling } from '../../../../src-main/fit/velocity/velocity-cells.ts';
import type { Trajectory } from '../../../../src-main/data/dataset.ts';
import { wordFitRefusalForApp } from '../../../../src-main/jobs/fit-refusals-for-app.ts';
import { readTrajectoryComparison, RUN_FILES } from '../../../../src-main/run/run-folder.ts';
import { readRunResult } from '../../../../src-main/run/run-result.ts';
import { readVelocityModel } from '../../../../src-main/run/velocity-model-file.ts';
import { APP_ROOT } from '../../../../src-main/session/create-session.ts';
import type { RunMetricsRecord } from '../../../../src-shared/contract/run-record.ts';
import { trainingConfigSchema } from '../../../../src-shared/contract/schemas.ts';
import { RECOMMENDED_DEFAULTS } from '../../../../src-shared/run-config.ts';
import { runCli } from '../../cli/cli-harness.ts';
import { JSDOM } from 'jsdom';
import { metricsTableFromResult, networkFromResult } from '../../../../src-shared/figures/run-adapters.ts';
import { renderMetricsTable } from '../../../../src-shared/figures/render-metrics-table.ts';

const EXAMPLE = path.join(APP_ROOT, 'resources/examples/hematopoiesis');
/** Twelve lineage regulators of the example, so a field of 12 × 12 gene pairs trains in seconds. */
const GENES = 'GATA1,KLF1,GATA2,TAL1,CEBPB,IRF8,PAX5,EBF1,THRB,MAFB,ELF2,AHR';
const SHORT_VELOCITY = 'iterations=60,stages=2,stage-iterations=20,batch=64';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'pathreg-velocity-fit-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function request(name: string, extra: string[]): Promise<FitRequest> {
  const argv = [
    '--data',
    EXAMPLE,
    '--train',
    '12',
    '--test',
    '21',
    '--genes',
    GENES,
    '--seed',
    '3',
    ...extra,
    '--out',
    path.join(root, name),
  ];
  return fitSettingsFromOptions(parseOptions('fit', argv, fitOptionSpecs()), `pathreg fit ${argv.join(' ')}`);
}

async function metricsOf(folder: string): Promise<RunMetricsRecord> {
  return JSON.parse(await readFile(path.join(folder, RUN_FILES.metrics), 'utf8')) as RunMetricsRecord;
}

describe('runFit with the velocity method', () => {
  it('writes a complete run folder whose saved field re-evaluates to the recorded MSE', async () => {
    // One scaling per donor named: unset, a run with a held-out donor takes the paper's per-lineage units (below).
    const fit = await request('velocity', ['--method', 'velocity', '--velocity', `${SHORT_VELOCITY},scaling=donor`]);
    const progress: number[] = [];
    const etas: number[] = [];
    const stages: string[] = [];
    const lines: string[] = [];
    const outcome = await runFit(fit, {
      registry: defaultEngineRegistry(),
      sink: {
        log: (line) => lines.push(line),
        progress: (p) => {
          progress.push(p.iteration);
          etas.push(p.etaSeconds);
        },
        stage: (report) => stages.push(`${report.stage}: ${report.detail}`),
      },
    });
    expect(outcome.status).toBe('completed');
    expect(progress.at(-1)).toBe(100);
    // Named stages: the path, the cut-off and refinement under training, then evaluating and writing (issue 14).
    const order = ['reading', 'preparing', 'training', 'evaluating', 'writing'];
    const entered = stages.map((line) => line.split(':')[0]).filter((name, i, all) => all.indexOf(name) === i);
    expect(entered.filter((name) => order.includes(name))).toEqual(order);
    expect(stages.some((line) => /^training: group-lasso path/.test(line))).toBe(true);
    expect(stages).toContain("training: choosing each target's cut-off on the held-out cells");
    expect(stages.some((line) => /^training: refining the field on the trajectories: iteration \d+ of \d+$/.test(line))).toBe(true);
    expect(stages.some((line) => /^evaluating: held-out donor 21/.test(line))).toBe(true);
    // The ETA covers what follows the path: unknown (∞) until a rate is measured, then finite and above 0 until
    // the evaluation, whose share the last report carries.
    expect(etas.every((eta) => eta >= 0)).toBe(true);
    expect(etas.slice(1).every((eta) => Number.isFinite(eta))).toBe(true);
    expect(etas.at(-1)).toBeGreaterThan(0);
    expect(lines.some((line) => /^estimate: about \d+ (s|min)/.test(line))).toBe(true);
    const folder = fit.outDir;
    for (const file of ['metrics', 'edges', 'history', 'trajectoryIndex', 'trajectoryData', 'velocityModel'] as const)
      expect(existsSync(path.join(folder, RUN_FILES[file])), RUN_FILES[file]).toBe(true);
    // No training state is written: nothing could continue from it.
    expect(existsSync(path.join(folder, RUN_FILES.checkpoint))).toBe(false);

    const metrics = await metricsOf(folder);
    expect(metrics.method).toBe('velocity');
    // auto: the fastest C build of the per-edge field kernel here, and the reason recorded.
    expect(metrics.engine).toMatch(/^(native|wasm)$/);
    expect(metrics.engine_reason).toMatch(/native|WebAssembly/);
    expect(metrics.config.velocity).toEqual({ iterations: 60, stages: 2, stageIterations: 20, batch: 64, scaling: 'donor' });
    expect(metrics.velocity?.settings.scaling).toBe('donor');
    expect(metrics.velocity?.settings).toMatchObject({
      method: 'node',
      iterations: 60,
      pathStages: 2,
      stageIterations: 20,
      batch: 64,
      seed: 3,
    });
    expect(metrics.velocity?.settings.neighbours).toBeGreaterThan(0);
    // The estimate the run made before training, by step, for holding against its real times.
    const estimate = metrics.velocity?.estimate_seconds;
    expect(estimate?.total).toBeGreaterThan(0);
    expect(estimate!.total).toBeCloseTo(
      estimate!.reading +
        estimate!.targets +
        estimate!.path +
        estimate!.cutoff +
        estimate!.refinement +
        estimate!.evaluation +
        estimate!.writing,
      9,
    );
    expect(metrics.velocity?.model_file).toBe('velocity-model.bin');
    expect(metrics.iterations).toBe(100);
    expect(metrics.genes).toBe(12);
    expect(metrics.train_mse).toBeGreaterThan(0);
    expect(metrics.test_mse['21']).toBeGreaterThan(0);
    expect(metrics.feature_sparsity).toBeGreaterThanOrEqual(0);
    expect(metrics.feature_sparsity).toBeLessThanOrEqual(1);
    // The network is the entry path cut per target gene, each target's stage chosen on held-out cells; its pairs are
    // the signed ones of edges.csv. The record summarises the targets' stages and keeps the one-stage rule's choice.
    const cutoff = metrics.velocity!.cutoff!;
    expect(cutoff.rule).toBe('per-target-one-standard-error');
    expect(cutoff.validation_errors).toHaveLength(2);
    expect(cutoff.validation_cells).toBeGreaterThan(0);
    expect(cutoff.target_stage_counts).toHaveLength(2);
    expect(cutoff.target_stage_counts!.reduce((a, b) => a + b, 0)).toBe(12);
    expect(cutoff.target_best_stage_counts!.reduce((a, b) => a + b, 0)).toBe(12);
    expect(cutoff.standard_error_multiple).toBe(1);
    expect([0, 1]).toContain(cutoff.global_stage);
    expect(metrics.velocity?.settings.cutoff).toBe('per-target-one-standard-error');
    expect(metrics.velocity?.settings.validationNeighbours).toBe(metrics.velocity?.settings.neighbours);
    expect(metrics.notes.some((line) => line.includes('cut per target gene') && line.includes('held-out cells'))).toBe(true);
    const rows = (await readFile(path.join(folder, RUN_FILES.edges), 'utf8')).trim().split('\n').slice(1);
    const signed = rows.filter((line) => line.split(',').at(-1) !== '0');
    expect(signed.length).toBe(metrics.open_gates[0]);
    expect(signed.length).toBeLessThanOrEqual(rows.length);
    expect(metrics.feature_sparsity).toBeCloseTo(1 - signed.length / (12 * 11), 12);
    const history = (await readFile(path.join(folder, RUN_FILES.history), 'utf8')).trim().split('\n');
    expect(history[0]).toBe('iteration,data,penalty,total,learning_rate');
    expect(history.at(-1)).toMatch(/^100,/);

    // Re-read: the saved field, integrated again on donor 21's trajectories in its units (donor 21's own one scaling
    // of its lineages together), gives the recorded MSE.
    const model = await readVelocityModel(path.join(folder, RUN_FILES.velocityModel));
    expect(model.genes).toEqual(metrics.gene_names);
    const read = await readDatasetTrajectories(fit.dataPath, fit.trajectories);
    const prepare = (t: Trajectory) => prepareTrajectoryWithReport(t, fit.preparation).prepared;
    const raw21 = read.trajectories.filter((t) => t.donor === '21');
    const scaling = velocityScaling(raw21, raw21.map(prepare));
    const donor21 = raw21.map((t) => inFieldUnits(t, prepare(t), scaling, fit.preparation.initialCells));
    const again = perEdgeFieldPerCellMse(model, donor21).reduce((a, b) => a + b, 0);
    expect(again).toBeCloseTo(metrics.test_mse['21'], 6);
    // The one scaling is said, and the MSE in each lineage's own units (the trajectory method's) is given beside it.
    expect(metrics.notes.some((line) => line.includes("scales each gene once over each donor's cells"))).toBe(true);
    expect(metrics.notes.some((line) => /own min–max units .*held out 21 \d/.test(line))).toBe(true);
    // Twelve genes chosen by hand with the TF list left automatic: a panel, so every gene may regulate.
    expect(metrics.config.regulators).toBe('all');

    // What the app's views read (run record, edges, heatmap, trajectories with predictions).
    const result = await readRunResult(folder, 'run-1');
    expect(result.edgeTotal).toBe(metrics.edges);
    expect(result.edges[0].weight).toBeGreaterThan(0);
    // The Network and Metrics views' figures, from the same result.
    expect(networkFromResult({ ...result, history: [] }).edges.length).toBeGreaterThan(0);
    const table = renderMetricsTable(
      metricsTableFromResult({ ...result, history: [] }),
      { size: { width: 89, height: 90, unit: 'mm' } },
      new JSDOM('').window.document,
    );
    expect(table.textContent).toContain('velocity');
    expect(table.textContent).toMatch(/nearest of the next \d+ cells/);
    expect(table.textContent).not.toContain('pathreg, λ');
    const comparison = await readTrajectoryComparison('run-1', folder, ['GATA1']);
    expect(comparison.trajectories.map((t) => t.split)).toEqual(['train', 'train', 'train', 'test', 'test', 'test']);
    expect(comparison.trajectories[0].predicted.every(Number.isFinite)).toBe(true);

    // The command line's readers of a run folder.
    const reference = path.join(root, 'reference.csv');
    await writeFile(reference, 'Gene1,Gene2,Type\nGATA1,KLF1,+\nTAL1,GATA1,+\nPAX5,EBF1,+\nCEBPB,IRF8,+\n');
    const scored = await runCli(['score', folder, '--reference', reference, '--json']);
    expect(scored.stderr).toBe('');
    // Scored over the reference's 7 genes, as BEELINE does.
    expect(JSON.parse(scored.stdout).scores).toMatchObject({ genes: 7, reference_edges: 4 });
    const exported = await runCli(['export', folder, '--format', 'sif', '--out', path.join(root, 'velocity.sif')]);
    expect(exported.code, exported.stderr).toBe(0);
    expect((await readFile(path.join(root, 'velocity.sif'), 'utf8')).trim().split('\n').length).toBe(metrics.edges);
  }, 240_000);

  it('the linear method: a complete run folder with its network, no field and the reason the MSE is absent', async () => {
    const fit = await request('linear', ['--method', 'linear', '--velocity', 'neighbours=4,window=30']);
    const outcome = await runFit(fit, { registry: defaultEngineRegistry() });
    expect(outcome.status).toBe('completed');
    const metrics = await metricsOf(fit.outDir);
    expect(metrics.method).toBe('linear');
    expect(metrics.velocity?.settings).toMatchObject({ method: 'linear', neighbours: 4, window: 30 });
    expect(metrics.velocity?.model_file).toBeNull();
    expect(metrics.velocity?.mse_absent_reason).toMatch(/no integrable field/);
    expect(metrics.train_mse).toBeNull();
    expect(metrics.test_mse_mean).toBeNull();
    expect(metrics.notes.join(' ')).toMatch(/no per-cell MSE/);
    expect(existsSync(path.join(fit.outDir, RUN_FILES.velocityModel))).toBe(false);
    const edges = (await readFile(path.join(fit.outDir, RUN_FILES.edges), 'utf8')).trim().split('\n');
    expect(edges[0]).toBe('source,target,weight,sign');
    expect(edges.length - 1).toBe(metrics.edges);
    // Present edges carry the sign of their lasso coefficient.
    expect(edges.slice(1).some((line) => /,-?1$/.test(line))).toBe(true);
    const result = await readRunResult(fit.outDir, 'run-2');
    expect(result.metrics.method).toBe('linear');
    const table = renderMetricsTable(
      metricsTableFromResult({ ...result, history: [] }),
      { size: { width: 89, height: 90, unit: 'mm' } },
      new JSDOM('').window.document,
    );
    expect([...table.querySelectorAll('text.mse')].map((node) => node.textContent)).toEqual(['—', '—']);
    const comparison = await readTrajectoryComparison('run-2', fit.outDir, ['KLF1']);
    expect(comparison.trajectories[0].observed.every(Number.isFinite)).toBe(true);
    expect(comparison.trajectories[0].predicted.every(Number.isNaN)).toBe(true);
  }, 240_000);

  it('pathreg fit --method linear says the MSE is not available rather than NaN', async () => {
    const out = path.join(root, 'linear-cli');
    const argv = ['fit', '--data', EXAMPLE, '--train', '12', '--test', '21', '--genes', GENES, '--method', 'linear', '--out', out];
    const result = await runCli(argv);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/train MSE n\/a; held-out 21 n\/a; mean n\/a/);
    expect(result.stderr).not.toMatch(/NaN/);
  }, 120_000);

  it('stops on cancel, with no run record and nothing to continue from', async () => {
    const fit = await request('cancelled', ['--method', 'velocity', '--velocity', 'iterations=100000']);
    const control = new TrainingControl();
    const stopped: string[] = [];
    const outcome = await runFit(fit, {
      registry: defaultEngineRegistry(),
      control,
      sink: { progress: () => control.cancel(), stopped: (status) => stopped.push(status) },
    });
    expect(outcome.status).toBe('cancelled');
    if (outcome.status !== 'cancelled') return;
    expect(outcome.iteration).toBe(100);
    expect(outcome.checkpointPath).toBeNull();
    expect(stopped).toEqual(['cancelled']);
    expect(existsSync(path.join(fit.outDir, RUN_FILES.metrics))).toBe(false);
  }, 120_000);

  it('refuses to resume, as data worded for each front end', async () => {
    const fit = await request('resume', ['--method', 'velocity', '--resume']);
    const error = await runFit(fit, { registry: defaultEngineRegistry() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResumeRefusedError);
    expect((error as ResumeRefusedError).mismatch).toEqual({ kind: 'method-not-resumable', method: 'velocity' });
    expect(String(wordFitRefusalForCommandLine(error))).toMatch(/without --resume/);
    const forApp = String(wordFitRefusalForApp(error));
    expect(forApp).toMatch(/cannot be continued.*Start a new run/);
    expect(forApp).not.toMatch(/--/);
    expect(existsSync(path.join(fit.outDir, RUN_FILES.metrics))).toBe(false);
  }, 120_000);
});

describe("the velocity method's lambda is its network cut-off", () => {
  it('maps --velocity lambda= to a λ/λ_max cut-off that overrides the held-out rule, recorded in the run', async () => {
    const fit = await request('cutoff', [
      '--method',
      'velocity',
      '--velocity',
      `${SHORT_VELOCITY.replace('stages=2', 'stages=4')},lambda=1`,
    ]);
    expect(fit.config.method).toBe('velocity');
    expect(velocityFieldSettings('velocity', 0, fit.config.velocity)).toMatchObject({ cutoff: 1, lambda: 0.1 });
    await runFit(fit, { registry: defaultEngineRegistry() });
    const metrics = await metricsOf(fit.outDir);
    expect(metrics.velocity?.cutoff).toMatchObject({ rule: 'lambda', stage: 0, stages: 4, lambda_fraction: 1, validation_cells: 0 });
    expect(metrics.velocity?.settings.cutoff).toBe(1);
    expect(metrics.notes.some((line) => line.includes('the cut-off the velocity lambda asked for'))).toBe(true);
    // The same fit cut at the path's end keeps at least as many pairs: the cut-off, not the training, made the difference.
    const whole = await request('cutoff-0', [
      '--method',
      'velocity',
      '--velocity',
      `${SHORT_VELOCITY.replace('stages=2', 'stages=4')},lambda=0`,
    ]);
    await runFit(whole, { registry: defaultEngineRegistry() });
    const wholeMetrics = await metricsOf(whole.outDir);
    expect(wholeMetrics.velocity?.cutoff).toMatchObject({ rule: 'lambda', stage: 3 });
    expect(wholeMetrics.open_gates[0]).toBeGreaterThan(metrics.open_gates[0]);
  }, 240_000);

  it("scaling=lineage keeps the paper's per-lineage preparation: the saved field re-evaluates on the prepared cells", async () => {
    const fit = await request('per-lineage', ['--method', 'velocity', '--velocity', `${SHORT_VELOCITY},scaling=lineage,refine=0`]);
    await runFit(fit, { registry: defaultEngineRegistry() });
    const metrics = await metricsOf(fit.outDir);
    expect(metrics.config.velocity?.scaling).toBe('lineage');
    expect(metrics.notes.some((line) => line.includes("each lineage min–max scaled on its own (the paper's preparation, chosen)"))).toBe(
      true,
    );
    expect(metrics.notes.some((line) => line.includes('own min–max units'))).toBe(false);
    const model = await readVelocityModel(path.join(fit.outDir, RUN_FILES.velocityModel));
    const read = await readDatasetTrajectories(fit.dataPath, fit.trajectories);
    const donor21 = read.trajectories.filter((t) => t.donor === '21').map((t) => prepareTrajectoryWithReport(t, fit.preparation).prepared);
    expect(perEdgeFieldPerCellMse(model, donor21).reduce((a, b) => a + b, 0)).toBeCloseTo(metrics.test_mse['21'], 6);
  }, 240_000);
});

describe("the velocity method's scaling when none is named", () => {
  it("is the paper's per lineage for a run judged on held-out donors, one per donor otherwise; a named one is kept", () => {
    expect(velocityScalingOfRun(undefined, 1)).toBe('lineage');
    expect(velocityScalingOfRun(undefined, 3)).toBe('lineage');
    expect(velocityScalingOfRun(undefined, 0)).toBe('donor');
    expect(velocityScalingOfRun('donor', 2)).toBe('donor');
    expect(velocityScalingOfRun('lineage', 0)).toBe('lineage');
  });
});

describe('bad velocity settings are refused with a clear message', () => {
  const refused = async (extra: string[]) => {
    const error = await request('bad', extra).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  };

  it('on the command line', async () => {
    expect(await refused(['--method', 'fast'])).toMatch(/--method must be one of trajectory, velocity, linear, got "fast"/);
    expect(await refused(['--method', 'trajectory', '--velocity', 'iterations=5'])).toMatch(/add --method velocity or --method linear/);
    // A preset or a trajectory setting asks for the trajectory method, so velocity settings beside it are refused.
    expect(await refused(['--preset', 'paper', '--velocity', 'iterations=5'])).toMatch(
      /--preset is a setting of the trajectory method; add --method velocity \(without --preset\) or leave --velocity out/,
    );
    expect(await refused(['--method', 'velocity', '--velocity', 'lambda=2'])).toMatch(/lambda must be a number from 0 to 1, got "2"/);
    expect(await refused(['--method', 'velocity', '--hidden', '8'])).toMatch(/--hidden applies to --method trajectory only.*--velocity/);
    expect(await refused(['--method', 'velocity', '--velocity', 'speed=2'])).toMatch(/KEY one of neighbours, window, hidden/);
    expect(await refused(['--method', 'velocity', '--velocity', 'iterations=-1'])).toMatch(/iterations must be a whole number from 0/);
    expect(await refused(['--method', 'velocity', '--velocity', 'lambda=abc'])).toMatch(/lambda must be a number/);
    expect(await refused(['--method', 'linear', '--velocity', 'hidden=2'])).toMatch(/hidden does not apply to --method linear/);
    expect(await refused(['--method', 'velocity', '--velocity', 'window=3,window=4'])).toMatch(/names window twice/);
    expect(await refused(['--method', 'velocity', '--velocity', 'scaling=gene'])).toMatch(
      /--velocity scaling must be one of donor, lineage, got "gene"/,
    );
  });

  it("in the app's schema (the same limits)", () => {
    const parse = (patch: object) => trainingConfigSchema.safeParse({ ...RECOMMENDED_DEFAULTS, ...patch });
    expect(parse({ method: 'velocity', velocity: { iterations: 10, lambda: 0.2 } }).success).toBe(true);
    expect(parse({ method: 'linear' }).success).toBe(true);
    const onTrajectory = parse({ velocity: { iterations: 10 } });
    expect(onTrajectory.success).toBe(false);
    expect(JSON.stringify(onTrajectory.error?.issues)).toMatch(/apply only to the velocity and linear methods/);
    const onLinear = parse({ method: 'linear', velocity: { hidden: 2 } });
    expect(JSON.stringify(onLinear.error?.issues)).toMatch(/linear method has no trained field/);
    expect(parse({ method: 'velocity', velocity: { batch: 0 } }).success).toBe(false);
    expect(parse({ method: 'linear', velocity: { scaling: 'lineage' } }).success).toBe(true);
    expect(parse({ method: 'velocity', velocity: { scaling: 'gene' } }).success).toBe(false);
    expect(parse({ method: 'velocity', velocity: { lambda: 1.5 } }).success).toBe(false);
    expect(parse({ method: 'velocity', velocity: { neighbours: 2.5 } }).success).toBe(false);
    expect(parse({ method: 'velocity', velocity: { unknown: 1 } }).success).toBe(false);
    expect(parse({ method: 'sideways' }).success).toBe(false);
  });
});
