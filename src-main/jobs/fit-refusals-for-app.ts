/**
 * The fit's refusals (data, see src-main/fit/resume-check.ts and run-fit.ts) worded for the app: in terms of what
 * the user sees and can do there (open the same files, start a new run), never the command line's options.
 */
import { UserError } from '../../src-shared/contract/result.ts';
import { CheckpointReadError } from '../engine/training/checkpoint.ts';
import { FitInputError } from '../fit/run-fit.ts';
import { ResumeRefusedError } from '../fit/resume-check.ts';

export function wordFitRefusalForApp(error: unknown): unknown {
  if (error instanceof CheckpointReadError) {
    return new UserError(
      'bad-input',
      error.missing
        ? `${error.message}: the run cannot be continued; start a new run instead.`
        : `${error.message}. The run cannot be continued; start a new run instead.`,
    );
  }
  if (error instanceof FitInputError) {
    return new UserError(
      'bad-input',
      error.kind === 'donor-in-both'
        ? `Donor ${error.donors.join(', ')} is chosen both for training and as held out; a held-out donor must not be trained on.`
        : 'No donor is left to train on: every donor is held out. Move one to training.',
    );
  }
  if (!(error instanceof ResumeRefusedError)) return error;
  const file = error.checkpointFile;
  const m = error.mismatch;
  switch (m.kind) {
    case 'other-data':
      return new UserError(
        'conflict',
        `The checkpoint "${file}" was trained on other data (SHA-256 ${m.checkpointSha256.slice(0, 12)}…, the open files give ${m.dataSha256.slice(0, 12)}…): the data files changed since that run. Open the files the run was trained on, or start a new run.`,
      );
    case 'other-genes':
      return new UserError(
        'conflict',
        `The checkpoint "${file}" was trained on ${m.checkpointGenes} genes, but this selection gives ${m.genes.length} (${m.genes.slice(0, 3).join(', ')}${m.genes.length > 3 ? ', …' : ''}) in another order or set: continue with the run's own gene selection, or start a new run.`,
      );
    case 'other-settings':
      return new UserError(
        'conflict',
        `The checkpoint "${file}" belongs to a run with other settings (${m.differences.map((d) => d.setting).join(', ')} differ): a continued run keeps every setting but the number of iterations. Start a new run to change them.`,
      );
    case 'method-not-resumable':
      return new UserError(
        'bad-input',
        `A run of the ${m.method} method cannot be continued: it keeps no training state. Start a new run with the same settings instead (it trains again from the start).`,
      );
    case 'already-done':
      return new UserError(
        'bad-input',
        `The checkpoint "${file}" is already at iteration ${m.iteration}: ask for more than ${m.iteration} iterations in total.`,
      );
  }
}
