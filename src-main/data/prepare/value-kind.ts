/**
 * Guesses what a matrix holds — raw counts, normalised values, log-normalised values or scaled values — from the
 * values themselves, with the reason in words, so preparation can skip normalisation and log1p where they were
 * already done and tell the user so.
 */
import type { ValueKind } from '../dataset.ts';

export interface ValueKindGuess {
  kind: ValueKind;
  reason: string;
}

/**
 * log1p of any realistic normalised value stays below this (log1p(1e6 counts per cell) ≈ 13.8), while normalised
 * but unlogged data has its largest values well above it.
 */
const LOG_SCALE_MAX = 20;

/** Looks at the given values (a sample is enough: every value, or a few thousand cells' worth). */
export function guessValueKind(values: ArrayLike<number>): ValueKindGuess {
  let nonZero = 0;
  let negative = 0;
  let nonInteger = 0;
  let max = -Infinity;
  let min = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 0) continue;
    nonZero++;
    if (v < 0) negative++;
    if (!Number.isInteger(v)) nonInteger++;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (nonZero === 0) return { kind: 'unknown', reason: 'every value looked at is 0' };
  if (negative > 0) {
    return { kind: 'scaled', reason: `${negative} of ${nonZero} non-zero values are negative, as after centring or z-scoring` };
  }
  if (nonInteger === 0) {
    return { kind: 'counts', reason: `all ${nonZero} non-zero values are whole numbers (largest ${max}), as raw counts are` };
  }
  if (max <= LOG_SCALE_MAX) {
    return {
      kind: 'log-normalized',
      reason: `values are fractional and at most ${formatNumber(max)}, the range of log-normalised data (log1p)`,
    };
  }
  return {
    kind: 'normalized',
    reason: `values are fractional (smallest non-zero ${formatNumber(min)}) and reach ${formatNumber(max)}, ` +
      'as normalised but not logged data do',
  };
}

function formatNumber(value: number): string {
  return Number(value.toPrecision(4)).toString();
}
