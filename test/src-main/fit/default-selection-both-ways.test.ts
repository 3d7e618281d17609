// One set of selection rules: the app's default selection (the session describes the file, the Data view starts
// from initialSelection, the training job turns it into the fit's request) and `pathreg fit` given no column (its
// option parser) pick the same time column and kind, trimming, lineage and donor columns, donor split, genes and
// lineage order — checked on the request and on the trajectories the one builder makes from it.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitOptionSpecs, fitSettingsFromOptions } from '../../../src-main/cli/commands/fit.ts';
import { parseOptions } from '../../../src-main/cli/option-parser.ts';
import { openDataset } from '../../../src-main/data/open-dataset.ts';
import { readBundledTfList } from '../../../src-main/data/tf-lists/bundled-tf-lists.ts';
import { readDatasetTrajectories } from '../../../src-main/data/trajectories-from-dataset/read-dataset-trajectories.ts';
import { DEFAULT_TF_LIST } from '../../../src-main/fit/fit-defaults.ts';
import { fitRequestFromSelection } from '../../../src-main/fit/fit-request-from-selection.ts';
import type { FitRequest } from '../../../src-main/fit/run-fit.ts';
import { describeDataset } from '../../../src-main/jobs/describe-dataset.ts';
import { APP_ROOT } from '../../../src-main/session/create-session.ts';
import { initialSelection } from '../../../src-renderer/view-logic/selection.ts';
import { RECOMMENDED_DEFAULTS } from '../../../src-shared/run-config.ts';
import { SHARED_DATA } from '../../shared-data.ts';

const EXAMPLE = path.join(APP_ROOT, 'resources/examples/hematopoiesis');
const HSMM = path.join(SHARED_DATA, 'hsmm/hsmm.h5ad');
const BEELINE = path.join(SHARED_DATA, 'beeline-sample/HSC_2000_0');

/** The app's request for a file left at its default selection, as the training job builds it. */
async function appRequest(file: string): Promise<FitRequest> {
  const dataset = await openDataset(file);
  const info = (() => {
    try {
      return describeDataset(dataset, 'dataset-1');
    } finally {
      dataset.close();
    }
  })();
  return fitRequestFromSelection({
    datasetPath: file,
    selection: initialSelection(info),
    config: RECOMMENDED_DEFAULTS,
    tfList: await readBundledTfList(DEFAULT_TF_LIST),
    tfListGiven: false,
    outDir: '/unused',
    resumeFrom: null,
    memoryLimitBytes: 1e9,
    version: 'test',
  });
}

async function commandLineRequest(file: string): Promise<FitRequest> {
  return fitSettingsFromOptions(parseOptions('fit', ['--data', file], fitOptionSpecs()), 'pathreg fit (test)');
}

/** What decides which cells become which trajectories, from either front end's request. */
function choices(request: FitRequest) {
  const t = request.trajectories;
  return {
    time: t.time,
    root: t.root,
    lineageColumn: t.lineageColumn,
    donorColumn: t.donorColumn,
    lineages: t.lineages,
    donors: t.donors,
    onlyNamedDonors: t.onlyNamedDonors,
    genes: t.geneList?.symbols,
    topVariable: t.topVariable,
    tfList: t.tfList?.origin,
    minCells: t.minCells,
    trainDonors: request.trainDonors,
    testDonors: request.testDonors,
    trim: [request.preparation.dropFirst, request.preparation.dropLast],
  };
}

async function expectSameDefaults(file: string) {
  const [app, cli] = await Promise.all([appRequest(file), commandLineRequest(file)]);
  expect(choices(cli)).toEqual(choices(app));
  const [fromApp, fromCli] = await Promise.all([
    readDatasetTrajectories(file, app.trajectories),
    readDatasetTrajectories(file, cli.trajectories),
  ]);
  const listing = (read: typeof fromApp) => read.trajectories.map((t) => `${t.name}:${t.lineage}:${t.donor}:${t.times.length}`);
  expect(listing(fromCli)).toEqual(listing(fromApp));
  expect(fromCli.genes).toEqual(fromApp.genes);
  expect(fromCli.pseudotime).toEqual(fromApp.pseudotime);
  return { request: choices(cli), read: fromCli };
}

describe('the default selection is the same in the app and in pathreg fit with no option', () => {
  it("the bundled example: pseudotime, lineages in the tables' order, donor 12 trains and 21 is held out", async () => {
    const { request, read } = await expectSameDefaults(EXAMPLE);
    expect(request).toMatchObject({
      time: { columns: ['pseudotime'], kind: 'pseudotime' },
      lineageColumn: 'lineage',
      donorColumn: 'donor',
      trainDonors: ['12'],
      testDonors: ['21'],
      trim: [10, 20],
    });
    expect([...new Set(read.trajectories.map((t) => t.lineage))]).toEqual(['eryth', 'mono', 'B']);
    expect(read.genes).toHaveLength(529);
  }, 120_000);

  it('hsmm.h5ad: the column named Pseudotime (not Hours), TFs ∪ 100 variable genes in symbols', async () => {
    const { request, read } = await expectSameDefaults(HSMM);
    expect(request).toMatchObject({
      time: { columns: ['Pseudotime'], kind: 'pseudotime' },
      lineageColumn: undefined,
      donorColumn: undefined,
      trainDonors: null,
      testDonors: [],
      topVariable: 100,
      trim: [10, 20],
    });
    expect(read.genes).toContain('MYOG');
    expect(read.genes.some((gene) => gene.startsWith('ENSG'))).toBe(false);
  }, 120_000);

  it("a BEELINE folder: one lineage per PseudoTime column, in the file's order", async () => {
    const { request, read } = await expectSameDefaults(BEELINE);
    expect(request.time).toEqual({ columns: ['PseudoTime1', 'PseudoTime2', 'PseudoTime3', 'PseudoTime4'], kind: 'pseudotime' });
    expect(read.trajectories.map((t) => t.name)).toEqual(['PseudoTime1', 'PseudoTime2', 'PseudoTime3', 'PseudoTime4']);
  }, 120_000);
});
