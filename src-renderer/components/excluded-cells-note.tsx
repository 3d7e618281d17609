/**
 * The Data view's line about cells excluded from training by the Embedding view's lasso: how many, undo the last
 * lasso, include them all again, or download the list for `pathreg fit --exclude-cells`.
 */
import type { DatasetInfo, TrajectorySelection } from '../../src-shared/contract/types.ts';
import { useApp } from '../app-context.ts';
import { TEST_IDS } from '../test-ids.ts';
import { canUndoExcludedCells, excludedCellsFile, setExcludedCells, undoExcludedCells } from '../view-logic/cell-exclusion.ts';
import { downloadBlob } from './download.ts';

export function ExcludedCellsNote({ dataset, selection }: { dataset: DatasetInfo; selection: TrajectorySelection }) {
  const app = useApp();
  const excluded = selection.excludedCells ?? [];
  if (excluded.length === 0 && !canUndoExcludedCells(dataset.datasetId)) return null;
  return (
    <p className="hint" data-testid={TEST_IDS.data.excludedCells} data-excluded={excluded.length}>
      {excluded.length.toLocaleString('en-US')} of {dataset.cells.toLocaleString('en-US')} cells excluded from training (lasso in the
      Embedding view).{' '}
      <button
        type="button"
        disabled={!canUndoExcludedCells(dataset.datasetId)}
        data-testid={TEST_IDS.data.excludedUndo}
        onClick={() => {
          const previous = undoExcludedCells(dataset.datasetId, selection);
          if (previous) app.setSelection(dataset.datasetId, previous);
        }}
      >
        Undo
      </button>{' '}
      <button
        type="button"
        disabled={excluded.length === 0}
        data-testid={TEST_IDS.data.excludedClear}
        onClick={() => app.setSelection(dataset.datasetId, setExcludedCells(dataset.datasetId, selection, []))}
      >
        Include all cells again
      </button>{' '}
      <button
        type="button"
        disabled={excluded.length === 0}
        data-testid={TEST_IDS.data.excludedDownload}
        onClick={() =>
          downloadBlob(new Blob([excludedCellsFile(dataset.name, excluded)], { type: 'text/plain' }), `${dataset.name}-excluded-cells.txt`)
        }
      >
        Download the list
      </button>
    </p>
  );
}
