/**
 * Worker entry for work on one data file, so the caller's thread never parses files or computes on cells: describing
 * the file (payload: its path), computing diffusion pseudotime for the Data view (payload: a pseudotime task), or the
 * Embedding view's embedding and gene colours (payload: an embedding task).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { describeDataset } from './describe-dataset.ts';
import { describePseudotime, type PseudotimeTask } from './describe-pseudotime.ts';
import { openDatasetForJob } from './open-dataset-for-job.ts';
import { defaultTfsInData } from './default-tfs-in-data.ts';
import { runEmbeddingTask, type EmbeddingTask } from './embedding-tasks.ts';

const port = parentPort;
if (!port) throw new Error('dataset-worker.ts runs only as a worker_thread.');
const payload = (workerData as { payload: string | PseudotimeTask | EmbeddingTask }).payload;
const file = typeof payload === 'string' ? payload : payload.file;
try {
  const dataset = await openDatasetForJob(file);
  try {
    if (typeof payload === 'string') {
      const { datasetId: _unused, ...described } = describeDataset(dataset, '');
      const info = { ...described, defaultTfsInData: await defaultTfsInData(described) };
      port.postMessage({ ok: true, info });
    } else if ('task' in payload) {
      port.postMessage({ ok: true, info: await runEmbeddingTask(dataset, payload) });
    } else {
      port.postMessage({ ok: true, info: await describePseudotime(dataset, payload.settings) });
    }
  } finally {
    dataset.close();
  }
} catch (error) {
  port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
port.unref();
