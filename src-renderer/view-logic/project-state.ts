/**
 * What the renderer keeps in a project file's view state, and how ids are translated when it is reopened (datasets
 * and runs get new ids in the new session; ProjectInfo.idMap says which).
 */
import type { TrajectorySelection } from '../../src-shared/contract/types.ts';
import type { TrainingConfig } from '../../src-shared/run-config.ts';
import type { NetworkViewState } from '../app-context.ts';
import { settingFromSaved, type TfListSetting } from './tf-list-setting.ts';

export interface RendererViewState {
  version: 1;
  view: string;
  datasetId: string | null;
  runId: string | null;
  selections: Record<string, TrajectorySelection>;
  /** TF-list setting per data set (projects saved before the dropdown hold `tfListPaths`, one path each). */
  tfLists: Record<string, TfListSetting>;
  config: TrainingConfig;
  /** Network view settings per run (absent in project files saved before they were kept). */
  networkViews?: Record<string, NetworkViewState>;
}

/** Renames keys and id values through `idMap`, dropping entries whose id is not in the new session. */
export function translateViewState(saved: Record<string, unknown>, idMap: Record<string, string>): RendererViewState | null {
  if (saved.version !== 1 || typeof saved.config !== 'object' || saved.config === null) return null;
  const state = saved as unknown as RendererViewState;
  const mapId = (id: string | null) => (id && idMap[id]) || null;
  const mapKeys = <T>(record: Record<string, T> | undefined): Record<string, T> => {
    const out: Record<string, T> = {};
    for (const [key, value] of Object.entries(record ?? {})) if (idMap[key]) out[idMap[key]] = value;
    return out;
  };
  return {
    version: 1,
    view: typeof state.view === 'string' ? state.view : 'data',
    datasetId: mapId(state.datasetId),
    runId: mapId(state.runId),
    selections: mapKeys(state.selections),
    tfLists: tfListsOf(mapKeys(state.tfLists ?? (saved.tfListPaths as Record<string, unknown> | undefined))),
    config: state.config,
    networkViews: mapKeys(state.networkViews),
  };
}

function tfListsOf(saved: Record<string, unknown>): Record<string, TfListSetting> {
  const out: Record<string, TfListSetting> = {};
  for (const [id, value] of Object.entries(saved)) {
    const setting = settingFromSaved(value);
    if (setting) out[id] = setting;
  }
  return out;
}
