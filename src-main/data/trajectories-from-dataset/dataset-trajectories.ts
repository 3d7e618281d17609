/**
 * Turns any opened Dataset into raw trajectories for training: the genes (a list, or TFs ∪ top variable genes as the
 * paper chose them), log-normalised values (normalisation skipped when the data already has it), a time per cell
 * (obs columns of pseudotime, latent time or a time course, or diffusion pseudotime computed here from a root cell),
 * and cells split by lineage and donor. Every choice is checked against the file before the matrix is read.
 */
import { beelineLineageTimeColumns } from '../../../src-shared/selection-rules.ts';
import type { Dataset, MetadataColumn, Trajectory, ValueKind } from '../dataset.ts';
import type { GeneMatrixSource } from '../prepare/gene-chunks.ts';
import { GENE_ID, SYMBOL_COLUMN, namesFromSource } from '../../../src-shared/gene-names.ts';
import { bestMatchingGeneNames, varColumnNames } from '../prepare/gene-selection.ts';
import { seuratHighlyVariableGenes } from '../prepare/hvg-seurat.ts';
import { cellTotals, normalizedSource, planNormalization, type NormalizationOptions } from '../prepare/normalize-log.ts';
import { selectGenes, type HvgFlavor } from '../prepare/select-genes.ts';
import {
  computeDiffusionPseudotime,
  type PseudotimeResult,
  type PseudotimeSettings,
  type RootRequest,
} from '../pseudotime/compute-pseudotime.ts';
import { DataFileError, formatCount } from '../reader-error.ts';
import type { TfList } from '../tf-lists/read-tf-list.ts';
import { detectValueKind } from '../value-kind.ts';
import { groupCells, type LabelColumnValues, type TimeColumnValues } from './group-cells.ts';
import { findObsColumn, labelValues, listSome, timeValues } from './obs-columns.ts';
import { resolveRoot, ROOT_FORMS } from './root-cell.ts';
import { describeExcludedCells, excludedCellMask } from './excluded-cells.ts';
import { DataInputError } from '../paper-tables/data-input-error.ts';

/** Brute-force neighbours cost cells²: beyond this, compute pseudotime in scanpy and pass its column. */
export const MAX_PSEUDOTIME_CELLS = 30_000;
/** Genes diffusion pseudotime is computed on (scanpy's usual top 2,000 highly variable genes). */
export const PSEUDOTIME_HVG = 2000;

/** Why `cells` are too many for diffusion pseudotime here (a sentence after the file's name), or null when they are not. */
export function tooManyCellsForPseudotime(cells: number): string | null {
  if (cells <= MAX_PSEUDOTIME_CELLS) return null;
  return (
    `has ${formatCount(cells)} cells; diffusion pseudotime here handles up to ${formatCount(MAX_PSEUDOTIME_CELLS)}. ` +
    'Compute it in scanpy (sc.tl.dpt), save it as an obs column and use that column as the pseudotime.'
  );
}

/**
 * Diffusion pseudotime the way `pathreg fit --root` and the app's Data view both compute it: on the top
 * PSEUDOTIME_HVG highly variable genes (Seurat flavour) of the normalised values, from a resolved root.
 */
export async function diffusionPseudotimeOnVariableGenes(
  dataset: Dataset,
  normalized: GeneMatrixSource,
  root: RootRequest,
  settings?: PseudotimeSettings,
): Promise<{ result: PseudotimeResult; genes: number }> {
  const hvg = await seuratHighlyVariableGenes(normalized);
  const genes = hvg.ranking.slice(0, Math.min(PSEUDOTIME_HVG, dataset.geneNames.length));
  const matrix = await normalized.readGenes(genes);
  return { result: computeDiffusionPseudotime(matrix, dataset.cellNames.length, genes.length, root, settings), genes: genes.length };
}

/**
 * How diffusion pseudotime was made, in one line for the run record and the Data view: the root, how it was given,
 * and the recipe's settings.
 */
export function describeDiffusionPseudotime(
  root: { index: number; name: string },
  given: string,
  settings: PseudotimeSettings | undefined,
  genes: number,
): string {
  return (
    `diffusion pseudotime from root "${root.name}" (cell ${root.index}` +
    (given !== root.name ? `, given as ${given}` : '') +
    `; ${settings?.neighbors ?? 15} neighbours, ${settings?.pcs ?? 50} PCs at most, ${genes} highly variable genes)`
  );
}

export interface DatasetTrajectoryRequest {
  /** obs columns holding each cell's time; absent: diffusion pseudotime from `root`. */
  time?: { columns: string[]; kind: 'pseudotime' | 'time' };
  /** Start cell of diffusion pseudotime (see root-cell.ts for the forms). */
  root?: string;
  pseudotime?: PseudotimeSettings;
  lineageColumn?: string;
  donorColumn?: string;
  lineages?: string[];
  /** Cells left out of training, by name (the Embedding view's lasso, `pathreg fit`'s list of cells to exclude). */
  excludeCells?: string[];
  /** Train on every gene of the data (the paper's tables), instead of a gene list or TFs ∪ variable genes. */
  allGenes?: boolean;
  /**
   * The var column whose names the genes go by (e.g. gene_short_name): lists are matched against it and the trained
   * genes are named by it. null = the file's own names; absent = symbols from a var column when the names are IDs.
   */
  geneNameColumn?: string | null;
  /** A layer (h5ad/loom) instead of X. */
  layer?: string;
  geneList?: TfList;
  topVariable?: number;
  flavor?: HvgFlavor;
  tfList?: TfList | null;
  /** The TF list is the bundled default, not the user's: when it matches none of the genes, go on without it. */
  tfListOptional?: boolean;
  normalization?: NormalizationOptions;
  minCells: number;
  minCellsReason?: string;
}

export interface DatasetTrajectories {
  genes: string[];
  trajectories: Trajectory[];
  notes: string[];
  /** When diffusion pseudotime was computed: the root cell used. */
  root?: { index: number; name: string };
  /** How each cell's time was made, for the run record and figures. */
  pseudotime: string;
}

/** Hears which named stage of a fit the builder is in (src-shared/fit-stages.ts), with what it is doing. */
export type DatasetStageListener = (stage: 'reading' | 'preparing' | 'pseudotime', detail: string) => void;

export async function trajectoriesFromDataset(
  dataset: Dataset,
  asked: DatasetTrajectoryRequest,
  log: (line: string) => void = () => {},
  stage: DatasetStageListener = () => {},
): Promise<DatasetTrajectories> {
  const file = dataset.summary.path;
  let request = withFormatDefaults(dataset, asked);
  const notes: string[] = [];
  const note = (line: string) => {
    if (notes.includes(line)) return;
    notes.push(line);
    log(line);
  };

  // Every obs column is checked first, so a typo fails in milliseconds rather than after reading the matrix.
  const lineage = request.lineageColumn ? labelColumn(dataset, request.lineageColumn, 'lineage') : undefined;
  const donor = request.donorColumn ? labelColumn(dataset, request.donorColumn, 'donor (held-out split)') : undefined;
  const excluded = excludedCellMask(file, dataset.cellNames, request.excludeCells);
  if (excluded) note(describeExcludedCells(excluded));
  let times: TimeColumnValues[] | null = null;
  const beelineColumns = dataset.summary.format === 'beeline' ? beelineLineageTimeColumns(dataset.obs) : [];
  let pseudotime = '';
  if (!request.time && !request.root && beelineColumns.length > 0) {
    // BEELINE's PseudoTime.csv holds one pseudotime column per lineage by construction.
    times = beelineColumns.map((name) => ({ name, values: timeValues(dataset, findObsColumn(dataset, name, 'pseudotime'), 'pseudotime') }));
    note(`BEELINE data: the pseudotime columns ${beelineColumns.map((n) => `"${n}"`).join(', ')} are one lineage each`);
    pseudotime = `one pseudotime column per lineage: ${beelineColumns.map((n) => `"${n}"`).join(', ')}`;
  } else if (request.time) {
    const kind = request.time.kind === 'time' ? 'time course' : 'pseudotime';
    pseudotime =
      request.time.columns.length > 1
        ? `one ${kind} column per lineage: ${request.time.columns.map((n) => `"${n}"`).join(', ')}`
        : `obs column "${request.time.columns[0]}" (${kind})`;
    if (request.time.columns.length === 0) throw new RangeError('trajectories: an empty list of time columns');
    times = request.time.columns.map((name) => ({
      name,
      values: timeValues(dataset, findObsColumn(dataset, name, request.time!.kind), request.time!.kind),
    }));
  } else if (!request.root) {
    throw new DataFileError(
      file,
      '',
      `needs a time for every cell: name an obs column of pseudotime or time${suggestTimeColumns(dataset)}, or compute diffusion pseudotime from a root cell (${ROOT_FORMS}).`,
    );
  }
  if (!request.allGenes && !request.geneList && !request.tfList && !(request.topVariable && request.topVariable > 0)) {
    throw new RangeError(
      'Choose the genes to train on: a gene list, a number of highly variable genes, or a TF list (the paper: TFs ∪ top variable genes).',
    );
  }

  const chosenNames = chosenGeneNames(dataset, request.geneNameColumn);
  stage('preparing', request.allGenes ? 'every gene of the data' : 'choosing genes (TFs, highly variable genes, your list)');
  const source = layerSource(dataset, request.layer);
  const valueKind = request.layer ? await layerValueKind(dataset, request.layer, source) : dataset.summary.valueKind;
  if (request.layer) note(`using layer "${request.layer}" instead of X; its values look ${valueKind}`);

  const select = (tfList: TfList | undefined) =>
    selectGenes(source, {
      valueKind,
      topVariable: request.topVariable,
      flavor: request.flavor,
      tfList,
      geneList: request.geneList,
      var: request.geneNameColumn === undefined ? dataset.var : [],
      ...(chosenNames ? { names: chosenNames } : {}),
      normalization: request.normalization,
    });
  let selection: { indices: number[]; notes: string[] };
  try {
    selection = request.allGenes
      ? { indices: dataset.geneNames.map((_, g) => g), notes: [`every gene of the data (${dataset.geneNames.length})`] }
      : await select(request.tfList ?? undefined);
  } catch (error) {
    // A default human list on mouse or simulated genes matches nothing: select by variability alone and say so.
    if (!(request.tfListOptional && request.tfList && error instanceof DataInputError && /shares no gene/.test(error.message))) throw error;
    note(
      `the default TF list (${request.tfList.origin}) shares no gene with this data set: genes chosen by variability alone, and no spurious-feature sparsity; choose a TF list of this organism (e.g. mouse, or a file) to use TFs`,
    );
    request = { ...request, tfList: null };
    selection = await select(undefined);
  }
  for (const line of selection.notes) note(line);
  if (selection.indices.length < 2)
    throw new RangeError(
      `Only ${selection.indices.length} gene was selected; a regulatory network needs at least 2. Add genes or raise the number of variable genes.`,
    );

  const needsTotals = valueKind === 'counts' || request.normalization?.steps === 'normalize-and-log';
  const plan = planNormalization(valueKind, needsTotals ? await cellTotals(source) : new Float64Array(0), request.normalization);
  note(plan.note);
  const normalized = normalizedSource(source, plan);

  let root: DatasetTrajectories['root'];
  if (!times) {
    const cells = dataset.cellNames.length;
    const tooMany = tooManyCellsForPseudotime(cells);
    if (tooMany) throw new DataFileError(file, '', tooMany);
    stage('pseudotime', `diffusion pseudotime on ${formatCount(cells)} cells`);
    const rootRequest = await resolveRoot(dataset, request.root!, normalized);
    log(
      `computing diffusion pseudotime on ${formatCount(cells)} cells × ${Math.min(PSEUDOTIME_HVG, dataset.geneNames.length)} highly variable genes…`,
    );
    const { result, genes: pseudotimeGenes } = await diffusionPseudotimeOnVariableGenes(
      dataset,
      normalized,
      rootRequest,
      request.pseudotime,
    );
    for (const line of result.notes) note(line);
    root = { index: result.root, name: dataset.cellNames[result.root] };
    note(`diffusion pseudotime root: cell "${root.name}" (index ${root.index})`);
    times = [{ name: 'diffusion pseudotime', values: result.pseudotime }];
    pseudotime = describeDiffusionPseudotime(root, request.root!, request.pseudotime, pseudotimeGenes);
  }

  stage('preparing', `grouping cells into trajectories and reading ${formatCount(selection.indices.length)} genes`);
  const grouping = groupCells({
    file,
    times,
    lineage,
    donor,
    lineages: request.lineages,
    ...(excluded ? { excluded } : {}),
    minCells: request.minCells,
    minCellsReason: request.minCellsReason,
  });
  for (const line of grouping.notes) note(line);

  const named =
    request.geneNameColumn === undefined
      ? trainingGeneNames(dataset, selection.indices, request)
      : { names: selection.indices.map((g) => (chosenNames ?? dataset.geneNames)[g]), column: request.geneNameColumn };
  const genes = named.names;
  if (request.geneNameColumn) note(`genes are named by the var column "${request.geneNameColumn}"`);
  else if (named.column) note(`genes are named by the var column "${named.column}" (the file's gene names are IDs)`);
  const values = await normalized.readGenes(selection.indices);
  const width = selection.indices.length;
  const sourceName = dataset.summary.path.split(/[\\/]/).pop() ?? dataset.summary.path;
  const trajectories: Trajectory[] = grouping.groups.map((group) => {
    const block = new Float32Array(group.cells.length * width);
    group.cells.forEach((cell, row) => block.set(values.subarray(cell * width, (cell + 1) * width), row * width));
    // The source names the group too, so per-trajectory log lines ("read pbmc.h5ad (B_D1): …") tell them apart.
    const source = group.name === 'all cells' ? sourceName : `${sourceName} (${group.name})`;
    return {
      name: group.name,
      lineage: group.lineage,
      donor: group.donor,
      source,
      genes,
      times: group.times,
      values: block,
      cells: Int32Array.from(group.cells),
    };
  });
  return { genes, trajectories, notes, root, pseudotime };
}

/**
 * The rules that follow from the format, decided here once for every front end. The paper's trajectory tables are
 * already the paper's prepared input: every gene, values as stored (no normalisation), time, lineage and donor from
 * their own columns; lineages keep the order the tables are read in.
 */
export function withFormatDefaults<R extends DatasetTrajectoryRequest>(dataset: Dataset, request: R): R {
  if (dataset.summary.format !== 'pathreg-tables') return request;
  return {
    ...request,
    time: request.time ?? (request.root ? undefined : { columns: ['pseudotime'], kind: 'pseudotime' }),
    lineageColumn: request.lineageColumn ?? 'lineage',
    donorColumn: request.donorColumn ?? 'donor',
    allGenes: request.allGenes ?? !request.geneList,
    normalization: request.normalization ?? { steps: 'none' },
  };
}

function labelColumn(dataset: Dataset, name: string, role: string): LabelColumnValues {
  const column = findObsColumn(dataset, name, role);
  if (column.type === 'numeric') {
    const distinct = new Set(column.values).size;
    if (distinct > 50) {
      throw new DataFileError(
        dataset.summary.path,
        `obs column "${name}"`,
        `holds ${distinct} different numbers, which looks like a measurement rather than a ${role} label: choose a column of categories (e.g. cell type, lineage, donor).`,
      );
    }
  }
  // Categories keep the order the file gives them (an author's order of lineages), so trajectories come in that order.
  return { name, labels: labelValues(column), ...(column.type === 'categorical' ? { order: column.levels } : {}) };
}

/** X or one of the data's layers, as a gene-block source. */
function layerSource(dataset: Dataset, layer: string | undefined): GeneMatrixSource {
  if (layer !== undefined && !dataset.summary.layers.includes(layer)) {
    const present =
      dataset.summary.layers.length > 0
        ? `Its layers are: ${listSome(
            dataset.summary.layers.map((l) => `"${l}"`),
            12,
          )}.`
        : 'It has no layers; leave the layer option out to use X.';
    throw new DataFileError(dataset.summary.path, '', `has no layer "${layer}". ${present}`);
  }
  if (layer === undefined) return dataset;
  return { cellNames: dataset.cellNames, geneNames: dataset.geneNames, readGenes: (indices) => dataset.readGenes(indices, layer) };
}

/** The value kind of a layer, from a sample of its first genes (the summary's kind describes X only). */
async function layerValueKind(dataset: Dataset, layer: string, source: GeneMatrixSource): Promise<ValueKind> {
  const genes = Array.from({ length: Math.min(64, dataset.geneNames.length) }, (_, g) => g);
  const block = await source.readGenes(genes);
  const stored = block.filter((v) => v !== 0);
  return detectValueKind(stored.length > 0 ? stored : block, `layer "${layer}"`).valueKind;
}

/**
 * The names of a var column the user chose for the genes (one per gene; the file's own name where the column is empty
 * or repeats a name), or null for the file's own names. A column that is not there or holds no text is refused here,
 * before the matrix is read.
 */
function chosenGeneNames(dataset: Dataset, column: string | null | undefined): string[] | null {
  if (column === undefined || column === null) return null;
  const found = dataset.var.find((c) => c.name === column);
  const values = found ? varColumnNames(found) : null;
  if (!values || values.length !== dataset.geneNames.length) {
    const offered = dataset.var.filter((c) => c.type === 'string' || c.type === 'categorical').map((c) => `"${c.name}"`);
    throw new DataFileError(
      dataset.summary.path,
      `var column "${column}"`,
      found
        ? `holds ${found.type} values, not gene names. Choose a var column of gene symbols${offered.length ? ` (${listSome(offered, 8)})` : ''}, or the file's own gene names.`
        : `is not there. ${offered.length ? `Its var columns of names: ${listSome(offered, 8)}.` : 'The file has no var column of names: use its own gene names.'}`,
    );
  }
  return namesFromSource(dataset.geneNames, values);
}

/**
 * Names for the trained genes: the data's names, or — when those are IDs such as Ensembl's — gene symbols from the
 * var column a TF or gene list matched, or else from a var column named like one of symbols (gene_short_name, …), so
 * the network reads in symbols. IDs stay where a symbol is empty or repeated among the chosen genes.
 */
function trainingGeneNames(
  dataset: Dataset,
  indices: number[],
  request: DatasetTrajectoryRequest,
): { names: string[]; column: string | null } {
  const names = indices.map((g) => dataset.geneNames[g]);
  let symbols: string[] | null = null;
  let column: string | null = null;
  const list = request.tfList ?? request.geneList;
  const best = list ? bestMatchingGeneNames(dataset.geneNames, dataset.var, list) : null;
  if (best?.column) {
    symbols = best.names;
    column = best.column;
  } else if (names.some((name) => GENE_ID.test(name))) {
    for (const candidate of dataset.var) {
      const values = SYMBOL_COLUMN.test(candidate.name) ? varColumnNames(candidate) : null;
      if (values && values.length === dataset.geneNames.length) {
        symbols = values;
        column = candidate.name;
        break;
      }
    }
  }
  if (!symbols) return { names, column: null };
  const chosen = indices.map((g, k) => symbols![g]?.trim() || names[k]);
  const counts = new Map<string, number>();
  for (const name of chosen) counts.set(name, (counts.get(name) ?? 0) + 1);
  return { names: chosen.map((name, k) => (counts.get(name)! > 1 ? names[k] : name)), column };
}

function suggestTimeColumns(dataset: Dataset): string {
  const looksLikeTime = (c: MetadataColumn) => /time|hour|day|age|stage|dpt|latent/i.test(c.name);
  const candidates = dataset.obs.filter((c) => looksLikeTime(c) && c.type !== 'boolean').map((c) => `"${c.name}"`);
  return candidates.length > 0 ? ` (columns that look like one: ${listSome(candidates, 8)})` : '';
}
