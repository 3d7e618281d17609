/**
 * Reads one of the paper's trajectory tables: a header row (the pseudotime column, then one column per gene) and one
 * row per cell; tab- or comma-separated, plain or gzip. Streams line by line, so file size is bounded by the matrix
 * itself, not by a copy of the text.
 */
import { basename } from 'node:path';
import type { SourceFile, Trajectory } from '../dataset.ts';
import { DataInputError, describePlace } from './data-input-error.ts';
import { detectDelimiter, parseStrictNumber, splitFields, type Delimiter } from './delimited-fields.ts';
import { GrowableFloat32, GrowableFloat64 } from './growable-array.ts';
import { openTextLines } from './text-lines.ts';
import { parseTrajectoryFileName, trajectoryName } from './trajectory-file-name.ts';

/** Header names taken as the pseudotime column when no name is given (case-insensitive). */
const TIME_COLUMN_PATTERN = /^(dpt_?pseudotime|pseudotime|pseudo_time|dpt|latent_?time|velocity_pseudotime|time|t)$/i;

export interface ReadTrajectoryFileOptions {
  /** Header name of the pseudotime column; default: the first column, if its name says it is a time. */
  timeColumn?: string;
  /** Override the lineage parsed from the file name. */
  lineage?: string;
  /** Override the donor parsed from the file name. */
  donor?: string;
}

export interface TrajectoryTable {
  trajectory: Trajectory;
  /** Bytes and SHA-256 of the file as stored (compressed, if gzip). */
  source: SourceFile;
  delimiter: Delimiter;
  gzip: boolean;
}

/** Reads a trajectory table with its provenance (size and hash). */
export async function readTrajectoryTable(path: string, options: ReadTrajectoryFileOptions = {}): Promise<TrajectoryTable> {
  const fileName = basename(path);
  const quoted = JSON.stringify(fileName);
  const stream = await openTextLines(path);
  const parsedName = parseTrajectoryFileName(fileName);
  const lineage = options.lineage ?? parsedName.lineage;
  const donor = options.donor ?? parsedName.donor;

  let header: string[] | null = null;
  let delimiter: Delimiter = '\t';
  let timeIndex = -1;
  let genes: string[] = [];
  const times = new GrowableFloat64();
  const values = new GrowableFloat32();
  let lineNumber = 0;

  for await (const line of stream.lines) {
    lineNumber++;
    if (header === null) {
      if (line.trim().length === 0) continue;
      delimiter = detectDelimiter(line);
      header = splitFields(line, delimiter).map((name) => name.trim());
      timeIndex = findTimeColumn(header, options.timeColumn, path, fileName, lineNumber);
      genes = header.filter((_, i) => i !== timeIndex);
      checkGeneNames(genes, path, fileName, lineNumber);
      continue;
    }
    // A final newline, or stray blank lines at the end, are not cells.
    if (line.length === 0 || line.trim().length === 0) continue;
    const fields = splitFields(line, delimiter);
    if (fields.length !== header.length) {
      throw new DataInputError(
        `${quoted}, line ${lineNumber}: this row has ${fields.length} fields but the header has ${header.length}. ` +
          'Every row needs one pseudotime and one value per gene; is the file truncated or edited by hand?',
        { file: path, line: lineNumber },
      );
    }
    for (let column = 0; column < fields.length; column++) {
      const parsed = parseStrictNumber(fields[column]);
      if (typeof parsed !== 'number') {
        const place = describePlace(lineNumber, column + 1, header[column]);
        const found = parsed === 'empty' ? 'an empty value' : `${JSON.stringify(fields[column].trim())} (${parsed})`;
        throw new DataInputError(
          `${quoted}, ${place}: found ${found} where a finite number is needed. ` +
            'Fill in or remove that cell; missing expression should be written as 0.',
          { file: path, line: lineNumber, column: column + 1, columnName: header[column] },
        );
      }
      if (column === timeIndex) times.push(parsed);
      else values.push(parsed);
    }
  }

  if (header === null) {
    throw new DataInputError(`${quoted} is empty: expected a header row (pseudotime, then gene names) and one row per cell.`, {
      file: path,
    });
  }
  if (times.length === 0) {
    throw new DataInputError(`${quoted} has a header but no cells: expected one row per cell after line ${lineNumber}.`, {
      file: path,
      line: lineNumber,
    });
  }
  return {
    trajectory: {
      name: trajectoryName(lineage, donor),
      lineage,
      donor,
      source: fileName,
      genes,
      times: times.toArray(),
      values: values.toArray(),
    },
    source: stream.source(),
    delimiter,
    gzip: stream.gzip,
  };
}

/** Reads one trajectory table (`LINEAGE_DONOR_norm.tsv[.gz]` or `.csv[.gz]`). */
export async function readTrajectoryFile(path: string, options: ReadTrajectoryFileOptions = {}): Promise<Trajectory> {
  return (await readTrajectoryTable(path, options)).trajectory;
}

function findTimeColumn(header: string[], requested: string | undefined, path: string, fileName: string, line: number): number {
  const quoted = JSON.stringify(fileName);
  if (requested !== undefined) {
    const index = header.indexOf(requested);
    if (index < 0) {
      throw new DataInputError(
        `${quoted}, line ${line}: there is no column named ${JSON.stringify(requested)} for the pseudotime. ` +
          `The header starts with ${previewNames(header)}.`,
        { file: path, line },
      );
    }
    return index;
  }
  if (header.length > 0 && TIME_COLUMN_PATTERN.test(header[0])) return 0;
  throw new DataInputError(
    `${quoted}, line ${line}: no pseudotime column. The first column is ${JSON.stringify(header[0] ?? '')}, but it must hold ` +
      'each cell\'s pseudotime (named e.g. "dpt_pseudotime" or "pseudotime"). Put the pseudotime first, or name its ' +
      'column with the time-column option.',
    { file: path, line, column: 1, columnName: header[0] },
  );
}

function checkGeneNames(genes: string[], path: string, fileName: string, line: number): void {
  if (genes.length === 0) {
    throw new DataInputError(`${JSON.stringify(fileName)}, line ${line}: the header names no genes after the pseudotime column.`, {
      file: path,
      line,
    });
  }
  const seen = new Map<string, number>();
  genes.forEach((gene, i) => {
    if (gene.length === 0) {
      throw new DataInputError(`${JSON.stringify(fileName)}, line ${line}: gene column ${i + 1} has no name in the header.`, {
        file: path,
        line,
      });
    }
    const earlier = seen.get(gene);
    if (earlier !== undefined) {
      throw new DataInputError(
        `${JSON.stringify(fileName)}, line ${line}: the gene ${JSON.stringify(gene)} appears twice in the header ` +
          `(gene columns ${earlier + 1} and ${i + 1}). Each gene must have one column.`,
        { file: path, line },
      );
    }
    seen.set(gene, i);
  });
}

function previewNames(names: string[]): string {
  const shown = names
    .slice(0, 5)
    .map((name) => JSON.stringify(name))
    .join(', ');
  return names.length > 5 ? `${shown}, …` : shown;
}
