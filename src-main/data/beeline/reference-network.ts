/**
 * BEELINE's refNetwork.csv: `Gene1,Gene2,Type` rows (Gene1 regulates Gene2; Type "+" activation, "-" repression).
 * Duplicate pairs occur in BEELINE's files and are collapsed, as BEELINE's own evaluation counts distinct pairs.
 */
import { basename } from 'node:path';
import type { SourceFile } from '../dataset.ts';
import { DataInputError } from '../paper-tables/data-input-error.ts';
import { detectDelimiter, splitFields } from '../paper-tables/delimited-fields.ts';
import { openTextLines } from '../paper-tables/text-lines.ts';

export type ReferenceEdgeSign = '+' | '-' | '';

export interface ReferenceEdge {
  source: string;
  target: string;
  /** "+" activation, "-" repression, "" when the file gives no type. */
  sign: ReferenceEdgeSign;
}

export interface ReferenceNetwork {
  /** Distinct (source, target) pairs in file order. */
  edges: ReferenceEdge[];
  /** Rows that repeated an earlier pair. */
  duplicateRows: number;
  /** Pairs listed with both signs; the first sign is kept. */
  conflictingSigns: Array<{ source: string; target: string }>;
  /** Genes named in the network but absent from the expression data (their edges are kept). */
  genesNotInData: string[];
  source: SourceFile;
}

export async function readReferenceNetwork(path: string, dataGenes?: string[]): Promise<ReferenceNetwork> {
  const name = JSON.stringify(basename(path));
  const stream = await openTextLines(path);
  let header: string[] | null = null;
  let sourceColumn = 0;
  let targetColumn = 1;
  let typeColumn = -1;
  const byPair = new Map<string, ReferenceEdge>();
  const conflicting: Array<{ source: string; target: string }> = [];
  let duplicateRows = 0;
  let lineNumber = 0;
  let delimiter: '\t' | ',' = ',';
  for await (const line of stream.lines) {
    lineNumber++;
    if (line.trim().length === 0) continue;
    if (header === null) {
      delimiter = detectDelimiter(line);
      header = splitFields(line, delimiter).map((h) => h.trim());
      sourceColumn = header.indexOf('Gene1');
      targetColumn = header.indexOf('Gene2');
      typeColumn = header.indexOf('Type');
      if (sourceColumn < 0 || targetColumn < 0) {
        throw new DataInputError(
          `${name}, line ${lineNumber}: expected the header "Gene1,Gene2,Type" (Gene1 regulates Gene2); found ${JSON.stringify(line)}.`,
          { file: path, line: lineNumber },
        );
      }
      continue;
    }
    const fields = splitFields(line, delimiter).map((f) => f.trim());
    if (fields.length !== header.length) {
      throw new DataInputError(`${name}, line ${lineNumber}: this row has ${fields.length} fields but the header has ${header.length}.`, {
        file: path,
        line: lineNumber,
      });
    }
    const source = fields[sourceColumn];
    const target = fields[targetColumn];
    if (!source || !target) {
      throw new DataInputError(`${name}, line ${lineNumber}: Gene1 and Gene2 must both name a gene.`, { file: path, line: lineNumber });
    }
    const type = typeColumn >= 0 ? fields[typeColumn] : '';
    if (type !== '+' && type !== '-' && type !== '') {
      throw new DataInputError(
        `${name}, ${`line ${lineNumber}, column ${typeColumn + 1} ("Type")`}: found ${JSON.stringify(type)}; Type must be "+" (activation) or "-" (repression).`,
        { file: path, line: lineNumber, column: typeColumn + 1, columnName: 'Type' },
      );
    }
    const key = `${source}\u0000${target}`;
    const earlier = byPair.get(key);
    if (earlier) {
      duplicateRows++;
      if (earlier.sign !== type && !conflicting.some((c) => c.source === source && c.target === target))
        conflicting.push({ source, target });
      continue;
    }
    byPair.set(key, { source, target, sign: type });
  }
  if (header === null)
    throw new DataInputError(`${name} is empty: expected the header "Gene1,Gene2,Type" and one row per edge.`, { file: path });
  const edges = [...byPair.values()];
  const known = dataGenes ? new Set(dataGenes) : null;
  const genesNotInData = known ? [...new Set(edges.flatMap((e) => [e.source, e.target]))].filter((g) => !known.has(g)) : [];
  return { edges, duplicateRows, conflictingSigns: conflicting, genesNotInData, source: stream.source() };
}
