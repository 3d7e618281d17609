/**
 * How refining a trained velocity field on the trajectory loss changes its per-cell MSE (docs/benchmarks.md,
 * "Refining the velocity field on the trajectories"): reads the field of a finished `pathreg fit --method velocity
 * --velocity refine=0` run, prepares the same trajectories the run did (the same fit options), refines it with each
 * budget and learning rate asked for, and prints train and held-out per-cell MSE (Dormand–Prince, as the run) and
 * the straight-line baseline, as JSON lines.
 *
 * Usage: npx tsx src-main/fit/velocity/bench/measure-refinement.ts RUN_FOLDER --budgets 0,100,200,500 --rates 0.01,0.03 [--patience 20]
 *   [--kernel auto|general] (general: the per-edge kernel even where the field's sparse matrix would do, to compare)
 *   -- <the run's pathreg fit options: --data … --train … --test … --pseudotime … --tf-list …>
 */
import path from 'node:path';
import { fitOptionSpecs, fitSettingsFromOptions } from '../../../cli/commands/fit.ts';
import { parseOptions } from '../../../cli/option-parser.ts';
import { binTrajectories } from '../../../data/prepare/bin-trajectories.ts';
import { prepareTrajectoryWithReport } from '../../../data/prepare/prepare-trajectory.ts';
import { initialStates } from '../../../data/prepare/training-targets.ts';
import { readDatasetTrajectories } from '../../../data/trajectories-from-dataset/read-dataset-trajectories.ts';
import { DEFAULT_REFINE_SETTINGS, refineVelocityField } from '../../../engine/velocity/refine-velocity-field.ts';
import { readVelocityModel } from '../../../run/velocity-model-file.ts';
import { RUN_FILES } from '../../../run/run-folder.ts';
import { straightLineBaselineMse } from '../../run-health.ts';
import { perEdgeFieldPerCellMse } from '../per-edge-field-per-cell-mse.ts';

const args = process.argv.slice(2);
const split = args.indexOf('--');
const own = split >= 0 ? args.slice(0, split) : args;
const fitArgs = split >= 0 ? args.slice(split + 1) : [];
const option = (name: string, fallback: string) => {
  const at = own.indexOf(`--${name}`);
  return at >= 0 ? own[at + 1] : fallback;
};
const folder = own[0];
const budgets = option('budgets', '0,100,200').split(',').map(Number);
const rates = option('rates', String(DEFAULT_REFINE_SETTINGS.learningRate)).split(',').map(Number);
const patience = Number(option('patience', String(DEFAULT_REFINE_SETTINGS.patience)));
const kernel = option('kernel', 'auto');
if (kernel !== 'auto' && kernel !== 'general') throw new Error(`--kernel is auto or general, not ${kernel}.`);
const fit = await fitSettingsFromOptions(parseOptions('fit', [...fitArgs, '--out', '/tmp/unused'], fitOptionSpecs()), 'bench');
const model = await readVelocityModel(path.join(folder, RUN_FILES.velocityModel));
const read = await readDatasetTrajectories(fit.dataPath, fit.trajectories);
const prepared = read.trajectories.map((t) => prepareTrajectoryWithReport(t, fit.preparation).prepared);
for (const t of prepared)
  if (t.genes.join() !== model.genes.join()) throw new Error(`${t.name}: genes differ from the run's field; pass the run's own options.`);
const trainDonors = fit.trainDonors ?? [...new Set(prepared.map((t) => t.donor))].filter((d) => !fit.testDonors.includes(d));
const training = prepared.filter((t) => trainDonors.includes(t.donor));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const donorMse = (m: typeof model, donor: string) =>
  sum(
    perEdgeFieldPerCellMse(
      m,
      prepared.filter((t) => t.donor === donor),
    ),
  );
const bins = fit.config.solver.kind === 'rk4' ? fit.config.solver.bins : 50;
const problem = { initialStates: initialStates(training), batch: training.length, targets: binTrajectories(training, bins) };
console.log(
  JSON.stringify({
    run: folder,
    straight_line_train: sum(trainDonors.map((d) => straightLineBaselineMse(prepared.filter((t) => t.donor === d)))) / trainDonors.length,
    straight_line_test: Object.fromEntries(fit.testDonors.map((d) => [d, straightLineBaselineMse(prepared.filter((t) => t.donor === d))])),
  }),
);
for (const learningRate of rates) {
  for (const iterations of budgets) {
    const started = performance.now();
    // CPU seconds of this process too: on a shared box the wall clock mostly measures the other users.
    const cpuStarted = process.cpuUsage();
    const refined = await refineVelocityField(
      model,
      problem,
      { ...DEFAULT_REFINE_SETTINGS, iterations, learningRate, patience },
      {
        kernel,
        onProgress: (p) =>
          console.error(
            `iteration ${p.iteration}: loss ${p.loss} (best ${p.best}), ${((performance.now() - started) / 1000).toFixed(0)} s`,
          ),
      },
    );
    const cpuUsed = process.cpuUsage(cpuStarted);
    const test = Object.fromEntries(fit.testDonors.map((d) => [d, donorMse(refined.model, d)]));
    const testValues = Object.values(test);
    console.log(
      JSON.stringify({
        learning_rate: learningRate,
        budget: iterations,
        kernel: refined.kernel,
        iterations_run: refined.iterations,
        best_iteration: refined.bestIteration,
        stopped: refined.stopped,
        loss_before: refined.lossBefore,
        loss_after: refined.lossAfter,
        substeps: refined.substeps,
        seconds: refined.seconds,
        cpu_seconds: (cpuUsed.user + cpuUsed.system) / 1e6,
        train: sum(trainDonors.map((d) => donorMse(refined.model, d))) / trainDonors.length,
        test,
        test_mean: testValues.length ? sum(testValues) / testValues.length : null,
      }),
    );
  }
}
