// Errors as data: a choice that cannot make trajectories carries its facts, and each front end words them — the
// command line with its options, the app with its controls (no `--flags` in what an app user reads).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { wordFitRefusalForCommandLine } from '../../../src-main/cli/fit-refusals.ts';
import { readDatasetTrajectories } from '../../../src-main/data/trajectories-from-dataset/read-dataset-trajectories.ts';
import { SelectionInputError } from '../../../src-main/data/trajectories-from-dataset/selection-input-error.ts';
import { FitInputError } from '../../../src-main/fit/fit-input-error.ts';
import { buildTrainingProblem } from '../../../src-main/fit/training-problem.ts';
import { wordFitRefusalForApp } from '../../../src-main/jobs/fit-refusals-for-app.ts';
import { RECOMMENDED_DEFAULTS } from '../../../src-shared/run-config.ts';
import { SHARED_DATA } from '../../shared-data.ts';

const HSMM = path.join(SHARED_DATA, 'hsmm/hsmm.h5ad');

function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

const text = (worded: unknown) => (worded instanceof Error ? worded.message : String(worded));

describe('refusals worded by each front end', () => {
  it('donors named without a donor column: the facts, then --donor for the command line, the Donor column for the app', async () => {
    const error = await readDatasetTrajectories(HSMM, {
      time: { columns: ['Hours'], kind: 'time' },
      donors: ['D2'],
      topVariable: 5,
      minCells: 3,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SelectionInputError);
    expect((error as SelectionInputError).donors).toEqual(['D2']);
    expect((error as Error).message).not.toMatch(/--/);
    expect(text(wordFitRefusalForCommandLine(error))).toMatch(
      /^"hsmm\.h5ad" has donors named by --train\/--test \("D2"\), but no donor column was given: add --donor COLUMN/,
    );
    const app = text(wordFitRefusalForApp(error));
    expect(app).toMatch(
      /^"hsmm\.h5ad": training and held-out donors are chosen \("D2"\), but no donor column\. Choose the donor column in the Data view/,
    );
    expect(app).not.toMatch(/--/);
  });

  it('nothing to train on: --train and --lineages for the command line, the Data view for the app', () => {
    const error = caught(() => buildTrainingProblem([], RECOMMENDED_DEFAULTS));
    expect(error).toBeInstanceOf(FitInputError);
    expect((error as Error).message).not.toMatch(/--/);
    expect(text(wordFitRefusalForCommandLine(error))).toBe('There are no trajectories to train on: check --train and --lineages.');
    expect(text(wordFitRefusalForApp(error))).toMatch(/chosen in the Data view \("Split", "Lineages"\) leave no cells/);
    expect(text(wordFitRefusalForApp(error))).not.toMatch(/--/);
  });

  it('donor refusals of the fit: options on the command line, none in the app', () => {
    for (const error of [new FitInputError('donor-in-both', ['12']), new FitInputError('every-donor-held-out', ['12', '21'])]) {
      expect(text(wordFitRefusalForCommandLine(error))).toMatch(/--test/);
      expect(text(wordFitRefusalForApp(error))).not.toMatch(/--/);
    }
  });
});
