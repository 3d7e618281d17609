/**
 * Save the session as a project file and open one again (by a path on the machine running the server; the desktop
 * app also offers this in its File menu with native dialogs).
 */
import { useState } from 'react';
import { useApp, type AppContextValue, type ViewName } from '../app-context.ts';
import { describedBy, Help } from './help.tsx';
import { TEST_IDS } from '../test-ids.ts';
import { translateViewState, type RendererViewState } from '../view-logic/project-state.ts';

const VIEW_NAMES: ViewName[] = [
  'data',
  'embedding',
  'model',
  'training',
  'network',
  'heatmap',
  'trajectories',
  'metrics',
  'sweep',
  'compare',
];

/** Saves the session with the window's view state to `target` (the panel, and File → Save project on the desktop). */
export async function saveProjectTo(app: AppContextValue, target: string): Promise<void> {
  const viewState: RendererViewState = {
    version: 1,
    view: app.view,
    datasetId: app.datasetId,
    runId: app.runId,
    selections: app.selections,
    tfLists: app.tfLists,
    config: app.config,
    networkViews: app.networkViews,
  };
  const saved = app.unwrap(
    await app.api['project:save']({ path: target, viewState: viewState as unknown as Record<string, unknown> }),
    `Saving the project to "${target}"`,
  );
  if (saved) app.notify({ kind: 'info', message: `Saved the project to "${saved.path}" (${saved.bytes.toLocaleString('en-US')} bytes).` });
}

/** Opens a project file into the session and restores the view state it saved (the panel, and File → Open project). */
export async function openProjectFrom(app: AppContextValue, target: string): Promise<void> {
  const project = app.unwrap(await app.api['project:open']({ path: target }), `Opening the project "${target}"`);
  if (!project) return;
  app.store.set((session) => ({ ...session, datasets: project.datasets, runs: project.runs, histories: {}, results: {} }));
  for (const run of project.runs) {
    const snapshot = await app.api['training:subscribe']({ runId: run.runId });
    if (snapshot.ok) app.store.set((session) => ({ ...session, histories: { ...session.histories, [run.runId]: snapshot.value.history } }));
  }
  const state = translateViewState(project.viewState, project.idMap);
  if (state) {
    for (const [id, selection] of Object.entries(state.selections)) app.setSelection(id, selection);
    for (const [id, tfList] of Object.entries(state.tfLists)) app.setTfList(id, tfList);
    for (const [id, network] of Object.entries(state.networkViews ?? {})) app.setNetworkView(id, network);
    app.setConfig(state.config);
    app.setDatasetId(state.datasetId ?? project.datasets[0]?.datasetId ?? null);
    app.setRunId(state.runId ?? project.runs[0]?.runId ?? null);
    if (VIEW_NAMES.includes(state.view as ViewName)) app.setView(state.view as ViewName);
  }
  app.notify(
    project.warnings.length
      ? { kind: 'error', message: `Opened "${project.path}" with warnings:`, details: project.warnings }
      : { kind: 'info', message: `Opened "${project.path}": ${project.datasets.length} data sets, ${project.runs.length} runs.` },
  );
}

export function ProjectPanel() {
  const app = useApp();
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const target = path.trim();
  const save = async () => {
    if (!target) {
      app.notify({ kind: 'error', message: 'Type where to save the project, e.g. /home/me/hematopoiesis.pathreg.' });
      return;
    }
    setBusy(true);
    try {
      await saveProjectTo(app, target);
    } finally {
      setBusy(false);
    }
  };
  const open = async () => {
    if (!target) {
      app.notify({ kind: 'error', message: 'Type the path of a .pathreg project file to open.' });
      return;
    }
    setBusy(true);
    try {
      await openProjectFrom(app, target);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="panel row"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label>
        Project file <Help control={TEST_IDS.project.path} />
        <input
          type="text"
          size={44}
          value={path}
          placeholder="/home/me/hematopoiesis.pathreg"
          data-testid={TEST_IDS.project.path}
          {...describedBy(TEST_IDS.project.path)}
          onChange={(event) => setPath(event.target.value)}
        />
      </label>
      <button type="submit" disabled={busy} data-testid={TEST_IDS.project.save} {...describedBy(TEST_IDS.project.save)}>
        Save project
      </button>
      <Help control={TEST_IDS.project.save} />
      <button
        type="button"
        disabled={busy}
        data-testid={TEST_IDS.project.open}
        {...describedBy(TEST_IDS.project.open)}
        onClick={() => void open()}
      >
        Open project
      </button>
      <Help control={TEST_IDS.project.open} />
    </form>
  );
}
