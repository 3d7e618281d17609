/**
 * What the Data view needs to know about an opened data set, as plain JSON: the summary, obs columns with their
 * levels and cell counts, numeric ranges and histograms (the pseudotime distribution), and a suggested selection.
 */
import path from 'node:path';
import { beelineLineageTimeColumns } from '../data/beeline/lineage-time-columns.ts';
import { librarySizeCorrelations } from './library-size-correlation.ts';
import type { Dataset, MetadataColumn } from '../data/dataset.ts';
import type { DatasetInfo, ObsColumnInfo, TrajectorySelection } from '../../src-shared/contract/types.ts';
import { geneNameSources, suggestedGeneNameColumn } from '../../src-shared/gene-names.ts';
import { varColumnNames } from '../data/prepare/gene-selection.ts';

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

export function describeDataset(dataset: Dataset, datasetId: string): DatasetInfo {
  const obs = dataset.obs.map(describeColumn);
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
    suggestedSelection:
      dataset.summary.format === 'beeline' ? (suggestBeelineSelection(obs) ?? suggestSelection(obs)) : suggestSelection(obs),
    ...(librarySize ? { librarySize } : {}),
  };
}

export function describeColumn(column: MetadataColumn): ObsColumnInfo {
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

/** Recognises pseudotime, lineage and donor columns by name; the user confirms or changes them in the Data view. */
export function suggestSelection(obs: ObsColumnInfo[]): TrajectorySelection | null {
  const pseudotime = obs.find((c) => c.type === 'numeric' && /pseudo.?time|^dpt|latent.?time|^time$|^t$/i.test(c.name));
  if (!pseudotime) return null;
  const categorical = obs.filter((c) => c.type === 'categorical');
  const lineage = categorical.find((c) => /lineage|branch|fate|trajectory/i.test(c.name));
  const donor = categorical.find((c) => /donor|sample|patient|individual|subject/i.test(c.name));
  const donors = (donor?.levels ?? []).map((level) => level.name).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return {
    genes: [],
    pseudotimeColumn: pseudotime.name,
    lineageColumn: lineage?.name ?? null,
    donorColumn: donor?.name ?? null,
    lineages: [],
    // The first donor trains, the others are held out: the paper's split for its donors (12 trains; 21, 36, 11, 24 test).
    trainDonors: donors.slice(0, 1),
    testDonors: donors.slice(1),
    trimStart: 10,
    trimEnd: 20,
  };
}

/**
 * BEELINE's PseudoTime.csv holds one pseudotime column per lineage, a cell in several lineages having a value in
 * each: those columns are the lineages, as `pathreg fit` takes them.
 */
export function suggestBeelineSelection(obs: ObsColumnInfo[]): TrajectorySelection | null {
  const columns = beelineLineageTimeColumns(obs);
  if (columns.length === 0) return null;
  return {
    genes: [],
    pseudotimeColumn: columns[0],
    lineageColumn: null,
    donorColumn: null,
    lineages: [],
    trainDonors: [],
    testDonors: [],
    trimStart: 10,
    trimEnd: 20,
    lineagePseudotimeColumns: columns,
  };
}
