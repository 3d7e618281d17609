/**
 * What the Trajectories view does with the genes typed: the known ones are drawn and unknown ones skipped with a
 * note naming them (one misspelt gene must not blank every panel); nothing known, too many or none typed say so.
 */
import { checkGenes, parseGeneList } from './selection.ts';

/** The most panels the view draws at once (the export's limit too). */
export const MAX_TRAJECTORY_GENES = 24;

export interface TrajectoryGeneChoice {
  /** Genes to draw, in the order typed; null keeps the genes drawn now. */
  genes: string[] | null;
  /** What to tell the user; null when every name was found. */
  message: string | null;
}

export function chooseTrajectoryGenes(text: string, runGenes: readonly string[], runLabel: string): TrajectoryGeneChoice {
  const names = parseGeneList(text);
  if (names.length === 0) return { genes: null, message: 'Type one or more gene names.' };
  if (names.length > MAX_TRAJECTORY_GENES)
    return { genes: null, message: `At most ${MAX_TRAJECTORY_GENES} genes at a time; you typed ${names.length}.` };
  const check = checkGenes(names, runGenes, runLabel);
  if (check.unknown.length === 0) return { genes: check.known, message: null };
  const listed = check.unknown
    .slice(0, 8)
    .map((name) => (check.suggestions[name] ? `${name} (did you mean ${check.suggestions[name]}?)` : name))
    .join(', ');
  const more = check.unknown.length > 8 ? ', …' : '';
  const where = `among the ${runGenes.length} genes of ${runLabel}`;
  if (check.known.length === 0)
    return { genes: null, message: `None of the genes typed is ${where}: ${listed}${more}. Gene names are case-sensitive.` };
  return {
    genes: check.known,
    message: `Skipped ${check.unknown.length} of ${names.length} genes not ${where}: ${listed}${more}. Showing the other ${check.known.length}.`,
  };
}
