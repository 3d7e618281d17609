/**
 * Beside the TF list in the Data view: how many of the chosen genes (every gene when none are chosen) the list names,
 * with a few of them, asked of the server as the path or the genes change. A list that names none is a warning, since
 * then no gene can be a regulator by default and the spurious-feature sparsity is not measured.
 */
import { useEffect, useState } from 'react';
import type { TfListOverlap } from '../../src-shared/contract/types.ts';
import { useApp } from '../app-context.ts';
import { TEST_IDS } from '../test-ids.ts';

/** Typing a path asks once it rests, not at every key. */
const SETTLE_MS = 300;

export function TfListOverlapNote({
  datasetId,
  path,
  genes,
  geneNameColumn,
}: {
  datasetId: string;
  path: string;
  genes: string[];
  /** The Data view's "Gene names from" (undefined: the data set's pre-selected source). */
  geneNameColumn?: string | null;
}) {
  const app = useApp();
  const [state, setState] = useState<{ overlap: TfListOverlap } | { error: string } | null>(null);
  const genesKey = genes.join('\n');
  useEffect(() => {
    const file = path.trim();
    if (!file) {
      setState(null);
      return;
    }
    let current = true;
    const timer = setTimeout(() => {
      void app.api['dataset:tf-overlap']({ datasetId, path: file, genes: genesKey ? genesKey.split('\n') : [], geneNameColumn }).then(
        (result) => {
          if (current) setState(result.ok ? { overlap: result.value } : { error: result.error.message });
        },
      );
    }, SETTLE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [app.api, datasetId, path, genesKey, geneNameColumn]);

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
        choosing and the spurious-feature sparsity cannot be measured. Choose the list of this species, check that the genes are named by
        symbols (not Ensembl IDs), or clear the field.
      </p>
    );
  }
  return (
    <p className="hint" data-testid={TEST_IDS.data.tfOverlap} data-tfs={overlap.tfs}>
      {overlap.tfs.toLocaleString('en-US')} of the {of} are transcription factors of {overlap.origin} ({overlap.examples.join(', ')}
      {overlap.tfs > overlap.examples.length ? ', …' : ''}): with the default Regulators setting only they can regulate.
    </p>
  );
}
