/**
 * Cell and gene QC filters with scanpy's semantics (pp.filter_cells, then pp.filter_genes on the cells kept):
 * a cell passes when every threshold given holds; genes are then counted over the kept cells only.
 */
import { cellQcMetrics, geneQcMetrics, MITOCHONDRIAL_PATTERN, type CellQcMetrics, type GeneQcMetrics } from './qc-metrics.ts';
import type { GeneMatrixSource } from './gene-chunks.ts';

export interface QcThresholds {
  minGenesPerCell?: number;
  maxGenesPerCell?: number;
  minCountsPerCell?: number;
  maxCountsPerCell?: number;
  /** Percent (0–100) of counts in mitochondrial genes. */
  maxPercentMito?: number;
  minCellsPerGene?: number;
  minCountsPerGene?: number;
  /** Mitochondrial genes by name (default /^mt-/i). */
  mitochondrial?: RegExp;
}

/** How many cells or genes each rule removed (a cell failing two rules counts in both). */
export interface QcRemoval {
  rule: keyof QcThresholds;
  threshold: number;
  removed: number;
}

export interface QcResult {
  keepCells: Uint8Array;
  keepGenes: Uint8Array;
  cellsKept: number;
  genesKept: number;
  cellRemovals: QcRemoval[];
  geneRemovals: QcRemoval[];
  cellMetrics: CellQcMetrics;
  /** Over the kept cells. */
  geneMetrics: GeneQcMetrics;
}

/** Checks thresholds, naming the option out of range. */
export function checkQcThresholds(thresholds: QcThresholds): void {
  for (const [name, value] of Object.entries(thresholds)) {
    if (name === 'mitochondrial') continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`QC option ${name} must be a number ≥ 0; got ${String(value)}`);
    }
  }
  if (thresholds.maxPercentMito !== undefined && thresholds.maxPercentMito > 100) {
    throw new RangeError(`QC option maxPercentMito is a percentage (0–100); got ${thresholds.maxPercentMito}`);
  }
}

export async function qcFilter(source: GeneMatrixSource, thresholds: QcThresholds): Promise<QcResult> {
  checkQcThresholds(thresholds);
  const cellMetrics = await cellQcMetrics(source, thresholds.mitochondrial ?? MITOCHONDRIAL_PATTERN);
  const cells = source.cellNames.length;
  const keepCells = new Uint8Array(cells).fill(1);
  const cellRules: Array<[keyof QcThresholds, (c: number, t: number) => boolean]> = [
    ['minGenesPerCell', (c, t) => cellMetrics.genesDetected[c] >= t],
    ['maxGenesPerCell', (c, t) => cellMetrics.genesDetected[c] <= t],
    ['minCountsPerCell', (c, t) => cellMetrics.totalCounts[c] >= t],
    ['maxCountsPerCell', (c, t) => cellMetrics.totalCounts[c] <= t],
    ['maxPercentMito', (c, t) => cellMetrics.percentMito[c] <= t],
  ];
  const cellRemovals = applyRules(cellRules, thresholds, keepCells);
  const geneMetrics = await geneQcMetrics(source, keepCells);
  const keepGenes = new Uint8Array(source.geneNames.length).fill(1);
  const geneRules: Array<[keyof QcThresholds, (g: number, t: number) => boolean]> = [
    ['minCellsPerGene', (g, t) => geneMetrics.cellsDetected[g] >= t],
    ['minCountsPerGene', (g, t) => geneMetrics.totalCounts[g] >= t],
  ];
  const geneRemovals = applyRules(geneRules, thresholds, keepGenes);
  return {
    keepCells,
    keepGenes,
    cellsKept: keepCells.reduce((a, b) => a + b, 0),
    genesKept: keepGenes.reduce((a, b) => a + b, 0),
    cellRemovals,
    geneRemovals,
    cellMetrics,
    geneMetrics,
  };
}

function applyRules(
  rules: Array<[keyof QcThresholds, (i: number, t: number) => boolean]>,
  thresholds: QcThresholds,
  keep: Uint8Array,
): QcRemoval[] {
  const removals: QcRemoval[] = [];
  for (const [rule, passes] of rules) {
    const threshold = thresholds[rule];
    if (typeof threshold !== 'number') continue;
    let removed = 0;
    for (let i = 0; i < keep.length; i++) {
      if (!passes(i, threshold)) {
        removed++;
        keep[i] = 0;
      }
    }
    removals.push({ rule, threshold, removed });
  }
  return removals;
}
