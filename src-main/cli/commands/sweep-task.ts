/**
 * `pathreg sweep-task SWEEP INDEX`: one task of a sweep, as the local pool and Slurm array jobs start it. The fit's
 * options come from the sweep's manifest and are read exactly as `pathreg fit` reads them, so every task is an
 * ordinary run folder of the one fit (src-main/fit/run-fit.ts).
 */
import { defaultEngineRegistry } from '../../engine/engine-registry.ts';
import { TrainingControl } from '../../engine/training/training-control.ts';
import { runFit } from '../../fit/run-fit.ts';
import { runSweepTask, type TaskFitter } from '../../sweep/run-sweep-task.ts';
import { UsageError, type Command } from '../command.ts';
import { wordFitRefusalForCommandLine } from '../fit-refusals.ts';
import { integerOption, parseOptions } from '../option-parser.ts';
import { stageReporter } from '../stage-reporter.ts';
import { stopFitOnSignals } from '../stop-on-signals.ts';
import { fitOptionSpecs, fitSettingsFromOptions } from './fit.ts';

/** The fit of one task: `pathreg fit`'s parsing, the resample added, stopped by TERM (scancel, a time limit). */
const fitTask: TaskFitter = async (fitArgs, resample) => {
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const options = parseOptions('fit', fitArgs, fitOptionSpecs());
  const request = await fitSettingsFromOptions(options, ['pathreg', 'fit', ...fitArgs].join(' '));
  if (resample) request.resample = resample;
  const control = new TrainingControl();
  const signals = stopFitOnSignals({ control, log });
  try {
    const outcome = await runFit(request, {
      registry: defaultEngineRegistry({ tfjsBackend: 'auto', memoryLimitBytes: request.memoryLimitBytes }),
      control,
      sink: { log, progress: signals.watch(), stage: stageReporter(log) },
    }).catch((error: unknown) => {
      throw wordFitRefusalForCommandLine(error);
    });
    if (outcome.status === 'completed') return { status: 'completed', message: null, dataSha256: outcome.metrics.data_sha256 };
    if (outcome.status === 'cancelled')
      return { status: 'cancelled', message: `stopped at iteration ${outcome.iteration}`, dataSha256: null };
    return { status: outcome.status, message: outcome.message, dataSha256: null };
  } finally {
    signals.dispose();
  }
};

export const sweepTaskCommand: Command = {
  name: 'sweep-task',
  summary: 'run one task of a sweep into its run folder (what the local pool and Slurm array jobs start)',
  async run(argv) {
    if (argv.length !== 2 || argv[0].startsWith('--')) {
      throw new UsageError('pathreg sweep-task takes the sweep folder and a task number: pathreg sweep-task SWEEP_DIR INDEX.');
    }
    const index = integerOption('task index', argv[1], 0, 10_000_000);
    return runSweepTask(argv[0], index, fitTask, (line) => process.stderr.write(`${line}\n`));
  },
};
