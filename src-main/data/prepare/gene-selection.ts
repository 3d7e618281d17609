/**
 * The genes a run trains on: a list typed or loaded by the user, or — as the paper did — the transcription factors
 * of the data together with its top highly variable genes.
 */
import type { MetadataColumn } from '../dataset.ts';
import { DataInputError } from '../paper-tables/data-input-error.ts';
import { parseTypedTfList, readTfListFile, type TfList } from '../tf-lists/read-tf-list.ts';

/** A gene list from a file: one symbol per line, or a column of a table (plain or gzip). */
export async function readGeneListFile(path: string, column?: string | number): Promise<TfList> {
  return readTfListFile(path, { column, what: 'genes' });
}

/** A gene list typed by the user (commas, semicolons, spaces or new lines). */
export function parseGeneList(text: string): TfList {
  return parseTypedTfList(text, 'gene list');
}

export interface ResolvedGeneList {
  /** Indices into the data's genes, in list order. */
  indices: number[];
  /** Symbols of the list not in the data. */
  missing: string[];
  /** Data genes found only ignoring case. */
  matchedIgnoringCase: string[];
}

/** Finds the list's genes in the data (exact, then ignoring case); errors when none is there. */
export function resolveGeneList(list: TfList, geneNames: string[]): ResolvedGeneList {
  const exact = new Map(geneNames.map((g, i) => [g, i]));
  const lower = new Map<string, number[]>();
  geneNames.forEach((g, i) => lower.set(g.toLowerCase(), [...(lower.get(g.toLowerCase()) ?? []), i]));
  const indices: number[] = [];
  const seen = new Set<number>();
  const missing: string[] = [];
  const matchedIgnoringCase: string[] = [];
  for (const symbol of list.symbols) {
    let index = exact.get(symbol);
    if (index === undefined) {
      const candidates = lower.get(symbol.toLowerCase());
      if (candidates?.length === 1) {
        index = candidates[0];
        matchedIgnoringCase.push(geneNames[index]);
      }
    }
    if (index === undefined) missing.push(symbol);
    else if (!seen.has(index)) {
      seen.add(index);
      indices.push(index);
    }
  }
  if (indices.length === 0) {
    throw new DataInputError(
      `None of the ${list.symbols.length} genes of the ${list.origin} (e.g. ${list.symbols.slice(0, 3).join(', ')}) is in the data ` +
        `(${geneNames.length} genes, e.g. ${geneNames.slice(0, 3).join(', ')}). Check the species and the kind of gene names.`,
      { file: list.origin },
    );
  }
  return { indices, missing, matchedIgnoringCase };
}

export interface FinalGeneSetInput {
  geneNames: string[];
  /** Per gene, 1 for a transcription factor (matchTfList's isTf); omit for no TFs. */
  isTf?: Uint8Array;
  /** Genes by variability, most variable first (a highly-variable-gene ranking). */
  variabilityRanking?: number[];
  /** How many of the most variable genes to add. */
  topVariable?: number;
  /** Genes the user asked for by name (indices), always included. */
  requested?: number[];
  /** Genes QC kept (1 = kept); TFs and variable genes outside it are left out. */
  keepGenes?: Uint8Array;
}

export interface FinalGeneSet {
  /** Indices into geneNames, ascending (the data's order). */
  indices: number[];
  names: string[];
  fromTfs: number;
  fromVariable: number;
  fromRequested: number;
  /** Genes that came from more than one source. */
  overlap: number;
}

/** TFs ∪ top variable genes ∪ requested genes, as the paper built its 529 genes (TFs with the most variable). */
export function finalGeneSet(input: FinalGeneSetInput): FinalGeneSet {
  const genes = input.geneNames.length;
  const kept = (g: number) => !input.keepGenes || input.keepGenes[g] === 1;
  const sources = new Uint8Array(genes);
  let fromTfs = 0;
  let fromVariable = 0;
  let fromRequested = 0;
  if (input.isTf) {
    for (let g = 0; g < genes; g++) {
      if (input.isTf[g] && kept(g)) {
        sources[g]++;
        fromTfs++;
      }
    }
  }
  const top = input.topVariable ?? 0;
  if (top > 0) {
    if (!input.variabilityRanking) throw new RangeError('final gene set: topVariable needs a variability ranking');
    for (const g of input.variabilityRanking.filter(kept).slice(0, top)) {
      sources[g]++;
      fromVariable++;
    }
  }
  for (const g of new Set(input.requested ?? [])) {
    sources[g]++;
    fromRequested++;
  }
  const indices: number[] = [];
  let overlap = 0;
  for (let g = 0; g < genes; g++) {
    if (sources[g] > 0) indices.push(g);
    if (sources[g] > 1) overlap++;
  }
  if (indices.length === 0) {
    throw new RangeError('The gene selection is empty: give a TF list that overlaps the data, a number of variable genes, or a gene list.');
  }
  return { indices, names: indices.map((g) => input.geneNames[g]), fromTfs, fromVariable, fromRequested, overlap };
}

/** One name per gene from a var column of strings or categories (missing → ""), e.g. `gene_short_name`. */
export function varColumnNames(column: MetadataColumn): string[] | null {
  if (column.type === 'string') return column.values.slice();
  if (column.type === 'categorical') return Array.from(column.codes, (code) => (code >= 0 ? column.levels[code] : ''));
  return null;
}

/**
 * The gene names that best match a list: the data's own names, or — when those are IDs such as Ensembl's — the
 * var column of symbols that shares the most names with it. Returns null when nothing overlaps.
 */
export function bestMatchingGeneNames(
  geneNames: string[],
  varColumns: MetadataColumn[],
  list: TfList,
): { names: string[]; column: string | null; overlap: number } | null {
  const wanted = new Set(list.symbols.map((s) => s.toLowerCase()));
  const overlapOf = (names: string[]) => names.reduce((n, name) => n + (wanted.has(name.toLowerCase()) ? 1 : 0), 0);
  let best: { names: string[]; column: string | null; overlap: number } = { names: geneNames, column: null, overlap: overlapOf(geneNames) };
  for (const column of varColumns) {
    const names = varColumnNames(column);
    if (!names || names.length !== geneNames.length) continue;
    const overlap = overlapOf(names);
    if (overlap > best.overlap) best = { names, column: column.name, overlap };
  }
  return best.overlap > 0 ? best : null;
}
