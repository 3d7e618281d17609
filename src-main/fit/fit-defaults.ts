/**
 * Defaults of the one fit that both front ends use when the user says nothing: written once here (the command
 * line's --help shows them, the app's views start from them).
 */
import { PAPER_PREPARATION } from '../data/prepare/prepare-trajectory.ts';

/** Highly variable genes added to the TFs when no gene list is given (the paper: TFs ∪ top variable genes). */
export const DEFAULT_TOP_GENES = 100;
/** First cells of each sorted trajectory averaged into its initial state (the paper: 5). */
export const DEFAULT_INITIAL_CELLS = PAPER_PREPARATION.initialCells;
/** The paper's evaluation solve: Dormand–Prince at rtol = atol = 1e-3 on every cell. */
export const DEFAULT_EVALUATION = { rtol: 1e-3, atol: 1e-3, maxSteps: 10_000 } as const;
/** The bundled TF list used when the user names none (shared with the app's TF-list choice). */
export { DEFAULT_TF_LIST } from '../../src-shared/tf-list-choice.ts';
