/**
 * The Embedding view's work on a data file, done in the dataset worker: the cells' PCA, diffusion map and UMAP, and
 * one gene's expression per cell for colouring them (normalised as the fit normalises, so colours match training).
 */
import path from 'node:path';
import type { Dataset } from '../data/dataset.ts';
import { computeCellEmbedding, type EmbeddingSettings } from '../data/embedding/cell-embedding.ts';
import { cellTotals, normalizedSource, planNormalization } from '../data/prepare/normalize-log.ts';
import type { CellEmbedding, GeneCellValues } from '../../src-shared/contract/types.ts';

/** What the dataset worker receives for the Embedding view (a plain path payload means "describe the file"). */
export type EmbeddingTask =
  { task: 'embedding'; file: string; settings: EmbeddingSettings } | { task: 'gene-values'; file: string; gene: number };

export async function runEmbeddingTask(dataset: Dataset, task: EmbeddingTask): Promise<CellEmbedding | GeneCellValues> {
  if (task.task === 'embedding') return computeCellEmbedding(dataset, task.settings);
  return geneCellValues(dataset, task.gene);
}

export async function geneCellValues(dataset: Dataset, gene: number): Promise<GeneCellValues> {
  if (!Number.isInteger(gene) || gene < 0 || gene >= dataset.geneNames.length) {
    throw new RangeError(
      `"${path.basename(dataset.summary.path)}" has ${dataset.geneNames.length} genes; gene number ${gene + 1} is not among them.`,
    );
  }
  const plan = planNormalization(
    dataset.summary.valueKind,
    dataset.summary.valueKind === 'counts' ? await cellTotals(dataset) : new Float64Array(0),
  );
  const values = await normalizedSource(dataset, plan).readGenes([gene]);
  return { gene: dataset.geneNames[gene], values: Array.from(values, (v) => Number(v.toPrecision(5))), note: plan.note };
}
