/**
 * The `pathreg fit` options for data sets other than the paper's trajectory tables (h5ad, 10x, loom, CSV/TSV,
 * BEELINE): which obs columns give time, lineage and donor, how diffusion pseudotime is rooted, and which genes and
 * matrix are used. The paper-table path ignores none of them silently: naming one there is an error.
 */
import type { DatasetFormat } from '../data/dataset.ts';
import { detectFormat } from '../data/open-dataset.ts';
import { readGeneListFile } from '../data/prepare/gene-selection.ts';
import type { HvgFlavor } from '../data/prepare/select-genes.ts';
import type { PreparationOptions } from '../data/prepare/prepare-trajectory.ts';
import { parseTypedTfList, type TfList } from '../data/tf-lists/read-tf-list.ts';
import type { DatasetFitRequest } from '../data/trajectories-from-dataset/read-dataset-trajectories.ts';
import { UsageError } from './command.ts';
import { choiceOption, integerOption, listOption, type OptionSpec } from './option-parser.ts';

import { DEFAULT_TOP_GENES } from '../fit/fit-defaults.ts';
import { defaultSelectionOfFile } from '../data/trajectories-from-dataset/default-selection-of-file.ts';
import { readCellNameList } from '../data/trajectories-from-dataset/excluded-cells.ts';

export const DATASET_FIT_OPTIONS: OptionSpec[] = [
  {
    name: 'pseudotime',
    value: 'COLUMNS',
    help: 'data sets: obs column of pseudotime or latent time; several, comma-separated, are one lineage each (BEELINE PseudoTime1,PseudoTime2)',
  },
  {
    name: 'time',
    value: 'COLUMN',
    help: 'data sets: obs column of a time course (e.g. Hours); cells sharing a time are all kept, and no cells are trimmed unless --drop-first/--drop-last say so',
  },
  {
    name: 'root',
    value: 'CELL',
    help: "data sets without a time column: diffusion pseudotime (scanpy's pca, neighbors, diffmap, dpt) from a cell name, a 0-based index, earliest:COLUMN, high:GENE or low:GENE",
  },
  {
    name: 'lineage',
    value: 'COLUMN',
    help: 'data sets: obs column splitting cells into lineages (cell type, fate): one trajectory each; choose some with --lineages',
  },
  { name: 'donor', value: 'COLUMN', help: 'data sets: obs column of donors or batches, whose values --train and --test name' },
  {
    name: 'genes',
    value: 'LIST|@FILE',
    help: 'data sets: genes to train on, comma-separated, or @FILE with one per line (then no TFs or variable genes are added unless --n-top-genes is given)',
  },
  {
    name: 'n-top-genes',
    value: 'N',
    defaultText: `${DEFAULT_TOP_GENES} without --genes`,
    help: 'data sets: highly variable genes added to the TFs of --tf-list (the paper: TFs ∪ top variable genes)',
  },
  {
    name: 'hvg-flavor',
    value: 'NAME',
    defaultText: 'seurat',
    help: 'data sets: seurat (dispersion, on log-normalised values) or seurat_v3 (needs raw counts)',
  },
  {
    name: 'exclude-cells',
    value: 'FILE',
    help: "cells left out of training: a file with one cell name per line (the app's Embedding view downloads its lasso's cells as such a file)",
  },
  { name: 'layer', value: 'NAME', help: 'data sets: h5ad or loom layer to read instead of X (e.g. counts)' },
  {
    name: 'gene-names',
    value: 'COLUMN|index',
    defaultText: 'a var column of symbols when the names are IDs',
    help: 'data sets: var column whose names the genes go by (e.g. gene_short_name) in --genes, TF matching and the network; index keeps the file\'s own names (as the app\'s "Gene names from")',
  },
];

export interface DatasetFitOptions {
  request: DatasetFitRequest;
  /** The preparation, with the time-course default (no trimming) applied when --time is used. */
  preparation: PreparationOptions;
  /** The app's default donor split, when no --train, --test or --donor was given and the default found a donor column. */
  split?: { trainDonors: string[]; testDonors: string[] };
}

/**
 * Reads the data-set options. `text(name)` gives an option's value as typed; `donors` are those of --train/--test;
 * `tfList` the list of --tf-list (used for the gene selection only when no --genes is given).
 */
export async function datasetFitOptions(
  dataPath: string,
  text: (name: string) => string | undefined,
  preparation: PreparationOptions,
  donors: string[],
  tfList: TfList | null,
): Promise<DatasetFitOptions> {
  // Every format goes through the same Dataset path, the paper's tables included; a path that is not a data set
  // is reported by the readers, whose messages say what is wrong with it.
  const format: DatasetFormat = await detectFormat(dataPath);
  const pseudotime = text('pseudotime');
  const time = text('time');
  const root = text('root');
  if (pseudotime !== undefined && time !== undefined)
    throw new UsageError('Give --pseudotime or --time, not both: each names the column that orders the cells.');
  if (root !== undefined && (pseudotime !== undefined || time !== undefined)) {
    throw new UsageError(
      '--root computes diffusion pseudotime, so it cannot be combined with --pseudotime or --time, which read it from a column.',
    );
  }
  const timeColumns =
    pseudotime !== undefined
      ? { columns: listOption('pseudotime', pseudotime), kind: 'pseudotime' as const }
      : time !== undefined
        ? { columns: listOption('time', time), kind: 'time' as const }
        : undefined;
  if (time !== undefined && timeColumns && timeColumns.columns.length > 1)
    throw new UsageError('--time takes one column; several lineage columns are given with --pseudotime.');

  const genesRaw = text('genes');
  const geneList = genesRaw === undefined ? undefined : await geneListOption(genesRaw);
  const topRaw = text('n-top-genes');
  const topVariable = topRaw !== undefined ? integerOption('n-top-genes', topRaw, 0, 100_000) : geneList ? 0 : DEFAULT_TOP_GENES;
  const flavor = choiceOption<HvgFlavor>('hvg-flavor', text('hvg-flavor') ?? 'seurat', ['seurat', 'seurat_v3']);

  // Told no column that orders the cells, the command line takes the app's default selection (the shared rules):
  // its time column and kind, trimming, lineage and donor columns and donor split, each unless given as an option.
  // The paper's tables name their columns by format, so only their donors need reading, and only for the split.
  const defaults =
    timeColumns === undefined && root === undefined && (format !== 'pathreg-tables' || donors.length === 0)
      ? await defaultSelectionOfFile(dataPath, format)
      : null;
  const defaultTime = defaults?.lineagePseudotimeColumns
    ? { columns: defaults.lineagePseudotimeColumns, kind: 'pseudotime' as const }
    : defaults?.pseudotimeColumn
      ? { columns: [defaults.pseudotimeColumn], kind: defaults.timeKind ?? ('pseudotime' as const) }
      : undefined;
  const split =
    defaults?.donorColumn && donors.length === 0 && text('donor') === undefined
      ? { trainDonors: defaults.trainDonors, testDonors: defaults.testDonors }
      : undefined;

  const adjusted = { ...preparation };
  if (time !== undefined) {
    // A time course's first and last time points are real samples, not pseudotime outliers: keep them by default.
    if (text('drop-first') === undefined) adjusted.dropFirst = 0;
    if (text('drop-last') === undefined) adjusted.dropLast = 0;
  } else if (defaults && defaultTime) {
    if (text('drop-first') === undefined) adjusted.dropFirst = defaults.trimStart;
    if (text('drop-last') === undefined) adjusted.dropLast = defaults.trimEnd;
  }
  const lineagesRaw = text('lineages');
  const named = split ? [...split.trainDonors, ...split.testDonors] : donors;
  const geneNames = text('gene-names');
  const excludeFile = text('exclude-cells');
  const excludeCells = excludeFile === undefined ? undefined : await readCellNameList(excludeFile);
  return {
    split,
    request: {
      format,
      time: timeColumns ?? defaultTime,
      root,
      lineageColumn: text('lineage') ?? (defaults?.lineagePseudotimeColumns ? undefined : (defaults?.lineageColumn ?? undefined)),
      donorColumn: text('donor') ?? defaults?.donorColumn ?? undefined,
      lineages: lineagesRaw === undefined ? undefined : listOption('lineages', lineagesRaw),
      ...(excludeCells ? { excludeCells } : {}),
      layer: text('layer'),
      ...(geneNames === undefined ? {} : { geneNameColumn: geneNames === 'index' ? null : geneNames }),
      geneList,
      topVariable,
      flavor,
      tfList: geneList ? null : tfList,
      tfListOptional: text('tf-list') === undefined,
      donors: named.length > 0 ? named : undefined,
      onlyNamedDonors: split ? split.trainDonors.length > 0 : text('train') !== undefined,
      minCells: adjusted.dropFirst + adjusted.dropLast + Math.max(2, adjusted.initialCells),
      minCellsReason: `--drop-first ${adjusted.dropFirst} + --drop-last ${adjusted.dropLast} + ${Math.max(2, adjusted.initialCells)} kept`,
    },
    preparation: adjusted,
  };
}

/** `--genes A,B,C` or `--genes @file` (one symbol per line, or the first column of a table). */
async function geneListOption(raw: string): Promise<TfList> {
  if (!raw.startsWith('@')) return parseTypedTfList(raw, '--genes list');
  try {
    return await readGeneListFile(raw.slice(1));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `--genes ${raw}: ${message} Give a file with one gene symbol per line (or a table whose first column holds them), or the genes comma-separated.`,
    );
  }
}
