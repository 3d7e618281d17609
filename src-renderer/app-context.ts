/**
 * What every view needs from the shell: the contract API, the session store, the shared choices (dataset,
 * selection, training settings, selected run) and a way to show a message.
 */
import type { TfListSetting } from './view-logic/tf-list-setting.ts';
import { createContext, useContext, useSyncExternalStore } from 'react';
import type { PathregApi } from '../src-shared/contract/channels.ts';
import type { ErrorInfo, Result } from '../src-shared/contract/result.ts';
import type { EngineInfo, TrajectorySelection } from '../src-shared/contract/types.ts';
import type { ReferenceScore } from '../src-shared/contract/reference-score.ts';
import type { TrainingConfig } from '../src-shared/run-config.ts';
import type { AppStore } from './state/app-store.ts';
import type { SessionView } from './state/session-state.ts';

export type ViewName =
  'data' | 'embedding' | 'model' | 'training' | 'network' | 'heatmap' | 'trajectories' | 'metrics' | 'sweep' | 'compare';

export interface Notice {
  kind: 'error' | 'info';
  message: string;
  details?: string[];
}

/** Network view settings per run, kept across view switches and saved in project files. */
export interface NetworkViewState {
  thresholdSlider: number;
  topKSlider: number | null;
  layout: 'force' | 'hierarchical';
  focus: string | null;
  hideIsolated: boolean;
  /** Only the fitted network's edges (sign ≠ 0); absent in projects saved before the checkbox: on. */
  networkOnly?: boolean;
}

export interface AppContextValue {
  api: PathregApi;
  store: AppStore;
  transport: 'electron' | 'http';
  engines: EngineInfo[];
  datasetId: string | null;
  setDatasetId(id: string | null): void;
  selections: Record<string, TrajectorySelection>;
  setSelection(datasetId: string, selection: TrajectorySelection): void;
  /** TF list per data set (bundled, uploaded, a path on the server's machine, none or automatic): regulators, TF marks, sparsity. */
  tfLists: Record<string, TfListSetting>;
  setTfList(datasetId: string, setting: TfListSetting): void;
  config: TrainingConfig;
  setConfig(config: TrainingConfig): void;
  runId: string | null;
  setRunId(id: string | null): void;
  networkViews: Record<string, NetworkViewState>;
  setNetworkView(runId: string, state: NetworkViewState): void;
  /** The Trajectories view's genes per run, kept across view switches; the HTML report plots the same genes. */
  trajectoryGenes: Record<string, string[]>;
  setTrajectoryGenes(runId: string, genes: string[]): void;
  /** Each run's latest scoring against a reference network, and whether its marks are drawn on the network. */
  referenceScores: Record<string, { score: ReferenceScore; marks: boolean }>;
  setReferenceScore(runId: string, state: { score: ReferenceScore; marks: boolean }): void;
  view: ViewName;
  setView(view: ViewName): void;
  notify(notice: Notice | null): void;
  /** Goes up by one when the desktop menu's File → Export asks the current view to export its figure. */
  exportSignal: number;
  /** Unwraps a Result: the value, or null after showing its error. */
  unwrap<T>(result: Result<T>, doing: string): T | null;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside the app shell');
  return value;
}

export function useSession(): SessionView {
  const { store } = useApp();
  return useSyncExternalStore(store.subscribe, store.get);
}

/** Message for an error value, with what the app was doing. */
export function noticeFromError(error: ErrorInfo, doing: string): Notice {
  return { kind: 'error', message: `${doing}: ${error.message}`, details: error.details };
}
