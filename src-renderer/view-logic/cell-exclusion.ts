/**
 * The cells excluded from training live in the selection (`excludedCells`, by name), so a run, a saved project and
 * `pathreg fit --exclude-cells` read the same list. Each change keeps the list before it, per data set, so the
 * Embedding and Data views can undo one lasso at a time.
 */
import type { TrajectorySelection } from '../../src-shared/contract/types.ts';

const history = new Map<string, Array<string[] | undefined>>();

/** The selection with `excluded` as its excluded cells; the previous list is kept for undo. */
export function setExcludedCells(datasetId: string, selection: TrajectorySelection, excluded: string[]): TrajectorySelection {
  const past = history.get(datasetId) ?? [];
  past.push(selection.excludedCells);
  history.set(datasetId, past);
  return withList(selection, excluded);
}

/** The selection as it was before the last change, or null when there is nothing to undo. */
export function undoExcludedCells(datasetId: string, selection: TrajectorySelection): TrajectorySelection | null {
  const past = history.get(datasetId);
  if (!past || past.length === 0) return null;
  return withList(selection, past.pop() ?? []);
}

export function canUndoExcludedCells(datasetId: string): boolean {
  return (history.get(datasetId)?.length ?? 0) > 0;
}

/** The list as a file `pathreg fit --exclude-cells` reads: a comment line, then one cell name per line. */
export function excludedCellsFile(datasetName: string, excluded: readonly string[]): string {
  return `# ${excluded.length} cells of "${datasetName}" excluded from training (PathReg Studio, Embedding view)\n${excluded.join('\n')}\n`;
}

function withList(selection: TrajectorySelection, excluded: string[]): TrajectorySelection {
  const copy = { ...selection };
  // An empty list leaves no field, so a selection without exclusions is the same request as before.
  if (excluded.length > 0) copy.excludedCells = excluded;
  else delete copy.excludedCells;
  return copy;
}
