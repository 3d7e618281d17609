/** Opens and describes a data file in a short-lived worker_thread (parsing can take seconds on big files). */
import type { DatasetInfo } from '../../src-shared/contract/types.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import { spawnWorker } from './spawn-worker.ts';

export function describeInWorker(file: string, entry: URL = new URL('./dataset-worker.ts', import.meta.url)): Promise<Omit<DatasetInfo, 'datasetId'>> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(entry, { payload: file });
    let answered = false;
    worker.once('message', (message: { ok: true; info: Omit<DatasetInfo, 'datasetId'> } | { ok: false; message: string }) => {
      answered = true;
      void worker.terminate();
      if (message.ok) resolve(message.info);
      else reject(new UserError('bad-input', message.message));
    });
    worker.once('error', (error) => {
      answered = true;
      reject(new UserError('bad-input', `Reading "${file}" failed: ${error.message}`));
    });
    worker.once('exit', (code) => {
      if (!answered) reject(new UserError('internal', `The reader stopped (exit code ${code}) before describing "${file}".`));
    });
  });
}
