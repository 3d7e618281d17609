/**
 * The Perturb panel's "start from chosen cells": a lineage and a pseudotime range become the cells whose measured
 * states the wild type and the perturbed system start from (run:perturb's `starts`, as `pathreg perturb
 * --from-cells` takes them). A few cells spread evenly over the range stand for it: every cell is one more start to
 * integrate, and the answer should stay within a second or two.
 */

/** The most cells a range is turned into (each is a start of its own, and a column of the table). */
export const MAX_START_CELLS = 5;

/** A training trajectory with its cells' scaled pseudotimes, ascending (run:trajectories lists them in this order). */
export interface TrajectoryCells {
  name: string;
  lineage: string;
  times: readonly number[];
}

export type StartCellChoice =
  | {
      cells: Array<{ trajectory: string; cell: number }>;
      /** "5 cells of eryth between pseudotime 0.30 and 0.50 (of 48 there)". */
      description: string;
    }
  | { error: string };

const shown = (t: number) => t.toFixed(2);

function pseudotime(text: string, which: 'from' | 'to'): number | string {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isFinite(value))
    return `${trimmed === '' ? `The ${which === 'from' ? 'start' : 'end'} of the pseudotime range is empty` : `"${trimmed}" is not a pseudotime`}: give a number from 0 (where each lineage starts) to 1 (where it ends), e.g. ${which === 'from' ? '0.3' : '0.5'}.`;
  if (value < 0 || value > 1)
    return `Pseudotime runs from 0 (where each lineage starts) to 1 (where it ends); ${trimmed} is outside that range.`;
  return value;
}

/**
 * The cells of `lineage`'s training trajectories with a pseudotime in [from, to], at most MAX_START_CELLS of them
 * spread evenly in pseudotime order; an error in words when the range is not a range or holds no cell to start from.
 */
export function chooseStartCells(
  trajectories: readonly TrajectoryCells[],
  lineage: string,
  fromText: string,
  toText: string,
  runLabel: string,
): StartCellChoice {
  const from = pseudotime(fromText, 'from');
  if (typeof from === 'string') return { error: from };
  const to = pseudotime(toText, 'to');
  if (typeof to === 'string') return { error: to };
  if (from > to)
    return { error: `The range from ${fromText.trim()} to ${toText.trim()} runs backwards: give the earlier pseudotime first.` };
  const ofLineage = trajectories.filter((t) => t.lineage === lineage);
  if (ofLineage.length === 0)
    return {
      error: `${runLabel} has no lineage "${lineage}" among the cells it was trained on; its lineages are ${[...new Set(trajectories.map((t) => t.lineage))].join(', ')}.`,
    };
  const all = ofLineage.flatMap((t) => t.times.map((time, cell) => ({ trajectory: t.name, cell, time })));
  const inRange = all.filter((c) => c.time >= from && c.time <= to);
  // A cell at pseudotime 1 is where the lineage ends: there is nothing left to simulate after it.
  const startable = inRange.filter((c) => c.time < 1).sort((a, b) => a.time - b.time || a.cell - b.cell);
  const span =
    all.length > 0
      ? `its ${all.length} cells lie between pseudotime ${shown(Math.min(...all.map((c) => c.time)))} and ${shown(Math.max(...all.map((c) => c.time)))}`
      : 'it has no cells';
  if (startable.length === 0)
    return {
      error:
        inRange.length > 0
          ? `The cells of ${lineage} between pseudotime ${shown(from)} and ${shown(to)} are at its end (pseudotime 1): nothing is left to simulate after them. Choose a range that ends before 1.`
          : `No cell of ${lineage} the model was trained on lies between pseudotime ${shown(from)} and ${shown(to)} (${span}): widen the range.`,
    };
  const count = Math.min(MAX_START_CELLS, startable.length);
  // Evenly spread over the cells in the range, first and last included.
  const picked = Array.from(
    { length: count },
    (_, i) => startable[count === 1 ? 0 : Math.round((i * (startable.length - 1)) / (count - 1))],
  );
  const cells = picked.map(({ trajectory, cell }) => ({ trajectory, cell }));
  const description =
    `${count === 1 ? '1 cell' : `${count} cells`} of ${lineage} between pseudotime ${shown(from)} and ${shown(to)}` +
    (startable.length > count ? `, spread over the ${startable.length} there` : '') +
    ` (${picked.map((c) => `${c.trajectory} cell ${c.cell} at ${shown(c.time)}`).join('; ')})`;
  return { cells, description };
}
