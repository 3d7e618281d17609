/**
 * Turns the Data view's choices (genes, pseudotime, lineage and donor columns, split) into raw trajectories, one per
 * lineage × donor, checking each choice against the file and saying exactly what does not fit.
 */
import path from 'node:path';
import type { Dataset, MetadataColumn, Trajectory } from '../data/dataset.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import type { TrajectorySelection } from '../../src-shared/contract/types.ts';
import { labelValues } from '../data/trajectories-from-dataset/obs-columns.ts';

export interface SelectedTrajectories {
  genes: string[];
  train: Trajectory[];
  test: Trajectory[];
  /** Notes for the user (cells without a pseudotime left out, …). */
  notes: string[];
}

/** Label used when a data set has no lineage or donor column. */
const SINGLE = 'all';

export async function selectTrajectories(dataset: Dataset, selection: TrajectorySelection): Promise<SelectedTrajectories> {
  const file = `"${path.basename(dataset.summary.path)}"`;
  const genes = selection.genes.length > 0 ? selection.genes : dataset.geneNames;
  const geneIndex = new Map(dataset.geneNames.map((name, i) => [name, i]));
  const unknown = genes.filter((gene) => !geneIndex.has(gene));
  if (unknown.length > 0) {
    throw new UserError(
      'bad-input',
      `${unknown.length} of the ${genes.length} chosen genes are not in ${file}: ${listSome(unknown)}. ` +
        'Check the spelling and the naming scheme (symbols vs Ensembl ids), or remove them from the gene list.',
    );
  }
  if (genes.length < 2) throw new UserError('bad-input', 'Choose at least two genes: a regulatory network needs more than one.');

  const time = findColumn(dataset, selection.pseudotimeColumn, 'pseudotime', file);
  if (time.type !== 'numeric') {
    throw new UserError(
      'bad-input',
      `The pseudotime column "${time.name}" in ${file} holds ${describeKind(time)}, not numbers. Choose a numeric obs column for pseudotime` +
        `${numericColumns(dataset)}.`,
    );
  }
  const lineageOf = selection.lineageColumn ? labelValues(findColumn(dataset, selection.lineageColumn, 'lineage', file)) : null;
  const donorOf = selection.donorColumn ? labelValues(findColumn(dataset, selection.donorColumn, 'donor', file)) : null;
  const lineagesPresent = distinct(lineageOf) ?? [SINGLE];
  const donorsPresent = distinct(donorOf) ?? [SINGLE];

  const lineages = selection.lineages.length > 0 ? selection.lineages : lineagesPresent;
  checkKnown(lineages, lineagesPresent, 'lineage', selection.lineageColumn, file);
  checkKnown(selection.trainDonors, donorsPresent, 'training donor', selection.donorColumn, file);
  checkKnown(selection.testDonors, donorsPresent, 'held-out donor', selection.donorColumn, file);
  const both = selection.trainDonors.filter((donor) => selection.testDonors.includes(donor));
  if (both.length > 0) throw new UserError('bad-input', `Donor ${listSome(both)} is chosen both for training and as held out; a held-out donor must not be trained on.`);
  const trainDonors = selection.trainDonors.length > 0 ? selection.trainDonors : donorsPresent.filter((donor) => !selection.testDonors.includes(donor));
  if (trainDonors.length === 0) throw new UserError('bad-input', 'No donor is left to train on: every donor is held out. Move one to training.');

  const values = await dataset.readGenes(genes.map((gene) => geneIndex.get(gene) as number));
  const notes: string[] = [];
  let noTime = 0;
  const groups = new Map<string, number[]>();
  for (let cell = 0; cell < dataset.summary.cells; cell++) {
    const lineage = lineageOf ? lineageOf[cell] : SINGLE;
    const donor = donorOf ? donorOf[cell] : SINGLE;
    if (lineage === null || donor === null) continue;
    if (Number.isNaN(time.values[cell])) {
      noTime++;
      continue;
    }
    const key = `${lineage}\u0000${donor}`;
    let cells = groups.get(key);
    if (!cells) groups.set(key, (cells = []));
    cells.push(cell);
  }
  if (noTime > 0) notes.push(`${noTime} cells have no value in "${time.name}" and were left out.`);

  const build = (lineage: string, donor: string): Trajectory | null => {
    const cells = groups.get(`${lineage}\u0000${donor}`);
    if (!cells || cells.length === 0) return null;
    const trajectoryValues = new Float32Array(cells.length * genes.length);
    const times = new Float64Array(cells.length);
    cells.forEach((cell, row) => {
      times[row] = time.values[cell];
      trajectoryValues.set(values.subarray(cell * genes.length, (cell + 1) * genes.length), row * genes.length);
    });
    const name = lineage === SINGLE && donor === SINGLE ? 'all cells' : donor === SINGLE ? lineage : lineage === SINGLE ? donor : `${lineage}_${donor}`;
    return { name, lineage, donor, source: path.basename(dataset.summary.path), genes, times, values: trajectoryValues };
  };
  const collect = (donors: string[], split: string): Trajectory[] => {
    const list: Trajectory[] = [];
    for (const donor of donors) {
      for (const lineage of lineages) {
        const trajectory = build(lineage, donor);
        if (trajectory) list.push(trajectory);
        else notes.push(`Donor ${donor} has no ${lineage} cells; its ${split} uses the lineages that exist.`);
      }
    }
    return list;
  };
  const train = collect(trainDonors, 'training');
  const test = collect(selection.testDonors, 'evaluation');
  if (train.length === 0) throw new UserError('bad-input', `None of the chosen lineages has cells from the training donors (${trainDonors.join(', ')}) in ${file}.`);
  return { genes, train, test, notes };
}

function findColumn(dataset: Dataset, name: string, role: string, file: string): MetadataColumn {
  const column = dataset.obs.find((c) => c.name === name);
  if (!column) {
    throw new UserError('bad-input', `${file} has no obs column "${name}" for the ${role}. Its columns are: ${listSome(dataset.obs.map((c) => c.name), 12)}.`);
  }
  return column;
}

function distinct(values: Array<string | null> | null): string[] | null {
  if (!values) return null;
  const set = new Set<string>();
  for (const value of values) if (value !== null) set.add(value);
  return [...set].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

function checkKnown(asked: string[], present: string[], role: string, column: string | null, file: string): void {
  const missing = asked.filter((value) => !present.includes(value));
  if (missing.length === 0) return;
  const where = column ? `column "${column}" of ${file}` : `${file} (no ${role.replace(/^.* /, '')} column was chosen)`;
  throw new UserError('bad-input', `No cells of ${role} ${listSome(missing)} in ${where}. Present: ${listSome(present, 12)}.`);
}

function describeKind(column: MetadataColumn): string {
  switch (column.type) {
    case 'categorical':
      return `categories (e.g. "${column.levels.slice(0, 3).join('", "')}")`;
    case 'string':
      return `text (e.g. "${column.values.find((value) => value !== '') ?? ''}")`;
    case 'boolean':
      return 'true/false values';
    case 'numeric':
      return 'numbers';
  }
}

function numericColumns(dataset: Dataset): string {
  const numeric = dataset.obs.filter((c) => c.type === 'numeric').map((c) => c.name);
  return numeric.length > 0 ? ` (numeric columns: ${listSome(numeric, 12)})` : '; this file has none, so add one (e.g. from a pseudotime tool) and reopen it';
}

function listSome(values: string[], limit = 6): string {
  const shown = values.slice(0, limit).map((value) => `"${value}"`).join(', ');
  return values.length > limit ? `${shown} and ${values.length - limit} more` : shown;
}
