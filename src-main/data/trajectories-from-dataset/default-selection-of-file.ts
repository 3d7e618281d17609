/**
 * The shared default selection (src-shared/selection-rules.ts) of a file on disk, for `pathreg fit` given no time
 * column: the same columns, time kind, trimming, lineage order and donor split the app's Data view starts from,
 * because both describe the obs columns the same way (describe-obs-column.ts) and apply the same rules.
 */
import type { TrajectorySelection } from '../../../src-shared/contract/types.ts';
import { defaultSelection } from '../../../src-shared/selection-rules.ts';
import type { DatasetFormat } from '../dataset.ts';
import { describeObsColumn } from '../describe-obs-column.ts';
import { openDataset } from '../open-dataset.ts';

export async function defaultSelectionOfFile(path: string, format: DatasetFormat): Promise<TrajectorySelection> {
  const dataset = await openDataset(path, { format });
  try {
    return defaultSelection({ format: dataset.summary.format, obs: dataset.obs.map(describeObsColumn) });
  } finally {
    dataset.close();
  }
}
