/**
 * One obs column described for the front ends and the selection rules (src-shared/selection-rules.ts): type, levels
 * with their cells, missing values, and for numbers the range, a histogram and how many distinct values (a time
 * course of a few sampled times has few). The Data view shows it; `pathreg fit` reads its defaults from it.
 */
import type { ObsColumnInfo } from '../../src-shared/contract/types.ts';
import type { MetadataColumn } from './dataset.ts';

const HISTOGRAM_BINS = 20;
/** Distinct values are counted up to here: enough to tell a few sampled times from a continuous pseudotime. */
const DISTINCT_CAP = 1000;

function countDistinct(values: Float64Array, cap: number): number {
  const seen = new Set<number>();
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    seen.add(value);
    if (seen.size >= cap) break;
  }
  return seen.size;
}

export function describeObsColumn(column: MetadataColumn): ObsColumnInfo {
  switch (column.type) {
    case 'numeric': {
      let min = Infinity;
      let max = -Infinity;
      let missing = 0;
      for (const value of column.values) {
        if (Number.isNaN(value)) missing++;
        else {
          if (value < min) min = value;
          if (value > max) max = value;
        }
      }
      const histogram = new Array<number>(HISTOGRAM_BINS).fill(0);
      if (min <= max) {
        const width = max - min;
        for (const value of column.values) {
          if (Number.isNaN(value)) continue;
          const bin = width > 0 ? Math.min(HISTOGRAM_BINS - 1, Math.floor(((value - min) / width) * HISTOGRAM_BINS)) : 0;
          histogram[bin]++;
        }
      }
      return {
        name: column.name,
        type: 'numeric',
        missing,
        distinctValues: countDistinct(column.values, DISTINCT_CAP),
        ...(min <= max ? { range: [min, max] as [number, number], histogram } : {}),
      };
    }
    case 'categorical': {
      const counts = new Array<number>(column.levels.length).fill(0);
      let missing = 0;
      for (const code of column.codes) {
        if (code < 0 || code >= counts.length) missing++;
        else counts[code]++;
      }
      return { name: column.name, type: 'categorical', missing, levels: column.levels.map((name, i) => ({ name, cells: counts[i] })) };
    }
    case 'boolean': {
      let yes = 0;
      for (const value of column.values) if (value) yes++;
      return {
        name: column.name,
        type: 'boolean',
        missing: 0,
        levels: [
          { name: 'false', cells: column.values.length - yes },
          { name: 'true', cells: yes },
        ],
      };
    }
    case 'string':
      return { name: column.name, type: 'string', missing: column.values.filter((value) => value === '').length };
  }
}
