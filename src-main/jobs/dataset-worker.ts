/** Worker entry that opens one data file and answers with its description; the caller's thread never parses files. */
import { parentPort, workerData } from 'node:worker_threads';
import { describeDataset } from './describe-dataset.ts';
import { openDatasetForJob } from './open-dataset-for-job.ts';

const port = parentPort;
if (!port) throw new Error('dataset-worker.ts runs only as a worker_thread.');
const file = (workerData as { payload: string }).payload;
try {
  const dataset = await openDatasetForJob(file);
  try {
    const { datasetId: _unused, ...info } = describeDataset(dataset, '');
    port.postMessage({ ok: true, info });
  } finally {
    dataset.close();
  }
} catch (error) {
  port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
port.unref();
