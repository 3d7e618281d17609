/**
 * One app training job inside a worker: the app's adapter around the one fit (src-main/fit/run-fit.ts), which
 * `pathreg fit` calls too. It turns the job's selection and settings into the fit's request, relays the fit's
 * progress as messages to the job runner, and, when the run folder is written, reads the window's result from it.
 */
import { defaultMemoryLimit, type EngineRegistry } from '../engine/engine-registry.ts';
import type { TrainingControl } from '../engine/training/training-control.ts';
import { fitRequestFromSelection } from '../fit/fit-request-from-selection.ts';
import { runFit } from '../fit/run-fit.ts';
import { readRunResult } from '../run/run-result.ts';
import { packageVersion } from '../run/package-version.ts';
import { wordFitRefusalForApp } from './fit-refusals-for-app.ts';
import { readJobTfList } from './job-tf-list.ts';
import type { TrainingJobSpec, WorkerToRunner } from './training-protocol.ts';
import type { FitStageReport } from '../../src-shared/fit-stages.ts';

export interface JobDependencies {
  registry: EngineRegistry;
  control: TrainingControl;
  post: (message: WorkerToRunner) => void;
}

export async function runTrainingJob(spec: TrainingJobSpec, deps: JobDependencies): Promise<void> {
  const { tfList, given } = await readJobTfList(spec.tfList);
  const request = fitRequestFromSelection({
    datasetPath: spec.datasetPath,
    selection: spec.selection,
    config: spec.config,
    tfList,
    tfListGiven: given,
    outDir: spec.folder,
    resumeFrom: spec.resumeCheckpoint,
    memoryLimitBytes: defaultMemoryLimit(),
    version: await packageVersion(),
  });
  const stage = stageRelay(deps.post);
  let outcome;
  try {
    outcome = await runFit(
      request,
      {
        registry: deps.registry,
        control: deps.control,
        sink: {
          engine: (engine, reason) => deps.post({ type: 'engine', engine, reason }),
          stage,
          progress: (p, extra) =>
            deps.post({
              type: 'progress',
              iteration: p.iteration,
              iterations: p.iterations,
              loss: p.terms,
              learningRate: p.learningRate,
              rate: p.iterationsPerSecond,
              etaSeconds: p.etaSeconds,
              ...(extra.eta
                ? { etaRange: { low: extra.eta.low, high: extra.eta.high, uncertain: extra.eta.uncertain, slowdown: extra.eta.slowdown } }
                : {}),
              elapsedSeconds: extra.elapsedSeconds,
              engine: p.engine,
              sparsity: extra.sparsity,
            }),
          stopped: (status, iteration, seconds) => deps.post({ type: 'stopped', status, iteration, seconds }),
        },
      },
      // A cancelled run in the app still shows the network it had reached.
      { evaluateCancelled: true },
    );
  } catch (error) {
    throw wordFitRefusalForApp(error);
  }
  switch (outcome.status) {
    case 'diverged':
      deps.post({ type: 'failed', message: outcome.message });
      return;
    case 'device-failed':
      deps.post({
        type: 'device-failed',
        engine: outcome.engine,
        message: `${outcome.message}.`,
        iteration: outcome.iteration,
        checkpointIteration: outcome.checkpointPath ? outcome.checkpointIteration : null,
      });
      return;
    default: {
      const result = outcome.metrics ? await readRunResult(spec.folder, spec.runId) : null;
      deps.post({
        type: 'done',
        status: outcome.status,
        iteration: outcome.iteration,
        seconds: outcome.seconds,
        result,
        notes: outcome.trainingNotes,
      });
    }
  }
}

/** Stage reports to the runner: every change of stage, and within one stage at most four a second. */
function stageRelay(post: (message: WorkerToRunner) => void): (report: FitStageReport) => void {
  let last: FitStageReport | null = null;
  let lastAt = 0;
  return (report) => {
    const now = performance.now();
    const finished = report.total !== null && report.done >= report.total;
    if (last && last.stage === report.stage && !finished && now - lastAt < 250) return;
    last = report;
    lastAt = now;
    post({ type: 'stage', report });
  };
}
