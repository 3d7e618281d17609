/**
 * BEELINE's input format (Pratapa et al. 2020): a folder with ExpressionData.csv (genes × cells), PseudoTime.csv
 * (one column per lineage, empty or NA where a cell is not in that lineage; a cell may be in several) and
 * refNetwork.csv (the true network: Gene1 regulates Gene2, Type + or −).
 */
import { access } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Dataset, SourceFile, Trajectory } from '../dataset.ts';
import { DataInputError } from '../paper-tables/data-input-error.ts';
import { categoricalColumn, denseDataset } from '../paper-tables/dense-dataset.ts';
import { readRowLabelledTable } from './row-labelled-table.ts';
import { readReferenceNetwork, type ReferenceNetwork } from './reference-network.ts';

export interface ReadBeelineOptions {
  /** The pseudotime file inside the folder (default PseudoTime.csv; HSC runs also have DeterministicPT.csv). */
  pseudotimeFile?: string;
  /** Read refNetwork.csv when present (default true); a folder without one still reads. */
  referenceNetwork?: boolean;
}

export interface BeelineData {
  /** All cells once, with one numeric obs column per lineage (NaN outside it) and `lineages` listing them. */
  dataset: Dataset;
  /** One trajectory per pseudotime column, its cells in ExpressionData order. */
  trajectories: Trajectory[];
  /** Null when the folder has no refNetwork.csv. */
  reference: ReferenceNetwork | null;
}

export async function readBeelineFolder(folder: string, options: ReadBeelineOptions = {}): Promise<BeelineData> {
  const expressionPath = join(folder, 'ExpressionData.csv');
  const pseudotimePath = join(folder, options.pseudotimeFile ?? 'PseudoTime.csv');
  const expression = await readRowLabelledTable(expressionPath, { allowMissing: false, rowKind: 'gene' });
  const pseudotime = await readRowLabelledTable(pseudotimePath, { allowMissing: true, rowKind: 'cell' });
  const genes = expression.rows;
  const cells = expression.columns;
  checkUnique(genes, expressionPath, 'gene (row)');
  checkUnique(cells, expressionPath, 'cell (column)');
  checkUnique(pseudotime.rows, pseudotimePath, 'cell (row)');

  // ExpressionData is genes × cells; everything downstream is cells × genes.
  const matrix = new Float32Array(cells.length * genes.length);
  for (let g = 0; g < genes.length; g++) {
    for (let c = 0; c < cells.length; c++) matrix[c * genes.length + g] = expression.values[g * cells.length + c];
  }

  const cellIndex = new Map(cells.map((cell, i) => [cell, i]));
  const lineages = pseudotime.columns;
  const timeOfCell = lineages.map(() => new Float64Array(cells.length).fill(NaN));
  pseudotime.rows.forEach((cell, row) => {
    const c = cellIndex.get(cell);
    if (c === undefined) {
      throw new DataInputError(
        `${JSON.stringify(basename(pseudotimePath))}, line ${row + 2}: cell ${JSON.stringify(cell)} is not a column of ` +
          `ExpressionData.csv. Both files must come from the same simulation or data set.`,
        { file: pseudotimePath, line: row + 2, column: 1 },
      );
    }
    lineages.forEach((_, l) => (timeOfCell[l][c] = pseudotime.values[row * lineages.length + l]));
  });

  const folderName = basename(folder);
  const trajectories: Trajectory[] = lineages.map((lineage, l) => {
    const members: number[] = [];
    for (let c = 0; c < cells.length; c++) if (!Number.isNaN(timeOfCell[l][c])) members.push(c);
    if (members.length === 0) {
      throw new DataInputError(
        `${JSON.stringify(basename(pseudotimePath))}: lineage column ${JSON.stringify(lineage)} has no cells (every value is empty or NA).`,
        { file: pseudotimePath, columnName: lineage },
      );
    }
    const values = new Float32Array(members.length * genes.length);
    const times = new Float64Array(members.length);
    members.forEach((c, k) => {
      times[k] = timeOfCell[l][c];
      values.set(matrix.subarray(c * genes.length, (c + 1) * genes.length), k * genes.length);
    });
    return { name: lineage, lineage, donor: folderName, source: basename(pseudotimePath), genes: genes.slice(), times, values };
  });

  const sources: SourceFile[] = [expression.source, pseudotime.source];
  let reference: ReferenceNetwork | null = null;
  const referencePath = join(folder, 'refNetwork.csv');
  if (options.referenceNetwork !== false && (await exists(referencePath))) {
    reference = await readReferenceNetwork(referencePath, genes);
    sources.push(reference.source);
  }

  const memberships = cells.map((_, c) => lineages.filter((__, l) => !Number.isNaN(timeOfCell[l][c])).join(';'));
  const dataset = denseDataset({
    format: 'beeline',
    path: folder,
    sources,
    cellNames: cells.slice(),
    geneNames: genes.slice(),
    values: matrix,
    obs: [
      ...lineages.map((lineage, l) => ({ name: lineage, type: 'numeric' as const, values: timeOfCell[l] })),
      // A cell may be in several lineages: this column lists them, ";"-separated ("" for none).
      categoricalColumn('lineages', memberships),
    ],
  });
  return { dataset, trajectories, reference };
}

function checkUnique(names: string[], path: string, what: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new DataInputError(
        `${JSON.stringify(basename(path))}: the ${what} name ${JSON.stringify(name)} occurs twice; names must be unique.`,
        {
          file: path,
        },
      );
    }
    seen.add(name);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
