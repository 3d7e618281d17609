/**
 * A Dataset over a cells × genes matrix already in memory — the paper's tables and BEELINE's inputs are small
 * enough (a few thousand cells, hundreds of genes) to be read whole.
 */
import { basename } from 'node:path';
import type { Dataset, DatasetFormat, MetadataColumn, MetadataColumnSummary, SourceFile } from '../dataset.ts';
import { detectValueKind } from '../value-kind.ts';
import { DataInputError } from './data-input-error.ts';

export interface DenseDatasetInput {
  format: DatasetFormat;
  /** The file or folder the data came from, for the summary and messages. */
  path: string;
  sources: SourceFile[];
  cellNames: string[];
  geneNames: string[];
  /** cells × genes, row-major. */
  values: Float32Array;
  obs: MetadataColumn[];
  var?: MetadataColumn[];
}

export function denseDataset(input: DenseDatasetInput): Dataset {
  const cells = input.cellNames.length;
  const genes = input.geneNames.length;
  if (input.values.length !== cells * genes) {
    throw new Error(`dense dataset: ${input.values.length} values for ${cells} cells × ${genes} genes`);
  }
  let zeros = 0;
  for (let i = 0; i < input.values.length; i++) if (input.values[i] === 0) zeros++;
  const guess = detectValueKind(input.values, `the values of ${basename(input.path)}`);
  const vars = input.var ?? [];
  let closed = false;
  return {
    summary: {
      format: input.format,
      path: input.path,
      cells,
      genes,
      sparsity: input.values.length === 0 ? null : zeros / input.values.length,
      valueKind: guess.valueKind,
      valueKindReason: guess.reason,
      obs: input.obs.map(summarizeColumn),
      var: vars.map(summarizeColumn),
      layers: [],
    },
    sources: input.sources,
    cellNames: input.cellNames,
    geneNames: input.geneNames,
    obs: input.obs,
    var: vars,
    async readGenes(geneIndices: number[], layer?: string): Promise<Float32Array> {
      if (closed) throw new Error(`${input.path}: the data set was closed before its genes were read`);
      if (layer !== undefined) {
        throw new DataInputError(
          `${JSON.stringify(input.path)} has no layers (asked for layer ${JSON.stringify(layer)}); use the main matrix.`,
          {
            file: input.path,
          },
        );
      }
      for (const g of geneIndices) {
        if (!Number.isInteger(g) || g < 0 || g >= genes) {
          throw new RangeError(`${input.path}: gene index ${g} is outside 0…${genes - 1}`);
        }
      }
      const out = new Float32Array(cells * geneIndices.length);
      for (let c = 0; c < cells; c++) {
        const row = c * genes;
        const outRow = c * geneIndices.length;
        for (let k = 0; k < geneIndices.length; k++) out[outRow + k] = input.values[row + geneIndices[k]];
      }
      return out;
    },
    close() {
      closed = true;
    },
  };
}

/** A categorical column from one string per cell, levels in order of first appearance. */
export function categoricalColumn(name: string, perCell: string[]): MetadataColumn {
  const levels: string[] = [];
  const index = new Map<string, number>();
  const codes = new Int32Array(perCell.length);
  perCell.forEach((value, i) => {
    let code = index.get(value);
    if (code === undefined) {
      code = levels.length;
      levels.push(value);
      index.set(value, code);
    }
    codes[i] = code;
  });
  return { name, type: 'categorical', codes, levels };
}

function summarizeColumn(column: MetadataColumn): MetadataColumnSummary {
  return column.type === 'categorical'
    ? { name: column.name, type: column.type, levels: column.levels }
    : { name: column.name, type: column.type };
}
