/**
 * What each channel answers and what the server streams. Plain JSON-serialisable data (numbers as numbers,
 * matrices as row-major number arrays), so both transports carry it unchanged.
 */
import type { RunMetricsRecord } from './run-record.ts';
import type { EngineName, LossTerms, RunEngineName, TrainingConfig } from '../run-config.ts';
import type { z } from 'zod';
import type { trajectorySelectionSchema } from './schemas.ts';
import type { GeneNameSource } from '../gene-names.ts';
import type { FitStageState } from '../fit-stages.ts';

export type TrajectorySelection = z.infer<typeof trajectorySelectionSchema>;

export interface AppInfo {
  name: string;
  version: string;
  /** Which transport answered: Electron IPC or the browser shell's HTTP server. */
  transport: 'electron' | 'http';
  /** Node/Electron/Chromium versions, for the Help menu and bug reports. */
  versions: Record<string, string>;
  /** Third-party licenses shipped with the app: package name and SPDX id. */
  licenses: Array<{ name: string; license: string }>;
}

export interface EngineInfo {
  name: EngineName;
  available: boolean;
  /** Why it is (not) available, in words. */
  reason: string;
}

export interface ObsColumnInfo {
  name: string;
  type: 'numeric' | 'categorical' | 'boolean' | 'string';
  /** Categorical levels with how many cells each has. */
  levels?: Array<{ name: string; cells: number }>;
  /** Numeric columns: range and a 20-bin histogram over it (for the pseudotime distribution). */
  range?: [number, number];
  histogram?: number[];
  /** Cells with no value (NaN or missing category). */
  missing: number;
  /** Numeric columns: how many distinct values, counted up to 1,000 (a time course of a few sampled times has few). */
  distinctValues?: number;
}

export interface DatasetInfo {
  datasetId: string;
  /** File or folder name shown to the user. */
  name: string;
  path: string;
  format: string;
  cells: number;
  genes: number;
  sparsity: number | null;
  valueKind: string;
  valueKindReason: string;
  obs: ObsColumnInfo[];
  layers: string[];
  geneNames: string[];
  /**
   * Where gene names can come from: the file's own names, then var columns of names (gene_short_name, …). Absent in
   * data sets described before symbols were offered: then the file's own names only.
   */
  geneNameSources?: GeneNameSource[];
  /**
   * How many genes of the bundled default TF list the data has (under the pre-selected names): with the 100 most
   * variable genes, the size of the default gene choice, for the time estimate before training.
   */
  defaultTfsInData?: number;
  /** The source pre-selected in the Data view (a column of symbols when the file's names are IDs), null for its own names. */
  geneNameColumn?: string | null;
  /** Input files with SHA-256, for the project file and every run's provenance. */
  sources: Array<{ path: string; bytes: number; sha256: string }>;
  /** A suggested trajectory selection (pseudotime/lineage/donor columns recognised by name), or null. */
  suggestedSelection: TrajectorySelection | null;
  /**
   * When an obs column holds library size (nCount_RNA, total_counts, …): its name and each numeric column's Spearman
   * correlation with it, so the Data view can warn when the chosen pseudotime is really sequencing depth.
   */
  librarySize?: { column: string; correlations: Record<string, number> };
}

/** Answer of dataset:pseudotime: the computed diffusion pseudotime, described like an obs column for the histogram. */
export interface ComputedPseudotime {
  /** Named `dpt_pseudotime`, as scanpy names it; numeric, with range and histogram; missing = cells not reached. */
  column: ObsColumnInfo;
  /** The root cell used (a suggestion such as earliest:COLUMN resolves to one cell). */
  root: { index: number; name: string };
  /** "diffusion pseudotime from root …" with its settings: what runs record as their provenance. */
  description: string;
  /** What the computation noticed (the root suggestion, cells not connected to the root, the settings used). */
  notes: string[];
}

export interface ExampleInfo {
  exampleId: string;
  title: string;
  description: string;
  path: string;
  license: string;
}

/**
 * A run's life. `pausing` and `cancelling` are the immediate acknowledgements of a request (within milliseconds);
 * the loop confirms between iterations (`paused`, `cancelled`), and a job that does not stop within 5 s is killed.
 */
export type RunState = 'starting' | 'running' | 'pausing' | 'paused' | 'cancelling' | 'cancelled' | 'completed' | 'failed';

export interface SparsityValues {
  feature: number;
  model: number;
  /** Null when no TF list is known. */
  spuriousFeature: number | null;
}

/** One progress report from a training job (streamed as the "training:progress" event). */
export interface TrainingProgress {
  runId: string;
  iteration: number;
  iterations: number;
  loss: LossTerms;
  learningRate: number;
  /** Iterations per second over the recent window. */
  rate: number;
  etaSeconds: number;
  /**
   * How far to trust etaSeconds (src-shared/eta-under-load.ts): its range, whether it is still uncertain (warming up
   * or a rate that varies a lot), and the slowdown the machine's load puts on the fit. Absent for the velocity fit.
   */
  etaRange?: { low: number; high: number; uncertain: boolean; slowdown: number };
  elapsedSeconds: number;
  engine: RunEngineName;
  /** Computed every few iterations (it needs a read-out); null in between. */
  sparsity: SparsityValues | null;
}

export interface RunSummary {
  runId: string;
  label: string;
  datasetId: string;
  datasetName: string;
  state: RunState;
  iteration: number;
  iterations: number;
  /** The engine actually used (what `auto` chose), once known. */
  engine: RunEngineName | null;
  /** Why that engine (for `auto`). */
  engineReason: string | null;
  createdAt: string;
  /** Latest progress, if any. */
  last: TrainingProgress | null;
  /** Failure or cancellation reason, for the user. */
  message: string | null;
  /**
   * The fit's named stages (reading, preparing, pseudotime, training, evaluating, writing) with how far each is, as
   * the one fit reports them; absent for runs restored from a project or imported.
   */
  stages?: FitStageState[];
  selection: TrajectorySelection;
  config: TrainingConfig;
  /** Folder with the run's checkpoint and result on the server's machine. */
  folder: string;
  hasResult: boolean;
  /**
   * Set when the run's engine lost its device (GPU lost, out of GPU memory): the run failed, its checkpoint at
   * `checkpointIteration` is kept, and it can be continued on the CPU (training:continue with engine 'cpu').
   */
  deviceFailure?: { engine: EngineName; checkpointIteration: number } | null;
}

/** Answer of training:subscribe: the run now and its whole loss history, so a reloaded window redraws the curves. */
export interface RunSnapshot {
  run: RunSummary;
  history: TrainingProgress[];
}

/** +1 activation, −1 repression, 0 where the mean Jacobian is exactly 0 (docs/model.md, "Read-out"). */
export type EdgeSign = -1 | 0 | 1;

/**
 * The one edge model of the product: what the read-out produces, edges.csv stores, the window draws and the exports
 * write (an export adds a rank, src-main/export/network-data.ts).
 */
export interface NetworkEdge {
  source: string;
  target: string;
  /** Path-matrix entry A[source][target] (docs/model.md "Read-out"). */
  weight: number;
  /** Sign of the mean Jacobian: 1 activation, −1 repression, 0 undetermined. */
  sign: 1 | -1 | 0;
}

/** The window's metrics are the run record itself (metrics.json): one metrics type for every front end. */
export type RunMetrics = RunMetricsRecord;

/** Edges sent with a run result at most (a 529-gene network has up to 279,312). */
export const MAX_RESULT_EDGES = 20_000;

export interface RunResult {
  runId: string;
  metrics: RunMetrics;
  genes: string[];
  /** Per gene: in the TF list (true), not (false), or no TF list known (null). */
  isTF: Array<boolean | null>;
  /**
   * The heaviest edges (weight ≥ 1e-5, self-edges left out), sorted by weight descending, at most
   * MAX_RESULT_EDGES of them so the window never parses tens of megabytes; the run folder's edges.csv has all.
   */
  edges: NetworkEdge[];
  /**
   * How many edges have weight ≥ 1e-5 in all (edges.length is smaller when the list was cut); absent in results
   * written before the list was capped, where edges holds them all.
   */
  edgeTotal?: number;
  /**
   * Regulator × target effects, row-major: sign × A[source][target] (A = path matrix, sign of the mean Jacobian),
   * 0 on the diagonal. Rows are the TFs when a TF list is known, else every gene; columns every gene. Values to 4
   * significant digits (display; exported numbers come from the run folder). Complete, unlike `edges`.
   */
  heatmap: { sources: string[]; targets: string[]; values: number[] };
  trajectories: TrajectoryListing[];
  /** Loss history (downsampled to at most 2,000 points). */
  history: TrainingProgress[];
}

export interface TrajectoryListing {
  name: string;
  lineage: string;
  donor: string;
  split: 'train' | 'test';
  cells: number;
}

/** Observed cells and the model's prediction for a few genes of every trajectory (run:trajectories). */
export interface TrajectoryComparison {
  runId: string;
  genes: string[];
  trajectories: Array<
    TrajectoryListing & {
      /** Scaled pseudotime of each observed cell, ascending. */
      times: number[];
      /** cells × genes.length, row-major, scaled expression as trained on. */
      observed: number[];
      /** Prediction at the same times, cells × genes.length. */
      predicted: number[];
    }
  >;
}

export interface ProjectInfo {
  path: string;
  savedAt: string;
  /** Data sets reopened, with a warning when a file changed since the project was saved. */
  datasets: DatasetInfo[];
  runs: RunSummary[];
  viewState: Record<string, unknown>;
  warnings: string[];
  /** Saved id → id in this session (datasets and runs get new ids), to translate ids inside viewState. */
  idMap: Record<string, string>;
}

export interface SessionState {
  datasets: DatasetInfo[];
  runs: RunSummary[];
}

/**
 * An exported file (export:network, export:figure, export:report): its bytes for the browser shell to download, and
 * the name to suggest. In the desktop app, main has already saved it where the user chose (`savedTo`).
 */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  /** The file's bytes, base64; empty once the desktop app saved them itself. */
  contentBase64: string;
  bytes: number;
  /** Formats with no place for provenance inside (SIF, BEELINE) carry it in a second file: `<name>.provenance.json`. */
  sidecar?: { fileName: string; contentBase64: string };
  /**
   * A sweep's consensus network as SIF or adjacency, which have no room for edge attributes: each edge's confidence
   * and FDR in `<name>.edge-attributes.csv`.
   */
  edgeTable?: { fileName: string; contentBase64: string };
  /** Desktop app: where main wrote the file after the save dialog; null when the user cancelled the dialog. */
  savedTo?: string | null;
  /** What the file holds, in words ("graphml network: top 300 edges by weight (300 of 1,204); 40 genes"). */
  content: string;
}

/** Answer of run:import: the new run entry and what the imported file could not carry. */
export interface ImportedRun {
  run: RunSummary;
  edges: number;
  genes: number;
  /** E.g. "An edge list holds no TF flags"; empty when nothing was lost. */
  notes: string[];
}

/** A TF list matched to genes before training: the genes chosen, or every gene of the data set when none are. */
export interface TfListOverlap {
  /** The list's file name. */
  origin: string;
  /** Symbols in the list. */
  symbols: number;
  /** Genes it was matched to. */
  genes: number;
  /** Genes that are TFs of the list (matched exactly or ignoring case, as the fit matches). */
  tfs: number;
  /** The first few of them, in the data's order. */
  examples: string[];
}

/** The three pictures of the cells the Embedding view offers (src-main/data/embedding/). */
export type EmbeddingKind = 'umap' | 'pca' | 'diffusion';

/** A per-cell obs column for colouring the embedding: numbers (null = missing) or category codes (−1 = missing). */
export type CellColumn =
  | { name: string; type: 'numeric'; values: Array<number | null> }
  | { name: string; type: 'categorical'; levels: string[]; codes: number[] };

/** Answer of dataset:embedding: every cell placed by PCA, diffusion map and UMAP, with what to colour it by. */
export interface CellEmbedding {
  cells: number;
  /** In file order; the lasso's exclusions are by name, so a run and `pathreg fit` read them the same way. */
  cellNames: string[];
  /** x0, y0, x1, y1, … per cell, for each picture; `axes` names its two axes. */
  layouts: Array<{ kind: EmbeddingKind; label: string; axes: [string, string]; xy: number[] }>;
  /** The obs columns a cell can be coloured by (numeric and categorical; text columns of many values are left out). */
  obs: CellColumn[];
  /** Settings and facts of the computation, shown with the picture. */
  genes: number;
  components: number;
  neighbors: number;
  seed: number;
  /** Seconds per step: reading and normalising, PCA, neighbours, UMAP, diffusion map. */
  seconds: { reading: number; pca: number; neighbors: number; umap: number; diffusion: number };
  notes: string[];
}

/** Answer of dataset:gene-values: one gene's normalised (and logged) expression per cell, as the fit reads it. */
export interface GeneCellValues {
  gene: string;
  values: number[];
  /** How the values were normalised (the same plan as training). */
  note: string;
}
