/**
 * A known regulatory network to score against, from the text of a file: BEELINE's `refNetwork.csv`
 * (Gene1,Gene2,Type) or any two-column edge list (CSV or TSV, with or without a header, a sign column optional).
 * Pure text in, edges out, so a file read by path and an upload from the browser are parsed by the same code.
 * Duplicate pairs are collapsed (BEELINE counts distinct pairs); the first sign of a pair is kept.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ReferenceEdge, ReferenceEdgeSign } from '../data/beeline/reference-network.ts';
import { DataInputError } from '../data/paper-tables/data-input-error.ts';
import { detectDelimiter, splitFields } from '../data/paper-tables/delimited-fields.ts';

export type ReferenceLayout = 'beeline' | 'header' | 'no-header';

export interface ReferenceEdgeList {
  /** The file's name as the user knows it (an upload has no path). */
  fileName: string;
  /** SHA-256 of the file's bytes, recorded with the scores. */
  sha256: string;
  layout: ReferenceLayout;
  /** Distinct (source, target) pairs in file order, self-loops included (scoring leaves them out and counts them). */
  edges: ReferenceEdge[];
  /** Rows that repeated an earlier pair. */
  duplicateRows: number;
  /** Pairs listed with both signs; the first sign is kept. */
  conflictingSigns: Array<{ source: string; target: string }>;
}

/** Header names of the regulator and the target column in the edge lists people share (case-insensitive). */
const SOURCE_NAMES = /^(gene ?1|source|from|regulator|tf|node ?1|gene ?a)$/i;
const TARGET_NAMES = /^(gene ?2|target|to|target ?gene|targets?|regulated|node ?2|gene ?b)$/i;
const SIGN_NAMES = /^(type|sign|mode|effect|regulation|interaction)$/i;

const ACTIVATION = /^(\+|\+?1|activation|activates|activator|activating|positive|up)$/i;
const REPRESSION = /^(-|−|-1|−1|repression|represses|repressor|repressing|inhibition|inhibits|negative|down)$/i;
const UNKNOWN = /^(|0|\?|unknown|na|none)$/i;

function signOf(text: string): ReferenceEdgeSign | null {
  const value = text.trim();
  if (ACTIVATION.test(value)) return '+';
  if (REPRESSION.test(value)) return '-';
  if (UNKNOWN.test(value)) return '';
  return null;
}

/**
 * Parses the text of a reference network. Throws DataInputError naming `fileName`, the line and what to do when a
 * row cannot be read.
 */
export function parseReferenceEdgeList(text: string, fileName: string, sha256 = sha256Of(text)): ReferenceEdgeList {
  const name = JSON.stringify(fileName);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  let delimiter: ',' | '\t' = ',';
  let layout: ReferenceLayout | null = null;
  let sourceColumn = 0;
  let targetColumn = 1;
  let signColumn = -1;
  let signHeader = '';
  const byPair = new Map<string, ReferenceEdge>();
  const conflicting: Array<{ source: string; target: string }> = [];
  let duplicateRows = 0;
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (layout === null) {
      delimiter = detectDelimiter(line);
      const first = splitFields(line, delimiter).map((field) => field.trim());
      const lower = first.map((field) => field.toLowerCase());
      if (lower.includes('gene1') && lower.includes('gene2')) {
        layout = 'beeline';
        sourceColumn = lower.indexOf('gene1');
        targetColumn = lower.indexOf('gene2');
        signColumn = lower.indexOf('type');
      } else if (first.length >= 2 && SOURCE_NAMES.test(first[0]) && TARGET_NAMES.test(first[1])) {
        layout = 'header';
        signColumn = first.findIndex((field) => SIGN_NAMES.test(field));
      } else {
        layout = 'no-header';
        signColumn = first.length >= 3 ? 2 : -1;
      }
      if (layout !== 'no-header') {
        signHeader = signColumn >= 0 ? first[signColumn] : '';
        continue;
      }
    }
    const fields = splitFields(line, delimiter).map((field) => field.trim());
    const needed = Math.max(sourceColumn, targetColumn) + 1;
    if (fields.length < needed) {
      const separator = delimiter === '\t' ? 'tab' : 'comma';
      throw new DataInputError(
        `${name}, line ${lineNumber}: found ${fields.length} field${fields.length === 1 ? '' : 's'} (${JSON.stringify(line.slice(0, 80))}) but an edge needs a regulator and a target separated by a ${separator}. Fix or delete this line.`,
        { file: fileName, line: lineNumber },
      );
    }
    if (layout === 'no-header' && fields.length > 3) {
      throw new DataInputError(
        `${name}, line ${lineNumber}: ${fields.length} columns, but a file without a header may hold only the regulator, the target and the sign (+ or -). Add a header naming the columns (e.g. source,target,sign,weight), or keep only those three columns.`,
        { file: fileName, line: lineNumber },
      );
    }
    const source = fields[sourceColumn];
    const target = fields[targetColumn];
    if (!source || !target) {
      throw new DataInputError(
        `${name}, line ${lineNumber}: the ${source ? 'target' : 'regulator'} (column ${(source ? targetColumn : sourceColumn) + 1}) is empty. Every row must name two genes: fix or delete this line.`,
        { file: fileName, line: lineNumber, column: (source ? targetColumn : sourceColumn) + 1 },
      );
    }
    const signText = signColumn >= 0 ? (fields[signColumn] ?? '') : '';
    const sign = signOf(signText);
    if (sign === null) {
      const column = `column ${signColumn + 1}${signHeader ? ` (${JSON.stringify(signHeader)})` : ''}`;
      const remedy =
        layout === 'no-header'
          ? 'A file without a header may hold only the regulator, the target and the sign: if this column is something else (a weight), add a header naming the columns, e.g. source,target,weight.'
          : 'Fix this value, or leave it empty when the sign is unknown.';
      throw new DataInputError(
        `${name}, line ${lineNumber}, ${column}: found ${JSON.stringify(signText)}; the sign must be + (activation) or - (repression). ${remedy}`,
        { file: fileName, line: lineNumber, column: signColumn + 1, ...(signHeader ? { columnName: signHeader } : {}) },
      );
    }
    const key = `${source}\u0000${target}`;
    const earlier = byPair.get(key);
    if (earlier) {
      duplicateRows++;
      if (earlier.sign !== sign && !conflicting.some((c) => c.source === source && c.target === target))
        conflicting.push({ source, target });
      continue;
    }
    byPair.set(key, { source, target, sign });
  }
  if (byPair.size === 0) {
    throw new DataInputError(
      `${name} lists no edges${layout === null ? ' (it is empty)' : ' (only a header)'}: add one row per known regulation, regulator then target, e.g. "Gata1,Klf1,+".`,
      { file: fileName },
    );
  }
  return { fileName, sha256, layout: layout!, edges: [...byPair.values()], duplicateRows, conflictingSigns: conflicting };
}

function sha256Of(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Parses the bytes of an uploaded reference network; the SHA-256 is of those bytes. */
export function referenceFromBytes(bytes: Uint8Array, fileName: string): ReferenceEdgeList {
  return parseReferenceEdgeList(new TextDecoder('utf-8').decode(bytes), fileName, sha256Of(bytes));
}

/** Reads and parses a reference network file on this machine; the SHA-256 is of the bytes on disk. */
export async function readReferenceEdgeList(file: string, fileName = basename(file)): Promise<ReferenceEdgeList> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    const code = error !== null && typeof error === 'object' && 'code' in error ? String((error as { code: unknown }).code) : '';
    throw new DataInputError(
      code === 'ENOENT'
        ? `${JSON.stringify(fileName)}: no such file at "${file}". Check the path (it is read on the machine running PathReg).`
        : `${JSON.stringify(fileName)} cannot be read (${code || String(error)}).`,
      { file: fileName },
    );
  }
  return parseReferenceEdgeList(bytes.toString('utf8'), fileName, sha256Of(bytes));
}
