/**
 * Input that makes a fit impossible, as data: the kind and the donors concerned. Each front end words it in its own
 * terms (src-main/cli/fit-refusals.ts with options, src-main/jobs/fit-refusals-for-app.ts with controls); the
 * message here names neither, for callers that show it as it is.
 */
export type FitInputKind = 'donor-in-both' | 'every-donor-held-out' | 'nothing-to-train';

export class FitInputError extends Error {
  constructor(
    readonly kind: FitInputKind,
    readonly donors: string[],
  ) {
    super(
      kind === 'donor-in-both'
        ? `Donor ${donors.join(', ')} is both trained on and held out: a held-out donor must not be trained on.`
        : kind === 'every-donor-held-out'
          ? `Every donor is held out (${donors.join(', ')}): leave at least one to train on.`
          : 'There are no trajectories to train on: the training donors and lineages chosen leave no cells.',
    );
    this.name = 'FitInputError';
  }
}
