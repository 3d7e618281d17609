/**
 * Which names the genes go by: the file's own names (the var index, or a 10x `features.tsv`'s names) or a var column
 * of gene symbols (`gene_short_name`, `gene_symbols`, `feature_name`, …). Pure, so the dataset summary (server), the
 * one trajectory builder and the Data view (renderer) decide it the same way.
 */

/** Gene IDs rather than symbols (Ensembl of any species, with or without version). */
export const GENE_ID = /^ENS[A-Z]*G\d{6,}/;

/** var columns that hold gene symbols in files from scanpy, Seurat, Monocle, CELLxGENE and Cell Ranger. */
export const SYMBOL_COLUMN = /^(gene_?short_?names?|gene_?symbols?|symbols?|gene_?names?|feature_?names?|features?|names?)$/i;

/** Share of ID-like names above which a file's gene names are taken to be IDs, not symbols. */
const ID_SHARE = 0.5;

/** Whether most names are gene IDs (e.g. Ensembl): then a var column of symbols reads better. */
export function looksLikeGeneIds(names: readonly string[]): boolean {
  if (names.length === 0) return false;
  const sample = names.length > 2000 ? names.filter((_, i) => i % Math.ceil(names.length / 2000) === 0) : names;
  return sample.filter((name) => GENE_ID.test(name)).length / sample.length > ID_SHARE;
}

/** One place the genes' names can come from, as the Data view offers it. */
export interface GeneNameSource {
  /** The var column, or null for the file's own gene names. */
  column: string | null;
  /** What the choice reads as ("var index", "features.tsv names", or the column's name). */
  label: string;
  /** One name per gene ("" where the column has none); absent for the file's own names (DatasetInfo.geneNames). */
  names?: string[];
  /** The column is named as one of gene symbols (gene_short_name, …). */
  symbols: boolean;
}

/** Where the file's own gene names come from, in a format's words. */
export function ownNamesLabel(format: string): string {
  if (format === '10x-mtx') return 'features.tsv names';
  if (format === '10x-h5') return 'feature names';
  if (format === 'loom') return 'row names';
  return 'var index';
}

/**
 * The sources of gene names of a file: its own names first, then every var column of text with one name per gene
 * that is named like a column of symbols or that holds mostly distinct names (a column of gene IDs next to symbols,
 * say). Columns of few repeated values (biotype, feature type) are not names and are left out.
 */
export function geneNameSources(
  format: string,
  geneNames: readonly string[],
  columns: ReadonlyArray<{ name: string; values: readonly string[] }>,
): GeneNameSource[] {
  const sources: GeneNameSource[] = [{ column: null, label: ownNamesLabel(format), symbols: !looksLikeGeneIds(geneNames) }];
  for (const column of columns) {
    if (column.values.length !== geneNames.length || geneNames.length === 0) continue;
    const filled = column.values.filter((value) => value.trim() !== '');
    const distinct = new Set(filled).size;
    const namedAsSymbols = SYMBOL_COLUMN.test(column.name);
    // Half the genes named, and names mostly distinct: a column of names rather than of categories.
    if (filled.length < geneNames.length / 2 || distinct < filled.length * 0.8) continue;
    if (sameNames(column.values, geneNames)) continue;
    sources.push({
      column: column.name,
      label: column.name,
      names: column.values.slice(),
      symbols: namedAsSymbols && !looksLikeGeneIds(filled),
    });
  }
  return sources;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The source the Data view pre-selects and the builder uses when none is named: when the file's own names are IDs,
 * the first column of symbols; otherwise the file's own names (null).
 */
export function suggestedGeneNameColumn(sources: readonly GeneNameSource[]): string | null {
  const own = sources.find((source) => source.column === null);
  if (own?.symbols) return null;
  return sources.find((source) => source.column !== null && source.symbols)?.column ?? null;
}

/**
 * The name each gene goes by under a source: the column's name where it has one, the file's own name where the
 * column is empty or repeats a name (two IDs with one symbol stay apart by their IDs).
 */
export function namesFromSource(geneNames: readonly string[], columnNames: readonly string[] | undefined): string[] {
  if (!columnNames) return geneNames.slice();
  const chosen = geneNames.map((own, g) => columnNames[g]?.trim() || own);
  const counts = new Map<string, number>();
  for (const name of chosen) counts.set(name, (counts.get(name) ?? 0) + 1);
  return chosen.map((name, g) => (counts.get(name)! > 1 ? geneNames[g] : name));
}

/**
 * Names that complete what is typed (case-insensitive): those starting with it first, then those containing it, in
 * the data's order, at most `limit`, so a 30,000-gene file offers a short list.
 */
export function completeGeneName(names: readonly string[], typed: string, limit = 20): string[] {
  const text = typed.trim().toLowerCase();
  if (!text) return [];
  const starts: string[] = [];
  const contains: string[] = [];
  for (const name of names) {
    const lower = name.toLowerCase();
    if (lower.startsWith(text)) {
      if (starts.length < limit) starts.push(name);
    } else if (contains.length < limit && lower.includes(text)) contains.push(name);
    if (starts.length >= limit) break;
  }
  return [...starts, ...contains].slice(0, limit);
}

/**
 * The names a data set's genes go by under the selection's choice (`column` absent: the pre-selected source, as the
 * builder decides it), one per gene in the file's order.
 */
export function geneNamesOf(
  dataset: { geneNames: string[]; geneNameSources?: GeneNameSource[]; geneNameColumn?: string | null },
  column: string | null | undefined,
): string[] {
  const chosen = column === undefined ? (dataset.geneNameColumn ?? null) : column;
  const source = chosen === null ? undefined : dataset.geneNameSources?.find((entry) => entry.column === chosen);
  return namesFromSource(dataset.geneNames, source?.names);
}

/** The same genes under other names (after the user switches the source): names not found under `from` are kept. */
export function translateGeneNames(names: readonly string[], from: readonly string[], to: readonly string[]): string[] {
  const index = new Map(from.map((name, g) => [name, g]));
  return names.map((name) => {
    const g = index.get(name);
    return g === undefined ? name : to[g];
  });
}
