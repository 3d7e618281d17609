/**
 * Transcription-factor lists: one gene symbol per line (lines starting with # are comments), or one column of a
 * CSV/TSV table with a header (default its first column, e.g. the row names of a TF × target matrix); plain or
 * gzip. Matching against a data set's genes reports the overlap and refuses a list that overlaps nothing.
 */
import { basename } from 'node:path';
import type { SourceFile } from '../dataset.ts';
import { DataInputError } from '../paper-tables/data-input-error.ts';
import { detectDelimiter, splitFields } from '../paper-tables/delimited-fields.ts';
import { openTextLines } from '../paper-tables/text-lines.ts';

export interface TfListOptions {
  /** For a table: the column holding the symbols, by header name or 1-based number (default: the first). */
  column?: string | number;
  /** What the list holds, for messages (default "transcription factors"; gene lists say "genes"). */
  what?: string;
}

export interface TfList {
  /** Where the list came from (a file path, or a label such as "typed list"). */
  origin: string;
  /** Distinct symbols in first-seen order. */
  symbols: string[];
  /** Present when read from a file. */
  source?: SourceFile;
}

/** Parses TF list text (see the module comment) from any iterable of lines. */
async function parseLines(lines: AsyncIterable<string> | Iterable<string>, origin: string, options: TfListOptions): Promise<string[]> {
  const symbols: string[] = [];
  const seen = new Set<string>();
  let table: { delimiter: '\t' | ','; column: number } | null = null;
  let first = true;
  let lineNumber = 0;
  for await (const raw of lines) {
    lineNumber++;
    const line = raw.trim();
    if (line.length === 0 || line.startsWith('#')) continue;
    if (first) {
      first = false;
      if (line.includes('\t') || line.includes(',')) {
        const delimiter = detectDelimiter(line);
        const header = splitFields(line, delimiter).map((h) => h.trim());
        table = { delimiter, column: findColumn(header, options.column, origin, lineNumber) };
        continue;
      }
      if (options.column !== undefined && options.column !== 1 && options.column !== '1') {
        throw new DataInputError(
          `${JSON.stringify(origin)}: a column (${JSON.stringify(options.column)}) was asked for, but the file is a plain list ` +
            '(one symbol per line, no tabs or commas).',
          { file: origin, line: lineNumber },
        );
      }
    }
    const symbol = table ? (splitFields(line, table.delimiter)[table.column] ?? '').trim() : line;
    if (symbol.length === 0 || seen.has(symbol)) continue;
    seen.add(symbol);
    symbols.push(symbol);
  }
  if (symbols.length === 0) {
    throw new DataInputError(
      `${JSON.stringify(origin)} lists no ${options.what ?? 'transcription factors'}: expected one gene symbol per line.`,
      {
        file: origin,
      },
    );
  }
  return symbols;
}

function findColumn(header: string[], requested: string | number | undefined, origin: string, line: number): number {
  if (requested === undefined) return 0;
  const asNumber = typeof requested === 'number' ? requested : /^\d+$/.test(requested) ? Number(requested) : NaN;
  if (Number.isInteger(asNumber)) {
    if (asNumber >= 1 && asNumber <= header.length) return asNumber - 1;
    throw new DataInputError(`${JSON.stringify(origin)}, line ${line}: there is no column ${asNumber}; the header has ${header.length}.`, {
      file: origin,
      line,
    });
  }
  const index = header.indexOf(String(requested));
  if (index < 0) {
    throw new DataInputError(
      `${JSON.stringify(origin)}, line ${line}: no column named ${JSON.stringify(requested)}; the header starts with ` +
        `${header
          .slice(0, 5)
          .map((h) => JSON.stringify(h))
          .join(', ')}.`,
      { file: origin, line },
    );
  }
  return index;
}

/** Reads a TF list file (plain list or a table column; plain or gzip). */
export async function readTfListFile(path: string, options: TfListOptions = {}): Promise<TfList> {
  const stream = await openTextLines(path);
  const symbols = await parseLines(stream.lines, path, options);
  return { origin: path, symbols, source: stream.source() };
}

/** Parses a list typed by the user: symbols separated by new lines, commas, semicolons or spaces. */
export function parseTypedTfList(text: string, origin = 'typed list'): TfList {
  const symbols = [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter((s) => s.length > 0 && !s.startsWith('#')),
    ),
  ];
  if (symbols.length === 0)
    throw new DataInputError(`The ${origin} is empty: type gene symbols separated by commas or new lines.`, { file: origin });
  return { origin, symbols };
}

export interface TfOverlap {
  /** Per data gene, 1 when it is in the list. */
  isTf: Uint8Array;
  /** The data's genes that are TFs, in data order. */
  tfGenes: string[];
  /** Symbols of the list absent from the data. */
  missing: string[];
  /** Data genes matched only when ignoring case (e.g. a human list on mouse symbols: GATA1 ↔ Gata1). */
  matchedIgnoringCase: string[];
}

/** Which of the data's genes are in the list. Throws when none is: the list and data use different gene names. */
export function matchTfList(list: TfList, genes: string[]): TfOverlap {
  const exact = new Set(list.symbols);
  const byLowerCase = new Map<string, number>();
  for (const symbol of list.symbols) byLowerCase.set(symbol.toLowerCase(), (byLowerCase.get(symbol.toLowerCase()) ?? 0) + 1);
  const isTf = new Uint8Array(genes.length);
  const tfGenes: string[] = [];
  const matchedIgnoringCase: string[] = [];
  const found = new Set<string>();
  genes.forEach((gene, i) => {
    if (exact.has(gene)) {
      isTf[i] = 1;
      tfGenes.push(gene);
      found.add(gene);
    } else if (byLowerCase.get(gene.toLowerCase()) === 1) {
      isTf[i] = 1;
      tfGenes.push(gene);
      matchedIgnoringCase.push(gene);
      found.add(list.symbols.find((s) => s.toLowerCase() === gene.toLowerCase())!);
    }
  });
  if (tfGenes.length === 0) {
    const sample = (names: string[]) =>
      names
        .slice(0, 3)
        .map((n) => JSON.stringify(n))
        .join(', ');
    throw new DataInputError(
      `The TF list ${JSON.stringify(basename(list.origin))} (${list.symbols.length} symbols, e.g. ${sample(list.symbols)}) shares no gene ` +
        `with the data (${genes.length} genes, e.g. ${sample(genes)}). Use a list with the same kind of gene names ` +
        '(symbols, not Ensembl IDs) and the same species.',
      { file: list.origin },
    );
  }
  return { isTf, tfGenes, missing: list.symbols.filter((s) => !found.has(s)), matchedIgnoringCase };
}
