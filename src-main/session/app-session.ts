/**
 * One user session behind either transport: the open data sets, the training runs, projects. Holds all state, so a
 * window that reloads (or a second browser tab) sees the same session. Implements every channel of the contract.
 */
import { existsSync, statSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServerEvent } from '../../src-shared/contract/events.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import { geneNamesOf } from '../../src-shared/gene-names.ts';
import type {
  AppInfo,
  CellEmbedding,
  ComputedPseudotime,
  DatasetInfo,
  EngineInfo,
  ImportedRun,
  ProjectInfo,
  RunSummary,
  TrajectorySelection,
} from '../../src-shared/contract/types.ts';
import type { RequestOf } from '../../src-shared/contract/channels.ts';
import { exportFigureFromSession, exportNetworkFromSession, exportReportFromSession, type SessionRun } from './session-exports.ts';
import { importRunFile } from './session-import.ts';
import { exportPrecisionRecallFromSession, referenceInputError, scoreSessionRun } from './session-scoring.ts';
import { readReferenceEdgeList, referenceFromBytes } from '../scoring/reference-edge-list.ts';
import type { ReferenceScore } from '../../src-shared/contract/reference-score.ts';
import { importedRunSelection, importRunFolder } from './import-run-folder.ts';
import { SweepService } from './session-sweeps.ts';
import { JobRunner } from '../jobs/job-runner.ts';
import { listExamples } from './examples.ts';
import { tfListOverlap } from './tf-list-overlap.ts';
import { tfListMismatch, tfListSourceOf } from './tf-list-choice.ts';
import type { Handlers } from './handlers.ts';
import {
  PROJECT_FORMAT,
  PROJECT_VERSION,
  checkProjectFileName,
  readProjectFile,
  relocate,
  writeProjectFile,
  type ProjectDocument,
} from './project-file.ts';
import { readTrajectoryComparison, RUN_FILES, writeEdges, writeMetrics, writeStoredTrajectories } from '../run/run-folder.ts';
import { embeddingInWorker, geneValuesInWorker, pseudotimeInWorker } from '../jobs/describe-in-worker.ts';
import type { EmbeddingTask } from '../jobs/embedding-tasks.ts';
import type { PseudotimeTask } from '../jobs/describe-pseudotime.ts';
import { PerturbationService } from '../jobs/perturbation-service.ts';
import { exportSessionPerturbation, perturbSessionRun, preparePerturbation, type PerturbedRun } from './session-perturbation.ts';
import { EdgeTableCache, edgeTablePage, exportEdgeTable } from './session-edge-table.ts';
import { compareSessionRuns, exportComparison, type ComparedSessionRun } from './session-comparison.ts';

/** Reads a data file and describes it (in a worker; the caller's thread never parses files). */
export type DatasetDescriber = (file: string) => Promise<Omit<DatasetInfo, 'datasetId'>>;
/** Computes diffusion pseudotime of a data file (in a worker, never on the main thread). */
export type PseudotimeComputer = (task: PseudotimeTask) => Promise<ComputedPseudotime>;

export interface AppSessionOptions {
  /** Runs, uploads and checkpoints of this session go here. */
  sessionDir: string;
  examplesDir: string;
  describeDataset: DatasetDescriber;
  /** Defaults to the dataset worker from the sources (create-session.ts passes the bundled one). */
  computePseudotime?: PseudotimeComputer;
  /** The Embedding view's work (embedding, gene colours); defaults to the dataset worker from the sources. */
  embeddingWorker?: URL;
  listEngines: () => Promise<EngineInfo[]>;
  transport: AppInfo['transport'];
  appVersion: string;
  licenses?: AppInfo['licenses'];
  /** Forwarded to the job runner (tests point it at a small worker). */
  trainingWorker?: URL;
  /** The perturbation worker (create-session.ts passes the bundled one); defaults to the one from the sources. */
  perturbationWorker?: URL;
}

export class AppSession {
  readonly handlers: Handlers;
  private readonly datasets = new Map<string, DatasetInfo>();
  private nextDatasetId = 1;
  private readonly listeners = new Set<(event: ServerEvent) => void>();
  private readonly runner: JobRunner;
  private enginesCache: Promise<EngineInfo[]> | null = null;
  private nextImportId = 1;
  /** The latest scoring of each run against a reference network (the precision–recall figure exports it). */
  private readonly referenceScores = new Map<string, ReferenceScore>();
  private readonly perturbation: PerturbationService;
  private readonly sweeps: SweepService;
  /** Every edge of the last runs whose edge table was opened or compared (run folders' edges.csv). */
  private readonly edgeTables = new EdgeTableCache();
  /** Embeddings computed (or being computed) this session, by data set and seed. */
  private readonly embeddings = new Map<string, Promise<CellEmbedding>>();

  constructor(private readonly options: AppSessionOptions) {
    this.perturbation = new PerturbationService(options.perturbationWorker);
    this.sweeps = new SweepService({
      sessionDir: options.sessionDir,
      dataset: (datasetId) => this.dataset(datasetId),
      openRunFolder: async (folder) => (await this.importRun({ path: folder })).run,
      appVersion: options.appVersion,
    });
    this.runner = new JobRunner({
      sessionDir: options.sessionDir,
      emit: (event) => this.emit(event),
      ...(options.trainingWorker ? { workerEntry: options.trainingWorker } : {}),
    });
    this.handlers = {
      'app:info': async () => ({
        name: 'PathReg Studio',
        version: options.appVersion,
        transport: options.transport,
        versions: Object.fromEntries(
          Object.entries(process.versions).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
        ),
        licenses: options.licenses ?? [],
      }),
      'session:state': async () => ({ datasets: [...this.datasets.values()], runs: this.runner.list() }),
      'engines:list': async () => this.engines(),
      'dataset:open': async ({ path: file }) => this.openDataset(path.resolve(file)),
      'dataset:upload': async ({ fileName, contentBase64 }) => {
        const folder = path.join(options.sessionDir, 'uploads', String(Date.now()));
        await mkdir(folder, { recursive: true });
        const file = path.join(folder, fileName);
        await writeFile(file, Buffer.from(contentBase64, 'base64'));
        return this.openDataset(file);
      },
      'dataset:summary': async ({ datasetId }) => this.dataset(datasetId),
      'dataset:pseudotime': async ({ datasetId, settings }) => {
        const dataset = this.dataset(datasetId);
        const compute = options.computePseudotime ?? ((task: PseudotimeTask) => pseudotimeInWorker(task));
        return compute({ file: dataset.path, settings });
      },
      'dataset:embedding': async ({ datasetId, seed }) => {
        const key = `${datasetId} ${seed ?? 0}`;
        // UMAP of many cells takes minutes: computed once per data set and seed, kept for a reloaded window.
        let embedding = this.embeddings.get(key);
        if (!embedding) {
          const task = { task: 'embedding' as const, file: this.dataset(datasetId).path, settings: { seed: seed ?? 0 } };
          embedding = embeddingInWorker(task, options.embeddingWorker);
          this.embeddings.set(key, embedding);
          embedding.catch(() => this.embeddings.delete(key));
        }
        return embedding;
      },
      'dataset:gene-values': async ({ datasetId, gene }) => {
        const dataset = this.dataset(datasetId);
        if (gene >= dataset.genes)
          throw new UserError('bad-input', `"${dataset.name}" has ${dataset.genes} genes; gene number ${gene + 1} is not among them.`);
        const task: EmbeddingTask & { task: 'gene-values' } = { task: 'gene-values', file: dataset.path, gene };
        return geneValuesInWorker(task, options.embeddingWorker);
      },
      'dataset:examples': async () => listExamples(options.examplesDir),
      'dataset:tf-overlap': async ({ datasetId, tfList, genes, geneNameColumn }) =>
        tfListOverlap(await tfListSourceOf(tfList, options.sessionDir), genes, geneNamesOf(this.dataset(datasetId), geneNameColumn)),
      'dataset:open-example': async ({ exampleId }) => {
        const example = (await listExamples(options.examplesDir)).find((e) => e.exampleId === exampleId);
        if (!example) throw new UserError('not-found', `There is no example "${exampleId}" in ${options.examplesDir}.`);
        return this.openDataset(example.path);
      },
      'training:start': async (request) => {
        const dataset = this.dataset(request.datasetId);
        checkSelection(dataset, request.selection);
        const tfList = await tfListSourceOf(request.tfList, options.sessionDir);
        if (tfList.kind === 'bundled' || tfList.kind === 'file') {
          // A list that names none of the genes stops the fit after reading and preparing the data: say so now.
          const { genes, geneNameColumn } = request.selection;
          const overlap = await tfListOverlap(tfList, genes, geneNamesOf(dataset, geneNameColumn));
          const mismatch = tfListMismatch(overlap, dataset.name, genes.length > 0);
          if (mismatch) throw new UserError('bad-input', mismatch);
        }
        return this.runner.start({
          datasetId: dataset.datasetId,
          datasetName: dataset.name,
          datasetPath: dataset.path,
          ...(request.label ? { label: request.label } : {}),
          selection: request.selection,
          config: request.config,
          tfList,
        });
      },
      'training:pause': async ({ runId }) => this.runner.pause(runId),
      'training:resume': async ({ runId }) => this.runner.resume(runId),
      'training:cancel': async ({ runId }) => this.runner.cancel(runId),
      'training:continue': async ({ runId, iterations, engine }) => {
        const { run } = this.runner.snapshot(runId);
        const dataset = this.datasets.get(run.datasetId);
        if (!dataset) {
          throw new UserError(
            'conflict',
            run.datasetId === ''
              ? `${run.label} was imported from "${run.datasetName}", which does not tie it to a data set of this session, so it cannot be continued here. Continue it with the command line (pathreg fit --resume) on its data.`
              : `The data set "${run.datasetName}" of ${run.label} is not open in this session: open it (Data view, or the project that holds it), then continue the run.`,
          );
        }
        return this.runner.continueRun(runId, iterations, dataset.path, engine);
      },
      'training:list': async () => this.runner.list(),
      'training:subscribe': async ({ runId }) => this.runner.snapshot(runId),
      'run:result': async ({ runId }) => {
        const result = await this.runner.result(runId);
        // A finished run is being shown: its model is loaded for the Perturb panel before the first question.
        preparePerturbation(this.perturbation, this.perturbableRun(runId));
        return result;
      },
      'run:trajectories': async ({ runId, genes }) => {
        await this.runner.result(runId);
        return readTrajectoryComparison(runId, this.runner.folderOf(runId), genes);
      },
      'project:save': async ({ path: file, viewState }) => {
        const target = path.resolve(file);
        // Every check before the first write: the runs are copied next to the project before the file is written.
        checkProjectFileName(target);
        const runs = await this.keepRunsWithProject(target);
        const bytes = await writeProjectFile(target, {
          format: PROJECT_FORMAT,
          version: PROJECT_VERSION,
          savedAt: new Date().toISOString(),
          appVersion: options.appVersion,
          datasets: [...this.datasets.values()].map((d) => ({
            datasetId: d.datasetId,
            name: d.name,
            path: d.path,
            relativePath: path.relative(path.dirname(target), d.path),
            sources: d.sources,
          })),
          runs,
          viewState,
        });
        return { path: target, bytes };
      },
      'project:open': async ({ path: file }) => this.openProject(path.resolve(file)),
      'export:network': async (request) => exportNetworkFromSession(await this.sessionRun(request.runId), request),
      'export:figure': async (request) =>
        request.figure === 'precision-recall'
          ? exportPrecisionRecallFromSession(await this.sessionRun(request.runId), this.referenceScore(request.runId), request)
          : exportFigureFromSession(await this.sessionRun(request.runId), request, this.referenceScore(request.runId)),
      'export:report': async (request) => exportReportFromSession(await this.sessionRun(request.runId), request),
      'run:import': async (request) => this.importRun(request),
      'run:score': async (request) => this.scoreRun(request),
      'run:perturb': async (request) =>
        perturbSessionRun(this.perturbation, await this.perturbedRun(request.runId), request, options.appVersion),
      'export:perturbation': async (request) =>
        exportSessionPerturbation(this.perturbation, await this.perturbedRun(request.runId), request, options.appVersion),
      'sweep:executors': async () => this.sweeps.executors(),
      'sweep:start': async (request) => this.sweeps.start(request),
      'sweep:list': async () => this.sweeps.list(),
      'sweep:status': async ({ sweepId }) => this.sweeps.status(sweepId),
      'sweep:cancel': async ({ sweepId }) => this.sweeps.cancel(sweepId),
      'sweep:resume': async ({ sweepId }) => this.sweeps.resume(sweepId),
      'sweep:consensus': async ({ sweepId, lambda }) => this.sweeps.consensus(sweepId, lambda),
      'sweep:open-run': async ({ sweepId, task }) => this.sweeps.openRun(sweepId, task),
      'export:sweep-network': async ({ sweepId, lambda, format, minConfidence }) =>
        this.sweeps.exportNetwork(sweepId, lambda, format, minConfidence),
      'run:edges': async ({ runId, query, offset, limit }) => {
        const run = await this.sessionRun(runId);
        return edgeTablePage(runId, await this.edgeTables.table(run), query, offset, limit);
      },
      'export:edge-table': async (request) => {
        const run = await this.sessionRun(request.runId);
        return exportEdgeTable(run, await this.edgeTables.table(run), request);
      },
      'runs:compare': async ({ runIds, topK }) => compareSessionRuns(await this.comparedRuns(runIds), topK),
      'export:comparison': async (request) => exportComparison(await this.comparedRuns(request.runIds), request),
    };
  }

  /** Registers a listener for server events; returns the unsubscribe function. */
  subscribe(listener: (event: ServerEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async dispose(): Promise<void> {
    await this.perturbation.dispose();
    await this.sweeps.dispose();
    await this.runner.dispose();
  }

  private emit(event: ServerEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private engines(): Promise<EngineInfo[]> {
    // Probing loads every engine module once; the answer does not change within a session.
    this.enginesCache ??= this.options.listEngines().catch((error: unknown) => {
      this.enginesCache = null;
      throw error;
    });
    return this.enginesCache;
  }

  /** A finished run's folder, for the perturbation worker. */
  private async perturbedRun(runId: string): Promise<PerturbedRun> {
    await this.runner.result(runId);
    return this.perturbableRun(runId);
  }

  private perturbableRun(runId: string): PerturbedRun {
    const { run } = this.runner.snapshot(runId);
    return { runId, label: run.label, folder: this.runner.folderOf(runId) };
  }

  /** A run with its result, history and data set, for export. */
  private async sessionRun(runId: string): Promise<SessionRun> {
    const result = await this.runner.result(runId);
    const { run: summary, history } = this.runner.snapshot(runId);
    return { summary, result, history, dataset: this.datasets.get(summary.datasetId) ?? null, appVersion: this.options.appVersion };
  }

  /** Runs to compare, each with every edge of its folder. */
  private async comparedRuns(runIds: readonly string[]): Promise<ComparedSessionRun[]> {
    const runs: ComparedSessionRun[] = [];
    for (const runId of runIds) {
      const run = await this.sessionRun(runId);
      runs.push({ run, table: await this.edgeTables.table(run) });
    }
    return runs;
  }

  /** An exported network or a checkpoint becomes a new, finished run whose result.json reproduces the file's view. */
  private async importRun(request: RequestOf<'run:import'>): Promise<ImportedRun> {
    const stamp = `${Date.now()}-${this.nextImportId++}`;
    let file: string;
    let name: string;
    if ('path' in request) {
      file = path.resolve(request.path);
      name = path.basename(file);
      if (!existsSync(file))
        throw new UserError(
          'not-found',
          `There is no file at "${file}". Check the path (it is read on the machine running PathReg Studio).`,
        );
    } else {
      name = request.fileName;
      const uploads = path.join(this.options.sessionDir, 'uploads', stamp);
      await mkdir(uploads, { recursive: true });
      file = path.join(uploads, name);
      await writeFile(file, Buffer.from(request.contentBase64, 'base64'));
    }
    const folder = path.join(this.options.sessionDir, 'imports', `import-${stamp}`);
    if ('path' in request && statSync(file).isDirectory()) {
      // A run folder (pathreg fit --out, or another session's run): every run file, the loss history included.
      const run = await importRunFolder(file, folder);
      const restored = this.runner.restore(run.summary, run.history);
      this.emit({ type: 'session:changed' });
      return { run: restored, edges: run.edges, genes: run.genes, notes: run.notes };
    }
    const imported = await importRunFile(file, name);
    await mkdir(folder, { recursive: true });
    // The imported network as a run folder in the one format, so the window, exports and projects read it like any run.
    await writeEdges(folder, imported.result.edges);
    await writeStoredTrajectories(folder, imported.result.genes, []);
    await writeMetrics(folder, imported.result.metrics);
    const genes = imported.result.genes;
    const summary: RunSummary = {
      runId: '',
      label: imported.label,
      datasetId: '',
      datasetName: name,
      state: 'completed',
      iteration: imported.result.metrics.iterations,
      iterations: imported.result.metrics.iterations,
      engine: imported.engine,
      engineReason: null,
      createdAt: new Date().toISOString(),
      last: null,
      message: imported.notes.length ? imported.notes.join(' ') : null,
      selection: importedRunSelection(genes),
      config: imported.config,
      folder,
      hasResult: true,
    };
    const run = this.runner.restore(summary, []);
    this.emit({ type: 'session:changed' });
    return { run, edges: imported.result.edgeTotal ?? imported.result.edges.length, genes: genes.length, notes: imported.notes };
  }

  /** Scores a run against a reference network file (by path or uploaded); the upload is read in memory, not kept. */
  private async scoreRun(request: RequestOf<'run:score'>): Promise<ReferenceScore> {
    await this.runner.result(request.runId);
    const { run } = this.runner.snapshot(request.runId);
    const reference = await (
      'path' in request
        ? readReferenceEdgeList(path.resolve(request.path))
        : Promise.resolve().then(() => referenceFromBytes(Buffer.from(request.contentBase64, 'base64'), request.fileName))
    ).catch(referenceInputError);
    const score = await scoreSessionRun({ runId: run.runId, label: run.label, folder: run.folder }, reference, this.options.appVersion);
    this.referenceScores.set(run.runId, score);
    return score;
  }

  /** The run's latest scoring against a reference, or null. */
  referenceScore(runId: string): ReferenceScore | null {
    return this.referenceScores.get(runId) ?? null;
  }

  private dataset(datasetId: string): DatasetInfo {
    const dataset = this.datasets.get(datasetId);
    if (!dataset) throw new UserError('not-found', `There is no data set "${datasetId}" in this session; open the file again.`);
    return dataset;
  }

  private async openDataset(file: string): Promise<DatasetInfo> {
    if (!existsSync(file))
      throw new UserError(
        'not-found',
        `There is no file or folder at "${file}". Check the path (it is read on the machine running PathReg Studio).`,
      );
    const described = await this.options.describeDataset(file);
    const info: DatasetInfo = { datasetId: `dataset-${this.nextDatasetId++}`, ...described };
    this.datasets.set(info.datasetId, info);
    this.emit({ type: 'session:changed' });
    return info;
  }

  /**
   * Copies every run's folder next to the project (`<name>-runs/<run id>/`), since session folders are temporary,
   * and returns the runs as the project file stores them (folder paths also relative to the project).
   */
  private async keepRunsWithProject(projectFile: string): Promise<ProjectDocument['runs']> {
    const runsDir = path.join(path.dirname(projectFile), `${path.basename(projectFile).replace(/\.(pathreg|json)$/, '')}-runs`);
    const kept: ProjectDocument['runs'] = [];
    for (const { summary, history } of this.runner.exportRuns()) {
      const folder = path.join(runsDir, summary.runId);
      if (path.resolve(summary.folder) !== folder && existsSync(summary.folder)) {
        await mkdir(folder, { recursive: true });
        for (const name of RUN_FILES_TO_KEEP) {
          if (existsSync(path.join(summary.folder, name))) await copyFile(path.join(summary.folder, name), path.join(folder, name));
        }
      }
      kept.push({ summary: { ...summary, folder }, history, relativeFolder: path.relative(path.dirname(projectFile), folder) });
    }
    return kept;
  }

  private async openProject(file: string): Promise<ProjectInfo> {
    const project = await readProjectFile(file);
    const warnings: string[] = [];
    const datasetIds = new Map<string, string>();
    const datasets: DatasetInfo[] = [];
    const exists = (candidate: string) => existsSync(candidate);
    for (const saved of project.datasets) {
      const found = relocate(saved, file, exists);
      if (!found) {
        warnings.push(`The data "${saved.name}" is no longer at "${saved.path}"; its runs are shown, but new runs need the file.`);
        continue;
      }
      const info = await this.openDataset(found);
      datasetIds.set(saved.datasetId, info.datasetId);
      datasets.push(info);
      const now = new Map(info.sources.map((s) => [path.basename(s.path), s.sha256]));
      for (const source of saved.sources) {
        const hash = now.get(path.basename(source.path));
        if (hash !== undefined && hash !== source.sha256) {
          warnings.push(
            `"${path.basename(source.path)}" changed since the project was saved (SHA-256 differs): its runs were trained on the earlier version.`,
          );
        }
      }
    }
    const idMap: Record<string, string> = Object.fromEntries(datasetIds);
    const runs = [];
    for (const saved of project.runs) {
      // Run folders live next to the project (see keepRunsWithProject), so a moved project finds them.
      const nextToProject = saved.relativeFolder ? path.resolve(path.dirname(file), saved.relativeFolder) : null;
      if (nextToProject && existsSync(nextToProject)) saved.summary.folder = nextToProject;
      if (!existsSync(saved.summary.folder) || !statSync(saved.summary.folder).isDirectory()) {
        warnings.push(
          `The folder of ${saved.summary.label} ("${saved.summary.folder}") is gone; its loss curve is shown but not its network.`,
        );
        saved.summary.hasResult = false;
      }
      const restored = this.runner.restore(
        { ...saved.summary, datasetId: datasetIds.get(saved.summary.datasetId) ?? saved.summary.datasetId },
        saved.history,
      );
      idMap[saved.summary.runId] = restored.runId;
      runs.push(restored);
    }
    this.emit({ type: 'session:changed' });
    return { path: file, savedAt: project.savedAt, datasets, runs, viewState: project.viewState, warnings, idMap };
  }
}

/** A project keeps every file of its runs' folders (edges.csv too: "whole network" exports read it). */
const RUN_FILES_TO_KEEP = Object.values(RUN_FILES);

/** Quick checks against what is known about the file, so mistakes are reported before a job starts. */
function checkSelection(dataset: DatasetInfo, selection: TrajectorySelection): void {
  if (selection.geneNameColumn && !dataset.geneNameSources?.some((source) => source.column === selection.geneNameColumn)) {
    throw new UserError(
      'bad-input',
      `"${dataset.name}" has no var column of gene names "${selection.geneNameColumn}". Choose where gene names come from in the Data view.`,
    );
  }
  const genes = new Set(geneNamesOf(dataset, selection.geneNameColumn));
  const unknown = selection.genes.filter((gene) => !genes.has(gene));
  if (unknown.length > 0) {
    const shown =
      unknown
        .slice(0, 6)
        .map((g) => `"${g}"`)
        .join(', ') + (unknown.length > 6 ? ` and ${unknown.length - 6} more` : '');
    throw new UserError(
      'bad-input',
      `${unknown.length} of the ${selection.genes.length} chosen genes are not in "${dataset.name}"${selection.geneNameColumn ? ` (names from "${selection.geneNameColumn}")` : ''}: ${shown}. Check the spelling, or remove them from the gene list.`,
    );
  }
  if (selection.lineagePseudotimeColumns) {
    if (selection.lineageColumn)
      throw new UserError(
        'bad-input',
        `Lineages come either from the label column "${selection.lineageColumn}" or from one pseudotime column per lineage, not both: clear the lineage column.`,
      );
    if (selection.diffusionPseudotime)
      throw new UserError(
        'bad-input',
        'One pseudotime column per lineage already gives every cell its time; diffusion pseudotime cannot be combined with it. Choose one of the two.',
      );
    for (const name of selection.lineagePseudotimeColumns) checkNumericColumn(dataset, name, 'lineage pseudotime');
    return;
  }
  // Diffusion pseudotime is computed by the job (the root is checked there, against the cells and genes).
  if (!selection.diffusionPseudotime) checkNumericColumn(dataset, selection.pseudotimeColumn, 'pseudotime');
}

function checkNumericColumn(dataset: DatasetInfo, name: string, role: string): void {
  const column = dataset.obs.find((c) => c.name === name);
  if (!column) {
    throw new UserError(
      'bad-input',
      `"${dataset.name}" has no obs column "${name}" for the ${role}. Its columns: ${dataset.obs.map((c) => c.name).join(', ') || 'none'}.`,
    );
  }
  if (column.type !== 'numeric') {
    const example = column.levels?.[0]?.name;
    throw new UserError(
      'bad-input',
      `The ${role} column "${column.name}" of "${dataset.name}" holds ${column.type === 'categorical' ? 'text categories' : column.type} values${example ? ` (e.g. "${example}")` : ''}, not numbers. Choose a numeric column${role === 'pseudotime' ? ', or compute diffusion pseudotime from a root cell' : ''}.`,
    );
  }
}

/** Reads package.json once for the version and the licenses of the runtime dependencies (Help → Licenses). */
export async function readAppMetadata(root: string): Promise<{ version: string; licenses: AppInfo['licenses'] }> {
  const pkg = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
  };
  const licenses: AppInfo['licenses'] = [];
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    const info = await readFile(path.join(root, 'node_modules', name, 'package.json'), 'utf8')
      .then((text) => JSON.parse(text) as { license?: string })
      .catch(() => ({ license: 'unknown' }));
    licenses.push({ name, license: info.license ?? 'unknown' });
  }
  return { version: pkg.version, licenses };
}
