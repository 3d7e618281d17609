/**
 * Library-size normalisation and log1p as scanpy's pp.normalize_total (target sum: the median total of the cells
 * with counts, unless given) followed by pp.log1p (natural log). Skipped, with a note, when the values are already
 * normalised or logged.
 */
import type { ValueKind } from '../dataset.ts';
import { forEachGeneChunk, type GeneMatrixSource } from './gene-chunks.ts';

export interface NormalizationOptions {
  /** Counts per cell after normalisation; default: the median of the cells' totals (scanpy's default). */
  targetSum?: number;
  /** Override the detection: do both steps, only log1p, or nothing. */
  steps?: 'auto' | 'normalize-and-log' | 'log-only' | 'none';
}

export interface NormalizationPlan {
  normalize: boolean;
  log: boolean;
  /** The target sum used, when normalising. */
  targetSum: number | null;
  /** Per-cell multiplier targetSum / total (1 for a cell without counts, which stays 0). */
  cellFactors: Float64Array | null;
  /** What is done and why, for the user. */
  note: string;
}

/** Each cell's total over all genes of the source. */
export async function cellTotals(source: GeneMatrixSource): Promise<Float64Array> {
  const cells = source.cellNames.length;
  const totals = new Float64Array(cells);
  await forEachGeneChunk(source, (block, indices) => {
    const width = indices.length;
    for (let c = 0; c < cells; c++) for (let k = 0; k < width; k++) totals[c] += block[c * width + k];
  });
  return totals;
}

/** Decides the steps from the detected value kind (or the override) and computes the per-cell factors. */
export function planNormalization(kind: ValueKind, totals: Float64Array, options: NormalizationOptions = {}): NormalizationPlan {
  const steps = options.steps ?? 'auto';
  let normalize: boolean;
  let log: boolean;
  let note: string;
  if (steps !== 'auto') {
    normalize = steps === 'normalize-and-log';
    log = steps !== 'none';
    note = `normalisation steps chosen by the user: ${steps}`;
  } else if (kind === 'counts') {
    [normalize, log] = [true, true];
    note = 'raw counts: library-size normalisation, then log1p';
  } else if (kind === 'normalized') {
    [normalize, log] = [false, true];
    note = 'already normalised: library-size normalisation skipped; log1p applied';
  } else if (kind === 'log-normalized') {
    [normalize, log] = [false, false];
    note = 'already log-normalised: normalisation and log1p skipped';
  } else {
    [normalize, log] = [false, false];
    note =
      `values are ${kind === 'scaled' ? 'centred or scaled' : 'of unknown kind'}: normalisation and log1p skipped; ` +
      'give raw counts for library-size normalisation';
  }
  if (!normalize) return { normalize, log, targetSum: null, cellFactors: null, note };
  if (options.targetSum !== undefined && !(options.targetSum > 0 && Number.isFinite(options.targetSum))) {
    throw new RangeError(`normalisation option targetSum must be a positive number; got ${options.targetSum}`);
  }
  const targetSum = options.targetSum ?? median(totals.filter((t) => t > 0));
  const cellFactors = new Float64Array(totals.length);
  // A cell without counts stays all-zero (scanpy divides by 1 there).
  for (let c = 0; c < totals.length; c++) cellFactors[c] = totals[c] > 0 ? targetSum / totals[c] : 1;
  return { normalize, log, targetSum, cellFactors, note: `${note} (target sum ${Number(targetSum.toPrecision(6))})` };
}

/** The source seen through the plan: every block read is normalised and/or logged on the fly. */
export function normalizedSource(source: GeneMatrixSource, plan: NormalizationPlan): GeneMatrixSource {
  if (!plan.normalize && !plan.log) return source;
  const cells = source.cellNames.length;
  return {
    cellNames: source.cellNames,
    geneNames: source.geneNames,
    async readGenes(indices: number[], layer?: string): Promise<Float32Array> {
      const block = await source.readGenes(indices, layer);
      const width = indices.length;
      for (let c = 0; c < cells; c++) {
        // Scale in float64, round once to float32 (scanpy keeps float32 X and divides in float32; differences ≤ 1 ulp).
        const factor = plan.cellFactors ? plan.cellFactors[c] : 1;
        for (let k = 0; k < width; k++) {
          const i = c * width + k;
          const scaled = block[i] * factor;
          block[i] = plan.log ? Math.log1p(scaled) : scaled;
        }
      }
      return block;
    },
  };
}

/** numpy's median: the mean of the two middle values for an even count. */
export function median(values: Float64Array): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
