/**
 * The fit's refusals (data, see src-main/fit/resume-check.ts and run-fit.ts) worded for the app: in terms of what
 * the user sees and can do there (open the same files, start a new run), never the command line's options.
 */
import { UserError } from '../../src-shared/contract/result.ts';
import { CheckpointReadError } from '../engine/training/checkpoint.ts';
import { quoteFile } from '../data/reader-error.ts';
import { listSome } from '../data/trajectories-from-dataset/obs-columns.ts';
import { SelectionInputError } from '../data/trajectories-from-dataset/selection-input-error.ts';
import { FitInputError } from '../fit/fit-input-error.ts';
import { ResumeRefusedError } from '../fit/resume-check.ts';
import { RegulatorChoiceError } from '../fit/regulator-mask.ts';

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
    const words: Record<FitInputError['kind'], string> = {
      'donor-in-both': `Donor ${error.donors.join(', ')} is chosen both for training and as held out; a held-out donor must not be trained on.`,
      'every-donor-held-out': 'No donor is left to train on: every donor is held out. Move one to training.',
      'nothing-to-train':
        'There are no trajectories to train on: the training donors and lineages chosen in the Data view ("Split", "Lineages") leave no cells.',
    };
    return new UserError('bad-input', words[error.kind]);
  }
  if (error instanceof SelectionInputError) {
    return new UserError(
      'bad-input',
      `${quoteFile(error.file)}: training and held-out donors are chosen (${listSome(error.donors.map((d) => `"${d}"`))}), but no donor column. Choose the donor column in the Data view ("Donor column"), or clear the split.`,
    );
  }
  if (error instanceof RegulatorChoiceError) {
    return new UserError(
      'bad-input',
      error.kind === 'no-list'
        ? 'Regulators are set to transcription factors only, but no TF list is chosen: choose a TF list in the Data view, or let every gene regulate (Model view, Regulators).'
        : `Regulators are set to transcription factors only, but the TF list ${error.tfListOrigin} names none of these ${error.genes} genes: choose the list of this species in the Data view, or let every gene regulate (Model view, Regulators).`,
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
