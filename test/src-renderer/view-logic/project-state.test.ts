import { describe, expect, it } from 'vitest';
import { PAPER_DEFAULTS } from '../../../src-shared/run-config.ts';
import { translateViewState } from '../../../src-renderer/view-logic/project-state.ts';

describe('project view state', () => {
  const selection = {
    genes: [],
    pseudotimeColumn: 't',
    lineageColumn: null,
    donorColumn: null,
    lineages: [],
    trainDonors: [],
    testDonors: [],
    trimStart: 10,
    trimEnd: 20,
  };

  it('translates dataset and run ids into the new session and drops unknown ones', () => {
    const saved = {
      version: 1,
      view: 'network',
      datasetId: 'dataset-1',
      runId: 'run-4',
      selections: { 'dataset-1': selection, 'dataset-9': selection },
      tfListPaths: { 'dataset-1': '/tfs.txt' },
      config: PAPER_DEFAULTS,
      networkViews: { 'run-4': { thresholdSlider: 700, topKSlider: 500, layout: 'hierarchical', focus: 'GATA1', hideIsolated: false } },
    };
    const state = translateViewState(saved, { 'dataset-1': 'dataset-3', 'run-4': 'run-1' })!;
    expect(state.datasetId).toBe('dataset-3');
    expect(state.runId).toBe('run-1');
    expect(Object.keys(state.selections)).toEqual(['dataset-3']);
    // A project saved before the TF-list dropdown held a path per data set.
    expect(state.tfLists).toEqual({ 'dataset-3': { kind: 'path', path: '/tfs.txt' } });
    expect(state.view).toBe('network');
    expect(state.networkViews).toEqual({
      'run-1': { thresholdSlider: 700, topKSlider: 500, layout: 'hierarchical', focus: 'GATA1', hideIsolated: false },
    });
  });

  it('ignores view state it does not recognise', () => {
    expect(translateViewState({ something: 'else' }, {})).toBeNull();
  });
});
