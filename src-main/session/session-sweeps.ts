/**
 * The app's sweeps (issue 16, the Sweep view): each a `pathreg sweep` folder under `<session>/sweeps/`, coordinated
 * here by the same runSweep the command line uses. The coordinator only starts processes and rewrites the manifest
 * (the fits run in `pathreg sweep-task` worker processes or Slurm jobs), so it lives in the session's process, never
 * in the window; the window polls `sweep:status`.
 */
import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { UserError } from '../../src-shared/contract/result.ts';
import type { DatasetInfo, RunSummary } from '../../src-shared/contract/types.ts';
import {
  sweepSetupProblems,
  type SweepConsensus,
  type SweepExecutors,
  type SweepSnapshot,
  type SweepStartRequest,
  type SweepTaskState,
  type SweepTaskView,
} from '../../src-shared/contract/sweep.ts';
import type { FitMethod } from '../../src-shared/run-config.ts';
import { readSweepNetwork } from '../export/sweep-network.ts';
import {
  NETWORK_FORMAT_EXTENSIONS,
  renderNetworkFile,
  SIDECAR_FORMATS,
  EDGE_TABLE_FORMATS,
  type NetworkFormat,
} from '../export/network-export.ts';
import { describeSelection } from '../export/network-data.ts';
import { provenanceJson, type Provenance } from '../export/provenance.ts';
import { writeEdgeAttributeTable } from '../export/edge-attribute-table.ts';
import type { ExportedFile } from '../../src-shared/contract/types.ts';
import { BOOTSTRAP_DISTINCT_SHARE, DEFAULT_STRATA } from '../fit/resample-cells.ts';
import { localExecutor, localWorkerCount } from '../sweep/local-executor.ts';
import { createSweep, runSweep } from '../sweep/run-sweep.ts';
import { logTail, type TaskCommand } from '../sweep/sweep-executor.ts';
import { readManifest, SweepError, type SweepManifest } from '../sweep/sweep-manifest.ts';
import { sweepResults, type LambdaPathPoint } from '../sweep/sweep-results.ts';
import { slurmExecutor } from '../sweep/slurm-executor.ts';

export interface SweepServiceOptions {
  sessionDir: string;
  /** The open data set (throws when unknown). */
  dataset(datasetId: string): DatasetInfo;
  /** Opens a finished run folder as a run of the session. */
  openRunFolder(folder: string): Promise<RunSummary>;
  /** How worker processes start (tests; default: this node and bin/pathreg.mjs). */
  taskCommand?: TaskCommand;
  /** The PATH searched for sbatch (tests); default the process's. */
  searchPath?: string;
  /** Written into every export's provenance. */
  appVersion?: string;
}

interface SessionSweep {
  sweepId: string;
  label: string;
  datasetName: string;
  method: FitMethod;
  dir: string;
  controller: AbortController | null;
  running: Promise<void> | null;
  error: string | null;
  /** The λ path of the tasks done when it was last computed: recomputed only when more are done. */
  path: { done: number; points: LambdaPathPoint[] } | null;
}

/** The folder holding `command` on the PATH, or null (what a shell's `command -v` finds, without a shell). */
export async function findOnPath(command: string, searchPath = process.env.PATH ?? ''): Promise<string | null> {
  for (const folder of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(folder, command);
    try {
      await access(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here: try the next folder.
    }
  }
  return null;
}

function cellsLabel(task: SweepManifest['tasks'][number]): string {
  if (!task.resample) return 'all cells';
  return task.resample.kind === 'subsample' ? `subsample ${task.resample.replicate}` : `null ${task.resample.replicate}`;
}

export class SweepService {
  private readonly sweeps = new Map<string, SessionSweep>();
  private nextId = 1;

  constructor(private readonly options: SweepServiceOptions) {}

  async executors(): Promise<SweepExecutors> {
    const sbatch = await findOnPath('sbatch', this.options.searchPath);
    return {
      local: { workers: localWorkerCount(Number.MAX_SAFE_INTEGER), cores: availableParallelism() },
      slurm: sbatch
        ? { available: true, reason: `sbatch found at ${sbatch}: tasks are submitted as Slurm job arrays.` }
        : {
            available: false,
            reason:
              'sbatch is not on the PATH of the machine running PathReg Studio, so Slurm is not offered. On a cluster, start the app on a login node (README, "Sweeps: pathreg sweep on this machine or a Slurm cluster").',
          },
    };
  }

  async start(request: SweepStartRequest): Promise<SweepSnapshot> {
    const dataset = this.options.dataset(request.datasetId);
    const problems = sweepSetupProblems(request.grid, request.method);
    if (problems.length) throw new UserError('bad-input', problems.join(' '));
    if (request.executor.kind === 'slurm' && !(await findOnPath('sbatch', this.options.searchPath)))
      throw new UserError('bad-input', (await this.executors()).slurm.reason);
    const sweepId = `sweep-${this.nextId++}`;
    const dir = path.join(this.options.sessionDir, 'sweeps', sweepId);
    await mkdir(path.dirname(dir), { recursive: true });
    // The fit every task makes: the data set with the time, lineages and donors `pathreg fit` picks by default (the
    // Data view's default selection, a test holds both the same), the Data view's genes, and the method, iterations
    // and TF list chosen here.
    const fitArgs = ['--method', request.method, '--iterations', String(request.iterations), '--tf-list', request.tfList];
    if (request.genes?.length) fitArgs.push('--genes', request.genes.join(','));
    const slurm =
      request.executor.kind === 'slurm'
        ? {
            ...(request.executor.partition ? { partition: request.executor.partition } : {}),
            ...(request.executor.account ? { account: request.executor.account } : {}),
            ...(request.executor.time ? { time: request.executor.time } : {}),
          }
        : null;
    try {
      await createSweep({
        sweepDir: dir,
        dataPath: dataset.path,
        fitArgs,
        grid: { ...request.grid, subsampleFraction: BOOTSTRAP_DISTINCT_SHARE, strata: DEFAULT_STRATA },
        executor: { kind: request.executor.kind, options: slurm ?? {} },
      });
    } catch (error) {
      if (error instanceof SweepError) throw new UserError('bad-input', error.message);
      throw error;
    }
    const sweep: SessionSweep = {
      sweepId,
      label: request.label ?? `Sweep ${sweepId.slice(6)} of ${dataset.name}`,
      datasetName: dataset.name,
      method: request.method,
      dir,
      controller: null,
      running: null,
      error: null,
      path: null,
    };
    this.sweeps.set(sweepId, sweep);
    this.launch(sweep, request.executor);
    return this.snapshot(sweep);
  }

  async list(): Promise<SweepSnapshot[]> {
    return Promise.all([...this.sweeps.values()].map((sweep) => this.snapshot(sweep)));
  }

  async status(sweepId: string): Promise<SweepSnapshot> {
    return this.snapshot(this.sweep(sweepId));
  }

  async cancel(sweepId: string): Promise<SweepSnapshot> {
    const sweep = this.sweep(sweepId);
    if (!sweep.controller) throw new UserError('conflict', `${sweep.label} is not running: there is nothing to cancel.`);
    sweep.controller.abort();
    // The local pool stops its workers within seconds (TERM, then KILL after 5 s); Slurm's arrays are scancelled.
    await sweep.running;
    return this.snapshot(sweep);
  }

  async resume(sweepId: string): Promise<SweepSnapshot> {
    const sweep = this.sweep(sweepId);
    if (sweep.running) throw new UserError('conflict', `${sweep.label} is running already; cancel it first to resume it later.`);
    const manifest = await readManifest(sweep.dir);
    const options = manifest.executor.options as { partition?: string; account?: string; time?: string };
    this.launch(sweep, manifest.executor.kind === 'slurm' ? { kind: 'slurm', ...options } : { kind: 'local' });
    return this.snapshot(sweep);
  }

  async consensus(sweepId: string, lambda: number): Promise<SweepConsensus> {
    const sweep = this.sweep(sweepId);
    try {
      const { network } = await readSweepNetwork(sweep.dir, lambda, 'app');
      return {
        sweepId,
        lambda,
        fits: network.consensus!.fits,
        nullFits: network.consensus!.nullFits,
        genes: network.nodes.map((node) => ({ id: node.id, isTF: node.isTF })),
        edges: network.edges
          .map((edge) => ({
            source: edge.source,
            target: edge.target,
            confidence: edge.confidence!.frequency,
            fdr: edge.confidence!.fdr,
            sign: edge.sign,
            meanWeight: edge.confidence!.meanWeight,
          }))
          .sort((a, b) => b.confidence - a.confidence || b.meanWeight - a.meanWeight),
      };
    } catch (error) {
      if (error instanceof SweepError) throw new UserError('not-found', error.message);
      throw error;
    }
  }

  /**
   * The consensus network at λ as a network file, the same text `pathreg export SWEEP_DIR` writes: every edge's
   * confidence and FDR as attributes (for SIF and adjacency in the edge table), the sweep's provenance.
   */
  async exportNetwork(sweepId: string, lambda: number, format: NetworkFormat, minConfidence = 0): Promise<ExportedFile> {
    const sweep = this.sweep(sweepId);
    let read;
    try {
      read = await readSweepNetwork(sweep.dir, lambda, this.options.appVersion ?? 'unknown');
    } catch (error) {
      if (error instanceof SweepError) throw new UserError('not-found', error.message);
      throw error;
    }
    const all = read.network;
    const network = { ...all, edges: all.edges.filter((edge) => edge.confidence!.frequency >= minConfidence) };
    const c = all.consensus!;
    const kept =
      minConfidence > 0
        ? `edges selected by at least ${minConfidence} of the fits (${network.edges.length} of ${all.edges.length})`
        : describeSelection({ kind: 'all' }, network.edges.length, all.edges.length);
    const provenance: Provenance = {
      ...read.provenance,
      exportedAt: new Date().toISOString(),
      content: `${format} network (consensus of ${c.fits} fits and ${c.nullFits} permuted-pseudotime null fits at λ ${c.lambda}): ${kept}; ${network.nodes.length} genes`,
    };
    const base = `${sweep.label.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '') || sweepId}-lambda-${lambda}-consensus`;
    const fileName = `${base}${format === 'beeline' ? '-rankedEdges' : format === 'adjacency' ? '-adjacency' : ''}${NETWORK_FORMAT_EXTENSIONS[format]}`;
    const bytes = new TextEncoder().encode(renderNetworkFile(format, network, provenance));
    const file: ExportedFile = {
      fileName,
      mimeType: format === 'graphml' ? 'application/xml' : format === 'cyjs' || format === 'cx2' ? 'application/json' : 'text/plain',
      contentBase64: Buffer.from(bytes).toString('base64'),
      bytes: bytes.byteLength,
      content: provenance.content,
    };
    const base64 = (text: string) => Buffer.from(text).toString('base64');
    if (SIDECAR_FORMATS.has(format))
      file.sidecar = {
        fileName: `${fileName}.provenance.json`,
        contentBase64: base64(`${JSON.stringify(provenanceJson(provenance), null, 2)}\n`),
      };
    if (EDGE_TABLE_FORMATS.has(format))
      file.edgeTable = { fileName: `${fileName}.edge-attributes.csv`, contentBase64: base64(writeEdgeAttributeTable(network)) };
    return file;
  }

  async openRun(sweepId: string, index: number): Promise<RunSummary> {
    const sweep = this.sweep(sweepId);
    const task = (await readManifest(sweep.dir)).tasks[index];
    if (!task) throw new UserError('not-found', `${sweep.label} has no task ${index}.`);
    if (task.state !== 'done')
      throw new UserError(
        'conflict',
        `Task ${index} of ${sweep.label} is ${task.state}, not finished: only a finished fit has a network to open.`,
      );
    return this.options.openRunFolder(path.join(sweep.dir, task.folder));
  }

  /** Stops every running sweep (the session is closing); finished tasks stay for a resume. */
  async dispose(): Promise<void> {
    for (const sweep of this.sweeps.values()) sweep.controller?.abort();
    await Promise.all([...this.sweeps.values()].map((sweep) => sweep.running));
  }

  private sweep(sweepId: string): SessionSweep {
    const sweep = this.sweeps.get(sweepId);
    if (!sweep) throw new UserError('not-found', `There is no sweep "${sweepId}" in this session.`);
    return sweep;
  }

  private launch(sweep: SessionSweep, executor: SweepStartRequest['executor']): void {
    const controller = new AbortController();
    sweep.controller = controller;
    sweep.error = null;
    const chosen =
      executor.kind === 'slurm'
        ? slurmExecutor({
            ...(executor.partition ? { partition: executor.partition } : {}),
            ...(executor.account ? { account: executor.account } : {}),
            ...(executor.time ? { time: executor.time } : {}),
            ...(this.options.taskCommand ? { command: this.options.taskCommand } : {}),
          })
        : localExecutor({
            ...(executor.workers ? { workers: executor.workers } : {}),
            ...(this.options.taskCommand ? { command: this.options.taskCommand } : {}),
          });
    sweep.running = runSweep(sweep.dir, chosen, { signal: controller.signal })
      .then(() => undefined)
      .catch((error: unknown) => {
        sweep.error = error instanceof Error ? error.message : String(error);
      })
      .finally(() => {
        sweep.controller = null;
        sweep.running = null;
      });
  }

  private async snapshot(sweep: SessionSweep): Promise<SweepSnapshot> {
    const manifest = await readManifest(sweep.dir);
    const progress = {
      pending: 0,
      submitted: 0,
      running: 0,
      done: 0,
      failed: 0,
      cancelled: 0,
      total: manifest.tasks.length,
    } satisfies Record<SweepTaskState, number> & { total: number };
    for (const task of manifest.tasks) progress[task.state]++;
    const tasks: SweepTaskView[] = await Promise.all(
      manifest.tasks.map(async (task) => ({
        index: task.index,
        lambda: task.lambda,
        seed: task.seed,
        cells: cellsLabel(task),
        state: task.state,
        job: task.job,
        message: task.message,
        seconds: task.seconds,
        logTail: task.state === 'failed' ? (await logTail(path.join(sweep.dir, task.log), 20)) || null : null,
      })),
    );
    if (!sweep.path || sweep.path.done !== progress.done) {
      // Reading every finished fit is the costly part of a status: done only when another task has finished.
      sweep.path = { done: progress.done, points: (await sweepResults(sweep.dir, manifest, null)).lambdaPath };
    }
    return {
      sweepId: sweep.sweepId,
      label: sweep.label,
      datasetName: sweep.datasetName,
      method: sweep.method,
      executor: manifest.executor.kind,
      grid: {
        lambdas: manifest.grid.lambdas,
        seeds: manifest.grid.seeds,
        subsamples: manifest.grid.subsamples,
        nulls: manifest.grid.nulls,
      },
      running: sweep.running !== null,
      progress,
      tasks,
      lambdaPath: sweep.path.points.map((point) => ({
        lambda: point.lambda,
        fits: point.fits,
        heldOutMse: point.heldOutMse,
        edges: point.edges,
        spuriousRegulatorFraction: point.spuriousRegulatorFraction,
        tasks: point.tasks,
      })),
      error: sweep.error,
      createdAt: manifest.createdAt,
    };
  }
}
