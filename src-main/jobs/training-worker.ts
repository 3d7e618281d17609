/**
 * Worker entry of one training job. Control messages (pause, resume, cancel) reach the loop between iterations;
 * everything the runner needs to know comes back as messages, errors included, so the worker never dies silently.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { errorFromUnknown } from '../../src-shared/contract/result.ts';
import { defaultEngineRegistry } from '../engine/engine-registry.ts';
import { TrainingControl } from '../engine/training/training-control.ts';
import { runTrainingJob } from './training-job.ts';
import type { RunnerToWorker, TrainingJobSpec, WorkerToRunner } from './training-protocol.ts';

const port = parentPort;
if (!port) throw new Error('training-worker.ts runs only as a worker_thread.');
const spec = (workerData as { payload: TrainingJobSpec }).payload;
const post = (message: WorkerToRunner) => port.postMessage(message);

/** The loop calls nextAction exactly when it has stopped for a pause: that is the acknowledgement to report. */
class ReportingControl extends TrainingControl {
  iteration = 0;
  override async nextAction(): Promise<'run' | 'cancel'> {
    if (this.requested === 'pause') post({ type: 'paused', iteration: this.iteration });
    return super.nextAction();
  }
}
const control = new ReportingControl();

port.on('message', (message: RunnerToWorker) => {
  if (message.type === 'pause') control.pause();
  else if (message.type === 'resume') control.resume();
  else if (message.type === 'cancel') control.cancel();
});

try {
  await runTrainingJob(spec, {
    registry: defaultEngineRegistry(),
    control,
    post: (message) => {
      if (message.type === 'progress') control.iteration = message.iteration;
      post(message);
    },
  });
} catch (error) {
  post({ type: 'failed', message: errorFromUnknown(error).message });
} finally {
  // Let the last messages drain and the worker end once nothing else runs (the runner also ends it when done).
  port.unref();
}
