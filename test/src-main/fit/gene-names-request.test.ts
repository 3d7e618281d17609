import { describe, expect, it } from 'vitest';
import { datasetFitOptions } from '../../../src-main/cli/fit-dataset-options.ts';
import { fitRequestFromSelection } from '../../../src-main/fit/fit-request-from-selection.ts';
import { RECOMMENDED_DEFAULTS } from '../../../src-shared/run-config.ts';
import type { TrajectorySelection } from '../../../src-shared/contract/types.ts';
import { SHARED_DATA } from '../../shared-data.ts';

const HSMM = `${SHARED_DATA}/hsmm/hsmm.h5ad`;
const PREPARATION = { dropFirst: 0, dropLast: 0, initialCells: 1, dropDuplicateTimes: true };

function appRequest(selection: Partial<TrajectorySelection>) {
  return fitRequestFromSelection({
    datasetPath: HSMM,
    selection: {
      genes: [],
      pseudotimeColumn: 'Hours',
      timeKind: 'time',
      lineageColumn: null,
      donorColumn: null,
      lineages: [],
      trainDonors: [],
      testDonors: [],
      trimStart: 0,
      trimEnd: 0,
      ...selection,
    },
    config: RECOMMENDED_DEFAULTS,
    tfList: null,
    tfListGiven: false,
    outDir: '/tmp/unused',
    resumeFrom: null,
    memoryLimitBytes: 1e9,
    version: 'test',
  }).trajectories;
}

describe('the gene names chosen reach the one fit the same way from the app and the command line', () => {
  it("the app passes the Data view's column, its own names as null, and nothing when it chose nothing", () => {
    expect(appRequest({ geneNameColumn: 'gene_short_name' }).geneNameColumn).toBe('gene_short_name');
    expect(appRequest({ geneNameColumn: null }).geneNameColumn).toBeNull();
    expect('geneNameColumn' in appRequest({})).toBe(false);
  });

  it('pathreg fit --gene-names COLUMN and --gene-names index give the same requests', async () => {
    const cli = async (value: string | undefined) =>
      (
        await datasetFitOptions(
          HSMM,
          (name) => (name === 'gene-names' ? value : name === 'time' ? 'Hours' : undefined),
          PREPARATION,
          [],
          null,
        )
      ).request;
    expect((await cli('gene_short_name')).geneNameColumn).toBe('gene_short_name');
    expect((await cli('index')).geneNameColumn).toBeNull();
    expect('geneNameColumn' in (await cli(undefined))).toBe(false);
  });
});
