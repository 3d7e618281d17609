/**
 * The fit's refusals (data, see src-main/fit/resume-check.ts and run-fit.ts) worded for the command line, in terms of
 * its options. The app words the same facts in terms of its controls (src-main/jobs/fit-refusals-for-app.ts).
 */
import { CheckpointReadError } from '../engine/training/checkpoint.ts';
import { quoteFile } from '../data/reader-error.ts';
import { listSome } from '../data/trajectories-from-dataset/obs-columns.ts';
import { SelectionInputError } from '../data/trajectories-from-dataset/selection-input-error.ts';
import { FitInputError } from '../fit/fit-input-error.ts';
import { ResumeRefusedError, type ResumableSetting } from '../fit/resume-check.ts';
import { RegulatorChoiceError } from '../fit/regulator-mask.ts';

const OPTIONS_OF: Record<ResumableSetting, string> = {
  model: '--hidden/--activation',
  regularizer: '--regularizer/--lambda',
  solver: '--solver and its settings',
  optimizer: '--lr/--plateau-patience',
  seed: '--seed',
  regulators: '--regulators/--tf-list',
};

/** An Error whose message says what to type; errors that are not refusals pass through unchanged. */
export function wordFitRefusalForCommandLine(error: unknown): unknown {
  if (error instanceof CheckpointReadError) {
    return new Error(
      error.missing
        ? `${error.message} to resume from: run without --resume first, or point --out at an earlier run's folder.`
        : `${error.message}. Start the run again without --resume, or point --out at the folder of the run you mean to continue.`,
      { cause: error },
    );
  }
  if (error instanceof FitInputError) {
    const words: Record<FitInputError['kind'], string> = {
      'donor-in-both': `Donor ${error.donors.join(', ')} is in both --train and --test: a held-out donor must not be trained on.`,
      'every-donor-held-out': `Every donor is held out with --test (${error.donors.join(', ')}): leave at least one to train on.`,
      'nothing-to-train': 'There are no trajectories to train on: check --train and --lineages.',
    };
    return new Error(words[error.kind], { cause: error });
  }
  if (error instanceof SelectionInputError) {
    return new Error(
      `${quoteFile(error.file)} has donors named by --train/--test (${listSome(error.donors.map((d) => `"${d}"`))}), but no donor column was given: add --donor COLUMN (the obs column of donors or batches).`,
      { cause: error },
    );
  }
  if (error instanceof RegulatorChoiceError) {
    return new Error(
      error.kind === 'no-list'
        ? `--regulators tfs needs a TF list, and --tf-list none leaves none: give --tf-list human, mouse or a file, or use --regulators all.`
        : `--regulators tfs: the TF list ${error.tfListOrigin} names none of these ${error.genes} genes (another species, or Ensembl IDs instead of symbols?): give --tf-list with a list that matches, or use --regulators all.`,
      { cause: error },
    );
  }
  if (!(error instanceof ResumeRefusedError)) return error;
  const file = error.checkpointFile;
  const m = error.mismatch;
  switch (m.kind) {
    case 'other-data':
      return new Error(
        `The checkpoint "${file}" was trained on other data (SHA-256 ${m.checkpointSha256.slice(0, 12)}…, these files give ${m.dataSha256.slice(0, 12)}…): resume with the same --data, --train, --test and --lineages, or start a new --out folder.`,
      );
    case 'other-genes':
      return new Error(`The checkpoint "${file}" was trained on other genes: start a new --out folder.`);
    case 'other-settings':
      return new Error(
        `The checkpoint "${file}" belongs to a run with other settings (${m.differences
          .map((d) => `${OPTIONS_OF[d.setting]} was ${JSON.stringify(d.before)}, now ${JSON.stringify(d.now)}`)
          .join('; ')}): resume with the same options, or start a new --out folder.`,
      );
    case 'method-not-resumable':
      return new Error(
        `The ${m.method} method cannot continue a run: it keeps no training state. Run the same command without --resume (it starts again), or use --method trajectory for a run that can be resumed.`,
      );
    case 'already-done':
      return new Error(
        `The checkpoint "${file}" is already at iteration ${m.iteration}, beyond --iterations ${m.iterations}: give --iterations ${m.iteration} or more.`,
      );
  }
}

/**
 * The command line's advice after a run whose end was worse than its best model: the run record (shown by the app as
 * it is) names checkpoint.bin; the command line adds the option that reads the last model. Null when none is due.
 */
export function modelChoiceHint(warnings: ReadonlyArray<{ kind: string }>, model: 'best' | 'last'): string | null {
  if (model !== 'best' || !warnings.some((warning) => warning.kind === 'final-above-best')) return null;
  return 'The last model instead of the best: run again with --model last (the network and metrics are then read from it).';
}
