/**
 * Beside the TF list in the Data view: how many of the chosen genes (every gene when none are chosen) the list names,
 * with a few of them, asked of the server as soon as the choice, the path or the genes change. A list that names none is a warning, since
 * then no gene can be a regulator by default and the spurious-feature sparsity is not measured.
 */
import { useEffect, useState } from 'react';
import type { TfListOverlap } from '../../src-shared/contract/types.ts';
import { useApp } from '../app-context.ts';
import { TEST_IDS } from '../test-ids.ts';
import { DEFAULT_TF_LIST, type TfListChoice } from '../../src-shared/tf-list-choice.ts';
import { tfOverlapSentence } from '../view-logic/tf-overlap-text.ts';
import { tfListChoiceOf, type TfListSetting } from '../view-logic/tf-list-setting.ts';

/** Typing a path asks once it rests, not at every key; a choice in the dropdown asks at once. */
const SETTLE_MS = 300;

/** The list whose overlap is shown: automatic shows the default list's (the fit uses it where it matches). */
function listToCount(setting: TfListSetting): TfListChoice | null {
  if (setting.kind === 'default') return { kind: 'bundled', name: DEFAULT_TF_LIST };
  const asked = tfListChoiceOf(setting);
  return 'choice' in asked && asked.choice && asked.choice.kind !== 'none' ? asked.choice : null;
}

export function TfListOverlapNote({
  datasetId,
  setting,
  genes,
  geneNameColumn,
}: {
  datasetId: string;
  setting: TfListSetting;
  genes: string[];
  /** The Data view's "Gene names from" (undefined: the data set's pre-selected source). */
  geneNameColumn?: string | null;
}) {
  const app = useApp();
  const [state, setState] = useState<{ overlap: TfListOverlap } | { error: string } | null>(null);
  const genesKey = genes.join('\n');
  const list = listToCount(setting);
  // One key per list: an upload by its name and size, not its content, so the effect does not compare megabytes.
  const listKey =
    list === null ? '' : list.kind === 'upload' ? `upload:${list.fileName}:${list.contentBase64.length}` : JSON.stringify(list);
  const typing = setting.kind === 'path';
  useEffect(() => {
    if (!list) {
      setState(null);
      return;
    }
    let current = true;
    setState(null);
    const timer = setTimeout(
      () => {
        void app.api['dataset:tf-overlap']({ datasetId, tfList: list, genes: genesKey ? genesKey.split('\n') : [], geneNameColumn }).then(
          (result) => {
            if (current) setState(result.ok ? { overlap: result.value } : { error: result.error.message });
          },
        );
      },
      typing ? SETTLE_MS : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
    // `list` is recreated at every render; `listKey` says when it changed.
  }, [app.api, datasetId, listKey, typing, genesKey, geneNameColumn]);

  if (!state) return null;
  if ('error' in state) {
    return (
      <p className="warnings" data-testid={TEST_IDS.data.tfOverlap} data-tfs="">
        {state.error}
      </p>
    );
  }
  const { overlap } = state;
  const of = `${overlap.genes.toLocaleString('en-US')} ${genesKey ? 'chosen genes' : 'genes of the data set'}`;
  if (overlap.tfs === 0) {
    return (
      <p className="warnings" data-testid={TEST_IDS.data.tfOverlap} data-tfs={0}>
        {overlap.origin} ({overlap.symbols.toLocaleString('en-US')} symbols) names none of the {of}: no gene would be a regulator of its own
        choosing and the spurious-feature sparsity cannot be measured
        {setting.kind === 'default' ? ' (automatic: the run goes on without it)' : ', and training would be refused'}. Choose the list of
        this species, check that the genes are named by symbols (not Ensembl IDs), or choose none.
      </p>
    );
  }
  const sentence = tfOverlapSentence(overlap, setting.kind === 'default', of);
  return (
    <p className="hint" data-testid={TEST_IDS.data.tfOverlap} data-tfs={overlap.tfs} data-rule={sentence.rule}>
      {sentence.text}
    </p>
  );
}
