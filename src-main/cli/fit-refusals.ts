/**
 * The fit's refusals (data, see src-main/fit/resume-check.ts and run-fit.ts) worded for the command line, in terms of
 * its options. The app words the same facts in terms of its controls (src-main/jobs/fit-refusals-for-app.ts).
 */
import { CheckpointReadError } from '../engine/training/checkpoint.ts';
import { FitInputError } from '../fit/run-fit.ts';
import { ResumeRefusedError, type ResumableSetting } from '../fit/resume-check.ts';

const OPTIONS_OF: Record<ResumableSetting, string> = {
  model: '--hidden/--activation',
  regularizer: '--regularizer/--lambda',
  solver: '--solver and its settings',
  optimizer: '--lr/--plateau-patience',
  seed: '--seed',
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
    return new Error(
      error.kind === 'donor-in-both'
        ? `Donor ${error.donors.join(', ')} is in both --train and --test: a held-out donor must not be trained on.`
        : `Every donor is held out with --test (${error.donors.join(', ')}): leave at least one to train on.`,
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
