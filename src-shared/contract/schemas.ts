/**
 * Request schemas of every channel. The renderer is untrusted (house style 3): each transport validates the payload
 * against these before a handler sees it, and unknown fields are rejected rather than ignored.
 */
import { z } from 'zod';
import {
  FIT_METHODS,
  SETTING_LIMITS as L,
  LINEAR_VELOCITY_OPTIONS,
  VELOCITY_OPTION_LIMITS,
  VELOCITY_SCALINGS,
  type NumericVelocityOption,
  type FitMethod,
  type VelocityOptions,
} from '../run-config.ts';
import { runScoreSchema } from './reference-score.ts';
import { exportPerturbationSchema, runPerturbSchema } from './perturbation.ts';
import { exportEdgeTableSchema, runEdgesSchema } from './edge-table.ts';
import { exportComparisonSchema, runsCompareSchema } from './run-comparison.ts';
import { BUNDLED_TF_LIST_NAMES, MAX_TF_LIST_BASE64_CHARS } from '../tf-list-choice.ts';
import { sweepSchemas } from './sweep.ts';

/** Names of genes, donors, lineages and obs columns: printable, bounded. */
const name = z.string().min(1).max(200);
/** An absolute or relative path on the machine that runs the server or the Electron main process. */
const filePath = z.string().min(1).max(4096);
const runId = z.string().regex(/^run-[0-9]+$/, 'a run id looks like "run-3"');
const datasetId = z.string().regex(/^dataset-[0-9]+$/, 'a dataset id looks like "dataset-2"');

export const modelSchema = z.strictObject({
  hidden: z.array(z.number().int().min(L.hiddenUnits.min).max(L.hiddenUnits.max)).max(L.hiddenLayers.max),
  activation: z.enum(['first', 'all']),
});

export const regularizerSchema = z.strictObject({
  kind: z.enum(['pathreg', 'l1', 'l0', 'group-lasso', 'none']),
  lambda: z.number().min(L.lambda.min).max(L.lambda.max),
});

export const solverSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('rk4'),
    bins: z.number().int().min(L.bins.min).max(L.bins.max),
    substeps: z.number().int().min(L.substeps.min).max(L.substeps.max),
  }),
  z.strictObject({
    kind: z.literal('dopri5'),
    rtol: z.number().gt(L.tolerance.min).max(L.tolerance.max),
    atol: z.number().gt(L.tolerance.min).max(L.tolerance.max),
    maxSteps: z.number().int().min(L.maxSteps.min).max(L.maxSteps.max),
  }),
]);

/** Each velocity setting within its limits (VELOCITY_OPTION_LIMITS), every one optional. */
export const velocityOptionsSchema = z.strictObject({
  ...(Object.fromEntries(
    Object.entries(VELOCITY_OPTION_LIMITS).map(([key, limit]) => {
      const number = limit.integer ? z.number().int() : z.number();
      return [key, number.min(limit.min).max(limit.max).optional()];
    }),
  ) as Record<NumericVelocityOption, z.ZodOptional<z.ZodNumber>>),
  scaling: z.enum(VELOCITY_SCALINGS).optional(),
});

export const trainingConfigSchema = z
  .strictObject({
    method: z.enum(FIT_METHODS as [FitMethod, ...FitMethod[]]).optional(),
    velocity: velocityOptionsSchema.optional(),
    model: modelSchema,
    regularizer: regularizerSchema,
    solver: solverSchema,
    optimizer: z.strictObject({
      learningRate: z.number().gt(L.learningRate.min).max(L.learningRate.max),
      plateauPatience: z.number().int().min(L.plateauPatience.min).max(L.plateauPatience.max),
    }),
    iterations: z.number().int().min(L.iterations.min).max(L.iterations.max),
    seed: z.number().int().min(L.seed.min).max(L.seed.max),
    engine: z.enum(['auto', 'cpu', 'tfjs', 'wasm', 'native', 'webgpu']),
    checkpointEvery: z.number().int().min(L.checkpointEvery.min).max(L.checkpointEvery.max),
    /** Absent: TFs only when a TF list matches the genes, every gene otherwise. */
    regulators: z.enum(['tfs', 'all']).optional(),
  })
  .superRefine((config, context) => {
    // Velocity settings on a trajectory run would be silently ignored: refuse them instead.
    if (config.velocity && (config.method ?? 'trajectory') === 'trajectory')
      context.addIssue({
        code: 'custom',
        path: ['velocity'],
        message: 'velocity settings apply only to the velocity and linear methods; choose one of them or remove these settings',
      });
    const fieldOnly = Object.keys(config.velocity ?? {}).filter((key) => !LINEAR_VELOCITY_OPTIONS.includes(key as keyof VelocityOptions));
    if (config.method === 'linear' && fieldOnly.length)
      context.addIssue({
        code: 'custom',
        path: ['velocity', fieldOnly[0]],
        message: `the linear method has no trained field, so ${fieldOnly.join(', ')} do not apply to it; only ${LINEAR_VELOCITY_OPTIONS.join(' and ')} do`,
      });
  });

/** Root forms as in `pathreg fit --root`: a cell name, a 0-based index, earliest:COLUMN, high:GENE or low:GENE. */
const rootSpec = z.string().min(1).max(300);

/** Diffusion pseudotime (scanpy's recipe, src-main/data/pseudotime/) from a root cell, with its two main settings. */
export const diffusionPseudotimeSchema = z.strictObject({
  root: rootSpec,
  /** Neighbours per cell, the cell itself included (scanpy: 15). */
  neighbors: z.number().int().min(2).max(100).optional(),
  /** Principal components (scanpy: 50, fewer for small data). */
  pcs: z.number().int().min(2).max(100).optional(),
});

/**
 * Which cells become which trajectories. Every data set is read into obs columns (paper tables give
 * pseudotime, lineage, donor), so one description covers all formats.
 */
export const trajectorySelectionSchema = z.strictObject({
  /** Genes to model, by name; empty = the default choice (TFs ∪ 100 highly variable genes; every gene of the paper's tables). */
  genes: z.array(name).max(20_000),
  /**
   * The var column whose names the genes go by (gene_short_name, …): genes, TF and gene lists, labels and exports
   * use them. null = the file's own gene names; absent = the one trajectory builder decides (symbols when the file's
   * names are IDs).
   */
  geneNameColumn: name.nullable().optional(),
  /** Numeric obs column holding each cell's pseudotime. */
  pseudotimeColumn: name,
  /** What that column is: a pseudotime (default) or the time points of a time course (hours, days), as in `pathreg fit --time`. */
  timeKind: z.enum(['pseudotime', 'time']).optional(),
  /** Categorical obs column naming each cell's lineage; null = one lineage. */
  lineageColumn: name.nullable(),
  /** Categorical obs column naming each cell's donor (or sample); null = one donor. */
  donorColumn: name.nullable(),
  /** Lineages to train on; empty = all. */
  lineages: z.array(name).max(1000),
  /** Donors whose trajectories are fitted; empty = all donors not held out. */
  trainDonors: z.array(name).max(1000),
  /** Held-out donors, evaluated only. */
  testDonors: z.array(name).max(1000),
  /** Cells dropped at the start and end of each trajectory after sorting by pseudotime (the paper: 10 and 20). */
  trimStart: z.number().int().min(0).max(100_000),
  trimEnd: z.number().int().min(0).max(100_000),
  /**
   * Set when the file has no pseudotime: diffusion pseudotime is computed from this root (in the dataset worker for
   * the Data view, again in the training job, so a run and a reopened project recompute the same values), and
   * `pseudotimeColumn` only names the result. Absent: the pseudotime is the obs column.
   */
  diffusionPseudotime: diffusionPseudotimeSchema.optional(),
  /**
   * BEELINE-style lineages: one numeric obs column per lineage, each that lineage's pseudotime; a cell with no value
   * (NaN, empty) is not in the lineage, a cell with values in several is in several. Replaces `pseudotimeColumn` and
   * `lineageColumn` (then null) when set.
   */
  lineagePseudotimeColumns: z.array(name).min(1).max(100).optional(),
  /**
   * Cells left out of training, by name (the Embedding view's lasso; `pathreg fit` reads the same from a file). The
   * one trajectory builder drops them before grouping; the run's notes say how many.
   */
  excludedCells: z.array(name).max(200_000).optional(),
});

/** A file name sent with its content: no folders, so an upload can only land in the session's own folder. */
const uploadFileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\\0]+$/, 'a file name without folders');
const base64Text = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 text');

/**
 * The TF list of a run (src-shared/tf-list-choice.ts): a bundled list by name (no file path, so the server's
 * file-access policy has nothing to check), a file on the server's machine, or a small file uploaded with the request.
 */
export const tfListChoiceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none') }),
  z.strictObject({ kind: z.literal('bundled'), name: z.enum(BUNDLED_TF_LIST_NAMES) }),
  z.strictObject({ kind: z.literal('path'), path: filePath }),
  z.strictObject({ kind: z.literal('upload'), fileName: uploadFileName, contentBase64: base64Text.max(MAX_TF_LIST_BASE64_CHARS) }),
]);

export const trainingStartSchema = z.strictObject({
  datasetId,
  /** Shown in the run list; defaults to "run N". */
  label: z.string().max(200).optional(),
  selection: trajectorySelectionSchema,
  config: trainingConfigSchema,
  /** The TF list (regulators, TF marks, the spurious-feature sparsity); absent: the bundled default where it matches. */
  tfList: tfListChoiceSchema.optional(),
});

/** Uploads travel base64-encoded inside JSON; this bounds the encoded text (about 150 MB of file). */
export const MAX_UPLOAD_BASE64_CHARS = 200 * 1024 * 1024;

/** Gene → position in px on screen (the network view's layout after dragging); bounded like a 20,000-gene run. */
const positions = z
  .record(name, z.strictObject({ x: z.number().finite(), y: z.number().finite() }))
  .refine((value) => Object.keys(value).length <= 20_000, 'at most 20,000 positions');

/** Which edges an export holds: the view's threshold and top-k (both apply, as on screen), or the whole network. */
export const exportSelectionSchema = z.union([
  z.literal('all'),
  z.strictObject({ threshold: z.number().min(0).max(1e12).optional(), topK: z.number().int().min(1).max(10_000_000).optional() }),
]);

export const EXPORT_NETWORK_FORMATS = ['csv', 'tsv', 'beeline', 'sif', 'graphml', 'cyjs', 'cx2', 'adjacency'] as const;
/** 'precision-recall': the run's latest scoring against a reference network (run:score). */
export const EXPORT_FIGURES = ['network', 'heatmap', 'trajectories', 'curves', 'metrics', 'precision-recall'] as const;
export const EXPORT_FIGURE_FORMATS = ['svg', 'png', 'pdf'] as const;

export const exportNetworkSchema = z.strictObject({
  runId,
  format: z.enum(EXPORT_NETWORK_FORMATS),
  selection: exportSelectionSchema,
  positions: positions.optional(),
  /** "As shown": leave out the genes without an exported edge, as the Network view hides them. */
  hideIsolated: z.boolean().optional(),
  /**
   * "Network only", as the Network view's checkbox: only the fitted network's edges (sign ≠ 0), before the threshold
   * and top-k; ranked pairs outside the cut-off network (sign 0, as a velocity fit ranks them) are left out.
   */
  networkOnly: z.boolean().optional(),
  /** The Network view's focused gene: its strongest regulators and targets are drawn below the threshold, so exported too. */
  focus: name.nullable().optional(),
});

export const exportFigureSchema = z.strictObject({
  runId,
  figure: z.enum(EXPORT_FIGURES),
  format: z.enum(EXPORT_FIGURE_FORMATS),
  /** Printed size; 89 mm and 183 mm are one and two journal columns. */
  width: z.number().positive().max(2000),
  height: z.number().positive().max(2000),
  unit: z.enum(['mm', 'in']),
  /** Raster resolution (PNG); SVG and PDF are vector and ignore it. */
  dpi: z.union([z.literal(150), z.literal(300), z.literal(600)]),
  background: z.enum(['white', 'transparent']),
  /** Network and heatmap figures: the edges drawn. */
  selection: exportSelectionSchema.optional(),
  positions: positions.optional(),
  layout: z.enum(['force', 'hierarchical']).optional(),
  /** Network figure: hide the genes without a drawn edge, as the Network view's checkbox does (default: with a selection). */
  hideIsolated: z.boolean().optional(),
  /** Network figure: only the fitted network's edges (sign ≠ 0), as the Network view's "network only" checkbox. */
  networkOnly: z.boolean().optional(),
  /** Heatmap figure: cluster rows and columns, as the Heatmap view's checkbox does (default true). */
  cluster: z.boolean().optional(),
  /** Trajectories figure: draw the held-out donors too (default true), as the Trajectories view's checkbox. */
  heldOut: z.boolean().optional(),
  /** Trajectories figure: one panel per gene and lineage instead of the lineages overlaid, as the view's checkbox. */
  facetByLineage: z.boolean().optional(),
  /** Trajectories figure: one panel per gene. */
  genes: z.array(name).min(1).max(24).optional(),
  /** Network figure: mark the edges against the run's latest reference scoring (run:score), as on screen. */
  referenceMarks: z.boolean().optional(),
  /** Network figure: the focused gene, its strongest links drawn whatever the threshold and the rest faded, as on screen. */
  focus: name.nullable().optional(),
});

/** An exported network (.csv .tsv .graphml .cyjs .cx2) or a checkpoint.bin, by path or uploaded. */
const importFileName = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[^/\\\0]+$/, 'a file name without folders');
export const runImportSchema = z.union([
  z.strictObject({ path: filePath }),
  z.strictObject({
    fileName: importFileName,
    contentBase64: z
      .string()
      .max(MAX_UPLOAD_BASE64_CHARS)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 text'),
  }),
]);

export const requestSchemas = {
  'app:info': z.strictObject({}),
  'session:state': z.strictObject({}),
  'engines:list': z.strictObject({}),
  'dataset:open': z.strictObject({ path: filePath }),
  'dataset:upload': z.strictObject({
    fileName: z
      .string()
      .min(1)
      .max(255)
      .regex(/^[^/\\\0]+$/, 'a file name without folders'),
    contentBase64: z
      .string()
      .max(MAX_UPLOAD_BASE64_CHARS)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 text'),
  }),
  'dataset:summary': z.strictObject({ datasetId }),
  'dataset:examples': z.strictObject({}),
  'dataset:open-example': z.strictObject({ exampleId: z.string().regex(/^[a-z0-9-]{1,64}$/) }),
  /** Computes diffusion pseudotime of an open data set in the dataset worker, for the Data view's histogram. */
  'dataset:pseudotime': z.strictObject({ datasetId, settings: diffusionPseudotimeSchema }),
  /** PCA, diffusion map and UMAP of an open data set's cells, in the dataset worker, for the Embedding view. */
  'dataset:embedding': z.strictObject({
    datasetId,
    /** Seeds UMAP: the same data and seed give the same picture. */
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .optional(),
  }),
  /** One gene's normalised expression per cell (the gene by its index in the file), to colour the embedding. */
  'dataset:gene-values': z.strictObject({ datasetId, gene: z.number().int().min(0).max(10_000_000) }),
  /** How many of the genes a TF list names, before training (the Data view shows it beside the TF list). */
  'dataset:tf-overlap': z.strictObject({
    datasetId,
    tfList: tfListChoiceSchema,
    genes: z.array(name).max(20_000),
    // The Data view's "Gene names from": the overlap is counted in the names the fit will match the list against.
    geneNameColumn: z.string().max(1_000).nullable().optional(),
  }),
  'training:start': trainingStartSchema,
  'training:pause': z.strictObject({ runId }),
  'training:resume': z.strictObject({ runId }),
  'training:cancel': z.strictObject({ runId }),
  /**
   * Continues a finished run from its checkpoint in a new run; `iterations` is the new total. `engine` replaces the
   * run's engine choice ('cpu' after its GPU failed); absent keeps it.
   */
  'training:continue': z.strictObject({
    runId,
    iterations: z.number().int().min(1).max(10_000_000),
    engine: trainingConfigSchema.shape.engine.optional(),
  }),
  'training:list': z.strictObject({}),
  'training:subscribe': z.strictObject({ runId }),
  'run:result': z.strictObject({ runId }),
  'run:trajectories': z.strictObject({ runId, genes: z.array(name).min(1).max(24) }),
  'project:save': z.strictObject({
    path: filePath,
    /** Whatever the renderer needs to restore its views (selected run, thresholds, tab); JSON, kept as is. */
    viewState: z.record(z.string().max(200), z.unknown()),
  }),
  'project:open': z.strictObject({ path: filePath }),
  'export:network': exportNetworkSchema,
  'export:figure': exportFigureSchema,
  'export:report': z.strictObject({
    runId,
    selection: exportSelectionSchema.optional(),
    /** Genes of the report's trajectories figure: the Trajectories view's (default: the strongest regulators). */
    genes: z.array(name).min(1).max(24).optional(),
  }),
  'run:import': runImportSchema,
  /** Scores a run's network against a reference network file (by path or uploaded). */
  'run:score': runScoreSchema,
  /** In-silico perturbation of a finished run's trained model (knockout, knockdown, overexpression). */
  'run:perturb': runPerturbSchema,
  'export:perturbation': exportPerturbationSchema,
  ...sweepSchemas,
  'run:edges': runEdgesSchema,
  'export:edge-table': exportEdgeTableSchema,
  'runs:compare': runsCompareSchema,
  'export:comparison': exportComparisonSchema,
} as const;

export type RequestSchemas = typeof requestSchemas;
