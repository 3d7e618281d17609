/**
 * Work on a data file in a short-lived worker_thread (parsing can take seconds on big files, diffusion pseudotime
 * longer): describing it, or computing diffusion pseudotime for the Data view.
 */
import type { CellEmbedding, ComputedPseudotime, DatasetInfo, GeneCellValues } from '../../src-shared/contract/types.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import type { PseudotimeTask } from './describe-pseudotime.ts';
import type { EmbeddingTask } from './embedding-tasks.ts';
import { spawnWorker } from './spawn-worker.ts';

const DATASET_WORKER = new URL('./dataset-worker.ts', import.meta.url);
/** The longest a dataset worker may take (the reader worker's limit): then it is stopped and the file named. */
export const DATASET_WORKER_TIME_LIMIT_MS = 10 * 60 * 1000;

export function describeInWorker(
  file: string,
  entry: URL = DATASET_WORKER,
  timeLimitMs = DATASET_WORKER_TIME_LIMIT_MS,
): Promise<Omit<DatasetInfo, 'datasetId'>> {
  return inDatasetWorker(file, file, 'Reading', 'describing', entry, timeLimitMs);
}

export function pseudotimeInWorker(
  task: PseudotimeTask,
  entry: URL = DATASET_WORKER,
  timeLimitMs = DATASET_WORKER_TIME_LIMIT_MS,
): Promise<ComputedPseudotime> {
  return inDatasetWorker(task, task.file, 'Computing diffusion pseudotime of', 'computing diffusion pseudotime of', entry, timeLimitMs);
}

/** UMAP of 100,000 cells takes minutes on a loaded 2-core machine (docs/benchmarks.md): a longer limit than reading. */
export const EMBEDDING_TIME_LIMIT_MS = 30 * 60 * 1000;

export function embeddingInWorker(
  task: EmbeddingTask & { task: 'embedding' },
  entry: URL = DATASET_WORKER,
  timeLimitMs = EMBEDDING_TIME_LIMIT_MS,
): Promise<CellEmbedding> {
  return inDatasetWorker(task, task.file, 'Computing the embedding of', 'computing the embedding of', entry, timeLimitMs);
}

export function geneValuesInWorker(
  task: EmbeddingTask & { task: 'gene-values' },
  entry: URL = DATASET_WORKER,
  timeLimitMs = DATASET_WORKER_TIME_LIMIT_MS,
): Promise<GeneCellValues> {
  return inDatasetWorker(task, task.file, 'Reading a gene of', 'reading a gene of', entry, timeLimitMs);
}

function inDatasetWorker<T>(
  payload: string | PseudotimeTask | EmbeddingTask,
  file: string,
  doing: string,
  before: string,
  entry: URL,
  timeLimitMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = spawnWorker(entry, { payload });
    let answered = false;
    // A worker that never answers (a file that never ends, a pathological input) is stopped, never leaked.
    const timer = setTimeout(() => {
      if (answered) return;
      answered = true;
      void worker.terminate();
      const limit = timeLimitMs >= 60_000 ? `${Math.round(timeLimitMs / 60_000)} minutes` : `${(timeLimitMs / 1000).toFixed(1)} s`;
      reject(
        new UserError('bad-input', `${doing} "${file}" took longer than ${limit} and was stopped: is it a complete, regular data file?`),
      );
    }, timeLimitMs);
    timer.unref();
    worker.once('message', (message: { ok: true; info: T } | { ok: false; message: string }) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      void worker.terminate();
      if (message.ok) resolve(message.info);
      else reject(new UserError('bad-input', message.message));
    });
    worker.once('error', (error) => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      reject(new UserError('bad-input', `${doing} "${file}" failed: ${error.message}`));
    });
    worker.once('exit', (code) => {
      clearTimeout(timer);
      if (!answered) reject(new UserError('internal', `The reader stopped (exit code ${code}) before ${before} "${file}".`));
    });
  });
}
