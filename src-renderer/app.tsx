/**
 * The app shell: connects to the contract, loads the session, keeps the shared choices and shows one view at a
 * time. Each view sits inside its own error boundary so bad input in one never blanks the window.
 */
import type { TfListSetting } from './view-logic/tf-list-setting.ts';
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { PathregBridge } from '../src-shared/contract/channels.ts';
import type { Result } from '../src-shared/contract/result.ts';
import type { AppInfo, EngineInfo, TrajectorySelection } from '../src-shared/contract/types.ts';
import type { AppCommand } from '../src-shared/contract/events.ts';
import { openProjectFrom, saveProjectTo } from './components/project-panel.tsx';
import { handleAppCommand } from './view-logic/app-commands.ts';
import { RECOMMENDED_DEFAULTS, type TrainingConfig } from '../src-shared/run-config.ts';
import {
  AppContext,
  noticeFromError,
  useApp,
  useSession,
  type AppContextValue,
  type NetworkViewState,
  type Notice,
  type ViewName,
} from './app-context.ts';
import { ErrorBoundary } from './components/error-boundary.tsx';
import { createAppStore } from './state/app-store.ts';
import { TEST_IDS } from './test-ids.ts';
import { DataView } from './views/data-view.tsx';
import { EmbeddingView } from './views/embedding-view.tsx';
import { ModelView } from './views/model-view.tsx';
import { TrainingView } from './views/training-view.tsx';
import { NetworkView } from './views/network-view.tsx';
import { HeatmapView } from './views/heatmap-view.tsx';
import { TrajectoriesView } from './views/trajectories-view.tsx';
import { MetricsView } from './views/metrics-view.tsx';
import { SweepView } from './views/sweep-view.tsx';
import { CompareView } from './views/compare-view.tsx';

const VIEWS: { name: ViewName; label: string }[] = [
  { name: 'data', label: 'Data' },
  { name: 'embedding', label: 'Embedding' },
  { name: 'model', label: 'Model' },
  { name: 'training', label: 'Training' },
  { name: 'network', label: 'Network' },
  { name: 'heatmap', label: 'Heatmap' },
  { name: 'trajectories', label: 'Trajectories' },
  { name: 'metrics', label: 'Metrics' },
  { name: 'sweep', label: 'Sweep' },
  { name: 'compare', label: 'Compare' },
];

/**
 * What the app starts from: the velocity method (issue 13: its network ranks known regulators above BEELINE's
 * methods; docs/benchmarks.md), as `pathreg fit` without options. Choosing the trajectory method in the Model view
 * finds a short first trajectory run there (32 hidden units, 300 iterations, from the recommended settings: the paper's
 * λ closes every gate of longer runs; "Use the paper's settings" switches to the paper's).
 */
export const QUICK_START_CONFIG: TrainingConfig = {
  ...RECOMMENDED_DEFAULTS,
  method: 'velocity',
  model: { ...RECOMMENDED_DEFAULTS.model, hidden: [32, 32] },
  iterations: 300,
  checkpointEvery: 100,
};

interface Props {
  bridge: PathregBridge;
  transport: 'electron' | 'http';
  connected: boolean;
}

export function App({ bridge, transport, connected }: Props) {
  const api = bridge.api;
  const [notice, setNotice] = useState<Notice | null>(null);
  const [engines, setEngines] = useState<EngineInfo[]>([]);
  const [datasetId, setDatasetId] = useState<string | null>(null);
  const [selections, setSelections] = useState<Record<string, TrajectorySelection>>({});
  const [config, setConfig] = useState<TrainingConfig>(QUICK_START_CONFIG);
  const [tfLists, setTfLists] = useState<Record<string, TfListSetting>>({});
  const [networkViews, setNetworkViews] = useState<Record<string, NetworkViewState>>({});
  // Stable: the network view calls it from an effect.
  const setNetworkView = useCallback((id: string, state: NetworkViewState) => setNetworkViews((all) => ({ ...all, [id]: state })), []);
  const [trajectoryGenes, setTrajectoryGenesState] = useState<Record<string, string[]>>({});
  const setTrajectoryGenes = useCallback((id: string, genes: string[]) => setTrajectoryGenesState((all) => ({ ...all, [id]: genes })), []);
  const [referenceScores, setReferenceScores] = useState<AppContextValue['referenceScores']>({});
  const setReferenceScore = useCallback(
    (id: string, state: AppContextValue['referenceScores'][string]) => setReferenceScores((all) => ({ ...all, [id]: state })),
    [],
  );
  const [runId, setRunId] = useState<string | null>(null);
  const [view, setView] = useState<ViewName>('data');
  const refreshRef = useRef<() => void>(() => undefined);
  const store = useMemo(() => createAppStore(250, () => refreshRef.current()), []);

  const unwrap = useCallback(<T,>(result: Result<T>, doing: string): T | null => {
    if (result.ok) return result.value;
    setNotice(noticeFromError(result.error, doing));
    return null;
  }, []);

  const refresh = useCallback(async () => {
    const state = unwrap(await api['session:state']({}), 'Loading the session');
    if (!state) return;
    const known = store.get();
    // Something opened or started elsewhere (the desktop File menu, another window) becomes the current one.
    const newDataset = state.datasets.filter((d) => !known.datasets.some((k) => k.datasetId === d.datasetId)).pop();
    const newRun = state.runs.filter((r) => !known.runs.some((k) => k.runId === r.runId)).pop();
    store.set((session) => ({ ...session, datasets: state.datasets, runs: state.runs }));
    setDatasetId((current) =>
      known.datasets.length && newDataset
        ? newDataset.datasetId
        : (current ?? state.datasets[state.datasets.length - 1]?.datasetId ?? null),
    );
    setRunId((current) => (known.runs.length && newRun ? newRun.runId : (current ?? state.runs[state.runs.length - 1]?.runId ?? null)));
    // Reattach to every run's history, so a reloaded window redraws its curves.
    for (const run of state.runs) {
      if (store.get().histories[run.runId]) continue;
      const snapshot = await api['training:subscribe']({ runId: run.runId });
      if (snapshot.ok) store.set((session) => ({ ...session, histories: { ...session.histories, [run.runId]: snapshot.value.history } }));
    }
  }, [api, store, unwrap]);
  refreshRef.current = () => {
    void refresh();
  };

  const [exportSignal, setExportSignal] = useState(0);
  const [about, setAbout] = useState<{ kind: 'about' | 'licenses'; info: AppInfo } | null>(null);
  // The menu handler reads the latest shell state through this ref (the subscription is made once).
  const valueRef = useRef<AppContextValue | null>(null);
  const viewRef = useRef(view);
  viewRef.current = view;

  /** Native menu commands (desktop app): main did the file work, the window shows and restores. */
  const onCommand = useCallback(
    async (command: AppCommand) => {
      const app = valueRef.current;
      if (!app) return;
      await handleAppCommand(command, {
        view: () => viewRef.current,
        showDataset: (id) => {
          setDatasetId(id);
          setView('data');
        },
        saveProject: (path) => saveProjectTo(app, path),
        openProject: (path) => openProjectFrom(app, path),
        exportCurrentView: () => setExportSignal((n) => n + 1),
        showInfo: async (kind) => {
          const info = unwrap(await api['app:info']({}), 'Reading the app version');
          if (info) setAbout({ kind, info });
        },
        notify: setNotice,
      });
    },
    [api, unwrap],
  );

  useEffect(() => {
    const unsubscribe = bridge.onEvent((event) => {
      if (event.type === 'app:command') void onCommand(event);
      else store.receive(event);
    });
    void refresh();
    void api['engines:list']({}).then((result) => {
      if (result.ok) setEngines(result.value);
    });
    return unsubscribe;
  }, [api, bridge, refresh, store, onCommand]);

  const value: AppContextValue = {
    api,
    store,
    transport,
    engines,
    datasetId,
    setDatasetId,
    selections,
    setSelection: (id, selection) => setSelections((all) => ({ ...all, [id]: selection })),
    tfLists,
    setTfList: (id, setting) => setTfLists((all) => ({ ...all, [id]: setting })),
    networkViews,
    setNetworkView,
    trajectoryGenes,
    setTrajectoryGenes,
    referenceScores,
    setReferenceScore,
    config,
    setConfig,
    runId,
    setRunId,
    view,
    setView,
    notify: setNotice,
    unwrap,
    exportSignal,
  };
  valueRef.current = value;

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    // Arrow keys move between tabs (WAI-ARIA tabs pattern).
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    event.preventDefault();
    const next = VIEWS[(index + step + VIEWS.length) % VIEWS.length];
    setView(next.name);
    document.getElementById(`tab-${next.name}`)?.focus();
  };

  return (
    <AppContext.Provider value={value}>
      <div className="app" data-testid={TEST_IDS.app.root}>
        <header className="app-header">
          <h1>PathReg Studio</h1>
          <nav role="tablist" aria-label="Views">
            {VIEWS.map((entry, index) => (
              <button
                key={entry.name}
                id={`tab-${entry.name}`}
                type="button"
                role="tab"
                aria-selected={view === entry.name}
                tabIndex={view === entry.name ? 0 : -1}
                data-testid={TEST_IDS.tab[entry.name]}
                onClick={() => setView(entry.name)}
                onKeyDown={(event) => onTabKey(event, index)}
              >
                {entry.label}
              </button>
            ))}
          </nav>
          <RunPicker />
          <span
            className={`connection ${connected ? 'on' : 'off'}`}
            data-testid={TEST_IDS.app.connection}
            title={transport === 'http' ? 'Live updates from the server' : 'Electron'}
          >
            {connected ? 'connected' : 'reconnecting…'}
          </span>
        </header>
        {notice && (
          <div className={`notice ${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'} data-testid={TEST_IDS.app.message}>
            <span>{notice.message}</span>
            {notice.details && notice.details.length > 0 && (
              <ul>
                {notice.details.slice(0, 6).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            )}
            <button type="button" aria-label="Dismiss message" data-testid={TEST_IDS.app.messageDismiss} onClick={() => setNotice(null)}>
              ×
            </button>
          </div>
        )}
        {about && (
          <div
            className="notice info about"
            role="dialog"
            aria-label={about.kind === 'about' ? 'About PathReg Studio' : 'Licenses'}
            data-testid={TEST_IDS.app.about}
          >
            {about.kind === 'about' ? (
              <p>
                {about.info.name} {about.info.version}: sparse neural ODEs (PathReg, Aliee et al., NeurIPS 2022) for gene regulatory
                networks.{' '}
                {Object.entries(about.info.versions)
                  .filter(([name]) => ['electron', 'chrome', 'node', 'v8'].includes(name))
                  .map(([name, version]) => `${name} ${version}`)
                  .join(' · ')}
              </p>
            ) : (
              <ul>
                {about.info.licenses.map((entry) => (
                  <li key={entry.name}>
                    {entry.name}: {entry.license}
                  </li>
                ))}
              </ul>
            )}
            <button type="button" aria-label="Close" data-testid={TEST_IDS.app.aboutClose} onClick={() => setAbout(null)}>
              ×
            </button>
          </div>
        )}
        <main role="tabpanel" aria-labelledby={`tab-${view}`}>
          <ErrorBoundary place={`The ${VIEWS.find((entry) => entry.name === view)!.label} view`} resetKey={view}>
            {view === 'data' && <DataView />}
            {view === 'embedding' && <EmbeddingView />}
            {view === 'model' && <ModelView />}
            {view === 'training' && <TrainingView />}
            {view === 'network' && <NetworkView />}
            {view === 'heatmap' && <HeatmapView />}
            {view === 'trajectories' && <TrajectoriesView />}
            {view === 'metrics' && <MetricsView />}
            {view === 'sweep' && <SweepView />}
            {view === 'compare' && <CompareView />}
          </ErrorBoundary>
        </main>
      </div>
    </AppContext.Provider>
  );
}

function RunPicker() {
  const session = useSession();
  const app = useApp();
  if (session.runs.length === 0) return null;
  return (
    <label className="run-picker">
      Run{' '}
      <select value={app.runId ?? ''} data-testid={TEST_IDS.app.runSelect} onChange={(event) => app.setRunId(event.target.value || null)}>
        {session.runs.map((run) => (
          <option key={run.runId} value={run.runId}>
            {run.label} ({run.state})
          </option>
        ))}
      </select>
    </label>
  );
}
