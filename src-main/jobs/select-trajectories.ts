/**
 * Turns the Data view's choices (genes, pseudotime, lineage and donor columns, split) into raw trajectories, one per
 * lineage × donor, checking each choice against the file and saying exactly what does not fit.
 */
import path from 'node:path';
import type { Dataset, MetadataColumn, Trajectory } from '../data/dataset.ts';
import { UserError } from '../../src-shared/contract/result.ts';
import type { TrajectorySelection } from '../../src-shared/contract/types.ts';
import { labelValues } from '../data/trajectories-from-dataset/obs-columns.ts';
import { diffusionPseudotimeForSelection } from './selection-pseudotime.ts';

export interface SelectedTrajectories {
  genes: string[];
  train: Trajectory[];
  test: Trajectory[];
  /** Notes for the user (cells without a pseudotime left out, …). */
  notes: string[];
  /** How each cell's time was made, for the run's provenance (RunMetrics.pseudotime). */
  pseudotime: string;
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

  const lineageOf =
    selection.lineageColumn && !selection.lineagePseudotimeColumns
      ? labelValues(findColumn(dataset, selection.lineageColumn, 'lineage', file))
      : null;
  const donorOf = selection.donorColumn ? labelValues(findColumn(dataset, selection.donorColumn, 'donor', file)) : null;
  // After the cheap column checks: diffusion pseudotime takes seconds.
  const timing = await cellTimes(dataset, selection, file);
  const lineagesPresent = timing.lineages ?? distinct(lineageOf) ?? [SINGLE];
  const donorsPresent = distinct(donorOf) ?? [SINGLE];

  const lineages = selection.lineages.length > 0 ? selection.lineages : lineagesPresent;
  checkKnown(lineages, lineagesPresent, 'lineage', timing.lineages ? null : selection.lineageColumn, file);
  checkKnown(selection.trainDonors, donorsPresent, 'training donor', selection.donorColumn, file);
  checkKnown(selection.testDonors, donorsPresent, 'held-out donor', selection.donorColumn, file);
  const both = selection.trainDonors.filter((donor) => selection.testDonors.includes(donor));
  if (both.length > 0)
    throw new UserError(
      'bad-input',
      `Donor ${listSome(both)} is chosen both for training and as held out; a held-out donor must not be trained on.`,
    );
  const trainDonors =
    selection.trainDonors.length > 0 ? selection.trainDonors : donorsPresent.filter((donor) => !selection.testDonors.includes(donor));
  if (trainDonors.length === 0)
    throw new UserError('bad-input', 'No donor is left to train on: every donor is held out. Move one to training.');

  const values = await dataset.readGenes(genes.map((gene) => geneIndex.get(gene) as number));
  const notes: string[] = [...timing.notes];
  const groups = new Map<string, number[]>();
  if (timing.lineages) {
    // One pseudotime column per lineage: a cell belongs to every lineage whose column has a value for it.
    for (const lineage of lineages) {
      const time = timing.timeOf(lineage);
      for (let cell = 0; cell < dataset.summary.cells; cell++) {
        const donor = donorOf ? donorOf[cell] : SINGLE;
        if (donor === null || Number.isNaN(time[cell])) continue;
        addCell(groups, lineage, donor, cell);
      }
    }
  } else {
    let noTime = 0;
    const time = timing.timeOf(SINGLE);
    for (let cell = 0; cell < dataset.summary.cells; cell++) {
      const lineage = lineageOf ? lineageOf[cell] : SINGLE;
      const donor = donorOf ? donorOf[cell] : SINGLE;
      if (lineage === null || donor === null) continue;
      if (Number.isNaN(time[cell])) {
        noTime++;
        continue;
      }
      addCell(groups, lineage, donor, cell);
    }
    if (noTime > 0) notes.push(`${noTime} cells have no value in "${timing.name}" and were left out.`);
  }

  const build = (lineage: string, donor: string): Trajectory | null => {
    const cells = groups.get(`${lineage}\u0000${donor}`);
    if (!cells || cells.length === 0) return null;
    const trajectoryValues = new Float32Array(cells.length * genes.length);
    const times = new Float64Array(cells.length);
    const time = timing.timeOf(timing.lineages ? lineage : SINGLE);
    cells.forEach((cell, row) => {
      times[row] = time[cell];
      trajectoryValues.set(values.subarray(cell * genes.length, (cell + 1) * genes.length), row * genes.length);
    });
    const name =
      lineage === SINGLE && donor === SINGLE
        ? 'all cells'
        : donor === SINGLE
          ? lineage
          : lineage === SINGLE
            ? donor
            : `${lineage}_${donor}`;
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
  if (train.length === 0)
    throw new UserError(
      'bad-input',
      `None of the chosen lineages has cells from the training donors (${trainDonors.join(', ')}) in ${file}.`,
    );
  return { genes, train, test, notes, pseudotime: timing.description };
}

function addCell(groups: Map<string, number[]>, lineage: string, donor: string, cell: number): void {
  const key = `${lineage}\u0000${donor}`;
  let cells = groups.get(key);
  if (!cells) groups.set(key, (cells = []));
  cells.push(cell);
}

interface CellTimes {
  /** The lineages when each has its own pseudotime column; null when lineages come from a label column (or none). */
  lineages: string[] | null;
  /** Time of every cell (NaN: none) for a lineage of `lineages`, or for all cells (SINGLE) otherwise. */
  timeOf: (lineage: string) => Float64Array;
  /** The time's name in notes. */
  name: string;
  /** Provenance: how the time was made. */
  description: string;
  notes: string[];
}

/** Each cell's time, from the selection's source: one obs column, one column per lineage, or diffusion pseudotime. */
async function cellTimes(dataset: Dataset, selection: TrajectorySelection, file: string): Promise<CellTimes> {
  if (selection.lineagePseudotimeColumns) {
    const names = selection.lineagePseudotimeColumns;
    if (selection.lineageColumn) {
      throw new UserError(
        'bad-input',
        `Lineages come either from a label column ("${selection.lineageColumn}") or from one pseudotime column per lineage (${listSome(names)}), not both: clear the lineage column.`,
      );
    }
    if (selection.diffusionPseudotime) {
      throw new UserError(
        'bad-input',
        'One pseudotime column per lineage already gives every cell its time; diffusion pseudotime cannot be combined with it. Choose one of the two.',
      );
    }
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    if (repeated.length > 0)
      throw new UserError(
        'bad-input',
        `The lineage pseudotime column ${listSome(repeated)} is chosen twice; each lineage needs its own column.`,
      );
    const columns = new Map<string, Float64Array>();
    for (const name of names) {
      const column = findColumn(dataset, name, 'lineage pseudotime', file);
      if (column.type !== 'numeric') {
        throw new UserError(
          'bad-input',
          `The lineage pseudotime column "${name}" in ${file} holds ${describeKind(column)}, not numbers. Choose numeric columns, one per lineage${numericColumns(dataset)}.`,
        );
      }
      const values = Float64Array.from(column.values);
      if (!values.some((value) => !Number.isNaN(value))) {
        throw new UserError(
          'bad-input',
          `The lineage pseudotime column "${name}" in ${file} has no value for any cell, so its lineage would be empty. Leave it out.`,
        );
      }
      columns.set(name, values);
    }
    return {
      lineages: [...names],
      timeOf: (lineage) => columns.get(lineage) as Float64Array,
      name: names.join('", "'),
      description: `one pseudotime column per lineage: ${names.map((name) => `"${name}"`).join(', ')}`,
      notes: [],
    };
  }
  if (selection.diffusionPseudotime) {
    const computed = await diffusionPseudotimeForSelection(dataset, selection.diffusionPseudotime);
    return {
      lineages: null,
      timeOf: () => computed.values,
      name: 'diffusion pseudotime',
      description: computed.description,
      notes: computed.notes,
    };
  }
  const time = findColumn(dataset, selection.pseudotimeColumn, 'pseudotime', file);
  if (time.type !== 'numeric') {
    throw new UserError(
      'bad-input',
      `The pseudotime column "${time.name}" in ${file} holds ${describeKind(time)}, not numbers. Choose a numeric obs column for pseudotime` +
        `${numericColumns(dataset)}, or compute diffusion pseudotime from a root cell.`,
    );
  }
  const values = Float64Array.from(time.values);
  return { lineages: null, timeOf: () => values, name: time.name, description: `obs column "${time.name}"`, notes: [] };
}

function findColumn(dataset: Dataset, name: string, role: string, file: string): MetadataColumn {
  const column = dataset.obs.find((c) => c.name === name);
  if (!column) {
    throw new UserError(
      'bad-input',
      `${file} has no obs column "${name}" for the ${role}. Its columns are: ${listSome(
        dataset.obs.map((c) => c.name),
        12,
      )}.`,
    );
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
  return numeric.length > 0
    ? ` (numeric columns: ${listSome(numeric, 12)})`
    : '; this file has none, so add one (e.g. from a pseudotime tool) and reopen it';
}

function listSome(values: string[], limit = 6): string {
  const shown = values
    .slice(0, limit)
    .map((value) => `"${value}"`)
    .join(', ');
  return values.length > limit ? `${shown} and ${values.length - limit} more` : shown;
}
