/**
 * What the Data view needs to know about an opened data set, as plain JSON: the summary, obs columns with their
 * levels and cell counts, numeric ranges and histograms (the pseudotime distribution), and a suggested selection.
 */
import path from 'node:path';
import { describeObsColumn } from '../data/describe-obs-column.ts';
import { librarySizeCorrelations } from './library-size-correlation.ts';
import type { Dataset } from '../data/dataset.ts';
import type { DatasetInfo, ObsColumnInfo, TrajectorySelection } from '../../src-shared/contract/types.ts';
import { defaultSelection } from '../../src-shared/selection-rules.ts';
import { geneNameSources, suggestedGeneNameColumn } from '../../src-shared/gene-names.ts';
import { varColumnNames } from '../data/prepare/gene-selection.ts';

export function describeDataset(dataset: Dataset, datasetId: string): DatasetInfo {
  const obs = dataset.obs.map(describeObsColumn);
  const librarySize = librarySizeCorrelations(dataset.obs);
  const nameColumns = dataset.var.flatMap((column) => {
    const values = varColumnNames(column);
    return values ? [{ name: column.name, values }] : [];
  });
  const nameSources = geneNameSources(dataset.summary.format, dataset.geneNames, nameColumns);
  return {
    datasetId,
    name: path.basename(dataset.summary.path),
    path: dataset.summary.path,
    format: dataset.summary.format,
    cells: dataset.summary.cells,
    genes: dataset.summary.genes,
    sparsity: dataset.summary.sparsity,
    valueKind: dataset.summary.valueKind,
    valueKindReason: dataset.summary.valueKindReason,
    obs,
    layers: dataset.summary.layers,
    geneNames: dataset.geneNames,
    geneNameSources: nameSources,
    geneNameColumn: suggestedGeneNameColumn(nameSources),
    sources: dataset.sources.map((source) => ({ path: source.path, bytes: source.bytes, sha256: source.sha256 })),
    suggestedSelection: suggestedSelection(dataset.summary.format, obs),
    ...(librarySize ? { librarySize } : {}),
  };
}

/**
 * The selection the Data view starts from (the shared rules, the same `pathreg fit` applies without options), or
 * null when no column is named as a time: then there is nothing to suggest and the view asks for a time.
 */
export function suggestedSelection(format: string, obs: ObsColumnInfo[]): TrajectorySelection | null {
  const selection = defaultSelection({ format, obs });
  return selection.pseudotimeColumn ? selection : null;
}
