/**
 * Pieces every reader shares: the Dataset object around a MatrixSource, input hashing for provenance, unique names.
 */
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { Dataset, DatasetSummary, MetadataColumn, MetadataColumnSummary, SourceFile } from './dataset.ts';
import { DataFileError } from './reader-error.ts';
import { rejectNonFinite, type MatrixSource } from './matrix-source.ts';

export interface DatasetParts {
  summary: DatasetSummary;
  sourcePaths: string[];
  cellNames: string[];
  geneNames: string[];
  obs: MetadataColumn[];
  var: MetadataColumn[];
  /** The matrix for a layer name (undefined = the main matrix) plus how to map requested genes onto it. */
  matrixFor(layer: string | undefined): { source: MatrixSource; geneIndices(requested: number[]): number[] };
  close(): void;
}

/** Builds a Dataset: hashes the inputs, and checks every block read for NaN/Inf naming the cell and gene. */
export async function assembleDataset(parts: DatasetParts): Promise<Dataset> {
  const sources = await Promise.all(parts.sourcePaths.map(describeSource));
  const file = parts.summary.path;
  return {
    summary: parts.summary,
    sources,
    cellNames: parts.cellNames,
    geneNames: parts.geneNames,
    obs: parts.obs,
    var: parts.var,
    async readGenes(requested: number[], layer?: string): Promise<Float32Array> {
      if (layer !== undefined && !parts.summary.layers.includes(layer)) {
        throw new DataFileError(
          file,
          `layer "${layer}"`,
          `does not exist; the file has ${parts.summary.layers.length ? `these layers: ${parts.summary.layers.join(', ')}` : 'no layers besides the main matrix'}`,
        );
      }
      for (let i = 0; i < requested.length; i++) {
        const g = requested[i];
        if (!Number.isInteger(g) || g < 0 || g >= parts.geneNames.length) {
          throw new DataFileError(
            file,
            'gene selection',
            `asks for gene number ${g} (position ${i + 1} of the list) but the file has ${parts.geneNames.length} genes`,
          );
        }
      }
      const { source, geneIndices } = parts.matrixFor(layer);
      const mapped = geneIndices(requested);
      const block = source.readGenes(mapped);
      rejectNonFinite(file, source.label, block, requested.length, parts.cellNames, parts.geneNames, requested);
      return block;
    },
    close: parts.close,
  };
}

/** Size and SHA-256 of an input, streamed so big files never sit in memory. */
export async function describeSource(path: string): Promise<SourceFile> {
  const bytes = statSync(path).size;
  const hash = createHash('sha256');
  await new Promise<void>((resolve, reject) => {
    createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve())
      .on('error', reject);
  });
  return { path, bytes, sha256: hash.digest('hex') };
}

/**
 * Makes names unique the way scanpy's var_names_make_unique does ("GENE", "GENE-1", "GENE-2"), so genes can be
 * picked by name; returns how many were renamed for the summary's notes.
 */
export function makeNamesUnique(names: string[]): { names: string[]; renamed: number; examples: string[] } {
  const seen = new Set<string>(names);
  const counts = new Map<string, number>();
  const firstSeen = new Set<string>();
  let renamed = 0;
  const examples: string[] = [];
  const out = names.map((name) => {
    if (!firstSeen.has(name)) {
      firstSeen.add(name);
      return name;
    }
    let n = counts.get(name) ?? 0;
    let candidate: string;
    do {
      n++;
      candidate = `${name}-${n}`;
    } while (seen.has(candidate));
    counts.set(name, n);
    seen.add(candidate);
    renamed++;
    if (examples.length < 3) examples.push(name);
    return candidate;
  });
  return { names: out, renamed, examples };
}

/** The summary form of metadata columns. */
export function summarizeColumns(columns: MetadataColumn[]): MetadataColumnSummary[] {
  return columns.map((c) => (c.type === 'categorical' ? { name: c.name, type: c.type, levels: c.levels } : { name: c.name, type: c.type }));
}

/** Share of zeros from stored entries, or null when unknown. */
export function sparsityFromStored(stored: number | null, cells: number, genes: number): number | null {
  if (stored === null) return null;
  const total = cells * genes;
  return total === 0 ? 0 : Math.max(0, 1 - stored / total);
}
