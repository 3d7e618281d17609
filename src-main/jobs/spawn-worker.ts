/**
 * Starts a worker_thread from a module URL, whether it is TypeScript run from source (through the tsx bootstrap)
 * or a compiled JavaScript file of a bundled build.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';

export interface SpawnOptions {
  /** Passed to the worker as `workerData.payload`. */
  payload: unknown;
  resourceLimits?: ResourceLimits;
}

export function spawnWorker(entry: URL, options: SpawnOptions): Worker {
  const base = {
    workerData: { entry: entry.href, payload: options.payload },
    ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
  };
  if (entry.pathname.endsWith('.ts')) {
    return new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), base);
  }
  return new Worker(entry, base);
}
