/**
 * Runs the readers in a worker thread so the UI and the Electron main thread never parse files.
 *
 * The same module is both ends: imported normally it exports `ReaderWorker` (the client); started as a worker it
 * serves requests. A request that runs past its time limit, or a worker that dies (HDF5 aborting on a damaged file,
 * memory exhausted), ends in a DataFileError naming the file; the next request starts a fresh worker.
 */
import { createRequire } from 'node:module';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';
import type { Dataset, DatasetSummary, MetadataColumn, SourceFile } from './dataset.ts';
import { DataFileError } from './reader-error.ts';
import type { OpenDatasetOptions } from './open-dataset.ts';

const WORKER_ROLE = 'pathreg-reader-worker';

type Request =
  | { id: number; op: 'inspect'; path: string; options: OpenDatasetOptions }
  | { id: number; op: 'open'; path: string; options: OpenDatasetOptions }
  | { id: number; op: 'readGenes'; handle: number; genes: number[]; layer?: string }
  | { id: number; op: 'close'; handle: number };

/** A request before it gets its id (distributes over the union, which Omit alone does not). */
type RequestBody = Request extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

interface OpenedDataset {
  handle: number;
  summary: DatasetSummary;
  sources: SourceFile[];
  cellNames: string[];
  geneNames: string[];
  obs: MetadataColumn[];
  var: MetadataColumn[];
}

type Reply = (
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { message: string; file?: string; element?: string; detail?: string } }
) & {
  /** The worker's HDF5 module trapped or aborted: the client replaces the worker before the next request. */
  restart?: boolean;
};

export interface ReaderWorkerOptions {
  /** Per-request limit; the worker is stopped and restarted when it passes (default 60 s). */
  timeoutMs?: number;
  /** JavaScript heap limit of the worker in MB (WebAssembly memory is bounded separately by h5wasm, 4 GB). */
  maxHeapMb?: number;
}

/** Client side: one worker, requests queued by id, restarted after a crash or timeout. */
export class ReaderWorker {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<
    number,
    {
      resolve(v: unknown): void;
      reject(e: Error): void;
      path: string;
      timer: NodeJS.Timeout;
      worker: Worker;
      /** Stops listening to the caller's AbortSignal once the request has settled. */
      detach?: () => void;
    }
  >();
  private readonly ready_ = new WeakMap<Worker, Promise<void>>();
  private waiting = 0;
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;

  constructor(options: ReaderWorkerOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxHeapMb = options.maxHeapMb ?? 4096;
  }

  /**
   * The summary of any supported input, computed in the worker. Aborting `signal` stops the reading at once (the
   * worker is replaced) and rejects with a DataFileError saying it was cancelled.
   */
  inspect(path: string, options: OpenDatasetOptions = {}, signal?: AbortSignal): Promise<DatasetSummary> {
    return this.request({ op: 'inspect', path, options }, path, signal) as Promise<DatasetSummary>;
  }

  /** Opens a data set in the worker; names and metadata come back once, gene blocks on demand. `signal` as inspect. */
  async open(path: string, options: OpenDatasetOptions = {}, signal?: AbortSignal): Promise<Dataset> {
    const opened = (await this.request({ op: 'open', path, options }, path, signal)) as OpenedDataset;
    const worker = this.worker;
    return {
      summary: opened.summary,
      sources: opened.sources,
      cellNames: opened.cellNames,
      geneNames: opened.geneNames,
      obs: opened.obs,
      var: opened.var,
      readGenes: (genes, layer) => {
        if (this.worker !== worker) {
          return Promise.reject(
            new DataFileError(path, '', 'is no longer open because the reader restarted after an earlier failure: open the file again'),
          );
        }
        return this.request({ op: 'readGenes', handle: opened.handle, genes, layer }, path) as Promise<Float32Array>;
      },
      close: () => {
        if (this.worker === worker) this.request({ op: 'close', handle: opened.handle }, path).catch(() => undefined);
      },
    };
  }

  /**
   * Resolves once a worker is started and has loaded its modules (h5wasm included): seconds on a busy machine, once
   * per session and after each restart. Requests wait for it anyway; this lets a caller start it early, or time reads alone.
   */
  async ready(): Promise<void> {
    await this.ready_.get(this.ensureWorker());
  }

  /** Stops the worker; pending requests fail. */
  async terminate(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker(this.maxHeapMb);
    // Requests wait for the worker to load its modules and h5wasm, which on a busy machine can take seconds, so
    // that time never counts against a file's time limit.
    this.ready_.set(
      worker,
      new Promise<void>((resolve) => {
        worker.once('message', () => resolve());
        worker.once('exit', () => resolve());
      }),
    );
    worker.once('message', () => worker.on('message', (reply: Reply) => this.settle(reply)));
    worker.on('error', (error) => this.failAll(worker, `made the reader fail (${error.message})`));
    worker.on('exit', (code) => this.failAll(worker, `made the reader stop unexpectedly (exit code ${code})`));
    worker.unref();
    this.worker = worker;
    return worker;
  }

  /** Replaces a worker that timed out or whose HDF5 module broke; the next one starts loading at once. */
  private retire(worker: Worker, why: string): void {
    if (this.worker === worker) this.worker = null;
    this.failAll(worker, why);
    void worker.terminate();
    this.ensureWorker();
  }

  private async request(message: RequestBody, path: string, signal?: AbortSignal): Promise<unknown> {
    if (signal?.aborted) throw cancelled(path, signal);
    const worker = this.ensureWorker();
    // Keep the process alive while a request waits for the worker to start (the worker is unref'd when idle).
    this.waiting++;
    worker.ref();
    try {
      await readyOrAborted(this.ready_.get(worker), signal, path);
    } finally {
      this.waiting--;
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.get(id)?.detach?.();
        this.pending.delete(id);
        const limit = this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`;
        reject(
          new DataFileError(
            path,
            '',
            `took longer than ${limit} to read, so reading was stopped: the file may be damaged, or much larger than it looks`,
          ),
        );
        // A stuck reader cannot be interrupted from outside; replacing the worker is the only way to free it.
        this.retire(worker, 'stopped the reader while another file was being read');
      }, this.timeoutMs);
      const onAbort = () => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        clearTimeout(timer);
        reject(cancelled(path, signal));
        // HDF5 and the parsers cannot be interrupted inside a read: stopping the worker is the only prompt way.
        this.retire(worker, 'stopped the reader while another file was being read');
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (finish: () => void) => {
        signal?.removeEventListener('abort', onAbort);
        finish();
      };
      this.pending.set(id, {
        resolve: (value) => settle(() => resolve(value)),
        reject: (error) => settle(() => reject(error)),
        path,
        timer,
        worker,
      });
      if (this.worker !== worker) {
        this.pending.delete(id);
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        reject(new DataFileError(path, '', 'could not be read because the reader stopped while starting: try again'));
        return;
      }
      worker.ref();
      worker.postMessage({ ...message, id });
    });
  }

  private settle(reply: Reply): void {
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    this.pending.delete(reply.id);
    clearTimeout(entry.timer);
    entry.detach?.();
    if (this.pending.size === 0 && this.waiting === 0) this.worker?.unref();
    if (reply.restart && entry.worker === this.worker) this.retire(entry.worker, 'stopped the reader while another file was being read');
    if (reply.ok) entry.resolve(reply.value);
    else {
      const { message, file, element, detail } = reply.error;
      entry.reject(file !== undefined && detail !== undefined ? new DataFileError(file, element ?? '', detail) : new Error(message));
    }
  }

  private failAll(worker: Worker, what: string): void {
    if (this.worker === worker) this.worker = null;
    for (const [id, entry] of this.pending) {
      // Only this worker's requests: a replacement may already be serving new ones.
      if (entry.worker !== worker) continue;
      clearTimeout(entry.timer);
      entry.detach?.();
      this.pending.delete(id);
      entry.reject(new DataFileError(entry.path, '', `${what}: the file is probably damaged; export or copy it again`));
    }
  }
}

/** The caller's reason when it gave one (an Error), else a message that names the file. */
function cancelled(path: string, signal?: AbortSignal): Error {
  // abort() without a reason gives a DOMException named AbortError: then the file's own message is clearer.
  const reason: unknown = signal?.reason;
  return reason instanceof Error && reason.name !== 'AbortError'
    ? reason
    : new DataFileError(path, '', 'was not read: reading was cancelled');
}

/** Waits for the worker to be ready, or rejects as soon as the caller aborts (a worker takes seconds to load). */
async function readyOrAborted(ready: Promise<void> | undefined, signal: AbortSignal | undefined, path: string): Promise<void> {
  if (!signal) return ready;
  let onAbort = () => undefined as void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(cancelled(path, signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([ready, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/**
 * Starts this module as a worker. Under TypeScript (tsx, Vitest) the worker first registers tsx's loader, since
 * worker threads do not inherit the parent's loader hooks; a bundled build (.js) starts directly.
 */
function startWorker(maxHeapMb: number): Worker {
  const self = new URL(import.meta.url);
  const options = {
    workerData: { role: WORKER_ROLE },
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    stdout: false,
    stderr: false,
  };
  if (!self.pathname.endsWith('.ts')) return new Worker(self, options);
  const require = createRequire(import.meta.url);
  const tsxApi = pathToFileURL(join(dirname(require.resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href;
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(self.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), options);
}

/** Worker side: serves requests until the parent terminates it. */
async function serve(): Promise<void> {
  const { openDataset, inspectDataset } = await import('./open-dataset.ts');
  const { hdf5NeedsRestart, loadH5wasm } = await import('./hdf5/h5wasm-loader.ts');
  await loadH5wasm();
  const port = parentPort;
  if (!port) return;
  const datasets = new Map<number, Dataset>();
  let nextHandle = 1;
  const reply = (message: Reply, transfer: ArrayBuffer[] = []) => port.postMessage({ ...message, restart: hdf5NeedsRestart() }, transfer);
  port.on('message', async (request: Request) => {
    try {
      switch (request.op) {
        case 'inspect':
          reply({ id: request.id, ok: true, value: await inspectDataset(request.path, request.options) });
          break;
        case 'open': {
          const dataset = await openDataset(request.path, request.options);
          const handle = nextHandle++;
          datasets.set(handle, dataset);
          const value: OpenedDataset = {
            handle,
            summary: dataset.summary,
            sources: dataset.sources,
            cellNames: dataset.cellNames,
            geneNames: dataset.geneNames,
            obs: dataset.obs,
            var: dataset.var,
          };
          reply({ id: request.id, ok: true, value });
          break;
        }
        case 'readGenes': {
          const dataset = datasets.get(request.handle);
          if (!dataset) throw new Error('the data set was closed before its genes were read');
          const block = await dataset.readGenes(request.genes, request.layer);
          reply({ id: request.id, ok: true, value: block }, [block.buffer as ArrayBuffer]);
          break;
        }
        case 'close':
          datasets.get(request.handle)?.close();
          datasets.delete(request.handle);
          reply({ id: request.id, ok: true, value: null });
          break;
      }
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      reply({
        id: request.id,
        ok: false,
        error:
          e instanceof DataFileError ? { message: e.message, file: e.file, element: e.element, detail: e.detail } : { message: e.message },
      });
    }
  });
  // The first message says the worker is ready (see ReaderWorker.ensureWorker).
  port.postMessage({ ready: true });
}

if (!isMainThread && (workerData as { role?: string } | null)?.role === WORKER_ROLE) void serve();
