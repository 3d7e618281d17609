// Entry of every worker_thread started from TypeScript sources: registers tsx inside the worker (Node does not
// apply the parent's --import loader to a worker's entry point), then loads the real worker module.
// Bundled builds (Electron) start their compiled worker files directly and never use this file.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
