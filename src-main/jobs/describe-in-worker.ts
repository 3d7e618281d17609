/**
 * Work on a data file in a short-lived worker_thread (parsing can take seconds on big files, diffusion pseudotime
 * longer): describing it, or computing diffusion pseudotime for the Data view.
 */
import type { ComputedPseudotime, DatasetInfo } from '../../src-shared/contract/types.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import type { PseudotimeTask } from './describe-pseudotime.ts';
import { spawnWorker } from './spawn-worker.ts';

const DATASET_WORKER = new URL('./dataset-worker.ts', import.meta.url);

export function describeInWorker(file: string, entry: URL = DATASET_WORKER): Promise<Omit<DatasetInfo, 'datasetId'>> {
  return inDatasetWorker(file, file, 'Reading', 'describing', entry);
}

export function pseudotimeInWorker(task: PseudotimeTask, entry: URL = DATASET_WORKER): Promise<ComputedPseudotime> {
  return inDatasetWorker(task, task.file, 'Computing diffusion pseudotime of', 'computing diffusion pseudotime of', entry);
}

function inDatasetWorker<T>(payload: string | PseudotimeTask, file: string, doing: string, before: string, entry: URL): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(entry, { payload });
    let answered = false;
    worker.once('message', (message: { ok: true; info: T } | { ok: false; message: string }) => {
      answered = true;
      void worker.terminate();
      if (message.ok) resolve(message.info);
      else reject(new UserError('bad-input', message.message));
    });
    worker.once('error', (error) => {
      answered = true;
      reject(new UserError('bad-input', `${doing} "${file}" failed: ${error.message}`));
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new UserError('internal', `The reader stopped (exit code ${code}) before ${before} "${file}".`));
    });
  });
}
