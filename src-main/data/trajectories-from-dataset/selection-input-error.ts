/**
 * A choice of columns that cannot make trajectories, as data: the facts (which file, which donors) and a plain
 * message that names no front end's controls. `pathreg fit` words it with its options, the app with its Data view
 * (src-main/cli/fit-refusals.ts, src-main/jobs/fit-refusals-for-app.ts).
 */
import { DataFileError } from '../reader-error.ts';
import { listSome } from './obs-columns.ts';

export type SelectionInputKind = 'donors-without-column';

export class SelectionInputError extends DataFileError {
  constructor(
    file: string,
    readonly kind: SelectionInputKind,
    /** The donors named for training or holding out. */
    readonly donors: string[],
  ) {
    super(
      file,
      '',
      `has training or held-out donors named (${listSome(donors.map((d) => `"${d}"`))}), but no donor column: name the obs column of donors or batches.`,
    );
  }
}
