/**
 * The Data view's choices: gene lists typed or pasted by the user, obs columns for pseudotime, lineage and donor,
 * and the train/held-out split — with messages that say what is wrong and what to do.
 */
import type { DatasetInfo, ObsColumnInfo, TrajectorySelection } from '../../src-shared/contract/types.ts';
import { defaultSelection, isPerCellCountName, isTimeColumnName } from '../../src-shared/selection-rules.ts';

/** Splits pasted text (commas, spaces, tabs, new lines) into unique gene names, in order. */
export function parseGeneList(text: string): string[] {
  const seen = new Set<string>();
  for (const token of text.split(/[\s,;]+/)) if (token) seen.add(token);
  return [...seen];
}

export interface GeneCheck {
  known: string[];
  unknown: string[];
  /** For unknown names that match a known gene ignoring case: the suggestion. */
  suggestions: Record<string, string>;
  message: string | null;
}

/** Checks typed gene names against the file's genes; the message names the unknown ones and suggests spellings. */
export function checkGenes(names: readonly string[], geneNames: readonly string[], fileName: string): GeneCheck {
  const exact = new Set(geneNames);
  const lower = new Map(geneNames.map((gene) => [gene.toLowerCase(), gene]));
  const known: string[] = [];
  const unknown: string[] = [];
  const suggestions: Record<string, string> = {};
  for (const name of names) {
    if (exact.has(name)) known.push(name);
    else {
      unknown.push(name);
      const match = lower.get(name.toLowerCase());
      if (match) suggestions[name] = match;
    }
  }
  let message: string | null = null;
  if (unknown.length > 0) {
    const listed = unknown
      .slice(0, 8)
      .map((name) => (suggestions[name] ? `${name} (did you mean ${suggestions[name]}?)` : name))
      .join(', ');
    message = `${unknown.length} of ${names.length} genes are not in "${fileName}": ${listed}${unknown.length > 8 ? ', …' : ''}. Gene names are case-sensitive; fix or remove them.`;
  }
  return { known, unknown, suggestions, message };
}

export function numericColumns(dataset: DatasetInfo): ObsColumnInfo[] {
  return dataset.obs.filter((column) => column.type === 'numeric');
}

export function categoricalColumns(dataset: DatasetInfo): ObsColumnInfo[] {
  return dataset.obs.filter(
    (column) =>
      column.type === 'categorical' || column.type === 'boolean' || (column.type === 'string' && (column.levels?.length ?? 0) > 0),
  );
}

/** Levels (with cell counts) of a categorical column, or one level "all cells" for none. */
export function levelsOf(dataset: DatasetInfo, columnName: string | null): Array<{ name: string; cells: number }> {
  if (!columnName) return [{ name: 'all cells', cells: dataset.cells }];
  return dataset.obs.find((column) => column.name === columnName)?.levels ?? [];
}

/** Fewer cells than this per trajectory after trimming: too few to fit a trajectory's dynamics. */
export const MIN_CELLS_PER_TRAJECTORY = 50;
/** A "lineage" column with more levels than this is probably a cluster, well or barcode column. */
export const MAX_LINEAGE_LEVELS = 20;
/** Spearman correlation with library size above which the chosen time is called out as sequencing depth. */
export const LIBRARY_SIZE_CORRELATION = 0.7;

/**
 * A first selection, by the rules every front end shares (src-shared/selection-rules.ts): the same the session
 * suggests and `pathreg fit` applies when given no column. The user changes it in the Data view.
 */
export function initialSelection(dataset: DatasetInfo): TrajectorySelection {
  // The Data view pre-selects symbols when the file's gene names are IDs; older summaries leave it to the builder.
  const names = dataset.geneNameSources ? { geneNameColumn: dataset.geneNameColumn ?? null } : {};
  return { ...defaultSelection(dataset), ...names };
}

export type SelectionWarningKind = 'not-a-trajectory' | 'count-as-time' | 'library-size' | 'many-lineages' | 'few-cells';

export interface SelectionWarning {
  kind: SelectionWarningKind;
  message: string;
}

/**
 * What does not stop training but may make the network meaningless, each with what to do: no column that says these
 * cells form a trajectory, a per-cell count or sequencing depth chosen as time, a "lineage" column with many
 * levels, and trajectories left with few cells after trimming.
 */
export function selectionWarnings(selection: TrajectorySelection, dataset: DatasetInfo): SelectionWarning[] {
  const warnings: SelectionWarning[] = [];
  const numeric = numericColumns(dataset);
  const lineageColumns = selection.lineagePseudotimeColumns;
  const timeColumns = lineageColumns ?? (selection.diffusionPseudotime ? [] : [selection.pseudotimeColumn].filter(Boolean));
  if (!lineageColumns && !selection.diffusionPseudotime && !numeric.some((column) => isTimeColumnName(column.name))) {
    const listed = numeric.length
      ? ` (its numeric columns: ${numeric
          .slice(0, 4)
          .map((c) => c.name)
          .join(', ')}${numeric.length > 4 ? ', …' : ''})`
      : '';
    warnings.push({
      kind: 'not-a-trajectory',
      message:
        `Nothing in "${dataset.name}" says its cells form a trajectory: no obs column is named as a time or pseudotime${listed}. ` +
        'PathReg learns how genes drive each other along a developmental process; on a snapshot of cell types the network it draws means nothing. ' +
        'Choose a column only if it really orders the cells in time, or compute diffusion pseudotime from a root cell if the cells form a continuum.',
    });
  }
  for (const name of timeColumns) {
    const r = dataset.librarySize?.correlations[name];
    if (!isTimeColumnName(name) && isPerCellCountName(name)) {
      warnings.push({
        kind: 'count-as-time',
        message: `"${name}" counts something in each cell (RNA molecules, genes, a percentage); it is not a time. Choose a pseudotime or time column, or compute diffusion pseudotime.`,
      });
    } else if (r !== undefined && Math.abs(r) >= LIBRARY_SIZE_CORRELATION) {
      warnings.push({
        kind: 'library-size',
        message:
          `The time "${name}" follows library size ("${dataset.librarySize!.column}", Spearman r = ${r.toFixed(2)}): cells with more RNA captured come out later. ` +
          'A network fitted along sequencing depth describes the sequencer, not regulation. Check the pseudotime (e.g. compute it on normalized data) or choose another column.',
      });
    }
  }
  const lineageColumn = lineageColumns ? undefined : dataset.obs.find((c) => c.name === selection.lineageColumn);
  const levels = lineageColumn?.levels?.length ?? 0;
  if (lineageColumn && levels > MAX_LINEAGE_LEVELS) {
    warnings.push({
      kind: 'many-lineages',
      message: `The lineage column "${lineageColumn.name}" has ${levels} levels. A lineage is a branch of development (e.g. erythroid, myeloid), usually a handful; ${levels} levels are more like clusters, wells or barcodes, and each would be fitted as its own trajectory with few cells. Choose a column of branches, or "(one lineage)".`,
    });
  }
  const lineages = lineageColumns ? lineageColumnCells(dataset, lineageColumns) : levelsOf(dataset, selection.lineageColumn);
  const chosen = lineages.filter((level) => selection.lineages.length === 0 || selection.lineages.includes(level.name));
  const trimmed = selection.trimStart + selection.trimEnd;
  const small = chosen.filter((level) => level.cells - trimmed < MIN_CELLS_PER_TRAJECTORY);
  if (small.length > 0 && timeColumns.length + (selection.diffusionPseudotime ? 1 : 0) > 0) {
    const listed = small
      .slice(0, 4)
      .map((level) => `"${level.name}" ${Math.max(0, level.cells - trimmed)}`)
      .join(', ');
    warnings.push({
      kind: 'few-cells',
      message:
        `After trimming ${selection.trimStart} + ${selection.trimEnd} cells, ${small.length === chosen.length ? 'every trajectory keeps' : `${small.length} of ${chosen.length} trajectories keep`} fewer than ${MIN_CELLS_PER_TRAJECTORY} cells (${listed}${small.length > 4 ? ', …' : ''}${selection.donorColumn ? ', fewer still per donor' : ''}). ` +
        'Too few cells to follow how genes change: lower the trimming, leave those lineages out, or use a larger data set.',
    });
  }
  return warnings;
}

/** Problems that stop training, each naming the column or option and what to do. Empty when the selection is usable. */
export function selectionProblems(selection: TrajectorySelection, dataset: DatasetInfo): string[] {
  const problems: string[] = [];
  const column = dataset.obs.find((c) => c.name === selection.pseudotimeColumn);
  if (selection.lineagePseudotimeColumns) problems.push(...lineageColumnProblems(selection.lineagePseudotimeColumns, dataset));
  else if (selection.diffusionPseudotime) {
    if (!selection.diffusionPseudotime.root.trim())
      problems.push(
        `Give the root cell of the diffusion pseudotime of "${dataset.name}": a cell name, a 0-based index, or earliest:COLUMN.`,
      );
  } else if (!selection.pseudotimeColumn)
    problems.push(
      numericColumns(dataset).length > 0
        ? `Choose the pseudotime column of "${dataset.name}" (Data view, "Pseudotime column"): none is named as a time, so none was chosen for you. Or compute diffusion pseudotime from a root cell.`
        : `"${dataset.name}" has no numeric obs column to use as pseudotime. Add one (e.g. from Palantir or DPT) and open the file again, or compute diffusion pseudotime from a root cell.`,
    );
  else if (!column) problems.push(`There is no obs column "${selection.pseudotimeColumn}" in "${dataset.name}".`);
  else if (column.type !== 'numeric')
    problems.push(
      `The pseudotime column "${column.name}" in "${dataset.name}" holds ${column.type === 'string' ? 'text' : column.type + ' values'}, not numbers. Choose a numeric column for pseudotime.`,
    );
  else if (column.missing === dataset.cells)
    problems.push(`The pseudotime column "${column.name}" has no values (all ${dataset.cells} cells are missing).`);
  for (const [name, label] of [
    [selection.lineagePseudotimeColumns ? null : selection.lineageColumn, 'lineage'],
    [selection.donorColumn, 'donor'],
  ] as const) {
    if (name && !dataset.obs.some((c) => c.name === name))
      problems.push(`There is no obs column "${name}" for the ${label} in "${dataset.name}".`);
  }
  if (selection.donorColumn) {
    if (selection.trainDonors.length === 0) problems.push('Choose at least one training donor (Data view, "Split").');
    const overlap = selection.trainDonors.filter((donor) => selection.testDonors.includes(donor));
    if (overlap.length) problems.push(`Donor ${overlap.join(', ')} is both a training and a held-out donor; pick one.`);
  }
  if (selection.genes.length === 1) problems.push(`Choose at least two genes (or none, for ${defaultGenesInWords(dataset)}).`);
  return problems;
}

/** What an empty gene list trains on, as the one trajectory builder decides it (src-main/data/trajectories-from-dataset). */
export function defaultGenesInWords(dataset: Pick<DatasetInfo, 'format' | 'genes'>): string {
  return dataset.format === 'pathreg-tables'
    ? `all ${dataset.genes.toLocaleString('en-US')} genes of the file`
    : 'the TFs of the TF list and the 100 most variable genes';
}

/** One pseudotime column per lineage: each must be a numeric column with values for some cells. */
function lineageColumnProblems(names: string[], dataset: DatasetInfo): string[] {
  if (names.length === 0) return [`Choose at least one numeric column of "${dataset.name}" as a lineage's pseudotime.`];
  const problems: string[] = [];
  for (const name of names) {
    const column = dataset.obs.find((c) => c.name === name);
    if (!column) problems.push(`There is no obs column "${name}" in "${dataset.name}".`);
    else if (column.type !== 'numeric') problems.push(`The lineage pseudotime column "${name}" holds ${column.type} values, not numbers.`);
    else if (column.missing === dataset.cells)
      problems.push(`The lineage pseudotime column "${name}" has no values, so its lineage would be empty; leave it out.`);
  }
  return problems;
}

/** Cells per lineage when each lineage is a pseudotime column: the cells with a value in it. */
export function lineageColumnCells(dataset: DatasetInfo, names: readonly string[]): Array<{ name: string; cells: number }> {
  return names.map((name) => {
    const column = dataset.obs.find((c) => c.name === name);
    return { name, cells: column ? dataset.cells - column.missing : 0 };
  });
}
