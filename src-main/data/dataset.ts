/**
 * What a reader produces and preparation consumes (docs: /work/shared/docs/architecture.md, "Dataset").
 * Readers never train; preparation turns a Dataset into Trajectories; engines see only TrainingProblems.
 */

export type DatasetFormat = 'pathreg-tables' | 'beeline' | 'h5ad' | '10x-mtx' | '10x-h5' | 'loom' | 'csv';

/** What the stored values are, as detected from the data (and stated to the user with the reason). */
export type ValueKind = 'counts' | 'normalized' | 'log-normalized' | 'scaled' | 'unknown';

/** One per-cell (obs) or per-gene (var) column. Missing values: NaN (numeric), −1 (categorical codes). */
export type MetadataColumn =
  | { name: string; type: 'numeric'; values: Float64Array }
  | { name: string; type: 'categorical'; codes: Int32Array; levels: string[] }
  | { name: string; type: 'boolean'; values: Uint8Array }
  | { name: string; type: 'string'; values: string[] };

/** A column as the summary describes it: type and, for categories, its levels. */
export interface MetadataColumnSummary {
  name: string;
  type: MetadataColumn['type'];
  levels?: string[];
}

/** An input file with the hash that goes into every run's provenance. */
export interface SourceFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** Cheap facts about a file, available without loading the whole matrix. */
export interface DatasetSummary {
  format: DatasetFormat;
  path: string;
  cells: number;
  genes: number;
  /** Share of zero entries, when known without reading the whole matrix (sparse formats know it from nnz). */
  sparsity: number | null;
  valueKind: ValueKind;
  /** Why valueKind was chosen, in words for the user. */
  valueKindReason: string;
  obs: MetadataColumnSummary[];
  var: MetadataColumnSummary[];
  /** Extra matrices the user may pick instead of X (h5ad/loom layers, raw). */
  layers: string[];
  /** Per-cell embeddings stored with the data (h5ad obsm: X_pca, X_umap, …), by name. */
  obsm?: string[];
  /** What the reader changed or chose, in words (kept only Gene Expression features, made gene names unique, …). */
  notes?: string[];
}

/** A cells × genes expression data set with its metadata. The matrix is read on demand, gene by gene. */
export interface Dataset {
  summary: DatasetSummary;
  sources: SourceFile[];
  cellNames: string[];
  geneNames: string[];
  obs: MetadataColumn[];
  var: MetadataColumn[];
  /**
   * Dense cells × geneIndices.length float32 matrix (row-major, one row per cell) for the requested genes only,
   * from X or from a named layer. Never materialises the full matrix of a sparse file.
   */
  readGenes(geneIndices: number[], layer?: string): Promise<Float32Array>;
  /** Releases file handles. */
  close(): void;
}

/** One lineage of one donor: cells ordered as read, with raw pseudotime (before preparation). */
export interface Trajectory {
  /** e.g. "eryth_12" or "PseudoTime1". */
  name: string;
  lineage: string;
  donor: string;
  /** Where the cells came from, for messages ("eryth_12_norm.tsv.gz"). */
  source: string;
  genes: string[];
  /** Raw pseudotime of each cell. */
  times: Float64Array;
  /** cells × genes, row-major. */
  values: Float32Array;
  /**
   * The data set's row of each cell, when the trajectory was cut from one matrix: a cell in several lineages (shared
   * progenitors, BEELINE's overlapping pseudotime columns) then has the same row in each, so it can be counted once.
   */
  cells?: Int32Array;
}

/** A trajectory after the paper's preparation: sorted, trimmed, min–max scaled, with its initial state. */
export interface PreparedTrajectory {
  name: string;
  lineage: string;
  donor: string;
  source: string;
  genes: string[];
  /** Scaled pseudotime in [0, 1], ascending. */
  times: Float64Array;
  /** cells × genes, each gene min–max scaled within this trajectory (constant genes become 0). */
  values: Float32Array;
  /** Initial state at t = 0: mean of the first cells (the paper: 5). */
  initialState: Float32Array;
  /** Raw pseudotime range kept after trimming, to map scaled time back for figures. */
  rawTimeRange: [number, number];
  /** The rows of the trajectory as read that were kept, in the prepared order (sorted by pseudotime, trimmed). */
  keptRows?: Int32Array;
}
