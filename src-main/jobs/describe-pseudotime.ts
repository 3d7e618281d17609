/** The Data view's diffusion pseudotime preview: computed in the dataset worker, described like an obs column. */
import type { Dataset } from '../data/dataset.ts';
import type { ComputedPseudotime } from '../../src-shared/contract/types.ts';
import { describeObsColumn } from '../data/describe-obs-column.ts';
import { diffusionPseudotimeForSelection, type DiffusionPseudotimeSettings } from './selection-pseudotime.ts';

/** What the dataset worker receives to compute a pseudotime (a plain path payload means "describe the file"). */
export interface PseudotimeTask {
  file: string;
  settings: DiffusionPseudotimeSettings;
}

/** scanpy stores diffusion pseudotime as obs["dpt_pseudotime"]; the app names its column the same way. */
export const DPT_COLUMN = 'dpt_pseudotime';

export async function describePseudotime(dataset: Dataset, settings: DiffusionPseudotimeSettings): Promise<ComputedPseudotime> {
  const computed = await diffusionPseudotimeForSelection(dataset, settings);
  return {
    column: describeObsColumn({ name: DPT_COLUMN, type: 'numeric', values: computed.values }),
    root: computed.root,
    description: computed.description,
    notes: computed.notes,
  };
}
