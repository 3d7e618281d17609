/**
 * BEELINE's stored scores of its 12 methods on given runs (`beeline-method-scores-replicate0.tsv`: model, run,
 * method, AUPRC, AUPRC_ratio, AUROC), and the median and best of them per run, to compare a new method run by run.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { DataInputError } from '../data/paper-tables/data-input-error.ts';

export interface StoredMethodScore {
  model: string;
  run: string;
  method: string;
  auprcRatio: number;
  auroc: number;
}

export interface RunReference {
  run: string;
  methods: number;
  medianAuprcRatio: number;
  bestAuprcRatio: number;
  bestMethod: string;
  medianAuroc: number;
}

const COLUMNS = ['model', 'run', 'method', 'AUPRC_ratio', 'AUROC'] as const;

export async function readStoredMethodScores(path: string): Promise<StoredMethodScore[]> {
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((line) => line.trim() !== '');
  const name = JSON.stringify(basename(path));
  if (lines.length === 0) throw new DataInputError(`${name} is empty: expected a header with ${COLUMNS.join(', ')}.`, { file: path });
  const header = lines[0].split('\t');
  const at = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<(typeof COLUMNS)[number], number>;
  const missing = COLUMNS.filter((c) => at[c] < 0);
  if (missing.length > 0)
    throw new DataInputError(
      `${name}, line 1: the header lacks ${missing.join(', ')} (it has ${header.join(', ')}). Is this BEELINE's method-score table?`,
      {
        file: path,
        line: 1,
      },
    );
  return lines.slice(1).map((line, i) => {
    const fields = line.split('\t');
    const number = (column: 'AUPRC_ratio' | 'AUROC') => {
      const value = Number(fields[at[column]]);
      if (!Number.isFinite(value))
        throw new DataInputError(`${name}, line ${i + 2}: ${column} is ${JSON.stringify(fields[at[column]] ?? '')}, not a number.`, {
          file: path,
          line: i + 2,
          columnName: column,
        });
      return value;
    };
    return {
      model: fields[at.model],
      run: fields[at.run],
      method: fields[at.method],
      auprcRatio: number('AUPRC_ratio'),
      auroc: number('AUROC'),
    };
  });
}

/** Median (mean of the middle two for an even count) of finite numbers. */
export function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median and best AUPRC ratio of the stored methods on one run; null when the table has none for it. */
export function runReference(scores: StoredMethodScore[], run: string): RunReference | null {
  const rows = scores.filter((s) => s.run === run);
  if (rows.length === 0) return null;
  const best = rows.reduce((a, b) => (b.auprcRatio > a.auprcRatio ? b : a));
  return {
    run,
    methods: rows.length,
    medianAuprcRatio: median(rows.map((r) => r.auprcRatio)),
    bestAuprcRatio: best.auprcRatio,
    bestMethod: best.method,
    medianAuroc: median(rows.map((r) => r.auroc)),
  };
}
