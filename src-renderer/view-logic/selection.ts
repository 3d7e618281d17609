/**
 * The Data view's choices: gene lists typed or pasted by the user, obs columns for pseudotime, lineage and donor,
 * and the train/held-out split — with messages that say what is wrong and what to do.
 */
import type { DatasetInfo, ObsColumnInfo, TrajectorySelection } from '../../src-shared/contract/types.ts';

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

const PSEUDOTIME_NAMES = /pseudo.?time|dpt|palantir|latent.?time|^time$/i;
const LINEAGE_NAMES = /lineage|branch|fate|cell.?type|cluster|trajectory/i;
const DONOR_NAMES = /donor|sample|patient|individual|batch|replicate/i;

/** A first selection: the server's suggestion, or columns recognised by name; the user changes it in the Data view. */
export function initialSelection(dataset: DatasetInfo): TrajectorySelection {
  if (dataset.suggestedSelection) return dataset.suggestedSelection;
  const numeric = numericColumns(dataset);
  const categorical = categoricalColumns(dataset);
  const pseudotime = numeric.find((column) => PSEUDOTIME_NAMES.test(column.name)) ?? numeric[0];
  const lineage = categorical.find((column) => LINEAGE_NAMES.test(column.name)) ?? null;
  const donor = categorical.find((column) => DONOR_NAMES.test(column.name) && column !== lineage) ?? null;
  const donors = donor?.levels?.map((level) => level.name) ?? [];
  return {
    genes: [],
    pseudotimeColumn: pseudotime?.name ?? '',
    lineageColumn: lineage?.name ?? null,
    donorColumn: donor?.name ?? null,
    lineages: [],
    trainDonors: donors.slice(0, Math.max(1, donors.length - 1)),
    testDonors: donors.length > 1 ? donors.slice(-1) : [],
    trimStart: 10,
    trimEnd: 20,
  };
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
      `"${dataset.name}" has no numeric obs column to use as pseudotime. Add one (e.g. from Palantir or DPT) and open the file again.`,
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
  if (selection.genes.length === 1) problems.push('Choose at least two genes (or none, to use every gene of the file).');
  return problems;
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

/**
 * The TF list bundled next to the examples (resources/tf-lists/, the paper's base-GRN TFs), offered for an example
 * opened from resources/examples/<id>; the user sees it in the Data view and can change or clear it.
 */
export function bundledTfList(examplePath: string): string | undefined {
  const match = /^(.*[\\/])examples[\\/][^\\/]+[\\/]?$/.exec(examplePath);
  if (!match) return undefined;
  const separator = match[1].slice(-1);
  return `${match[1]}tf-lists${separator}pathreg-basegrn-human.txt`;
}

/** The TF list to use for a data set: the user's choice (an empty string means none), else the bundled one for an example. */
export function tfListFor(chosen: Record<string, string>, dataset: { datasetId: string; path: string }): string {
  return chosen[dataset.datasetId] ?? bundledTfList(dataset.path) ?? '';
}
