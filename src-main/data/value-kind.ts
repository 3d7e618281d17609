/**
 * Detects what kind of values a matrix holds from a sample of its stored (non-zero) values, and says why in words.
 * The preparation step uses the answer to skip normalisation or log1p on data that already had them.
 */
import type { ValueKind } from './dataset.ts';

export interface ValueKindVerdict {
  valueKind: ValueKind;
  reason: string;
}

/**
 * Classifies a sample of matrix values.
 * - any negative value ⇒ scaled (z-scored data is centred, so about half its values are negative);
 * - all integers ⇒ counts (UMI or read counts);
 * - non-integers with a maximum ≤ 30 ⇒ log-normalized (log1p of normalised counts rarely exceeds ~15; 30 leaves room
 *   for log2 scales);
 * - otherwise ⇒ normalized (CPM, TPM, FPKM or size-factor scaled values).
 * Non-finite values are reported and leave the kind unknown, since training cannot use them.
 */
export function detectValueKind(sample: ArrayLike<number>, sampleDescription: string): ValueKindVerdict {
  let count = 0;
  let nonFinite = 0;
  let negatives = 0;
  let nonIntegers = 0;
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i];
    if (!Number.isFinite(v)) {
      nonFinite++;
      continue;
    }
    if (v === 0) continue;
    count++;
    if (v < 0) negatives++;
    if (v !== Math.round(v)) nonIntegers++;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const where = `${count.toLocaleString('en-US')} non-zero values sampled from ${sampleDescription}`;
  if (nonFinite > 0) {
    return {
      valueKind: 'unknown',
      reason: `${nonFinite.toLocaleString('en-US')} NaN or infinite values among the ${sampleDescription} sample; they must be removed before training`,
    };
  }
  if (count === 0) return { valueKind: 'unknown', reason: `no non-zero values found in ${sampleDescription}` };
  const range = `range ${fmt(min)} to ${fmt(max)}`;
  if (negatives > 0) {
    return {
      valueKind: 'scaled',
      reason: `${negatives.toLocaleString('en-US')} of ${where} are negative (${range}): the data looks centred/scaled, so it is neither counts nor log-normalised`,
    };
  }
  if (nonIntegers === 0) {
    return { valueKind: 'counts', reason: `all ${where} are whole numbers (${range}): raw counts` };
  }
  if (max <= 30) {
    return { valueKind: 'log-normalized', reason: `${where} are fractional with maximum ${fmt(max)} (≤ 30): already log-transformed` };
  }
  return {
    valueKind: 'normalized',
    reason: `${where} are fractional with maximum ${fmt(max)} (> 30): normalised but not logged (e.g. CPM, TPM or FPKM)`,
  };
}

function fmt(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toPrecision(4);
}
